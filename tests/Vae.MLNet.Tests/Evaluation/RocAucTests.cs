using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Tests.Evaluation;

[TestClass]
public sealed class RocAucTests
{
    [TestMethod]
    public void PerfectAndReversedRankingsGiveOneAndZero()
    {
        float[] scores = [0.1f, 0.2f, 0.7f, 0.9f];
        int[] labels = [0, 0, 1, 1];
        Assert.AreEqual(1.0, RocAuc.Compute(scores, labels, positiveLabel: 1));
        Assert.AreEqual(0.0, RocAuc.Compute(scores, labels, positiveLabel: 0));
    }

    [TestMethod]
    public void ATieBetweenClassesCountsHalf()
    {
        // Positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4: wins 1 + 2 + (1 + ½ for the tie) = 4.5 of 6 pairs.
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f, 0.4f];
        int[] labels = [0, 0, 1, 1, 1];
        Assert.AreEqual(0.75, RocAuc.Compute(scores, labels, positiveLabel: 1), 1e-12);
    }

    [TestMethod]
    public void LabelsOfADatasetGiveTheAucOfTheSameLabelsInASpan()
    {
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f, 0.4f];
        VaeDataset labelled = VaeDataset.FromArray(new float[5], 1, [0, 0, 1, 1, 1]);

        Assert.AreEqual(0.75, RocAuc.Compute(scores, labelled.Labels!, positiveLabel: 1), 1e-12);
        Assert.AreEqual(0.25, RocAuc.Compute(scores, new List<int> { 1, 1, 0, 0, 0 }, positiveLabel: 1), 1e-12);
        IReadOnlyList<int>? unlabelled = VaeDataset.FromArray(new float[5], 1).Labels;
        Assert.AreEqual("labels", Assert.ThrowsExactly<ArgumentNullException>(() => RocAuc.Compute(scores, unlabelled!, positiveLabel: 1)).ParamName);
    }

    [TestMethod]
    public void TiesWithinAClassDoNotMatter()
    {
        // Positives 2, 2 against negatives 1, 1, 3: each positive beats the two 1s and loses to 3, so 4 of 6.
        float[] scores = [2f, 1f, 2f, 1f, 3f];
        int[] labels = [7, 0, 7, 0, 0];
        Assert.AreEqual(4.0 / 6.0, RocAuc.Compute(scores, labels, positiveLabel: 7), 1e-12);
    }

    [TestMethod]
    public void AConstantScoreIsUninformative()
    {
        Assert.AreEqual(0.5, RocAuc.Compute([3f, 3f, 3f, 3f, 3f], [1, 0, 0, 1, 0], positiveLabel: 1), 1e-12);
    }

    [TestMethod]
    public void MatchesCountingEveryPairOnDataWithManyTies()
    {
        var random = new Random(11);
        var scores = new float[300];
        var labels = new int[300];
        for (int i = 0; i < scores.Length; i++)
        {
            labels[i] = random.Next(3);
            scores[i] = random.Next(10) + labels[i];
        }

        double wins = 0;
        int pairs = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores.Length; j++)
            {
                if (labels[i] == 2 && labels[j] != 2)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        Assert.AreEqual(wins / pairs, RocAuc.Compute(scores, labels, positiveLabel: 2), 1e-12);
    }

    [TestMethod]
    public void RejectsAMissingClass()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => RocAuc.Compute([1f, 2f], [1, 1], positiveLabel: 1));
        Assert.AreEqual("labels", error.ParamName);
        error = Assert.ThrowsExactly<ArgumentException>(() => RocAuc.Compute([1f, 2f], [0, 0], positiveLabel: 1));
        StringAssert.Contains(error.Message, "positive");
    }

    [TestMethod]
    public void RejectsMismatchedLengthsAndNonFiniteScores()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => RocAuc.Compute([1f, 2f, 3f], [0, 1], positiveLabel: 1));
        Assert.AreEqual("labels", error.ParamName);
        error = Assert.ThrowsExactly<ArgumentException>(() => RocAuc.Compute([1f, float.PositiveInfinity], [0, 1], positiveLabel: 1));
        Assert.AreEqual("scores", error.ParamName);
        StringAssert.StartsWith(error.Message, "Score 1 is Infinity; every score must be a finite number.");
    }
}
