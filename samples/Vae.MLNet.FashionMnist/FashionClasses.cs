namespace Vae.MLNet.FashionMnist;

/// <summary>The names of Fashion-MNIST's ten labels, as the dataset's authors give them (index = label).</summary>
internal static class FashionClasses
{
    public static IReadOnlyList<string> Names { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
}
