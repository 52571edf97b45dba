using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.MLNet.Tests;

/// <summary>Validation data passed to <see cref="VaeEstimator.Fit(IDataView, IDataView)"/> beside the training data, measured after every epoch.</summary>
[TestClass]
public sealed class ValidationDataTests
{
    private const int TrainingRows = 150;

    private const string CountedUpstream = "(counted after any filter, split or cross-validation fold upstream)";

    private static IDataView Training(MLContext mlContext) => mlContext.Data.TakeRows(TestData.Clusters(mlContext), TrainingRows);

    private static IDataView Validation(MLContext mlContext) => mlContext.Data.SkipRows(TestData.Clusters(mlContext), TrainingRows);

    private static VaeDataset Dataset(MLContext mlContext, IDataView view) =>
        VaeDataset.FromArray([.. mlContext.Data.CreateEnumerable<FeatureRow>(view, reuseRowObject: false).SelectMany(row => row.Features)], 4);

    /// <summary>Rows whose reading fails the test: a view of them shows that a refusal came before any row was read.</summary>
    private static IEnumerable<TRow> Unread<TRow>()
    {
        Assert.Fail("a row was read");
        yield break;
    }

    [TestMethod]
    public void TheWeightsAndHistoryAreTheTrainersForTheSameRows()
    {
        var mlContext = new MLContext(seed: 1);
        var progress = new SynchronousProgress<VaeEpochReport>();
        VaeEstimator.Options options = TestData.SmallOptions();
        options.Progress = progress;
        VaeEstimator estimator = mlContext.Transforms.Vae(options);

        estimator.Fit(Training(mlContext), Validation(mlContext)).Dispose();
        VaeModel expected = new VaeTrainer(TestData.SmallOptions()).Fit(Dataset(mlContext, Training(mlContext)), Dataset(mlContext, Validation(mlContext)));

        VaeModel trained = estimator.TrainedModel!;
        SameWeights.Assert(expected, trained);
        CollectionAssert.AreEqual(expected.History.Epochs.Select(e => (e.Loss, e.ValidationLoss)).ToArray(), trained.History.Epochs.Select(e => (e.Loss, e.ValidationLoss)).ToArray());
        Assert.IsTrue(trained.History.Epochs.All(e => e.ValidationLoss is not null), "every epoch measured the validation data");
        CollectionAssert.AreEqual(trained.History.Epochs.ToArray(), progress.Reports.ToArray(), "the progress reported every epoch");
    }

    [TestMethod]
    public void EarlyStoppingWatchesTheValidationDataWithoutAValidationFraction()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.Epochs = 60;
        options.EarlyStoppingPatience = 2;
        VaeEstimator estimator = mlContext.Transforms.Vae(options);

        estimator.Fit(Training(mlContext), Validation(mlContext)).Dispose();
        VaeModel expected = new VaeTrainer(options).Fit(Dataset(mlContext, Training(mlContext)), Dataset(mlContext, Validation(mlContext)));

        VaeTrainingHistory history = estimator.TrainedModel!.History;
        Assert.IsTrue(history.StoppedEarly);
        int best = history.BestEpoch!.Value;
        Assert.AreEqual(expected.History.BestEpoch, best);
        Assert.AreEqual(history.Epochs.Min(e => e.ValidationLoss!.Value), history.Epochs[best - 1].ValidationLoss);
        Assert.AreEqual(best + 2, history.Epochs.Count);
        Assert.IsGreaterThan(1, best, "an improvement after the first must be the best, or keeping the first would pass");
        SameWeights.Assert(expected, estimator.TrainedModel);
    }

    [TestMethod]
    public void EarlyStoppingWithoutValidationRowsIsRefusedByFitBeforeAnyRowIsReadOfferingBothWays()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.EarlyStoppingPatience = 2;
        VaeEstimator estimator = mlContext.Transforms.Vae(options);

        var error = Assert.ThrowsExactly<ArgumentException>(() => estimator.Fit(mlContext.Data.LoadFromEnumerable(Unread<FeatureRow>())));

        Assert.AreEqual("EarlyStoppingPatience", error.ParamName);
        StringAssert.StartsWith(
            error.Message,
            "EarlyStoppingPatience needs validation rows: set ValidationFraction above 0 (for example 0.1) to hold rows out, or pass validation data to "
            + "this estimator fitted on its own, Fit(trainData, validationData) (an EstimatorChain calls only Fit(IDataView)).");
    }

    [TestMethod]
    public void ArgumentsAreRefusedWhenNull()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());

        Assert.AreEqual("trainData", Assert.ThrowsExactly<ArgumentNullException>(() => estimator.Fit(null!, Validation(mlContext))).ParamName);
        Assert.AreEqual("validationData", Assert.ThrowsExactly<ArgumentNullException>(() => estimator.Fit(Training(mlContext), null!)).ParamName);
    }

    [TestMethod]
    public void AValidationFractionBesideValidationDataIsRefusedBeforeAnyRowIsRead()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.ValidationFraction = 0.2f;
        IDataView unread = mlContext.Data.LoadFromEnumerable(Unread<FeatureRow>());

        var refused = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(options).Fit(unread, unread));

        Assert.AreEqual("validationData", refused.ParamName);
        StringAssert.StartsWith(
            refused.Message,
            "Validation rows come from the validation data or from ValidationFraction (now 0.2), not both: set ValidationFraction to 0 to measure the validation data, "
            + "or leave the validation data out to hold rows out.");
    }

    [TestMethod]
    public void AFeatureColumnMissingOrOfAnotherSizeIsRefusedNamingItsViewBeforeAnyRowIsRead()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        IDataView training = mlContext.Data.LoadFromEnumerable(Unread<FeatureRow>());
        SchemaDefinition threeSlots = SchemaDefinition.Create(typeof(VariableRow));
        threeSlots[nameof(VariableRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);

        var narrow = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(training, mlContext.Data.LoadFromEnumerable(Unread<VariableRow>(), threeSlots)));
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(training, mlContext.Data.LoadFromEnumerable(Unread<NamedFeaturesRow>())));
        var missingInTraining = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(mlContext.Data.LoadFromEnumerable(Unread<NamedFeaturesRow>()), training));

        const string SamePipeline = "transform the validation data with the pipeline fitted on the training data, as the training data was.";
        Assert.AreEqual("validationData", narrow.ParamName);
        StringAssert.StartsWith(narrow.Message, $"The validation data's feature column 'Features' has 3 slots but the training data's has 4; {SamePipeline}");
        Assert.AreEqual("validationData", missing.ParamName);
        StringAssert.StartsWith(missing.Message, $"The validation data has no feature column 'Features'; {SamePipeline}");
        Assert.AreEqual("trainData", missingInTraining.ParamName);
        Assert.IsNull(estimator.TrainedModel);
    }

    [TestMethod]
    public void AFeatureColumnOfAnotherTypeIsRefusedNamingTheValidationDataBeforeAnyRowIsRead()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        IDataView training = mlContext.Data.LoadFromEnumerable(Unread<FeatureRow>());

        var doubles = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(training, mlContext.Data.LoadFromEnumerable(Unread<DoubleRow>())));
        var variable = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(training, mlContext.Data.LoadFromEnumerable(Unread<VariableRow>())));

        Assert.AreEqual("validationData", doubles.ParamName);
        StringAssert.StartsWith(doubles.Message, "The validation data's feature column 'Features' must be a known-size vector of Single but is Vector<Double, 4>; convert it to Single");
        Assert.AreEqual("validationData", variable.ParamName);
        StringAssert.StartsWith(variable.Message, "The validation data's feature column 'Features' must be a known-size vector of Single but is Vector<Single>; give it a known size");
        Assert.IsNull(estimator.TrainedModel);
    }

    [TestMethod]
    [DataRow(true, "the validation data reads the categorical column at feature 1 into 3 features from feature 1 on, categories \"blue\", \"red\", \"green\", "
        + "where the training data reads the categorical column at feature 1 into 3 features from feature 1 on, categories \"red\", \"green\", \"blue\"")]
    [DataRow(false, "the same names come in another order: feature 1 is \"ColourOneHot.blue\" where the training data has \"ColourOneHot.red\"")]
    public void ValidationDataEncodedByAnotherFittedPipelineIsRefusedWithAdviceForPipelines(bool categoricalSlots, string difference)
    {
        // The usual slip: the encoding fitted on the validation rows meets their categories in another order.
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.Likelihood = VaeLikelihood.Gaussian;
        options.UseCategoricalSlotRanges = categoricalSlots;
        VaeEstimator estimator = mlContext.Transforms.Vae(options);

        var refused = Assert.ThrowsExactly<ArgumentException>(() => estimator.Fit(
            VaeEstimatorTests.SizeAndOneHotColour(mlContext, ["red", "green", "blue"]), VaeEstimatorTests.SizeAndOneHotColour(mlContext, ["blue", "red", "green"])));

        Assert.AreEqual("validationData", refused.ParamName);
        StringAssert.StartsWith(refused.Message, $"The validation data's feature column 'Features' holds other features than the training data's ({difference}");
        StringAssert.Contains(refused.Message, "); transform the validation data with the pipeline fitted on the training data, as the training data was.");
        Assert.IsNull(estimator.TrainedModel);
    }

    [TestMethod]
    public void ABadValidationRowIsNamedAsARowOfTheValidationData()
    {
        // Source row 5 is the view's row 3, as a split's rows renumber theirs; the VAE sees only the view.
        var mlContext = new MLContext(seed: 1);
        FeatureRow[] rows = [.. Enumerable.Range(0, 8).Select(i => new FeatureRow { Features = [i % 2, 0.5f, 0.25f, 0.75f] })];
        rows[5].Features[1] = float.NaN;
        IDataView validation = mlContext.Data.SkipRows(mlContext.Data.LoadFromEnumerable(rows), 2);

        var error = Assert.ThrowsExactly<VaeDataException>(() => mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(Training(mlContext), validation));

        StringAssert.StartsWith(error.Message, $"Row 3 of the validation data {CountedUpstream}, feature 1 is NaN; every feature must be a finite number");
        Assert.AreEqual((3L, 1), (error.Row, error.Column));
    }

    [TestMethod]
    public void AValidationRowOfAnotherLengthThanItsColumnsTypeIsNamedAsARowOfTheValidationData()
    {
        var mlContext = new MLContext(seed: 1);
        FeatureRow[] rows = [.. Enumerable.Range(0, 8).Select(i => new FeatureRow { Features = [i, 1f, 2f, 3f] })];
        rows[4].Features = [0f, 1f, 2f];
        IDataView validation = mlContext.Data.SkipRows(mlContext.Data.LoadFromEnumerable(rows), 2);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(Training(mlContext), validation));

        StringAssert.StartsWith(error.Message, $"Row 2 of the validation data {CountedUpstream} holds 3 values in the feature column 'Features', but the column's type says 4;");
    }

    [TestMethod]
    public void AGpuThatCannotBeUsedFailsFitBeforeAnyRowIsRead()
    {
        // The ONNX Runtime package these tests build with is the CPU one, which has no CUDA provider.
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.GpuDeviceId = 0;
        IDataView unread = mlContext.Data.LoadFromEnumerable(Unread<FeatureRow>());

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Transforms.Vae(options).Fit(unread, unread));

        StringAssert.Contains(error.Message, "Reference Microsoft.ML.OnnxRuntime.Gpu in its place");
    }
}
