using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Vae.MLNet.Onnx;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Training;

namespace Vae.MLNet.Tests.Persistence;

/// <summary>
/// <see cref="VaeModel.SaveCheckpoint(Stream)"/> keeps the optimizer state in an entry of its own, which loads back
/// exactly and is refused, by name, when it is damaged or does not fit the model's network.
/// </summary>
[TestClass]
public sealed class CheckpointZipTests
{
    private const string Entry = "optimizer-state.bin";

    private static readonly Lazy<VaeModel> Trained = new(() => new VaeTrainer(TrainerTests.Small(epochs: 2)).Fit(TrainerTests.Patterns()));

    [TestMethod]
    public void TheStateLoadsBackExactlyAndSaveLeavesItOut()
    {
        byte[] checkpoint = Checkpoint(Trained.Value);
        VaeModel loaded = ModelZip.Load(checkpoint);

        Assert.AreEqual(Trained.Value.OptimizerState!.Step, loaded.OptimizerState!.Step);
        foreach ((float[] saved, float[] read) in Trained.Value.OptimizerState.Arrays.Zip(loaded.OptimizerState.Arrays))
        {
            CollectionAssert.AreEqual(saved, read);
        }

        CollectionAssert.AreEqual(checkpoint, Checkpoint(loaded), "the same model gives the same bytes");
        Assert.AreEqual(Entry, (string?)JsonNode.Parse(ModelZip.Entries(checkpoint)["manifest.json"])!["optimizerStateFile"]);
        Dictionary<string, byte[]> plain = ModelZip.Entries(ModelZip.Save(loaded));
        Assert.IsFalse(plain.ContainsKey(Entry));
        Assert.DoesNotContain("optimizerStateFile", System.Text.Encoding.UTF8.GetString(plain["manifest.json"]));
    }

    [TestMethod]
    public void OnnxRuntimeScoresACheckpointAsThePlainZip()
    {
        using VaeOnnxModel model = VaeOnnxModel.Load(new MemoryStream(Checkpoint(Trained.Value)));

        Assert.AreEqual(Trained.Value.InputDimension, model.InputDimension);
    }

    [TestMethod]
    public void AModelWithoutStateRefusesACheckpointSayingToUseSave()
    {
        VaeModel plain = ModelZip.Load(ModelZip.Save(Trained.Value));
        string path = Path.Combine(Path.GetTempPath(), $"no-state-{Guid.NewGuid():N}.zip");

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => plain.SaveCheckpoint(path));

        StringAssert.Contains(error.Message, "Save it with VaeModel.Save");
        Assert.IsFalse(File.Exists(path));
    }

    /// <summary>
    /// SaveCheckpoint checked the model's state before its path, so a null path gave the state's
    /// InvalidOperationException; and a path the zip cannot be written to was refused only after the whole ONNX export.
    /// </summary>
    [TestMethod]
    public void ThePathIsCheckedBeforeTheStateAndBeforeTheExport()
    {
        VaeModel plain = ModelZip.Load(ModelZip.Save(Trained.Value));

        Assert.AreEqual("path", Assert.ThrowsExactly<ArgumentNullException>(() => plain.SaveCheckpoint((string)null!)).ParamName);
        Assert.AreEqual("path", Assert.ThrowsExactly<ArgumentException>(() => plain.SaveCheckpoint("")).ParamName);
        Assert.AreEqual("path", Assert.ThrowsExactly<ArgumentException>(() => plain.SaveCheckpoint(Path.GetTempPath())).ParamName);
        // Names the export refuses are found only by exporting, so the path's error shows that none was begun.
        var clashing = new OnnxTensorNames { Latent = "rows", Reconstruction = "rows" };
        Assert.AreEqual("path", Assert.ThrowsExactly<ArgumentException>(() => Trained.Value.Save("", clashing)).ParamName);
        Assert.AreEqual("path", Assert.ThrowsExactly<ArgumentNullException>(() => Trained.Value.Save((string)null!, null!)).ParamName);
    }

    [TestMethod]
    public void AStateThatDoesNotFitTheNetworkOrIsDamagedIsRefusedByName()
    {
        byte[] zip = Checkpoint(Trained.Value);
        byte[] state = ModelZip.Entries(zip)[Entry];

        Refused(zip, state.AsSpan(0, state.Length - 4).ToArray(), "ends before the moments");
        Refused(zip, [.. state, 0, 0, 0, 0], "more than the");
        Refused(zip, Edited(state, s => s[0] = (byte)'X'), "does not start with the optimizer state's mark");
        Refused(zip, Edited(state, s => BinaryPrimitives.WriteInt32LittleEndian(s.AsSpan(8), 0)), "has format version 0; its versions start at 1");
        Refused(zip, Edited(state, s => BinaryPrimitives.WriteInt32LittleEndian(s.AsSpan(12), 3)), "moments of 3 layers");
        Refused(zip, Edited(state, s => BinaryPrimitives.WriteInt64LittleEndian(s.AsSpan(16), 0)), "counts 0 steps");
        // A count near long's end wrapped as training counted on, and its bias correction turned the weights into NaN.
        Refused(zip, Edited(state, s => BinaryPrimitives.WriteInt64LittleEndian(s.AsSpan(16), long.MaxValue)), "more than any training takes");
        Refused(zip, Edited(state, s => BinaryPrimitives.WriteInt32LittleEndian(s.AsSpan(24), 7)), "gives layer 1 moments of 7 weights");
        Refused(zip, Edited(state, s => BinaryPrimitives.WriteSingleLittleEndian(s.AsSpan(s.Length - 4), float.NaN)), "moment of NaN");
        Refused(zip, Edited(state, s => BinaryPrimitives.WriteSingleLittleEndian(s.AsSpan(s.Length - 4), -1f)), "second moment of -1");
    }

    /// <summary>
    /// A newer build's checkpoint refused the whole model for its optimizer state, which scoring does not need, where a
    /// build from before checkpoints scored it; a newer build's state longer for the same network was refused by its
    /// length as damaged before that, and one shorter than this build's header after it.
    /// </summary>
    [TestMethod]
    [DataRow(null, 0)]
    [DataRow(null, 8)]
    [DataRow(12, 0)]
    public void AStateOfANewerLayoutIsPassedOverAndTheModelScoresAsSaved(int? keptBytes, int addedBytes)
    {
        byte[] zip = Checkpoint(Trained.Value);
        Dictionary<string, byte[]> entries = ModelZip.Entries(zip);
        byte[] newerState = Edited(entries[Entry], s => BinaryPrimitives.WriteInt32LittleEndian(s.AsSpan(8), 2));
        entries[Entry] = [.. newerState.AsSpan(0, keptBytes ?? newerState.Length), .. new byte[addedBytes]];
        byte[] newer = ModelZip.Build(entries);
        float[] rows = TrainerTests.Patterns().ToArray();
        int count = rows.Length / Trained.Value.InputDimension;

        VaeModel loaded = ModelZip.Load(newer);
        using VaeOnnxModel scoring = VaeOnnxModel.Load(new MemoryStream(newer));

        Assert.IsFalse(loaded.HasOptimizerState);
        Assert.IsFalse(scoring.ToTrainableModel().HasOptimizerState);
        using VaeOnnxModel original = VaeOnnxModel.Load(new MemoryStream(zip));
        CollectionAssert.AreEqual(Scores((error, anomaly) => Trained.Value.ScoreRows(rows, error, anomaly)), Scores((error, anomaly) => loaded.ScoreRows(rows, error, anomaly)));
        CollectionAssert.AreEqual(Scores((error, anomaly) => original.ScoreRows(rows, error, anomaly)), Scores((error, anomaly) => scoring.ScoreRows(rows, error, anomaly)));

        // Each row's reconstruction error, then its anomaly score.
        float[] Scores(Action<float[], float[]> score)
        {
            float[] error = new float[count], anomaly = new float[count];
            score(error, anomaly);
            return [.. error, .. anomaly];
        }
    }

    [TestMethod]
    public void AManifestNamingAStateTheZipLacksIsRefused()
    {
        byte[] zip = ModelZip.EditManifest(ModelZip.Save(Trained.Value), manifest => manifest["optimizerStateFile"] = Entry);

        var error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(zip));

        Assert.AreEqual("optimizerState", error.ModelPart);
        StringAssert.Contains(error.Message, $"The zip has no '{Entry}'");
    }

    private static byte[] Checkpoint(VaeModel model)
    {
        using var stream = new MemoryStream();
        model.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    private static byte[] Edited(byte[] state, Action<byte[]> edit)
    {
        byte[] copy = (byte[])state.Clone();
        edit(copy);
        return copy;
    }

    private static void Refused(byte[] zip, byte[] state, string expected)
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(zip);
        entries[Entry] = state;

        var error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(ModelZip.Build(entries)));

        Assert.AreEqual("optimizerState", error.ModelPart, error.Message);
        StringAssert.Contains(error.Message, expected);
    }
}
