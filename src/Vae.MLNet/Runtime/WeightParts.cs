using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Runtime;

/// <summary>
/// How concurrent runs share the work of rows too few to cut into ranges: by weights. To encode, each run computes its
/// columns of the encoder's first hidden layer, and once all have, one computes the rest of the encoder; to decode, each
/// computes the decoder with its features of the decoder head; to do both, each computes its columns, and once all
/// have, the rest of the network with its features, and with their share of the reconstruction error when the loss is
/// scored. The first hidden layer and the decoder head are a typical network's widest matrices, and a single row streams
/// every weight once, so runs on their own cores each stream a part at once; the layers between are small, and every
/// run that needs them computes them whole.
/// </summary>
internal sealed class WeightParts
{
    private WeightParts(FeatureRun[] hiddenColumns, FeatureRun[] decodedFeatures)
    {
        HiddenColumns = hiddenColumns;
        DecodedFeatures = decodedFeatures;
    }

    /// <summary>Each part's columns of the encoder's first hidden layer, together all of them in order.</summary>
    public FeatureRun[] HiddenColumns { get; }

    /// <summary>Each part's features of the reconstruction, together all of them in order, none cutting a categorical group.</summary>
    public FeatureRun[] DecodedFeatures { get; }

    public int Count => HiddenColumns.Length;

    /// <summary>
    /// The cut of <paramref name="network"/> into <paramref name="runs"/> parts of about equal width, or null when it has
    /// no hidden layer to cut or its first hidden layer or its features are too few to give each part some; a cut
    /// between features moves to the nearer end of a categorical group it would fall in, as a softmax needs all its logits.
    /// </summary>
    public static WeightParts? For(VaeNetwork network, int runs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 2);
        if (network.EncoderHidden.Length == 0)
        {
            return null;
        }

        int hidden = network.EncoderHidden[0].OutputSize;
        int d = network.InputDimension;
        int[] hiddenCuts = [.. Enumerable.Range(0, runs + 1).Select(part => EqualParts.Start(hidden, part, runs))];
        int[] featureCuts = [.. Enumerable.Range(0, runs + 1).Select(part => OutsideGroups(network.Categories, EqualParts.Start(d, part, runs)))];
        return IsIncreasing(hiddenCuts) && IsIncreasing(featureCuts) ? new WeightParts(Runs(hiddenCuts), Runs(featureCuts)) : null;
    }

    /// <summary><paramref name="cut"/>, or the nearer end of the group it would fall inside (the first on a tie).</summary>
    private static int OutsideGroups(CategoricalGroups categories, int cut)
    {
        foreach (FeatureRun group in categories.Groups)
        {
            int end = group.First + group.Count;
            if (cut > group.First && cut < end)
            {
                return cut - group.First <= end - cut ? group.First : end;
            }
        }

        return cut;
    }

    private static bool IsIncreasing(int[] cuts) => cuts.Zip(cuts.Skip(1)).All(pair => pair.First < pair.Second);

    private static FeatureRun[] Runs(int[] cuts) => [.. cuts.Zip(cuts.Skip(1)).Select(pair => new FeatureRun(pair.First, pair.Second - pair.First))];
}
