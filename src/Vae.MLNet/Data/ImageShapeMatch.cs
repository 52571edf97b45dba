namespace Vae.MLNet.Data;

/// <summary>
/// The check that images handed to a model are of the shape it was trained on: the same pixels laid out otherwise are
/// other features, which a model would score as its own, training further would learn anew, and early stopping would
/// watch the losses of.
/// </summary>
internal static class ImageShapeMatch
{
    /// <summary>
    /// Requires <paramref name="data"/>'s images to be of <paramref name="trainedShape"/>; data that knows no shape, or a
    /// model that records none, passes.
    /// </summary>
    /// <param name="data">The rows handed to the model.</param>
    /// <param name="trainedShape">The shape of the images the model was trained on, or null when it records none.</param>
    /// <param name="paramName">The parameter that passed <paramref name="data"/>, for the exception.</param>
    /// <param name="model">
    /// How the message names the model, e.g. "the initial model"; or, with <paramref name="modelIsItsTrainingData"/>,
    /// the data a model is about to be trained on, e.g. "the training data".
    /// </param>
    /// <param name="subject">How the message names <paramref name="data"/> at the start of a sentence, e.g. "The validation data".</param>
    /// <param name="modelIsItsTrainingData">Whether <paramref name="model"/> names the data a model is about to be trained on.</param>
    /// <exception cref="ArgumentException">The shapes differ; the message names both.</exception>
    public static void Require(
        VaeDataset data, VaeImageShape? trainedShape, string paramName, string model = "the model", string subject = "The data", bool modelIsItsTrainingData = false)
    {
        string expectedOf = $"{model} {(modelIsItsTrainingData ? "holds" : "was trained on")}";
        if (Mismatch(subject, data.ImageShape, expectedOf, trainedShape, $"give images of {trainedShape}, as the same pixels laid out otherwise are other features") is { } mismatch)
        {
            throw new ArgumentException(mismatch, paramName);
        }
    }

    /// <summary>
    /// The refusal of images of <paramref name="given"/> where <paramref name="expected"/> is wanted, when both are known
    /// and differ: "<paramref name="subject"/> holds 14x56 images, but <paramref name="expectedOf"/> 28x28 images;
    /// <paramref name="advice"/>.", as in "d.idx holds …, but MODEL m.zip was trained on …"; null when they agree.
    /// </summary>
    public static string? Mismatch(string subject, VaeImageShape? given, string expectedOf, VaeImageShape? expected, string advice) =>
        given is not null && expected is not null && given != expected
            ? $"{subject} holds {given} images, but {expectedOf} {expected} images; {advice}."
            : null;
}
