namespace Vae.MLNet.Text;

/// <summary>
/// The argument an exception names when the product of two sizes is too large: naming always the same one sends a caller
/// to shrink a value that may be small, where the larger is the likely mistake and the one whose reduction helps most.
/// </summary>
internal static class LargerArgument
{
    /// <summary>The name of the larger of two sizes, or of the first when they are equal.</summary>
    /// <param name="first">The first size.</param>
    /// <param name="firstName">The name of the argument that gave <paramref name="first"/>.</param>
    /// <param name="second">The second size.</param>
    /// <param name="secondName">The name of the argument that gave <paramref name="second"/>.</param>
    public static string Name(int first, string firstName, int second, string secondName) => second > first ? secondName : firstName;
}
