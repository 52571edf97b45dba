using Vae.MLNet.Data;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Training;

/// <summary>Validation data passed to training beside the training data, measured after every epoch and never trained on.</summary>
[TestClass]
public sealed class ValidationDataTests
{
    private static readonly float[][] Patterns =
    [
        [1, 1, 1, 0, 0, 0, 1, 0],
        [0, 0, 0, 1, 1, 1, 0, 1],
        [1, 0, 1, 0, 1, 0, 1, 0],
        [0, 1, 0, 1, 0, 1, 0, 1],
    ];

    private static VaeDataset Training => VaeDataset.FromArray([.. Enumerable.Repeat(Patterns, 6).SelectMany(p => p).SelectMany(r => r)], 8);

    /// <summary>Rows the training data lacks: each pattern with one bit flipped.</summary>
    private static VaeDataset Validation => VaeDataset.FromArray(
        [.. Patterns.SelectMany((pattern, i) => pattern.Select((bit, j) => j == i ? 1 - bit : bit))], 8);

    private static VaeOptions Small(int epochs) => TrainerTests.Small(epochs);

    /// <summary>
    /// The seed of the noise the validation rows are measured with, the fifth of the options' seed: after the weights',
    /// the split's, the shuffle's and the training noise's.
    /// </summary>
    private static int ValidationSeed(VaeOptions options)
    {
        var seeds = new SeededRandom(options.Seed);
        for (int drawn = 0; drawn < 4; drawn++)
        {
            seeds.Next();
        }

        return seeds.Next();
    }

    private static string RowCountChanged(int from, int to) =>
        $"The dataset's row count changed from {from} to {to} while it was being read; a VaeDataset must not change while the library reads it.";

    [TestMethod]
    public void AnEpochsValidationLossIsTheSampledLossOfTheValidationDataAtItsWeightsWithTheModelsScaling()
    {
        VaeOptions options = Small(epochs: 3);
        options.Likelihood = VaeLikelihood.Gaussian;
        options.InputScaling = VaeInputScaling.Standardize;
        options.Beta = 0.5f;
        var progress = new SynchronousProgress<VaeEpochReport>();

        VaeModel model = new VaeTrainer(options).Fit(Training, Validation, progress: progress);
        IReadOnlyList<VaeEpochReport> epochs = progress.Reports;

        // The objective trained on, R + β·KL with z sampled, as for held-out rows; with z = μ the loss would be another.
        VaeEvaluation sampled = model.Evaluate(Validation, sampleLatent: true, seed: ValidationSeed(options));
        Assert.AreEqual(sampled.LossAt(0.5), model.History.Epochs[^1].ValidationLoss!.Value, 1e-9 * sampled.LossAt(0.5));
        Assert.AreNotEqual(model.Evaluate(Validation).LossAt(0.5), model.History.Epochs[^1].ValidationLoss!.Value, 1e-6);
        Assert.AreEqual(3, epochs.Count(report => report.ValidationLoss is not null), "every epoch's progress report has it");
        Assert.AreNotEqual(epochs[0].ValidationLoss, epochs[2].ValidationLoss, "the weights moved between the epochs");
    }

    /// <summary>
    /// The calls a reader writes first compile, and each reaches the overload it reads as: validation data second, then
    /// progress or a model to train further; a null second argument is the model's, as before validation data was taken,
    /// and a null third argument starts from fresh weights, as when the model came third.
    /// </summary>
    [TestMethod]
    public void TheNaturalCallsPickTheOverloadTheyReadAs()
    {
        var trainer = new VaeTrainer(Small(epochs: 1));
        var progress = new SynchronousProgress<VaeEpochReport>();

        VaeModel measured = trainer.Fit(Training, Validation);
        _ = trainer.Fit(Training, Validation, progress);
        VaeModel further = trainer.Fit(Training, Validation, measured);
        _ = trainer.Fit(Training, null, progress);
        VaeModel fresh = trainer.Fit(Training, Validation, null);

        Assert.IsNotNull(measured.History.Epochs[0].ValidationLoss);
        Assert.IsNotNull(progress.Reports[0].ValidationLoss, "the progress reports the validation data's loss");
        Assert.HasCount(2, further.History.Epochs, "the model is trained further");
        Assert.IsNotNull(further.History.Epochs[1].ValidationLoss);
        Assert.HasCount(2, progress.Reports);
        Assert.IsNull(progress.Reports[1].ValidationLoss, "without validation data nothing is measured");
        Assert.HasCount(1, fresh.History.Epochs, "a null third argument trains a new model");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void MeasuringValidationDataChangesNoWeight(bool trainingFurther)
    {
        VaeOptions options = Small(epochs: 3);
        VaeModel? start = trainingFurther ? new VaeTrainer(options).Fit(Training) : null;

        VaeModel without = new VaeTrainer(options).Fit(Training, start);
        VaeModel with = new VaeTrainer(options).Fit(Training, Validation, start);

        SameWeights.Assert(without, with);
        CollectionAssert.AreEqual(without.History.Epochs.Select(e => e.Loss).ToArray(), with.History.Epochs.Select(e => e.Loss).ToArray());
        Assert.IsTrue(with.History.Epochs.TakeLast(3).All(e => e.ValidationLoss is not null));
    }

    [TestMethod]
    public void EarlyStoppingWatchesTheValidationDataAndKeepsTheBestEpochsWeights()
    {
        // Judged on the four rows of Validation at a learning rate of 0.05, the first epoch was the best for some seeds
        // (9 and 11 of 0 to 11), so the improvement asked for came by the seed's luck, which another kernel's order
        // of sums may not share. On every one-bit flip of each pattern at 0.02, every one of those seeds improves until
        // at least the third epoch on each kernel (0 to 15 tried).
        VaeOptions options = Small(epochs: 60);
        options.LearningRate = 0.02f;
        options.EarlyStoppingPatience = 2;
        VaeDataset everyFlip = VaeDataset.FromArray(
            [.. Patterns.SelectMany(pattern => Enumerable.Range(0, 8).SelectMany(flipped => pattern.Select((bit, j) => j == flipped ? 1 - bit : bit)))], 8);

        VaeModel model = new VaeTrainer(options).Fit(Training, everyFlip);

        Assert.IsTrue(model.History.StoppedEarly);
        int best = model.History.BestEpoch!.Value;
        Assert.AreEqual(model.History.Epochs.Min(e => e.ValidationLoss!.Value), model.History.Epochs[best - 1].ValidationLoss);
        Assert.AreEqual(best + 2, model.History.Epochs.Count);
        Assert.IsGreaterThan(1, best, "an improvement after the first must be the best, or keeping the first would pass");

        // Measuring draws nothing training uses, so a run that ends at the best epoch trains as this one did to it.
        options.Epochs = best;
        options.EarlyStoppingPatience = null;
        SameWeights.Assert(new VaeTrainer(options).Fit(Training), model);

        // Its options, a fraction of 0 beside the patience, are a model's that loads.
        using var zip = new MemoryStream();
        model.Save(zip);
        zip.Position = 0;
        Assert.AreEqual(2, VaeModel.Load(zip).Options.EarlyStoppingPatience);
    }

    [TestMethod]
    public void EarlyStoppingWithoutValidationRowsIsRefusedWhenTrainingStarts()
    {
        VaeOptions options = Small(epochs: 1);
        options.EarlyStoppingPatience = 2;
        var trainer = new VaeTrainer(options);

        var refused = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Training));

        Assert.AreEqual(nameof(VaeOptions.EarlyStoppingPatience), refused.ParamName);
        StringAssert.StartsWith(refused.Message, "EarlyStoppingPatience needs validation rows: set ValidationFraction above 0 (for example 0.1) to hold rows out, or pass validation data to Fit.");
    }

    [TestMethod]
    public void ValidationDataBesideAValidationFractionIsRefused()
    {
        VaeOptions options = Small(epochs: 1);
        options.ValidationFraction = 0.25f;

        var refused = Assert.ThrowsExactly<ArgumentException>(() => new VaeTrainer(options).Fit(Training, Validation));

        Assert.AreEqual("validationData", refused.ParamName);
        StringAssert.StartsWith(refused.Message, "Validation rows come from the validation data or from ValidationFraction (now 0.25), not both");
        Assert.ThrowsExactly<ArgumentNullException>(() => new VaeTrainer(Small(epochs: 1)).Fit(Training, validationData: null!));
    }

    /// <summary>A model not trained yet has no features of its own: they were once told as the model's, which it "takes".</summary>
    [TestMethod]
    public void ValidationDataOfOtherFeaturesIsRefusedNamingItAndTheTrainingData()
    {
        var trainer = new VaeTrainer(Small(epochs: 1));
        VaeDataset narrow = VaeDataset.FromArray([0, 1, 0, 1], 4);
        VaeDataset single = VaeDataset.FromArray([0, 1], 1);
        string[] names = [.. Enumerable.Range(0, 8).Select(i => $"f{i}")];
        VaeDataset named = new RenamedRows(Training, names);

        var count = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Training, narrow));
        var one = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Training, single));
        var order = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(named, new RenamedRows(Validation, [.. names.Reverse()])));

        Assert.AreEqual("validationData", count.ParamName);
        StringAssert.StartsWith(count.Message, "The validation data has 4 features but the training data has 8.");
        StringAssert.StartsWith(one.Message, "The validation data has 1 feature but the training data has 8.");
        Assert.AreEqual("validationData", order.ParamName);
        StringAssert.StartsWith(
            order.Message, "The validation data's features are not the training data's: the same names come in another order: feature 0 is \"f7\" where the training data has \"f0\"");
    }

    [TestMethod]
    public void ValidationDataOfOtherFeaturesThanAnInitialModelsIsRefusedNamingTheModel()
    {
        VaeModel initial = new VaeTrainer(Small(epochs: 1)).Fit(Training);

        var refused = Assert.ThrowsExactly<ArgumentException>(() => new VaeTrainer(Small(epochs: 1)).Fit(Training, VaeDataset.FromArray([0, 1], 1), initial));

        StringAssert.StartsWith(refused.Message, "The validation data has 1 feature but the initial model takes 8.");
    }

    [TestMethod]
    public void NamedValidationDataWithAColumnMoreIsToldWhichAndHowToReadTheTrainingFeatures()
    {
        string[] names = [.. Enumerable.Range(0, 8).Select(i => $"f{i}")];
        VaeDataset wider = VaeDataset.FromArray([.. Patterns.SelectMany(row => row.Append(0.5f))], 9, labels: null, [.. names, "extra"]);

        var refused = Assert.ThrowsExactly<ArgumentException>(() => new VaeTrainer(Small(epochs: 1)).Fit(new RenamedRows(Training, names), wider));

        Assert.AreEqual("validationData", refused.ParamName);
        StringAssert.StartsWith(
            refused.Message,
            "The validation data has 9 features but the training data has 8: it has \"extra\" beyond the training data's features. "
            + "Read the data with CsvDatasetOptions.FeatureColumnNames set to the training data's FeatureNames, which picks its columns by name, in its order.");
    }

    [TestMethod]
    public void ValidationDataThatGrowsAfterItsChecksIsRefusedRatherThanMeasuredUnchecked()
    {
        VaeDataset nineRows = VaeDataset.FromArray([.. Enumerable.Repeat(Patterns, 3).SelectMany(p => p).Take(9).SelectMany(r => r)], 8);

        // Four reads of its count are the checks': the NaN row it reports after them is one they never read.
        var growing = new GrowingRows(nineRows, float.NaN, readsBeforeGrowing: 4);
        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => new VaeTrainer(Small(epochs: 1)).Fit(Training, growing));

        Assert.AreEqual(RowCountChanged(9, 10), refused.Message);
    }

    [TestMethod]
    public void WithEarlyStoppingTheInitialModelsWeightsAreMeasuredOnTheValidationData()
    {
        // Four rows unlike the patterns lead the training data, so that measuring its first rows in the validation data's
        // place would give the starting weights a far higher loss than the patterns, the validation rows, have.
        float[][] unlike = [[1, 1, 0, 0, 1, 1, 0, 0], [0, 0, 1, 1, 0, 0, 1, 1], [1, 0, 0, 1, 0, 1, 1, 0], [0, 1, 1, 0, 1, 0, 0, 1]];
        VaeDataset training = VaeDataset.FromArray([.. unlike.Concat(Enumerable.Repeat(Patterns, 6).SelectMany(p => p)).SelectMany(r => r)], 8);
        VaeDataset patterns = VaeDataset.FromArray([.. Patterns.SelectMany(r => r)], 8);
        VaeOptions options = Small(epochs: 30);
        options.LearningRate = 0.05f;
        VaeModel initial = new VaeTrainer(options).Fit(training);
        options.Epochs = 12;
        options.LearningRate = 0.2f;
        options.EarlyStoppingPatience = 3;

        VaeModel continued = new VaeTrainer(options).Fit(training, patterns, initial);

        // The starting weights compete with the loss they have on the validation data, measured as every epoch's is: the
        // lowest, so they are kept. Their loss on the leading training rows would have lost to the run's epochs.
        int seed = ValidationSeed(options);
        double startingLoss = initial.Evaluate(patterns, sampleLatent: true, seed: seed).LossAt(options.Beta);
        double leadingRowsLoss = initial.Evaluate(VaeDataset.FromArray([.. unlike.SelectMany(r => r)], 8), sampleLatent: true, seed: seed).LossAt(options.Beta);
        double bestOfTheRun = continued.History.Epochs.Skip(30).Min(e => e.ValidationLoss!.Value);
        Assert.IsLessThan(bestOfTheRun, startingLoss);
        Assert.IsGreaterThan(bestOfTheRun, leadingRowsLoss, "the test tells the validation data from the training rows");
        Assert.AreEqual(30, continued.History.BestEpoch);
        SameWeights.Assert(initial, continued);
    }

    /// <summary>
    /// Starting weights kept by a run measuring other validation data than the run that trained them won by their loss
    /// on this run's rows, which the history records; their epoch's report keeps what the earlier run measured on its own.
    /// </summary>
    [TestMethod]
    public void StartingWeightsKeptOnOtherValidationDataRecordTheLossTheyWonByOnIt()
    {
        VaeDataset patterns = VaeDataset.FromArray([.. Patterns.SelectMany(r => r)], 8);
        VaeOptions options = Small(epochs: 30);
        options.LearningRate = 0.05f;
        VaeModel initial = new VaeTrainer(options).Fit(Training, Validation);

        // A learning rate far too high for the trained weights: every epoch of the run leaves them worse on the patterns.
        options.LearningRate = 1f;
        options.Epochs = 5;
        options.EarlyStoppingPatience = 2;
        VaeModel continued = new VaeTrainer(options).Fit(Training, patterns, initial);

        Assert.AreEqual(30, continued.History.BestEpoch, "the starting weights were kept");
        double wonBy = initial.Evaluate(patterns, sampleLatent: true, seed: ValidationSeed(options)).LossAt(options.Beta);
        Assert.AreEqual(wonBy, continued.History.BestValidationLoss!.Value, 1e-9 * Math.Abs(wonBy));
        double earlierRunsMeasure = continued.History.Epochs[29].ValidationLoss!.Value;
        Assert.AreEqual(initial.History.Epochs[29].ValidationLoss, earlierRunsMeasure, "the report keeps the first run's measurement");
        Assert.IsGreaterThan(0.1, Math.Abs(earlierRunsMeasure - wonBy), $"the first run's {earlierRunsMeasure} against {wonBy}: the test tells the two validation sets apart");
    }

    [TestMethod]
    public void ValidationDataThatGainsARowBetweenEpochsIsRefused()
    {
        var growing = new GrowingRows(Validation, addedValue: 0.5f);
        var afterFirstEpoch = new Progress(growing.Grow);

        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => new VaeTrainer(Small(epochs: 2)).Fit(Training, growing, afterFirstEpoch));

        Assert.AreEqual(RowCountChanged(4, 5), refused.Message);
    }

    [TestMethod]
    public void AValidationRowWhoseLossOverflowsIsToldAsOneOfTheValidationData()
    {
        VaeOptions options = Small(epochs: 1);
        options.Likelihood = VaeLikelihood.Gaussian;
        options.InputScaling = VaeInputScaling.Standardize;
        float[] farOut = [.. Validation.ToArray()];
        farOut[(2 * 8) + 5] = 1e30f;

        var refused = Assert.ThrowsExactly<VaeDataException>(() => new VaeTrainer(options).Fit(Training, VaeDataset.FromArray(farOut, 8)));

        Assert.AreEqual(
            "Row 2 of the validation data: its loss overflows float32 in epoch 1, though the training rows' losses are finite, so the row lies too far outside "
            + "the training data. Leave such rows out or bring them back into range.",
            refused.Message);
        Assert.IsTrue(refused.InValidationData);
        Assert.AreEqual(2L, refused.Row);
    }

    [TestMethod]
    public void AValidationValueTheLikelihoodCannotReadIsRefusedNamingTheValidationDataAndItsRow()
    {
        float[] rows = [.. Enumerable.Repeat(0f, 16)];
        rows[11] = 2f;

        var refused = Assert.ThrowsExactly<VaeDataException>(() => new VaeTrainer(Small(epochs: 1)).Fit(Training, VaeDataset.FromArray(rows, 8)));

        // Min-max scaling, learned from training data within [0, 1], would not bring the value in: the advice leaves it out.
        Assert.AreEqual(
            "Row 1 of the validation data, feature 3 is 2, but the Bernoulli likelihood needs every feature in [0, 1]. The training data lies within [0, 1], "
            + "so no scaling learned from it brings the value into [0, 1]; scale the validation data as the training data was scaled (pixels: divide by 255), "
            + "or leave such rows out; for measurements, set Likelihood to Gaussian and InputScaling to Standardize.",
            refused.Message);
        Assert.IsTrue(refused.InValidationData);
        Assert.AreEqual(1L, refused.Row);
        Assert.AreEqual(3, refused.Column);

        VaeModel start = new VaeTrainer(Small(epochs: 1)).Fit(Training);
        var furtherRefused = Assert.ThrowsExactly<VaeDataException>(() => new VaeTrainer(Small(epochs: 1)).Fit(Training, VaeDataset.FromArray(rows, 8), start));
        StringAssert.EndsWith(
            furtherRefused.Message,
            "The model being trained further takes features in [0, 1] only, as its training data holds them; scale the validation data as the training data was scaled (pixels: divide by 255), or leave such rows out.");
    }

    [TestMethod]
    public void AValidationValueBeyondTheTrainingRangeOfMinMaxScalingIsToldScaledBesideThatRange()
    {
        VaeOptions options = Small(epochs: 1);
        options.InputScaling = VaeInputScaling.MinMax;
        VaeDataset halved = VaeDataset.FromArray([.. Enumerable.Repeat(Patterns, 6).SelectMany(p => p).SelectMany(r => r).Select(bit => bit / 2)], 8);

        var refused = Assert.ThrowsExactly<VaeDataException>(() => new VaeTrainer(options).Fit(halved, Validation));

        Assert.AreEqual(
            "Row 0 of the validation data, feature 1 is 1, which the model's min-max scaling maps to 2 (it maps the feature's training range, 0 to 0.5, to [0, 1]), "
            + "but the Bernoulli likelihood needs every feature in [0, 1] after scaling. The scaling is learned from the training data alone, so validation values "
            + "beyond its range leave [0, 1]. For data already in [0, 1], such as pixels divided by 255, set InputScaling to None, and the Bernoulli likelihood "
            + "reads the data as it is; for other data, set Likelihood to Gaussian; or give validation rows within the training data's range.",
            refused.Message);
    }

    [TestMethod]
    public void AValidationValueBeyondAColumnConstantWithinZeroToOneIsToldWithTheColumnsOneValue()
    {
        VaeOptions options = Small(epochs: 1);
        options.InputScaling = VaeInputScaling.MinMax;
        VaeDataset training = VaeDataset.FromArray([.. Enumerable.Range(0, 12).SelectMany(i => new[] { i % 2, 1f })], 2);

        var refused = Assert.ThrowsExactly<VaeDataException>(() => new VaeTrainer(options).Fit(training, VaeDataset.FromArray([0f, 1.5f], 2)));
        VaeModel model = new VaeTrainer(options).Fit(training, VaeDataset.FromArray([0f, 0.3f], 2));

        StringAssert.StartsWith(
            refused.Message,
            "Row 0 of the validation data, feature 1 is 1.5, which the model's min-max scaling maps to 1.5 (the feature was 1 throughout training, which it leaves as it is), "
            + "but the Bernoulli likelihood needs every feature in [0, 1] after scaling.");
        Assert.IsNotNull(model.History.Epochs[0].ValidationLoss, "a value within [0, 1] is taken");
    }

    /// <summary>
    /// <paramref name="rows"/>, and after <paramref name="readsBeforeGrowing"/> reads of the row count or when told to, one
    /// more row of <paramref name="addedValue"/>s: a dataset wrapping a list another thread appends to.
    /// </summary>
    private sealed class GrowingRows(VaeDataset rows, float addedValue, int readsBeforeGrowing = int.MaxValue) : VaeDataset
    {
        private int _reads;
        private bool _grown;

        public override int RowCount => rows.RowCount + (_grown || ++_reads > readsBeforeGrowing ? 1 : 0);

        public override int FeatureCount => rows.FeatureCount;

        public void Grow() => _grown = true;

        // Not CheckCopyArguments, which reads the row count and would count as one of the reads before growing.
        public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
        {
            for (int i = 0; i < rowIndices.Length; i++)
            {
                Span<float> row = destination.Slice(i * FeatureCount, FeatureCount);
                if (rowIndices[i] < rows.RowCount)
                {
                    rows.CopyRows([rowIndices[i]], row);
                }
                else
                {
                    row.Fill(addedValue);
                }
            }
        }
    }

    /// <summary>Runs an action at every report, on the thread training runs on.</summary>
    private sealed class Progress(Action action) : IProgress<VaeEpochReport>
    {
        public void Report(VaeEpochReport value) => action();
    }
}
