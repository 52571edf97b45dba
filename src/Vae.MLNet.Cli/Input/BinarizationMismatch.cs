using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// Whether rows are read binarized as the rows a model last trained on were, and the clause saying how they differ,
/// which evaluate's warning and train --init's note share.
/// </summary>
internal static class BinarizationMismatch
{
    /// <summary>
    /// Whether <paramref name="read"/> reads rows as <paramref name="trained"/> did: a threshold as the same threshold, a
    /// drawn binarization as any drawn one, since a seed picks which bits, not how they are drawn; no binarization as none.
    /// </summary>
    public static bool ReadAlike(VaeBinarization? trained, VaeBinarization? read) => trained is null
        ? read is null
        : trained.Kind == VaeBinarizationKind.Threshold ? read == trained : read is { Kind: not VaeBinarizationKind.Threshold };

    /// <summary>
    /// "m.zip was trained on data binarized with --binarize 0.5, but d.csv is read without --binarize"; for a model that
    /// records no binarization, "m.zip records no binarization of the data it was trained on, but d.csv is read with …".
    /// </summary>
    public static string Clause(VaeBinarization? trained, string modelPath, LoadedData input)
    {
        VaeBinarization? read = input.Data.RowBinarization;
        string trainedOn = trained is null
            ? $"{modelPath} records no binarization of the data it was trained on"
            : $"{modelPath} was trained on data binarized with {BinarizationText.Options(trained)}";
        return $"{trainedOn}, but {input.Path} is read {(read is null ? "without --binarize" : $"with {BinarizationText.Options(read)}")}";
    }
}
