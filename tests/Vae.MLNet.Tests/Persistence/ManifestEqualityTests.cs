using System.Reflection;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Persistence;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Persistence;

[TestClass]
public sealed class ManifestEqualityTests
{
    private static readonly VaeEpochReport[] Epochs =
    [
        new(1, 3.5, 3.0, 0.5, 1f, 3.6, 0.25) { ValidationActiveDimensions = 1 },
        new(2, 2.5, 2.1, 0.4, 1f, 2.7, 0.25) { ValidationActiveDimensions = 2 },
    ];

    private static readonly VaeCategoricalFeature Colour = new("colour", 3, ["red", "blue"]);

    [TestMethod]
    public void TwoReadsOfOneZipAreEqual()
    {
        byte[] json = ModelZip.Entries(ModelZip.Save(Model()))["manifest.json"];

        VaeModelManifest first = ManifestJson.Deserialize(json);
        VaeModelManifest second = ManifestJson.Deserialize(json);

        Assert.AreNotSame(first.Options, second.Options);
        Assert.AreEqual(first, second);
        Assert.IsTrue(first == second);
        Assert.AreEqual(first.GetHashCode(), second.GetHashCode());
    }

    [TestMethod]
    public void TwoLoadsOfOneZipHandOutEqualManifests()
    {
        byte[] zip = ModelZip.Save(Model());
        using VaeOnnxModel first = VaeOnnxModel.Load(new MemoryStream(zip, writable: false));
        using VaeOnnxModel second = VaeOnnxModel.Load(new MemoryStream(zip, writable: false));

        Assert.AreEqual(first.Manifest, second.Manifest);
        Assert.AreEqual(first.Manifest.GetHashCode(), second.Manifest.GetHashCode());
    }

    [TestMethod]
    public void AManifestDifferingInOneElementOfAListIsNotEqual()
    {
        VaeModelManifest manifest = ManifestJson.Deserialize(ModelZip.Entries(ModelZip.Save(Model()))["manifest.json"]);
        VaeTrainingHistory history = manifest.History;
        VaeModelManifest otherLayers = manifest with { Options = manifest.Options.Clone() };
        otherLayers.Options.HiddenLayerSizes[0]++;

        VaeModelManifest[] others =
        [
            manifest with { FeatureNames = ["x", "y", "w", "colour=red", "colour=blue"] },
            manifest with { CategoricalFeatures = [new VaeCategoricalFeature("colour", 3, ["red", "green"])] },
            manifest with { History = History([Epochs[0], Epochs[1] with { ValidationActiveDimensions = 1 }], runStartEpochs: [1]) },
            manifest with { History = History([Epochs[0], Epochs[1] with { Seconds = 0.5 }], runStartEpochs: [1]) }, // timings too, as VaeTrainingHistory says
            manifest with { History = History(Epochs, runStartEpochs: [1, 2]) },
            manifest with { ImageShape = new VaeImageShape(1, 5) },
            otherLayers,
        ];

        Assert.AreEqual(manifest, manifest with { History = History(Epochs, runStartEpochs: [1]), CategoricalFeatures = [new VaeCategoricalFeature("colour", 3, ["red", "blue"])] });
        Assert.AreEqual(history, History(Epochs, runStartEpochs: [1]));
        foreach (VaeModelManifest other in others)
        {
            Assert.AreNotEqual(manifest, other);
            Assert.IsFalse(manifest == other);
        }
    }

    [TestMethod]
    public void EqualityAndTheHashCodeLookAtEveryMember()
    {
        VaeModelManifest manifest = ManifestJson.Deserialize(ModelZip.Entries(ModelZip.Save(Model()))["manifest.json"]);
        VaeOptions otherOptions = manifest.Options.Clone();
        otherOptions.Epochs++;
        VaeModelManifest different = manifest with
        {
            FormatVersion = manifest.FormatVersion + 1,
            Library = manifest.Library with { Version = manifest.Library.Version + ".1" },
            InputDimension = manifest.InputDimension + 1,
            LatentDimension = manifest.LatentDimension + 1,
            Likelihood = VaeLikelihood.Bernoulli,
            Activation = VaeActivation.Tanh,
            InputScaling = VaeInputScaling.Standardize,
            Options = otherOptions,
            TensorNames = manifest.TensorNames with { Features = "Pixels" },
            Graphs = manifest.Graphs with { Encoder = "encoder-2.onnx" },
            History = History(Epochs[..1], runStartEpochs: [1]),
            FeatureNames = ["a", "b", "c", "colour=red", "colour=blue"],
            FeatureRangesFile = "ranges.bin",
            OptimizerStateFile = "optimizer-state.bin",
            CategoricalFeatures = [new VaeCategoricalFeature("hue", 3, ["red", "blue"])],
            ImageShape = new VaeImageShape(1, 5),
        };

        foreach (PropertyInfo member in typeof(VaeModelManifest).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            object? otherValue = member.GetValue(different);
            Assert.IsFalse(Equals(member.GetValue(manifest), otherValue), $"Give the second manifest of this test another {member.Name}: a member it shares checks nothing.");
            VaeModelManifest oneMemberChanged = manifest with { };
            member.SetValue(oneMemberChanged, otherValue);

            Assert.AreNotEqual(manifest, oneMemberChanged, $"VaeModelManifest.Equals ignores {member.Name}.");
            Assert.AreNotEqual(manifest.GetHashCode(), oneMemberChanged.GetHashCode(), $"VaeModelManifest.GetHashCode ignores {member.Name}.");
        }
    }

    private static VaeModel Model()
    {
        var options = new VaeOptions { HiddenLayerSizes = [3], LatentDimension = 2, Likelihood = VaeLikelihood.Gaussian, NumberOfThreads = 1 };
        VaeNetwork network = VaeNetwork.Create(options, 5, new Random(3), CategoricalGroups.Of([Colour], 5));
        return new VaeModel(
            network,
            scaling: null,
            options,
            History(Epochs, runStartEpochs: [1]),
            featureNames: ["x", "y", "z", "colour=red", "colour=blue"],
            categoricalFeatures: [Colour],
            imageShape: new VaeImageShape(5, 1));
    }

    private static VaeTrainingHistory History(IReadOnlyList<VaeEpochReport> epochs, IReadOnlyList<int> runStartEpochs) =>
        new(epochs, bestEpoch: null, stoppedEarly: false, GemmBackend.Managed, numberOfThreadsUsed: 1, runStartEpochs: runStartEpochs);
}
