using System.Globalization;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Evaluation;

/// <summary>
/// Area under the ROC curve of a score that should rank one class above the rest, such as an anomaly score against
/// "is anomaly" labels. It equals the probability that a random positive row scores higher than a random negative one,
/// with ties counting one half (the Mann–Whitney U statistic with average ranks divided by n₊·n₋).
/// </summary>
public static class RocAuc
{
    /// <summary>The AUC of <paramref name="scores"/> (higher means more likely positive) for the given labels.</summary>
    /// <param name="scores">One finite score per row.</param>
    /// <param name="labels">One class label per row.</param>
    /// <param name="positiveLabel">The label of the positive class; every other label is negative.</param>
    /// <returns>A value in [0, 1]: 1 when every positive outscores every negative, 0.5 for an uninformative score.</returns>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is not finite, or every label is positive or none is.
    /// </exception>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int positiveLabel)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"There are {scores.Length} scores but {labels.Length} labels; give one label per score.", nameof(labels));
        }

        int bad = FiniteValues.IndexOfNonFinite(scores);
        if (bad >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Score {bad} is {scores[bad]}; every score must be a finite number."), nameof(scores));
        }

        long positives = 0;
        foreach (int label in labels)
        {
            if (label == positiveLabel)
            {
                positives++;
            }
        }

        long negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            string missing = positives == 0 ? string.Create(CultureInfo.InvariantCulture, $"positive (label {positiveLabel})") : string.Create(CultureInfo.InvariantCulture, $"negative (label other than {positiveLabel})");
            throw new ArgumentException($"No row is {missing}; the AUC needs both classes.", nameof(labels));
        }

        float[] sorted = scores.ToArray();
        int[] order = new int[sorted.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);

        // Tied scores share the mean of the ranks they span, which is what makes a tie count as half a win.
        double positiveRankSum = 0;
        for (int start = 0; start < sorted.Length;)
        {
            int end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            double averageRank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++)
            {
                if (labels[order[i]] == positiveLabel)
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end;
        }

        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }

    /// <summary>The AUC for labels held in a list, such as <see cref="Data.VaeDataset.Labels"/>.</summary>
    /// <param name="scores">One finite score per row.</param>
    /// <param name="labels">One class label per row.</param>
    /// <param name="positiveLabel">The label of the positive class; every other label is negative.</param>
    /// <returns>A value in [0, 1]: 1 when every positive outscores every negative, 0.5 for an uninformative score.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null (a dataset without labels).</exception>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is not finite, or every label is positive or none is.
    /// </exception>
    public static double Compute(ReadOnlySpan<float> scores, IReadOnlyList<int> labels, int positiveLabel)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Compute(scores, labels as int[] ?? [.. labels], positiveLabel);
    }
}
