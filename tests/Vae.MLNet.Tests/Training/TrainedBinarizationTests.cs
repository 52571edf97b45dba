using System.Text;
using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class TrainedBinarizationTests
{
    private static readonly VaeDataset Gray = VaeDataset.FromArray([.. Enumerable.Range(0, 24 * 3).Select(i => i % 11 / 11f)], 3, [.. Enumerable.Range(0, 24).Select(i => i % 2)]);

    [TestMethod]
    public void AModelRecordsHowItsTrainingRowsWereBinarizedThroughThisLibrarysViews()
    {
        BinarizedDataset stochastic = BinarizedDataset.Stochastic(Gray, seed: 3);
        (VaeDataset Data, VaeBinarization Expected)[] cases =
        [
            (BinarizedDataset.Threshold(Gray, 0.25f), new VaeBinarization(VaeBinarizationKind.Threshold, threshold: 0.25f)),
            (stochastic, new VaeBinarization(VaeBinarizationKind.Stochastic, seed: 3)),
            (BinarizedDataset.Resampled(Gray, seed: -7), new VaeBinarization(VaeBinarizationKind.Resampled, seed: -7)),
            (stochastic.Subset(Enumerable.Range(4, 16)), stochastic.Binarization),
            (stochastic.WithLabelNames(["even", "odd"]), stochastic.Binarization),
        ];

        foreach ((VaeDataset data, VaeBinarization expected) in cases)
        {
            Assert.AreEqual(expected, TinyGaussianTraining.Fit(data).History.Binarization);
        }

        Assert.IsNull(TinyGaussianTraining.Fit(Gray).History.Binarization);
    }

    [TestMethod]
    public void TrainingFurtherRecordsTheNewRunsBinarization()
    {
        VaeModel thresholded = TinyGaussianTraining.Fit(BinarizedDataset.Threshold(Gray, 0.5f));

        VaeModel drawn = TinyGaussianTraining.Fit(BinarizedDataset.Stochastic(Gray, seed: 1), thresholded);
        VaeModel gray = TinyGaussianTraining.Fit(Gray, thresholded);

        Assert.AreEqual(new VaeBinarization(VaeBinarizationKind.Stochastic, seed: 1), drawn.History.Binarization);
        Assert.IsNull(gray.History.Binarization);
    }

    [TestMethod]
    public void ARunThatCompletesNoEpochHandsBackTheBinarizationTheWeightsCameFrom()
    {
        VaeModel thresholded = TinyGaussianTraining.Fit(BinarizedDataset.Threshold(Gray, 0.5f));
        var reckless = new VaeOptions { LearningRate = 1e30f, Epochs = 2, BatchSize = 4, Gemm = GemmBackend.Managed, NumberOfThreads = 1 };

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(reckless).Fit(BinarizedDataset.Stochastic(Gray, seed: 1), thresholded));

        Assert.AreEqual(2, error.Epoch, "diverged before this run completed an epoch");
        Assert.AreEqual(thresholded.History.Binarization, error.LastGoodModel.History.Binarization);
    }

    /// <summary>
    /// A learning rate too small to move a float32 weight leaves every epoch's validation loss equal to the starting
    /// weights', which early stopping therefore keeps.
    /// </summary>
    [TestMethod]
    public void StartingWeightsEarlyStoppingKeepsKeepTheBinarizationTheyCameFrom()
    {
        VaeModel thresholded = TinyGaussianTraining.Fit(BinarizedDataset.Threshold(Gray, 0.5f));
        var still = new VaeOptions { LearningRate = 1e-30f, Epochs = 3, BatchSize = 4, EarlyStoppingPatience = 1, Gemm = GemmBackend.Managed, NumberOfThreads = 1 };

        VaeModel kept = TrainerTests.ThroughStalls(still).Fit(Gray, Gray, thresholded);
        VaeModel grayKept = TrainerTests.ThroughStalls(still).Fit(BinarizedDataset.Threshold(Gray, 0.5f), Gray, TinyGaussianTraining.Fit(Gray));

        Assert.AreEqual(thresholded.History.Epochs.Count, kept.History.BestEpoch, "the starting weights were kept");
        Assert.AreEqual(thresholded.History.Binarization, kept.History.Binarization);
        Assert.IsNull(grayKept.History.Binarization, "the kept weights learned from gray rows");
    }

    [TestMethod]
    public void TheBinarizationIsSavedAsAnOptionalMemberOfTheHistoryAndLoadedBack()
    {
        foreach (BinarizedDataset data in new[] { BinarizedDataset.Threshold(Gray, 0.3f), BinarizedDataset.Resampled(Gray, seed: 5) })
        {
            byte[] zip = ModelZip.Save(TinyGaussianTraining.Fit(data));
            using var runtime = VaeOnnxModel.Load(new MemoryStream(zip));

            Assert.AreEqual(data.Binarization, ModelZip.Load(zip).History.Binarization);
            Assert.AreEqual(data.Binarization, runtime.Manifest.History.Binarization);
        }

        string thresholdJson = Manifest(TinyGaussianTraining.Fit(BinarizedDataset.Threshold(Gray, 0.3f)));
        string drawnJson = Manifest(TinyGaussianTraining.Fit(BinarizedDataset.Stochastic(Gray, seed: 2)));
        StringAssert.Contains(thresholdJson, "\"binarization\": {\n      \"kind\": \"Threshold\",\n      \"threshold\": 0.3\n    }");
        StringAssert.Contains(drawnJson, "\"binarization\": {\n      \"kind\": \"Stochastic\",\n      \"seed\": 2\n    }");
        Assert.DoesNotContain("binarization", Manifest(TinyGaussianTraining.Fit(Gray)));
    }

    [TestMethod]
    public void ZipsSavedBeforeBinarizationsWereRecordedLoadWithout()
    {
        foreach (string fileName in new[] { "without-unit-clip.zip", "every-manifest-member.zip" })
        {
            VaeModel older = VaeModel.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", fileName));

            Assert.IsNull(older.History.Binarization, fileName);
        }

        byte[] zip = ModelZip.Save(TinyGaussianTraining.Fit(BinarizedDataset.Threshold(Gray, 0.5f)));
        byte[] without = ModelZip.EditManifest(zip, m => Assert.IsTrue(m["history"]!.AsObject().Remove("binarization")));
        Assert.IsNull(ModelZip.Load(without).History.Binarization);
    }

    private static string Manifest(VaeModel model) => Encoding.UTF8.GetString(ModelZip.Entries(ModelZip.Save(model))["manifest.json"]);
}
