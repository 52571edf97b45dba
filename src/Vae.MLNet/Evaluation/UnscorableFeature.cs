using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet.Evaluation;

/// <summary>
/// A feature whose log-likelihood a model cannot estimate: not finite as given, or after the model's scaling not finite
/// for the Gaussian likelihoods; for the Bernoulli likelihood, where the model's scaling and its clip to [0, 1] leave 0
/// and 1 as they are (as they leave binarized pixels of a model trained on gray ones), not a 0 or 1 of the data, and
/// elsewhere not exactly 0 or 1 after the scaling, before the clip; or a one-hot feature of a categorical column that is not exactly 0 or 1, or
/// the first of a column whose features hold no 1 (none of its categories) or the second 1 of one that holds more,
/// whatever the likelihood.
/// </summary>
/// <param name="Row">Its row in the data.</param>
/// <param name="Feature">Its feature.</param>
/// <param name="Value">Its value after the model's scaling, or as in the data when the scaling overflowed.</param>
/// <param name="AfterScaling">Whether it is the model's scaling that makes it unscorable.</param>
/// <param name="ScalingOverflowed">Whether the scaling took a finite value beyond float32's range.</param>
internal readonly record struct UnscorableFeature(int Row, int Feature, float Value, bool AfterScaling, bool ScalingOverflowed)
{
    private const string BinaryOnly = "a Bernoulli model's log p(x) is defined for features that are exactly 0 or 1";

    private const string OneHotOnly =
        ", but it is a one-hot feature of a categorical column, whose log p(x) is defined for one-hot features that are exactly 0 or 1: "
        + "1 for the row's category and 0 for the others. Give each categorical column as its one-hot features.";

    /// <summary>
    /// Refuses, in one pass before anything is estimated (an estimate may take hours), data holding an unscorable
    /// feature, with <paramref name="advice"/> in the caller's terms.
    /// </summary>
    /// <exception cref="VaeDataException">A feature cannot be scored.</exception>
    public static void Require(VaeModel model, VaeDataset data, UnscorableFeatureAdvice advice)
    {
        if (Find(model, data, advice) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>
    /// What is wrong with the first unscorable feature of <paramref name="data"/>, with <paramref name="advice"/> in the
    /// caller's terms, or null when every feature can be scored: also where the ELBO bounds no log-likelihood, whose
    /// terms are then the loss of features that are not data of the model's likelihood.
    /// </summary>
    public static VaeDataException? Find(VaeModel model, VaeDataset data, UnscorableFeatureAdvice advice) =>
        FirstIn(model.Network, model.Scaling, data)?.Explain(model, advice, data.FeatureNames);

    /// <summary>The first unscorable feature of <paramref name="data"/>, or null.</summary>
    private static UnscorableFeature? FirstIn(VaeNetwork network, FeatureScaling? scaling, VaeDataset data)
    {
        int d = network.InputDimension;
        bool bernoulli = network.Likelihood == VaeLikelihood.Bernoulli;
        bool[]? keepsBits = bernoulli ? scaling?.KeepsBits() : null;
        float[]? given = null;
        UnscorableFeature? first = null;
        data.ForEachChunk(data.RowCount, d, (start, chunk) =>
        {
            if (first is not null)
            {
                return;
            }

            // Looked for before scaling, so that a value not finite as given is told so; and scaled without a Bernoulli
            // model's clip to [0, 1], which would pass 7 or −5 off as 1 or 0, scoring data that is not binary as binary.
            int notFinite = FiniteValues.IndexOfNonFinite(chunk);
            if (keepsBits is not null)
            {
                given ??= new float[chunk.Length];
                chunk.CopyTo(given);
            }

            scaling?.ApplyWithoutClip(chunk);
            int afterScalingBad = EarlierIndex(
                bernoulli ? IndexOfNonBit(chunk, given, keepsBits) : FiniteValues.IndexOfNonFinite(chunk),
                network.Categories.IndexInGroups(chunk, IndexOfNotOneCategory));

            // A value not finite as given is told so, whatever its scaling made of it, and so is one of a feature whose
            // bits are judged as given.
            int bad = EarlierIndex(notFinite, afterScalingBad);
            if (bad >= 0)
            {
                bool judgedAsGiven = keepsBits is not null && keepsBits[bad % d] && !network.Categories.Contains(bad % d);
                bool afterScaling = bad != notFinite && scaling is not null && !judgedAsGiven;
                int row = start + (bad / d);
                bool overflowed = afterScaling && !float.IsFinite(chunk[bad]);

                // The message shows the row's own value where the scaling took it to ∞; one not finite as given stays
                // what it was, as scaling by a finite positive factor keeps ±∞ and NaN.
                float value = judgedAsGiven ? given![bad] : chunk[bad];
                if (overflowed)
                {
                    var raw = new float[d];
                    data.CopyRows([row], raw);
                    value = raw[bad % d];
                }

                first = new UnscorableFeature(row, bad % d, value, afterScaling, overflowed);
            }
        });
        return first;
    }

    /// <summary>
    /// The index of the first feature that is not a bit, in <paramref name="given"/>, the rows as given, where the
    /// scaling and its clip leave 0 and 1 as they are (<paramref name="keepsBits"/>), and elsewhere in
    /// <paramref name="scaled"/>, the rows after a Bernoulli model's scaling without its clip; −1 when every one is. A model
    /// trained on gray pixels scales a binarized pixel beyond [0, 1] wherever its training pixels stayed inside and sees
    /// it, clipped, as the bit it was; judged after scaling, it would be refused, and a gray value its scaling takes to
    /// 0 or 1 taken, as the same bit as a 0 or 1 of the data.
    /// </summary>
    private static int IndexOfNonBit(ReadOnlySpan<float> scaled, float[]? given, bool[]? keepsBits)
    {
        if (keepsBits is null)
        {
            return scaled.IndexOfAnyExcept(0f, 1f);
        }

        for (int feature = 0; feature < scaled.Length; feature++)
        {
            if ((keepsBits[feature % keepsBits.Length] ? given![feature] : scaled[feature]) is not (0f or 1f))
            {
                return feature;
            }
        }

        return -1;
    }

    /// <summary>
    /// The index among one categorical column's one-hot <paramref name="features"/> of the first that is not 0 or 1;
    /// where all are, of the first feature when none is 1 and of the second 1 when more are; −1 for one category.
    /// </summary>
    private static int IndexOfNotOneCategory(ReadOnlySpan<float> features)
    {
        int notBinary = features.IndexOfAnyExcept(0f, 1f);
        if (notBinary >= 0)
        {
            return notBinary;
        }

        int first = features.IndexOf(1f);
        if (first < 0)
        {
            return 0;
        }

        int second = features[(first + 1)..].IndexOf(1f);
        return second < 0 ? -1 : first + 1 + second;
    }

    private VaeDataException Explain(VaeModel model, UnscorableFeatureAdvice advice, IReadOnlyList<string>? featureNames)
    {
        if (float.IsFinite(Value) && model.Network.Categories.Contains(Feature))
        {
            // Scaling leaves one-hot features as they are, so the value is the data's own; a 0 or 1 was found by
            // its column holding no category or more than one.
            return Value is 0f or 1f ? NotOneCategory(model, advice) : VaeDataException.InFeature(Row, Feature, Value, OneHotOnly, featureNames);
        }

        string scaled = AfterScaling ? " after the model's scaling" : string.Empty;

        // NaN is not 0 or 1 either, but it is a missing value, whose advice is not binarizing.
        string problem = ScalingOverflowed ? FiniteValues.ScaledBeyondRange
            : model.Likelihood != VaeLikelihood.Bernoulli || !float.IsFinite(Value)
            ? $"{scaled}; {advice.FiniteFeatures}"
            : model.Scaling is not FeatureScaling scaling || KeepsBinaryValues(scaling)
            ? $"{scaled}; {BinaryOnly}, so {advice.Binarize}"
            : $"{scaled}; {BinaryOnly}, and this model's {model.Options.InputScaling} scaling maps 0 and 1 in this column to "
              + $"{Scaled(scaling, 0f).ToString(CultureInfo.InvariantCulture)} and {Scaled(scaling, 1f).ToString(CultureInfo.InvariantCulture)}, "
              + $"so no binarization of the data gives such features. {ConstantColumnOfAnOlderModel(model, scaling) ?? advice.BinaryModel}";
        return VaeDataException.InFeature(Row, Feature, Value, problem, featureNames);
    }

    /// <summary>
    /// Why a column a Bernoulli model saw at one value c within (0, 1] throughout training does not keep 0 and 1: only a
    /// model trained before such a column kept its value scales it so, by an offset of c; null for any other column.
    /// </summary>
    private string? ConstantColumnOfAnOlderModel(VaeModel model, FeatureScaling scaling) =>
        model.FeatureRanges is { } ranges && ranges.Minimum[Feature] == ranges.Maximum[Feature] && ranges.Minimum[Feature] is > 0f and <= 1f
        && scaling.Offset[Feature] == ranges.Minimum[Feature]
            ? $"The column was {ranges.Minimum[Feature].ToString(CultureInfo.InvariantCulture)} throughout training, and this model, trained before "
              + "such a column kept its value, maps it to 0; a model trained anew from the start keeps it (training further keeps a model's scaling)."
            : null;

    /// <summary>The refusal of a row whose categorical column, the one holding this feature, holds no category or more than one.</summary>
    private VaeDataException NotOneCategory(VaeModel model, UnscorableFeatureAdvice advice)
    {
        int feature = Feature;
        VaeCategoricalFeature column = model.CategoricalFeatures!.First(
            column => feature >= column.FirstFeature && feature < column.FirstFeature + column.Categories.Count);
        string problem = Value == 0f
            ? $"{column.Describe()} holds none of its categories (its one-hot features are all 0), so the row's loss leaves the column out and bounds the log p(x) of its other columns only. {advice.UnknownCategory}"
            : $"{column.Describe()} holds more than one of its categories, but log p(x) is defined for one category per column; give each categorical column as its one-hot features: 1 for the row's category and 0 for the others.";
        return VaeDataException.InRow(Row, problem);
    }

    /// <summary>Whether binarized data stays 0 or 1 in this feature after <paramref name="scaling"/>, clip included.</summary>
    private bool KeepsBinaryValues(FeatureScaling scaling) => scaling.KeepsBits()[Feature];

    /// <summary>What <paramref name="scaling"/>, clip included, makes of <paramref name="value"/> in this feature, as the model sees it.</summary>
    private float Scaled(FeatureScaling scaling, float value) => scaling.ScaledAndClipped(value, Feature);
}
