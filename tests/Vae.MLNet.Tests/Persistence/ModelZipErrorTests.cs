using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Persistence;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Persistence;

[TestClass]
public sealed class ModelZipErrorTests
{
    private static readonly Lazy<byte[]> Zip = new(() => ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 1)));

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void AFileNameOfWhiteSpaceIsSavedAndLoadedAlike()
    {
        VaeModel model = TinyGaussianTraining.Fit(VaeDataset.FromArray([0f, 1f, 1f, 0f, 0.5f, 0.5f, 0.2f, 0.8f], 2));
        const string blank = "  \t ";
        try
        {
            model.Save(blank);

            Assert.AreEqual(model.InputDimension, VaeModel.Load(blank).InputDimension);
        }
        finally
        {
            File.Delete(blank);
        }
    }

    [TestMethod]
    public void PathsThatHoldNoModelFileSaySo()
    {
        string folder = Directory.CreateTempSubdirectory("vae-load-").FullName;
        try
        {
            var directory = Assert.ThrowsExactly<ArgumentException>(() => VaeModel.Load(folder));
            var missing = Assert.ThrowsExactly<FileNotFoundException>(() => VaeModel.Load(Path.Combine(folder, "no-such-folder", "model.zip")));
            var empty = Assert.ThrowsExactly<ArgumentException>(() => VaeModel.Load(string.Empty));
            var none = Assert.ThrowsExactly<ArgumentNullException>(() => VaeModel.Load((string)null!));

            Assert.Contains("is a directory", directory.Message);
            Assert.AreEqual("path", directory.ParamName);
            Assert.EndsWith("model.zip", missing.FileName!);
            Assert.AreEqual("The path is empty; give the path of a file. (Parameter 'path')", empty.Message);
            Assert.AreEqual("path", none.ParamName);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [TestMethod]
    [DataRow("inner.zip")]
    [DataRow("")]
    public void LoadingFromUnderAFileNamesTheFileAsSavingDoes(string inside)
    {
        // "model.zip/" as well as "model.zip/inner.zip": Linux reports either as a missing folder.
        using var directory = new TempDirectory();
        string file = directory.Write("model.zip", Zip.Value);
        string path = file + Path.DirectorySeparatorChar + inside;

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => VaeModel.Load(path));

        Assert.AreEqual($"Could not find the file '{path}': '{file}' is a file, not a directory; give a path whose folders are directories.", error.Message);
        Assert.AreEqual(path, error.FileName);
    }

    [TestMethod]
    public void LoadingFromUnderALinkLeadingNowhereNamesItsTarget()
    {
        using var directory = new TempDirectory();
        string link = Path.Combine(directory.Path, "unmounted");
        string target = Path.Combine(directory.Path, "not-mounted", "models");
        File.CreateSymbolicLink(link, target);
        string path = Path.Combine(link, "model.zip");

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => VaeModel.Load(path));

        Assert.AreEqual($"Could not find the file '{path}': '{link}' is a symbolic link to '{target}', which does not exist.", error.Message);
    }

    [TestMethod]
    public void AModelWhoseManifestTheLoaderWouldRefuseIsNotSaved()
    {
        VaeModel small = VaeModel.Load(new MemoryStream(Zip.Value));
        VaeEpochReport[] epochs = Enumerable.Range(1, 200_000).Select(epoch => new VaeEpochReport(epoch, 12.5, 10.25, 2.25, 1f, 13.0625, 0.125)).ToArray();
        var model = new VaeModel(small.Network, small.Scaling, small.Options, new VaeTrainingHistory(epochs, bestEpoch: null, stoppedEarly: false, GemmBackend.Managed), featureNames: null);
        string folder = Directory.CreateTempSubdirectory("vae-save-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.zip");

            var error = Assert.ThrowsExactly<InvalidOperationException>(() => model.Save(path));

            Assert.Contains("its history 200000 epochs", error.Message);
            Assert.IsEmpty(Directory.GetFileSystemEntries(folder), "nothing written, not even a temporary file");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void TheLongestHistoryOfTheLongestNumbersFitsInAManifestBesideTheMostFeatureNames()
    {
        VaeModel small = VaeModel.Load(new MemoryStream(Zip.Value));

        // Negative values with 17 significant digits and three-digit exponents are the longest numbers JSON gets here, and
        // a run of one epoch each the longest list of runs.
        VaeEpochReport[] epochs = Enumerable.Range(1, VaeTrainingHistory.MaxEpochs)
            .Select(epoch => new VaeEpochReport(epoch, -1.2345678901234567E-300, -1.2345678901234567E-300, -1.2345678901234567E-300, -1.2345678E-30f, -1.2345678901234567E-300, 1.2345678901234567E+300) { ValidationActiveDimensions = int.MaxValue })
            .ToArray();
        var model = new VaeModel(small.Network, small.Scaling, small.Options, new VaeTrainingHistory(epochs, bestEpoch: epochs.Length, stoppedEarly: true, GemmBackend.Managed, runStartEpochs: [.. epochs.Select(epoch => epoch.Epoch)]), featureNames: null);

        int manifestBytes = ManifestJson.Serialize(model.CreateManifest(OnnxTensorNames.Default)).Length;

        Assert.IsLessThanOrEqualTo(ModelArchive.MaxManifestBytes - FeatureNaming.MaxManifestBytesOfNames, manifestBytes);
    }

    [TestMethod]
    public void TheMostCategoricalColumnsTheBudgetAcceptsFitInTheManifestsShareForNames()
    {
        // One category of one byte a column, unnamed, is the most a column's object adds to the manifest for its bytes.
        static VaeCategoricalFeature[] Columns(int count) => [.. Enumerable.Range(0, count).Select(column => new VaeCategoricalFeature(null, column, ["x"]))];
        static bool Accepted(int count)
        {
            try
            {
                VaeCategoricalFeature.Validated(Columns(count), count, featureNames: null, "categories");
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        (int accepted, int refused) = (1, 1 << 17);
        while (refused - accepted > 1)
        {
            int middle = accepted + ((refused - accepted) / 2);
            (accepted, refused) = Accepted(middle) ? (middle, refused) : (accepted, middle);
        }

        VaeModelManifest manifest = VaeModel.Load(new MemoryStream(Zip.Value)).CreateManifest(OnnxTensorNames.Default);
        long columnsBytes = ManifestJson.Serialize(manifest with { CategoricalFeatures = Columns(accepted) }).Length - ManifestJson.Serialize(manifest).Length;

        Assert.IsLessThanOrEqualTo(FeatureNaming.MaxManifestBytesOfNames, columnsBytes);
        Assert.IsGreaterThan(FeatureNaming.MaxManifestBytesOfNames * 9 / 10, columnsBytes, "the budget is not far above what the columns take");
    }

    [TestMethod]
    public void CategoriesOverTheManifestsShareForNamesAreRefusedWithTheirSizeRoundedUp()
    {
        // 8 MiB and 103 bytes: the column's object, a category of 8 MiB less its quotes, and the 12 bytes around it.
        static string Refusal(int categoryBytes) => Assert.ThrowsExactly<ArgumentException>(
            () => VaeCategoricalFeature.Validated([new VaeCategoricalFeature(null, 0, [new string('x', categoryBytes)])], 1, featureNames: null, "categories")).Message;

        StringAssert.StartsWith(Refusal((int)FeatureNaming.MaxManifestBytesOfNames - 2), "The feature names and categories take 8.1 MiB of the model's manifest, which holds at most 8 MiB of them;");
        StringAssert.StartsWith(Refusal(9_000_000), "The feature names and categories take 8.6 MiB of the model's manifest");
    }

    [TestMethod]
    public void AnEpochsSettingBeyondTheHistorysCapLoadsAsEarlyStoppingMayHaveCutItShort()
    {
        // Versions before the cap trained with Epochs = 100000 and early stopping, and saved that setting.
        VaeModel model = VaeModel.Load(new MemoryStream(ModelZip.EditManifest(Zip.Value, m => m["options"]!["epochs"] = 100_000)));

        Assert.AreEqual(100_000, model.Options.Epochs);
    }

    [TestMethod]
    public void AHistoryLongerThanTrainingNowMakesStillLoadsButIsNotTrainedFurther()
    {
        // Versions before the cap saved histories of up to some 60 000 epochs.
        const int Epochs = VaeTrainingHistory.MaxEpochs + 5000;
        var reports = new JsonArray(Enumerable.Range(1, Epochs)
            .Select(epoch => (JsonNode?)new JsonObject { ["epoch"] = epoch, ["loss"] = 1, ["reconstruction"] = 1, ["kullbackLeibler"] = 0, ["beta"] = 1, ["validationLoss"] = null, ["seconds"] = 0 })
            .ToArray());

        VaeModel model = VaeModel.Load(new MemoryStream(ModelZip.EditManifest(Zip.Value, m => m["history"]!["epochs"] = reports)));
        var further = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new VaeTrainer(new VaeOptions { Epochs = 1 }).Fit(VaeDataset.FromArray(new float[9], 9), model));

        Assert.HasCount(Epochs, model.History.Epochs);
        StringAssert.Contains(further.Message, "has trained 45000 epochs of the 40000 a model's history holds, so it cannot be trained further.");
    }

    [TestMethod]
    public void SavingWhereNoFileCanBeCreatedNamesTheTarget()
    {
        VaeModel model = VaeModel.Load(new MemoryStream(Zip.Value));

        // Linux's /proc exists for every process and refuses new files, even to root.
        var error = Assert.ThrowsExactly<IOException>(() => model.Save("/proc/vae-model.zip"));

        Assert.Contains("'/proc/vae-model.zip' cannot be written", error.Message);
        Assert.IsFalse(File.Exists("/proc/vae-model.zip"));
    }

    [TestMethod]
    public void RandomBytesAreNotAModel()
    {
        byte[] noise = new byte[4096];
        new Random(1).NextBytes(noise);
        AssertRefused(noise, "archive", "not a readable zip");
        AssertRefused([], "archive", "not a readable zip");
    }

    [TestMethod]
    public void DataAndExportedGraphsAreNamedByWhatTheyHold()
    {
        byte[] encoder = ModelZip.Entries(Zip.Value)["encoder.onnx"];

        AssertRefused(encoder, "archive", "The model file holds an ONNX graph (a protobuf ModelProto, as VaeModel.ExportOnnx writes), not a model zip; load the zip VaeModel.Save wrote.");
        AssertRefused("a,b\n1,2\n"u8.ToArray(), "archive", "The model file holds text, such as CSV or TSV, not a model zip");
        AssertRefused([.. Vae.MLNet.Imaging.PngEncoder.Signature, 0, 0, 0, 13], "archive", "The model file holds a PNG image, not a model zip; load the zip VaeModel.Save wrote.");
    }

    [TestMethod]
    public void AGzipCompressedFileIsToldToBeDecompressed()
    {
        static byte[] Gzipped(byte[] content)
        {
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(content);
            }

            return compressed.ToArray();
        }

        byte[] noise = new byte[64];
        new Random(1).NextBytes(noise);

        AssertRefused(Gzipped(Zip.Value), "archive", "The model file holds a gzip-compressed zip (decompress it with gunzip and use the zip it holds), not a model zip;");
        AssertRefused(Gzipped(noise), "archive", "The model file holds gzip-compressed data of another kind (decompress it with gunzip to see what it holds), not a model zip;");
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void DataInAStreamReadIntoMemoryIsRefusedFromItsFirstBytes(bool seekable)
    {
        // A stream that cannot seek, or holds something before its position, is copied to load; CSV is named before that.
        byte[] csv = Encoding.UTF8.GetBytes("x" + string.Concat(Enumerable.Repeat("1,2,3\n", 100_000)));
        Stream stream = seekable ? new MemoryStream(csv) { Position = 1 } : new UnseekableStream(csv[1..]);

        var error = Assert.ThrowsExactly<VaeModelFormatException>(() => VaeModel.Load(stream));

        StringAssert.StartsWith(error.Message, "The model file holds text, such as CSV or TSV, not a model zip");
        Assert.AreNotEqual(-1, stream.ReadByte(), "the rest of the stream is left unread");
    }

    [TestMethod]
    public void TruncatedZipIsRefused()
    {
        AssertRefused(Zip.Value[..(Zip.Value.Length / 2)], "archive", "truncated");
        AssertRefused(Zip.Value[..^1], "archive", "truncated");
    }

    [TestMethod]
    public void ZipFromAnotherProgramIsRefused()
    {
        byte[] foreign = ModelZip.Build([new("readme.txt", Encoding.UTF8.GetBytes("hello")), new("data/table.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n"))]);
        AssertRefused(foreign, "manifest", "has no 'manifest.json'");
    }

    [TestMethod]
    [DataRow('/')]
    [DataRow('\\')]
    public void AnMLNetModelZipIsToldToBeAPipelineWithHowToSaveItsVae(char separator)
    {
        // As mlContext.Model.Save lays out a fitted VaeEstimator with its input schema; on Windows with '\' in the names.
        byte[] pipeline = ModelZip.Build(
            new[] { "TrainingInfo/Version.txt", "TransformerChain/OnnxModel", "TransformerChain/Model.key", "Schema" }
                .Select(name => KeyValuePair.Create(name.Replace('/', separator), Encoding.UTF8.GetBytes("ML\0MODEL"))));

        VaeModelFormatException error = AssertRefused(pipeline, "manifest", "ML.NET");
        var scoring = Assert.ThrowsExactly<VaeModelFormatException>(() => VaeOnnxModel.Load(new MemoryStream(pipeline)));

        Assert.AreEqual(
            "The zip is an ML.NET model zip, as mlContext.Model.Save writes: it holds a fitted pipeline, not a Vae.MLNet model zip such as VaeModel.Save writes. "
            + "For the VAE in a pipeline, save one after Fit with the VaeEstimator's TrainedModel.Save(path), and give that zip.",
            error.Message);
        Assert.AreEqual(error.Message, scoring.Message);
    }

    /// <summary>
    /// What <c>unzip model.zip -d wine; zip -r rezipped.zip wine</c> makes: a folder entry, then the model's files under
    /// it; and what Windows PowerShell 5.1's <c>Compress-Archive -Path wine</c> makes, whose entries name the folder with a
    /// backslash and were told only that the zip had no manifest.
    /// </summary>
    [TestMethod]
    [DataRow("wine/")]
    [DataRow("wine\\")]
    public void ModelFolderZippedWholeIsToldToBeZippedFromWithin(string folder)
    {
        byte[] rezipped = ModelZip.Build(ModelZip.Entries(Zip.Value).Select(e => KeyValuePair.Create(folder + e.Key, e.Value)).Prepend(KeyValuePair.Create(folder, Array.Empty<byte>())));

        VaeModelFormatException error = AssertRefused(rezipped, "manifest", $"'{folder}'");

        Assert.AreEqual(
            $"The zip has no 'manifest.json' at its root: the model's files sit under '{folder}', and must be at the zip's root, where VaeModel.Save writes them. "
            + "Zip the folder's contents rather than the folder (cd wine && zip -r ../model.zip ., or in PowerShell Compress-Archive -Path wine\\* -DestinationPath model.zip).",
            error.Message);
    }

    /// <summary>The advice once gave <c>cd my model &amp;&amp; …</c> and <c>-Path my model\*</c>, which neither shell runs as printed.</summary>
    [TestMethod]
    [DataRow("my model/")]
    [DataRow("my model\\")]
    public void AFolderNameWithASpaceIsQuotedInTheAdviceForEachShell(string folder)
    {
        byte[] rezipped = ModelZip.Build(ModelZip.Entries(Zip.Value).Select(e => KeyValuePair.Create(folder + e.Key, e.Value)));

        VaeModelFormatException error = AssertRefused(rezipped, "manifest", $"'{folder}'");

        StringAssert.EndsWith(
            error.Message,
            "(cd 'my model' && zip -r ../model.zip ., or in PowerShell Compress-Archive -Path 'my model\\*' -DestinationPath model.zip).");
    }

    /// <summary>The advice once gave <c>cd -rf &amp;&amp; …</c>, which cd reads as options.</summary>
    [TestMethod]
    public void AFolderNameStartingWithADashIsNotReadAsAnOption()
    {
        byte[] rezipped = ModelZip.Build(ModelZip.Entries(Zip.Value).Select(e => KeyValuePair.Create("-rf/" + e.Key, e.Value)));

        VaeModelFormatException error = AssertRefused(rezipped, "manifest", "'-rf/'");

        StringAssert.EndsWith(
            error.Message,
            "(cd ./-rf && zip -r ../model.zip ., or in PowerShell Compress-Archive -Path '-rf\\*' -DestinationPath model.zip).");
    }

    [TestMethod]
    public void UnzippedModelFolderIsToldHowToZipIt()
    {
        string folder = Directory.CreateTempSubdirectory("vae-unzipped-").FullName;
        try
        {
            ZipFile.ExtractToDirectory(new MemoryStream(Zip.Value), folder);

            var error = Assert.ThrowsExactly<ArgumentException>(() => VaeModel.Load(folder));
            var scoring = Assert.ThrowsExactly<ArgumentException>(() => VaeOnnxModel.Load(folder));

            Assert.AreEqual("path", error.ParamName);
            Assert.AreEqual(
                $"'{folder}' is a directory holding a model's files (manifest.json, encoder.onnx, decoder.onnx, autoencoder.onnx), as unzipping a model zip leaves them; "
                + $"give the model zip, or zip the folder's contents so that they sit at the zip's root (cd {folder} && zip -r ../model.zip ., "
                + $"or in PowerShell Compress-Archive -Path {folder.Replace('/', '\\')}\\* -DestinationPath model.zip). (Parameter 'path')",
                error.Message);
            Assert.AreEqual(error.Message, scoring.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The advice for an unzipped folder once named it for a POSIX shell only, where the zip of a folder was told for
    /// PowerShell too. The folder is made in the working directory, so that the path given starts with its name.
    /// </summary>
    [TestMethod]
    public void AnUnzippedFolderOfAnyNameIsToldHowToZipItInEachShell()
    {
        string folder = $"-unzipped it's {Guid.NewGuid():N}";
        try
        {
            ZipFile.ExtractToDirectory(new MemoryStream(Zip.Value), folder);

            var error = Assert.ThrowsExactly<ArgumentException>(() => VaeModel.Load(folder));

            StringAssert.EndsWith(
                error.Message,
                $"(cd './{folder.Replace("'", "'\\''", StringComparison.Ordinal)}' && zip -r ../model.zip ., "
                + $"or in PowerShell Compress-Archive -Path '{folder.Replace("'", "''", StringComparison.Ordinal)}\\*' -DestinationPath model.zip). (Parameter 'path')");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void ZipOfTwoModelFoldersIsNotToldToBeOneFolder()
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        byte[] twoFolders = ModelZip.Build(entries.Select(e => KeyValuePair.Create("a/" + e.Key, e.Value)).Concat(entries.Select(e => KeyValuePair.Create("b/" + e.Key, e.Value))));

        VaeModelFormatException error = AssertRefused(twoFolders, "manifest", "The zip has no 'manifest.json', so it is not a complete Vae.MLNet model.");

        Assert.DoesNotContain("sit under", error.Message);
    }

    [TestMethod]
    public void ZipWithoutAGraphIsRefused()
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        entries.Remove("decoder.onnx");
        AssertRefused(ModelZip.Build(entries), "decoder", "has no 'decoder.onnx'");
    }

    [TestMethod]
    public void ManifestThatIsNotJsonOrIncompleteIsRefused()
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        entries["manifest.json"] = Encoding.UTF8.GetBytes("{ \"formatVersion\": 1, ");
        AssertRefused(ModelZip.Build(entries), "manifest", "not a valid Vae.MLNet manifest");
        entries["manifest.json"] = [];
        AssertRefused(ModelZip.Build(entries), "manifest", "manifest: the file holds no JSON, only white space or nothing (line 1). Save the model again");
        AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["nested"] = JsonNode.Parse(new string('[', 20) + new string(']', 20))),
            "manifest",
            "manifest: arrays and objects nest more than 16 deep, deeper than the format goes (line 1). Save the model again");

        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m.Remove("options")), "manifest", "options");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["history"] = null), "manifest", "manifest: the value must not be null (at $.history, line ");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["options"] = null), "manifest", "manifest: the value must not be null (at $.options, line ");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["graphs"]!["encoder"] = null), "manifest", "manifest: the value must not be null (at $.graphs.encoder, line ");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m.Remove("formatVersion")), "manifest", "formatVersion");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["formatVersion"] = "1"), "manifest", "no whole-number 'formatVersion'");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["formatVersion"] = null), "manifest", "no whole-number 'formatVersion'");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["library"]!["name"] = "Other"), "manifest", "'Other'");
    }

    /// <summary>
    /// .NET's reader advises changing its options for a trailing comma, and calls a comment's '/' invalid; an editor of
    /// the file can do neither, so each is told as what stands in the file and how to remove it.
    /// </summary>
    [TestMethod]
    [DataRow("\"likelihood\": \"Gaussian\",", "\"likelihood\": \"Gaussian\", }", "a comma follows the last member of an object, which JSON does not allow; remove the comma before the object's closing '}' (line 2)")]
    [DataRow("\"likelihood\": \"Gaussian\",", "\"likelihood\": \"Gaussian\", \"unknown\": [1, ],", "a comma follows the last value of an array, which JSON does not allow; remove the comma before the array's closing ']'")]
    [DataRow("\"likelihood\": \"Gaussian\",", "\"likelihood\": \"Gaussian\" /*c*/,", "a '/' stands outside any string, as a comment (// or /* */) starts, which JSON does not allow; remove the comment, or the '/' (line 2)")]
    [DataRow("\"likelihood\": \"Gaussian\",", "\"likelihood\": /*c*/ \"Gaussian\",", "a '/' stands outside any string, as a comment (// or /* */) starts, which JSON does not allow; remove the comment, or the '/' (line 2)")]
    public void ATrailingCommaOrACommentInTheManifestIsToldAsWhatToRemove(string member, string edited, string expected)
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        string json = Encoding.UTF8.GetString(entries["manifest.json"]);
        int at = json.IndexOf(member, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, at, $"the manifest holds {member}");
        entries["manifest.json"] = Encoding.UTF8.GetBytes("{\n" + edited + json[(at + member.Length)..]);

        VaeModelFormatException error = AssertRefused(ModelZip.Build(entries), "manifest", expected);
        Assert.DoesNotContain("reader options", error.Message);
    }

    [TestMethod]
    [DataRow("graphs.encoder", "", "empty")]
    [DataRow("graphs.decoder", " ", "blank")]
    [DataRow("graphs.autoencoder", "", "empty")]
    [DataRow("featureRangesFile", "\t", "blank")]
    [DataRow("optimizerStateFile", "", "empty")]
    public void AnEntryFileNamedByNothingIsToldAsBlankNotAsAClash(string member, string name, string told)
    {
        byte[] zip = ModelZip.EditManifest(Zip.Value, m =>
        {
            string[] path = member.Split('.');
            (path.Length == 1 ? m : m[path[0]]!.AsObject())[path[^1]] = name;
        });

        VaeModelFormatException error = AssertRefused(zip, "manifest", $"manifest.json's {member} is {told}, where it names a file of the zip.");
        Assert.DoesNotContain("distinct", error.Message);
    }

    [TestMethod]
    [DataRow("manifest.json", "\"likelihood\": \"Gaussian\",", "manifest")]
    [DataRow("manifest.json", "\"formatVersion\": 1,", "manifest")]
    [DataRow("feature-ranges.json", "\"minimum\":", "featureRanges")]
    public void AJsonMemberGivenTwiceIsRefusedRatherThanOneOfItsValuesPicked(string entry, string member, string part)
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        string json = Encoding.UTF8.GetString(entries[entry]);
        int at = json.IndexOf(member, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, at, $"{entry} holds {member}");
        string repeated = member.EndsWith(',') ? member : $"{member}[],";
        entries[entry] = Encoding.UTF8.GetBytes(json.Insert(at, repeated));

        AssertRefused(ModelZip.Build(entries), part, $"the member '{member[1..member.IndexOf('"', 1)]}' is given twice");
    }

    /// <summary>
    /// Names are read exactly as the library writes them: .NET's reader would take a comma-joined list as a value no
    /// member has, which loaded and then failed every save, and other casings or spacing as the name.
    /// </summary>
    [TestMethod]
    [DataRow("history", "gemmBackend", "Managed, OpenBlas", "OpenBlas, Managed")]
    [DataRow(null, "activation", "Relu, Tanh", "Relu, Tanh, Softplus, LeakyRelu")]
    [DataRow(null, "likelihood", "bernoulli", "Bernoulli, Gaussian, GaussianLearnedVariance")]
    [DataRow("options", "inputScaling", " None ", "None, MinMax, Standardize")]
    [DataRow("options", "gemm", "1", "Auto, OpenBlas, Managed")]
    public void AnEnumValueIsReadOnlyAsOneOfItsNamesSpelledExactly(string? section, string member, string value, string named)
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => (section is null ? m : m[section]!.AsObject())[member] = value);
        string path = section is null ? member : $"{section}.{member}";
        AssertRefused(edited, "manifest", $"the value is not one of {named}");
        AssertRefused(edited, "manifest", $"(at $.{path}, line ");
    }

    [TestMethod]
    [DataRow("epoch", -7.0, "its report 1 is for epoch -7 and took")]
    [DataRow("seconds", double.NaN, "its report 1 is for epoch 1 and took NaN seconds")]
    [DataRow("seconds", -1.0, "its report 1 is for epoch 1 and took -1 seconds")]
    public void AHistoryWhoseEpochsAreNotCountedFromOneOrTookNoTimeIsRefused(string member, double value, string message)
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["epochs"]![0]![member] = double.IsNaN(value) ? "NaN" : value);
        AssertRefused(edited, "manifest", message);
    }

    [TestMethod]
    [DataRow("loss", double.NaN, "its report 1 has loss NaN, reconstruction ")]
    [DataRow("kullbackLeibler", double.PositiveInfinity, ", KL Infinity, beta ")]
    [DataRow("beta", -1.0, ", beta -1 and validation loss ")]
    [DataRow("validationLoss", double.NaN, "and validation loss NaN, where training records finite losses")]
    [DataRow("loss", 1.7e308, "its report 1 has loss 1.7E+308, reconstruction ")]
    [DataRow("reconstruction", -1e39, ", reconstruction -1E+39, KL ")]
    [DataRow("kullbackLeibler", 3.5e38, ", KL 3.5E+38, beta ")]
    [DataRow("validationLoss", 1e300, "and validation loss 1E+300, where training records finite losses that average float32 row values (terms within float32's range, ±3.4028235E+38, ")]
    public void AHistoryWithALossTrainingNeverRecordsIsRefused(string member, double value, string message)
    {
        JsonNode number = double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? "Infinity" : value;
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["epochs"]![0]![member] = number);
        AssertRefused(edited, "manifest", message);
    }

    /// <summary>
    /// A loss adds beta times the KL term to the reconstruction term, each within float32's range, in double: it can pass
    /// that range where its terms do not, and such a history loads.
    /// </summary>
    [TestMethod]
    public void ALossBeyondFloat32WithinWhatItsTermsMakeLoads()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m =>
        {
            JsonNode report = m["history"]!["epochs"]![0]!;
            report["reconstruction"] = 3e38;
            report["kullbackLeibler"] = 2e38;
            report["beta"] = 1;
            report["loss"] = 5e38;
            report["validationLoss"] = 5e38;
        });

        VaeModel model = VaeModel.Load(new MemoryStream(edited));

        Assert.AreEqual(5e38, model.History.Epochs[0].Loss);
    }

    /// <summary>
    /// A float32 member beyond float32's range is refused quoting the number the file holds, not the Infinity .NET's
    /// reader makes of it.
    /// </summary>
    [TestMethod]
    [DataRow("history.epochs.0.beta", "1e308")]
    [DataRow("options.learningRate", "-3.5E+38")]
    [DataRow("history.binarization.threshold", "1e300")]
    public void AFloat32MemberBeyondItsRangeIsRefusedAsTheFileHoldsIt(string member, string number)
    {
        string[] path = member.Split('.');
        byte[] edited = ModelZip.EditManifest(Zip.Value, m =>
        {
            if (path[1] == "binarization")
            {
                m["history"]!["binarization"] = new JsonObject { ["kind"] = "Threshold", ["threshold"] = 0.5 };
            }

            JsonNode parent = path[..^1].Aggregate((JsonNode)m, (node, step) => int.TryParse(step, out int index) ? node[index]! : node[step]!);
            parent[path[^1]] = JsonNode.Parse(number);
        });
        string at = member.Replace(".0.", "[0].", StringComparison.Ordinal);

        AssertRefused(edited, "manifest", $"manifest.json is not a valid Vae.MLNet manifest: the number {number} lies beyond float32's range, ±3.4028235E+38, which this member is held in (at $.{at}, line ");
    }

    [TestMethod]
    [DataRow(-1, 1.0, "its report 1 counts -1 active latent dimensions on the validation rows of the model's 3, where training counts them")]
    [DataRow(4, 1.0, "its report 1 counts 4 active latent dimensions on the validation rows of the model's 3, where training counts them")]
    [DataRow(1, null, "its report 1 counts 1 active latent dimension on the validation rows but has no validation loss, where")]
    public void AnActiveDimensionCountTrainingNeverRecordsIsRefused(int active, double? validationLoss, string message)
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m =>
        {
            m["history"]!["epochs"]![0]!["validationActiveDimensions"] = active;
            m["history"]!["epochs"]![0]!["validationLoss"] = validationLoss;
        });
        AssertRefused(edited, "manifest", message);
    }

    [TestMethod]
    public void ANullEpochReportIsNamed()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["epochs"]![0] = null);
        AssertRefused(edited, "manifest", "its report 1 is null where an epoch's report belongs");
    }

    [TestMethod]
    public void ABestEpochBeyondTheHistorysEpochsIsRefused()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["bestEpoch"] = 99);
        AssertRefused(edited, "manifest", "manifest.json holds values this library refuses: The best epoch must be one of the 2 epochs reported (1 to 2), or null when early stopping restored none (got 99). The manifest is damaged; save the model again.");
    }

    [TestMethod]
    [DataRow("NaN")]
    [DataRow("-Infinity")]
    public void ABestValidationLossTrainingNeverRecordsIsRefused(string value)
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["bestValidationLoss"] = value);
        AssertRefused(edited, "manifest", $"manifest.json holds values this library refuses: Early stopping keeps weights only by a finite validation loss; give the loss it kept them by, or null when it is not known (got {value}). The manifest is damaged; save the model again.");
    }

    [TestMethod]
    public void ABestValidationLossWithoutABestEpochIsRefused()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m =>
        {
            m["history"]!["bestEpoch"] = null;
            m["history"]!["bestValidationLoss"] = 12.75;
        });
        AssertRefused(edited, "manifest", "manifest.json holds values this library refuses: A best validation loss (12.75) is the loss early stopping kept the best epoch's weights by, and no best epoch is given; give the best epoch with it, or leave it null. The manifest is damaged; save the model again.");
    }

    [TestMethod]
    [DataRow("\"yes\"")]
    [DataRow("1")]
    [DataRow("null")]
    public void AnInterruptionMarkThatIsNotTrueOrFalseIsRefused(string value)
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["interrupted"] = JsonNode.Parse(value));
        AssertRefused(edited, "manifest", "manifest.json is not a valid Vae.MLNet manifest: the value is not of the kind the format holds there (at $.history.interrupted, line 1).");
    }

    [TestMethod]
    public void RunsThatDoNotRiseThroughTheHistorysEpochsAreRefused()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["runStartEpochs"] = new JsonArray(1, 3));
        AssertRefused(edited, "manifest", "manifest.json holds values this library refuses: The runs' first epochs (1, 3) must rise from epoch 1 through the 2 epochs reported");
    }

    [TestMethod]
    public void AHistoryWhoseProductsRanOnAutoIsRefused()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["gemmBackend"] = "Auto");
        AssertRefused(edited, "manifest", "the matrix products ran on 'Auto', where training records the one that ran, OpenBlas or Managed");
    }

    [TestMethod]
    public void AHistoryWhoseStepsRanOnNoThreadIsRefused()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["numberOfThreadsUsed"] = 0);
        AssertRefused(edited, "manifest", "manifest.json holds values this library refuses: A training step runs on at least one thread; give the count it ran on, or null when it is not known (got 0). The manifest is damaged; save the model again.");
    }

    [TestMethod]
    public void AHistoryWhoseBinarizationIsMalformedIsRefused()
    {
        (JsonObject Binarization, string Message)[] cases =
        [
            (new JsonObject { ["kind"] = "Sometimes", ["seed"] = 1 }, "the value is not one of Threshold, Stochastic, Resampled (at $.history.binarization.kind"),
            (new JsonObject { ["kind"] = "threshold", ["threshold"] = 0.5 }, "the value is not one of Threshold, Stochastic, Resampled (at $.history.binarization.kind"),
            (new JsonObject { ["threshold"] = 0.5 }, "required members are missing, among them 'kind'"),
            (new JsonObject { ["kind"] = "Threshold", ["seed"] = 1 }, "A threshold binarization has a finite threshold and no seed, not threshold null and seed 1."),
            (new JsonObject { ["kind"] = "Threshold", ["threshold"] = "NaN" }, "A threshold binarization has a finite threshold and no seed, not threshold NaN and seed null."),
            (new JsonObject { ["kind"] = "Stochastic" }, "A Stochastic binarization has the seed of its draws and no threshold, not seed null and threshold null."),
            (new JsonObject { ["kind"] = "Resampled", ["seed"] = 2, ["threshold"] = 0.5 }, "A Resampled binarization has the seed of its draws and no threshold, not seed 2 and threshold 0.5."),
        ];

        foreach ((JsonObject binarization, string message) in cases)
        {
            byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["binarization"] = binarization);
            AssertRefused(edited, "manifest", message);
        }
    }

    [TestMethod]
    public void AManifestOfMoreStringsThanTheBudgetForNamesLeavesRoomForIsRefusedBeforeTheyAreRead()
    {
        // A million names of one letter take 4 MB of JSON, and read, a JsonDocument of 12 MB and 40 MB of strings and
        // their list, all before the names are found to repeat.
        byte[] zip = ModelZip.EditManifest(Zip.Value, m =>
        {
            m["inputDimension"] = 1_000_000;
            m["featureNames"] = new JsonArray([.. Enumerable.Range(0, 1_000_000).Select(_ => (JsonNode?)"a")]);
        });

        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(zip, "manifest", "manifest.json holds 1000022 strings, more than the 763624 a manifest can");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsLessThan(16L << 20, allocated, "the strings should be counted in the manifest's bytes, not read");
    }

    [TestMethod]
    public void AManifestListingAHundredThousandLayersIsRefusedInAMessageOfAFewLines()
    {
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["options"]!["hiddenLayerSizes"] = new JsonArray(Enumerable.Range(0, 100_000).Select(_ => (JsonNode?)3).ToArray()));

        VaeModelFormatException error = AssertRefused(edited, "manifest", "options.hiddenLayerSizes is [3, 3, 3, 3, 3, 3, 3, 3 and 99992 more], but the graphs in the zip have [");

        Assert.IsLessThan(600, error.Message.Length, error.Message);
    }

    [TestMethod]
    public void AValueOfTheWrongKindOrRangeIsNamedByItsPathInTheFileNotByDotNetTypes()
    {
        VaeModelFormatException likelihood = AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["likelihood"] = "Poisson"), "manifest", "the value is not one of Bernoulli, Gaussian, GaussianLearnedVariance (at $.likelihood, line ");
        VaeModelFormatException kind = AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["latentDimension"] = "two"), "manifest", "the value is not of the kind the format holds there (at $.latentDimension, line ");
        VaeModelFormatException missing = AssertRefused(ModelZip.EditManifest(Zip.Value, m => m.Remove("activation")), "manifest", "required members are missing, among them 'activation'");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["options"]!.AsObject().Remove("learningRate")), "manifest", "required members are missing, among them 'learningRate'");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["tensorNames"]!.AsObject().Remove("latent")), "manifest", "required members are missing, among them 'latent'");
        VaeModelFormatException unreadable = AssertRefused(ModelZip.Build(new Dictionary<string, byte[]>(ModelZip.Entries(Zip.Value)) { ["manifest.json"] = Encoding.UTF8.GetBytes("{\n  \"formatVersion\": 1,\n  ,\n}") }), "manifest", "(line 3)");
        VaeModelFormatException threads = AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["options"]!["numberOfThreads"] = 100000), "manifest", "at $.options.numberOfThreads: NumberOfThreads must be at most 256");
        VaeModelFormatException layers = AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["options"]!["hiddenLayerSizes"] = new JsonArray(-3)), "manifest", "refuses at $.options.hiddenLayerSizes: Hidden layer 0 has size -3;");
        VaeModelFormatException rate = AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["options"]!["learningRate"] = -1), "manifest", "refuses at $.options.learningRate: LearningRate must be");

        StringAssert.Contains(threads.Message, "(got 100000).");
        foreach (VaeModelFormatException error in new[] { likelihood, kind, missing, unreadable, layers, rate, threads })
        {
            Assert.DoesNotContain("Vae.MLNet.", error.Message);
            Assert.DoesNotContain("(Parameter", error.Message);
            Assert.DoesNotContain("LineNumber", error.Message);
            Assert.DoesNotContain("\n", error.Message);
        }
    }

    [TestMethod]
    public void NewerFormatVersionAsksForAnUpgrade()
    {
        byte[] newer = ModelZip.EditManifest(Zip.Value, m =>
        {
            m["formatVersion"] = 2;
            m["library"]!["version"] = "9.4.0";
            m["options"] = "reshaped in version 2";
        });
        VaeModelFormatException error = AssertRefused(newer, "manifest", "The model was written by Vae.MLNet 9.4.0 in format version 2;");
        StringAssert.EndsWith(error.Message, "reads format versions up to 1. Upgrade Vae.MLNet to the build that wrote the model zip or a later one to load it.");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["formatVersion"] = 0), "manifest", "formatVersion 0");
    }

    [TestMethod]
    public void ANewerFormatUnderThisBuildsVersionIsPutDownToANewerBuildOfIt()
    {
        // Builds share a version string, so the string alone cannot say which build is newer.
        byte[] newer = ModelZip.EditManifest(Zip.Value, m => m["formatVersion"] = 2);

        VaeModelFormatException error = AssertRefused(
            newer, "manifest", $"The model was written by a newer build of Vae.MLNet {OnnxModelMetadata.LibraryVersion} in format version 2;");
        StringAssert.Contains(error.Message, $"; this build of Vae.MLNet {OnnxModelMetadata.LibraryVersion} reads format versions up to 1. Upgrade Vae.MLNet");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("+0123456789abcdef0123456789abcdef01234567")]
    public void ANewerFormatUnderThisBuildsVersionNumberWithAnyCommitIsPutDownToANewerBuildOfIt(string commit)
    {
        // The commit a build from git appends names the build but does not order it.
        string version = OnnxModelMetadata.LibraryVersion.Split('+')[0] + commit;
        byte[] newer = ModelZip.EditManifest(Zip.Value, m =>
        {
            m["formatVersion"] = 2;
            m["library"]!["version"] = version;
        });

        AssertRefused(newer, "manifest", $"The model was written by a newer build of Vae.MLNet {version} in format version 2;");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("  ")]
    [DataRow("9.4.0\nsee the release notes")]
    [DataRow("9.4.0-preview.1+build.20261123.abcdef0123456789abcdef0123456789abcdef01234")]
    public void ANewerFormatWhoseVersionIsNoShortLineIsPutDownToANewerLibrary(string version)
    {
        byte[] newer = ModelZip.EditManifest(Zip.Value, m =>
        {
            m["formatVersion"] = 2;
            m["library"]!["version"] = version;
        });

        AssertRefused(newer, "manifest", "The model was written by a newer build of Vae.MLNet in format version 2;");
    }

    [TestMethod]
    public void ANewerFormatWhoseVersionEscapesHalfASurrogatePairIsPutDownToANewerLibrary()
    {
        var entries = new Dictionary<string, byte[]>(ModelZip.Entries(ModelZip.EditManifest(Zip.Value, m => m["formatVersion"] = 2)));
        string json = Encoding.UTF8.GetString(entries["manifest.json"]);
        entries["manifest.json"] = Encoding.UTF8.GetBytes(json.Replace("\"version\":\"", "\"version\":\"\\ud800", StringComparison.Ordinal));
        Assert.AreNotEqual(json, Encoding.UTF8.GetString(entries["manifest.json"]));

        AssertRefused(ModelZip.Build(entries), "manifest", "The model was written by a newer build of Vae.MLNet in format version 2;");
    }

    [TestMethod]
    public void TheScalingsLogVarianceShiftMayDifferByTheUlpsOfAnotherCLibrarysLogarithmButNoMore()
    {
        byte[] zip = ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Relu, scaled: true, seed: 2));
        byte[] Shifted(Func<float, float> change) => ModelZip.EditGraphs(zip, graph =>
        {
            foreach (TensorProto tensor in graph.Graph.Initializer.Where(t => t.Name == OnnxInitializerNames.ScalingLogVarianceShift))
            {
                byte[] values = tensor.RawData.ToByteArray();
                for (int i = 0; i < values.Length; i += sizeof(float))
                {
                    BinaryPrimitives.WriteSingleLittleEndian(values.AsSpan(i), change(BinaryPrimitives.ReadSingleLittleEndian(values.AsSpan(i))));
                }

                tensor.RawData = ByteString.CopyFrom(values);
            }
        });

        CollectionAssert.AreEqual(zip, ModelZip.Save(ModelZip.Load(Shifted(MathF.BitIncrement))), "a shift an ulp away loads as the same model");
        CollectionAssert.AreEqual(zip, ModelZip.Save(ModelZip.Load(Shifted(MathF.BitDecrement))));
        AssertRefused(Shifted(shift => shift * 1.001f), "decoder", "constant 'scaling.log_variance_shift'");
    }

    [TestMethod]
    public void ManifestThatContradictsTheGraphsIsRefused()
    {
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["inputDimension"] = 10), "manifest", "inputDimension is 10, but the graphs in the zip have 9");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["latentDimension"] = -1), "manifest", "latentDimension is -1; a model has at least one of each");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["activation"] = "Tanh"), "manifest", "activation is Tanh");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["options"]!["hiddenLayerSizes"] = new JsonArray(8)), "manifest", "hiddenLayerSizes");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["tensorNames"]!["latent"] = "z"), "manifest", "tensorNames");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["graphs"]!["decoder"] = "encoder.onnx"), "manifest", "need distinct file names");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["graphs"]!["autoencoder"] = "decoder.onnx"), "manifest", "need distinct file names");
    }

    /// <summary>
    /// The library's name and version give no setting, so a graph that lost one agreed with the others that lost it too,
    /// and the autoencoder, compared last, was blamed for a value the encoder did not hold either.
    /// </summary>
    [TestMethod]
    [DataRow("vae_mlnet.library", "encoder,decoder,autoencoder", "encoder")]
    [DataRow("vae_mlnet.library", "encoder,decoder", "encoder")]
    [DataRow("vae_mlnet.library", "autoencoder", "autoencoder")]
    [DataRow("vae_mlnet.version", "decoder", "decoder")]
    public void AGraphWithoutAMetadataEntryTheExportWritesIsRefusedByItsName(string key, string fromGraphs, string refused)
    {
        byte[] edited = ModelZip.EditGraphs(Zip.Value, graph =>
        {
            if (fromGraphs.Split(',').Contains(graph.MetadataProps.Single(p => p.Key == "vae_mlnet.graph").Value))
            {
                graph.MetadataProps.Remove(graph.MetadataProps.Single(p => p.Key == key));
            }
        });

        VaeModelFormatException error = AssertRefused(edited, refused, $"The {refused} model's metadata has no '{key}' entry, which Vae.MLNet writes into every graph.");
        Assert.DoesNotContain("different models", error.Message);
    }

    /// <summary>
    /// Graph forms changed under format version 1, so an older build reading a newer build's graph cannot tell its form
    /// from an edit; where the graph names another build, the message says so instead of only calling the zip damaged.
    /// </summary>
    [TestMethod]
    public void AGraphOfAnUnknownFormFromAnotherBuildIsPutDownToThatBuildNotOnlyToDamage()
    {
        static void RenameLastNode(ModelProto graph)
        {
            if (graph.MetadataProps.Single(p => p.Key == "vae_mlnet.graph").Value == "autoencoder")
            {
                graph.Graph.Node[^1].Name += "_renamed";
            }
        }

        byte[] otherBuild = ModelZip.EditGraphs(Zip.Value, graph =>
        {
            SetMetadata(graph, ("vae_mlnet.version", "0.2.0+abc"));
            RenameLastNode(graph);
        });
        byte[] thisBuild = ModelZip.EditGraphs(Zip.Value, RenameLastNode);

        VaeModelFormatException other = AssertRefused(
            otherBuild,
            "autoencoder",
            $"It was written by Vae.MLNet 0.2.0+abc, another build than this one ({OnnxModelMetadata.LibraryVersion}), whose graph form this build may not know: load the zip with that build or a later one");
        VaeModelFormatException own = AssertRefused(thisBuild, "autoencoder", OnnxModelMetadata.ZipEditedAdvice);
        StringAssert.Contains(other.Message, "The autoencoder graph is not the one Vae.MLNet writes for its metadata: node ");
        Assert.DoesNotContain("another build", own.Message);
    }

    [TestMethod]
    public void GraphsThatNameAnotherLibraryAreRefusedByTheFirst()
    {
        AssertRefused(
            ModelZip.EditGraphs(Zip.Value, graph => SetMetadata(graph, ("vae_mlnet.library", "Other"))),
            "encoder",
            "The encoder model's metadata 'vae_mlnet.library' is 'Other' where 'Vae.MLNet' is expected.");
    }

    /// <summary>A library whose name begins with this one's is another library.</summary>
    [TestMethod]
    public void GraphsThatNameALibraryExtendingThisOnesNameAreRefused()
    {
        AssertRefused(
            ModelZip.EditGraphs(Zip.Value, graph => SetMetadata(graph, ("vae_mlnet.library", "Vae.MLNetX"))),
            "encoder",
            "The encoder model's metadata 'vae_mlnet.library' is 'Vae.MLNetX' where 'Vae.MLNet' is expected.");
    }

    [TestMethod]
    public void AnAutoencoderSettingOtherwiseThanTheEncoderIsRefusedQuotingBoth()
    {
        // A 0 appended reads as the same slope: the encoder's spelling, not the one the library writes, is what the message quotes.
        byte[] edited = ModelZip.EditGraphs(Zip.Value, graph => SetMetadata(
            graph, ("vae_mlnet.leaky_relu_slope", graph.MetadataProps.Single(p => p.Key == "vae_mlnet.graph").Value == "autoencoder" ? "0.3" : "0.20")));

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(edited));
        StringAssert.Contains(error.Message, "metadata 'vae_mlnet.leaky_relu_slope' is '0.20' in the encoder but '0.3' in the autoencoder.");
    }

    [TestMethod]
    public void DocStringsThatOnnxToolsAddToTheGraphsAreIgnored()
    {
        byte[] annotated = ModelZip.EditGraphs(Zip.Value, model =>
        {
            GraphProto graph = model.Graph;
            graph.DocString = "my notes";
            graph.Input[0].DocString = "the rows";
            graph.Output[0].DocString = "the result";
            graph.Initializer[0].DocString = "a constant";
            graph.Node[0].DocString = "x";
            foreach (AttributeProto attribute in graph.Node.SelectMany(node => node.Attribute))
            {
                attribute.DocString = "a setting";
            }
        });

        Assert.IsTrue(ModelProto.Parser.ParseFrom(ModelZip.Entries(annotated)["encoder.onnx"]).Graph.Node.Any(node => node.Attribute.Count > 0), "an attribute should carry a doc string");
        CollectionAssert.AreEqual(Zip.Value, ModelZip.Save(ModelZip.Load(annotated)));
    }

    [TestMethod]
    public void ATensorRenamedInTheGraphsAloneIsRefusedByItsManifestKeyAndLoadsOnceTheManifestAgrees()
    {
        byte[] renamed = ModelZip.EditGraphs(Zip.Value, graph => RenameTensor(graph, "Features", "input"));

        VaeModelFormatException error = AssertRefused(
            renamed,
            "manifest",
            "manifest.json names the graphs' inputs and outputs otherwise than the graphs in the zip do: tensorNames.features is \"Features\" in the manifest but \"input\" in the graphs. "
            + "The names were changed in one and not the other; make them agree,");
        Assert.DoesNotContain("LatentMean", error.Message, "only the name that differs is shown");
        Assert.AreEqual("input", ModelZip.Load(ModelZip.EditManifest(renamed, m => m["tensorNames"]!["features"] = "input")).TensorNames.Features);
    }

    /// <summary>ONNX Runtime finds a tensor by its exact name, so a name the graphs spell in another case is another name.</summary>
    [TestMethod]
    public void ATensorRenamedInTheGraphsByCaseAloneIsRefused() =>
        AssertRefused(
            ModelZip.EditGraphs(Zip.Value, graph => RenameTensor(graph, "Features", "features")),
            "manifest",
            "tensorNames.features is \"Features\" in the manifest but \"features\" in the graphs.");

    [TestMethod]
    public void TensorsRenamedInTheGraphsAreRefusedByEveryManifestKeyThatDiffers()
    {
        byte[] renamed = ModelZip.EditGraphs(Zip.Value, graph =>
        {
            RenameTensor(graph, "Features", "input");
            RenameTensor(graph, "Latent", "z");
        });

        VaeModelFormatException error = AssertRefused(renamed, "manifest", "tensorNames.features is \"Features\" in the manifest but \"input\" in the graphs; ");
        StringAssert.Contains(error.Message, "tensorNames.latent is \"Latent\" in the manifest but \"z\" in the graphs. ", error.Message);
    }

    /// <summary>
    /// The graphs hold these values as metadata and the manifest's options repeat them; a model loaded from a zip
    /// where they disagree would score with one value and report the other.
    /// </summary>
    [TestMethod]
    public void ManifestOptionsThatContradictTheGraphsScalarsAreRefused()
    {
        byte[] leaky = ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.LeakyRelu, scaled: true, seed: 1));

        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["options"]!["gaussianVariance"] = 0.25), "manifest", "options.gaussianVariance is 0.25, but the graphs in the zip have 0.5");
        AssertRefused(ModelZip.EditManifest(leaky, m => m["options"]!["leakyReluSlope"] = 0.1), "manifest", "options.leakyReluSlope is 0.1, but the graphs in the zip have 0.2");
    }

    [TestMethod]
    public void GraphMetadataClaimingHugeLayersIsRefusedBeforeAnyWeightIsAllocated()
    {
        // 50000 × 50000 overflows an int, and two layers of 15000 × 15000 floats would take 1.8 GB: both must be refused
        // from the metadata and the constants' own shapes, before a weight matrix of that size is asked for.
        byte[] graphsOnly = ModelZip.EditGraphs(Zip.Value, g => SetMetadata(g, ("vae_mlnet.input_dimension", "50000"), ("vae_mlnet.encoder_hidden_sizes", "50000")));
        byte[] graphsAndManifest = ModelZip.EditManifest(
            ModelZip.EditGraphs(Zip.Value, g => SetMetadata(g, ("vae_mlnet.input_dimension", "15000"), ("vae_mlnet.encoder_hidden_sizes", "15000"))),
            m =>
            {
                m["inputDimension"] = 15000;
                m["options"]!["hiddenLayerSizes"] = new JsonArray(15000);
            });

        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(graphsOnly, "manifest", "manifest.json says inputDimension is 9, but the graphs in the zip have 50000");
        AssertRefused(graphsAndManifest, "encoder", "'encoder.hidden.0.weight' has shape [9, 8], but the model's metadata needs [15000, 15000]");
        var onnx = Assert.ThrowsExactly<VaeModelFormatException>(() => VaeOnnxModel.Load(new MemoryStream(graphsOnly)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual("manifest", onnx.ModelPart);
        Assert.IsLessThan(64L << 20, allocated, "refusing a few kilobytes of graphs should not allocate their claimed weights");
    }

    [TestMethod]
    public void AGraphEntryFarLargerThanTheManifestsArchitectureIsRefusedWithoutInflatingIt()
    {
        // 32 MiB of zeros deflate to 32 KB; the real encoder.onnx of this model is about 3 KB.
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        int realLength = entries["encoder.onnx"].Length;
        entries["encoder.onnx"] = new byte[32 << 20];
        byte[] bomb = ModelZip.Build(entries);
        byte[] understated = ModelZip.WithStatedLength(bomb, "encoder.onnx", (uint)realLength);

        long before = GC.GetAllocatedBytesForCurrentThread();
        VaeModelFormatException declared = AssertRefused(bomb, "encoder", "The zip says 'encoder.onnx' is 33554432 bytes, more than the");
        AssertRefused(understated, "encoder", "'encoder.onnx' in the zip is damaged");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        StringAssert.Contains(declared.Message, "the architecture manifest.json describes");
        Assert.IsLessThan(4L << 20, allocated, "neither entry should be inflated beyond the length the zip states for it");
    }

    [TestMethod]
    public void AZip64SizeThatIsNegativeAsASignedNumberIsRefusedAsDamaged()
    {
        // System.IO.Compression reads ZIP64 sizes as signed: 2^64 - 16 comes back as -16, which a read then rejects
        // with an ArgumentOutOfRangeException of its own unless the size is refused first.
        int length = ModelZip.Entries(Zip.Value)["encoder.onnx"].Length;
        byte[] compressedNegative = ModelZip.WithZip64Sizes(Zip.Value, "encoder.onnx", (ulong)length, ulong.MaxValue - 15);
        byte[] lengthNegative = ModelZip.WithZip64Sizes(Zip.Value, "encoder.onnx", ulong.MaxValue - 15, (ulong)length);
        const string Negative = "The zip's directory gives 'encoder.onnx' a negative size";

        AssertRefused(compressedNegative, "encoder", $"{Negative} ({length} bytes, -16 compressed)");
        AssertRefused(lengthNegative, "encoder", $"{Negative} (-16 bytes, {length} compressed)");
        Assert.AreEqual("encoder", Assert.ThrowsExactly<VaeModelFormatException>(() => VaeOnnxModel.Load(new MemoryStream(compressedNegative))).ModelPart);
    }

    [TestMethod]
    public void ALengthBeyondWhatTheCompressedBytesLikelyHoldIsNotAllocatedAheadOfTheBytes()
    {
        // A manifest may take 24 MiB, far more than its few compressed kilobytes likely hold: the buffer grows with the
        // bytes that arrive instead.
        byte[] overstated = ModelZip.WithStatedLength(Zip.Value, "manifest.json", (uint)ModelArchive.MaxManifestBytes - 1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(overstated, "manifest", "'manifest.json' in the zip is damaged");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsLessThan(4L << 20, allocated, "the buffer grows with the bytes inflated, not with the length stated");
    }

    [TestMethod]
    public void AGraphTheEditedManifestAllowsIsRefusedFromItsCompressedLengthWithoutInflatingIt()
    {
        // A manifest claiming two hidden layers of 20 000 allows an encoder of 1.6 GB. 64 MiB of zeros deflate to 64 KB,
        // which float32 weights never do; nor do the 3 KB of a real graph inflate to the 1.5 GB the zip then claims.
        byte[] claimsHugeLayers = ModelZip.EditManifest(Zip.Value, m => m["options"]!["hiddenLayerSizes"] = new JsonArray(20000, 20000));
        Dictionary<string, byte[]> entries = ModelZip.Entries(claimsHugeLayers);
        entries["encoder.onnx"] = new byte[64 << 20];
        byte[] zeros = ModelZip.Build(entries);
        byte[] overstated = ModelZip.WithStatedLength(claimsHugeLayers, "encoder.onnx", 1_500_000_000);

        // Each claimed feature allows a graph some bytes of biases and scaling constants beside its weights: 4 million of
        // them once let 40 MiB of zeros be inflated before the graph was found to be no graph.
        Dictionary<string, byte[]> manyFeatures = ModelZip.Entries(ModelZip.EditManifest(Zip.Value, m => m["inputDimension"] = 4_000_000));
        manyFeatures["encoder.onnx"] = new byte[40 << 20];
        byte[] featureZeros = ModelZip.Build(manyFeatures);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(zeros, "encoder", "The zip says 'encoder.onnx' is 67108864 bytes, more than the");
        AssertRefused(zeros, "encoder", "compressed bytes can hold (a graph's weights do not deflate 8 to 1, nor its nodes 64 to 1)");
        AssertRefused(overstated, "encoder", "compressed bytes can hold");
        AssertRefused(featureZeros, "encoder", "compressed bytes can hold (a graph's weights do not deflate 8 to 1, nor its nodes 64 to 1)");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsLessThan(4L << 20, allocated, "neither entry should be inflated");
    }

    [TestMethod]
    public void LongTensorNamesInTheManifestAreRefusedBeforeTheRoomTheyWouldAllowAGraphIsInflated()
    {
        // Each use of a tensor name is allowed in a graph whatever its compressed length: eight names of 64 KiB once let an
        // encoder of 4 MB of empty nodes, deflating to some kilobytes, be inflated and parsed into hundreds of megabytes
        // of node objects (names of 3 MB let a 387 KB zip ask for 35 GB).
        string[] members = ["features", "latentMean", "latentLogVar", "latent", "reconstruction", "reconstructionLogVar", "reconstructionError", "anomalyScore"];
        Dictionary<string, byte[]> entries = ModelZip.Entries(ModelZip.EditManifest(Zip.Value, m =>
        {
            foreach (string member in members)
            {
                m["tensorNames"]![member] = member + new string('n', 64 << 10);
            }
        }));
        entries["encoder.onnx"] = EmptyNodes(2_000_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(ModelZip.Build(entries), "manifest", $"The ONNX tensor name Features takes {"features".Length + (64 << 10)} bytes of UTF-8, more than the 1024 a tensor name may");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsLessThan(32L << 20, allocated, "the encoder's empty nodes should not be inflated and parsed");
    }

    [TestMethod]
    [DataRow("nodes", DisplayName = "200 000 empty nodes")]
    [DataRow("attributes", DisplayName = "200 000 empty attributes of one node")]
    [DataRow("packed", DisplayName = "a node's packed list of 800 000 int64 zeros")]
    public void AGraphOfMoreFieldsThanItsArchitectureCanHaveIsRefusedBeforeItIsParsed(string holding)
    {
        // Parsed, a node of two bytes is an object of some hundred, and a packed zero of one byte a long of eight: each
        // graph fits in the bytes the zip allows, yet would take some 40 MB parsed before its nodes could be counted.
        ModelProto encoder = ModelProto.Parser.ParseFrom(ModelZip.Entries(Zip.Value)["encoder.onnx"]);
        byte[] graph = encoder.ToByteArray();
        switch (holding)
        {
            case "nodes":
                encoder.Graph.Node.Add(Enumerable.Range(0, 200_000).Select(_ => new NodeProto()));
                graph = encoder.ToByteArray();
                break;
            case "attributes":
                encoder.Graph.Node[0].Attribute.Add(Enumerable.Range(0, 200_000).Select(_ => new AttributeProto()));
                graph = encoder.ToByteArray();
                break;
            default:
                // ints (8) of an attribute (5) of a node (1) of the graph (7), which protobuf merges into the graph
                // before it; proto2 writes such a list unpacked, but reads it packed too.
                graph = [.. graph, .. LengthDelimited(7, LengthDelimited(1, LengthDelimited(5, LengthDelimited(8, new byte[800_000]))))];
                break;
        }

        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        entries["encoder.onnx"] = graph;
        byte[] zip = ModelZip.Build(entries);

        long before = GC.GetAllocatedBytesForCurrentThread();
        VaeModelFormatException error = AssertRefused(zip, "encoder", "'encoder.onnx' holds more than the 4864 protobuf fields");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        StringAssert.Contains(error.Message, "the encoder graph of the architecture manifest.json describes can have");
        Assert.IsLessThan(4L << 20, allocated, "the graph should be refused from its fields' count, before it is parsed");
    }

    [TestMethod]
    public void AManifestOfManyLayersDoesNotWidenTheRoomOfAGraphBeyondWhatItsCompressedBytesCanHold()
    {
        // 100 000 claimed layers once allowed a graph 400 MB of structure and 25 million fields whatever its compressed
        // length: 500 000 empty nodes, deflating to some kilobytes, were parsed into some hundred megabytes (11 million
        // layers let a 27 KB zip take 1.9 GB) before the graph was found to be no graph of the model.
        byte[] claimsManyLayers = ModelZip.EditManifest(Zip.Value, m => m["options"]!["hiddenLayerSizes"] = new JsonArray([.. Enumerable.Range(0, 100_000).Select(_ => (JsonNode?)1)]));
        Dictionary<string, byte[]> entries = ModelZip.Entries(claimsManyLayers);
        entries["encoder.onnx"] = EmptyNodes(500_000);
        byte[] fieldsWithinTheRoom = ModelZip.Build(entries);
        entries["encoder.onnx"] = EmptyNodes(8_000_000);
        byte[] bytesBeyondTheRoom = ModelZip.Build(entries);

        // Reading the manifest's 100 000 layers takes some megabytes of its own, as refusing the model's real graphs for
        // disagreeing with it shows.
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(claimsManyLayers, "manifest", "manifest.json says options.hiddenLayerSizes is [1, 1, 1, 1, 1, 1, 1, 1 and 99992 more]");
        long manifest = GC.GetAllocatedBytesForCurrentThread() - before;
        VaeModelFormatException fields = AssertRefused(fieldsWithinTheRoom, "encoder", "'encoder.onnx' holds more than the");
        VaeModelFormatException bytes = AssertRefused(bytesBeyondTheRoom, "encoder", "The zip says 'encoder.onnx' is 16000005 bytes, more than the");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before - manifest;

        StringAssert.Contains(fields.Message, "compressed bytes can hold (4096 and 4 a compressed byte: a graph's nodes do not deflate further)");
        StringAssert.Contains(bytes.Message, "compressed bytes can hold (a graph's weights do not deflate 8 to 1, nor its nodes 64 to 1)");
        Assert.IsLessThan((2 * manifest) + (8L << 20), allocated, "neither graph's empty nodes should be parsed");
    }

    [TestMethod]
    public void AManifestOfAMillionLayersIsRefusedWithoutHoldingEveryLayersShapeAtOnce()
    {
        // Checking that the network fits an array and an ONNX file once listed every layer's shape, twice over with the
        // decoder's mirror, and again with one unit each: 83 MB for a manifest of 2 MB.
        byte[] claimsAMillionLayers = ModelZip.EditManifest(Zip.Value, m => m["options"]!["hiddenLayerSizes"] = new JsonArray([.. Enumerable.Range(0, 1_000_000).Select(_ => (JsonNode?)1)]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(claimsAMillionLayers, "manifest", "manifest.json says options.hiddenLayerSizes is [1, 1, 1, 1, 1, 1, 1, 1 and 999992 more]");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsLessThan(40L << 20, allocated, "the layers' shapes should be read one at a time");
    }

    [TestMethod]
    public void AManifestDescribingANetworkTooLargeToScoreIsRefused()
    {
        // A scratch row of 2 × 1.1 billion values passes an array's length: training refuses such a network, and a loaded
        // one would fail later with an arithmetic overflow when it scored its first row.
        AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["inputDimension"] = 1_100_000_000),
            "manifest",
            "manifest.json describes a network of 1100000000 features that Vae.MLNet neither trains nor scores. A row of 1100000000 features needs 2200000000 values of scratch");

        // Scored a row at a time, as its passes are, a network of 5 million features fits, and training makes one: such a
        // manifest is refused only for disagreeing with the graphs, where its size was once counted for 256 rows at once.
        AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["inputDimension"] = 5_000_000),
            "manifest",
            "manifest.json says inputDimension is 5000000, but the graphs in the zip have 9.");
        AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["options"]!["hiddenLayerSizes"] = new JsonArray(30000, 30000)),
            "manifest",
            "GiB in its ONNX autoencoder graph");
    }

    [TestMethod]
    public void GraphsOfAnotherModelAreRefused()
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        entries["decoder.onnx"] = ModelZip.Entries(ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 2)))["decoder.onnx"];
        AssertRefused(ModelZip.Build(entries), "decoder", "The model zip was damaged or edited after it was saved");

        entries = ModelZip.Entries(Zip.Value);
        VaeModel model = ModelZip.Load(Zip.Value);
        entries["decoder.onnx"] = model.ExportDecoderOnnx(model.FeatureRanges!);
        VaeModelFormatException ranged = AssertRefused(
            ModelZip.Build(entries), "decoder", "The model zip's decoder is a Vae.MLNet 'decoder_with_feature_ranges' graph: the decoder for generating that VaeModel.ExportDecoderOnnx(featureRanges) writes");
        StringAssert.EndsWith(ranged.Message, "Put back the decoder the zip was saved with, or one that VaeModel.ExportOnnx writes.");

        entries = ModelZip.Entries(Zip.Value);
        (entries["encoder.onnx"], entries["decoder.onnx"]) = (entries["decoder.onnx"], entries["encoder.onnx"]);
        AssertRefused(ModelZip.Build(entries), "encoder", "'decoder' graph");

        entries = ModelZip.Entries(Zip.Value);
        entries["autoencoder.onnx"] = ModelZip.Entries(ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 2)))["autoencoder.onnx"];
        AssertRefused(ModelZip.Build(entries), "autoencoder", "autoencoder");
    }

    [TestMethod]
    public void OnnxRuntimeModelRefusesDamagedZipsTheSameWay()
    {
        byte[] newer = ModelZip.EditManifest(Zip.Value, m => m["formatVersion"] = 3);
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => VaeOnnxModel.Load(new MemoryStream(newer)));
        StringAssert.Contains(error.Message, "Upgrade");
        Assert.ThrowsExactly<FileNotFoundException>(() => VaeOnnxModel.Load(Path.Combine(Path.GetTempPath(), $"vae-no-such-model-{Guid.NewGuid():N}.zip")));
    }

    [TestMethod]
    public void FeatureNamesThatCannotNameTheModelsFeaturesAreRefused()
    {
        static JsonArray Names(int count, Func<int, string?> name) => new(Enumerable.Range(0, count).Select(i => (JsonNode?)name(i)).ToArray());

        Assert.AreEqual("f8", ModelZip.Load(ModelZip.EditManifest(Zip.Value, m => m["featureNames"] = Names(9, i => $"f{i}"))).FeatureNames![8]);
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["featureNames"] = Names(8, i => $"f{i}")), "manifest", "at $.featureNames: There are 8 feature names for 9 features");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["featureNames"] = Names(9, i => i == 4 ? "f0" : $"f{i}")), "manifest", "at $.featureNames: Features 0 and 4 are both named \"f0\"");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["featureNames"] = Names(9, i => i == 2 ? null : $"f{i}")), "manifest", "at $.featureNames: Feature 2 has no name");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["featureNames"] = "f0"), "manifest", "(at $.featureNames, line ");
    }

    /// <summary>
    /// Whichever read fails, the caller gets the stream's own exception: the zip reader wraps one that fails while it
    /// reads the central directory, and calls an <see cref="EndOfStreamException"/> a truncated zip.
    /// </summary>
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void AStreamThatFailsToReadPassesItsOwnErrorOnInsteadOfCallingTheZipDamaged(bool seekable)
    {
        int reads = 0;
        var counting = new FailingReadStream(Zip.Value, failAtRead: int.MaxValue, new IOException(), seekable, () => reads++);
        VaeModel.Load(counting);
        Assert.IsGreaterThan(1, reads, "a load reads the stream more than once");

        foreach (IOException failure in new[] { new IOException("Input/output error"), new EndOfStreamException("connection reset") })
        {
            for (int failing = 1; failing <= reads; failing++)
            {
                var stream = new FailingReadStream(Zip.Value, failing, failure, seekable, () => { });
                Exception thrown = Assert.Throws<Exception>(() => VaeModel.Load(stream));
                Assert.AreSame(failure, thrown, $"read {failing} of {reads} failed with {failure.GetType().Name}; {thrown.GetType().Name}: {thrown.Message}");
            }
        }

        Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(Zip.Value[..(Zip.Value.Length / 2)]));
    }

    /// <summary>
    /// A <see cref="NotSupportedException"/> says what a stream or the runtime cannot do, never what the zip holds: one
    /// from a stream that claims to seek and does not reaches the caller as thrown, not as a damaged zip.
    /// </summary>
    [TestMethod]
    public void AStreamThatRefusesToSeekPassesItsOwnErrorOnInsteadOfCallingTheZipDamaged()
    {
        var refusal = new NotSupportedException("This stream seeks only by setting its position.");

        Exception thrown = Assert.Throws<Exception>(() => VaeModel.Load(new SeekRefusingStream(Zip.Value, refusal)));

        Assert.AreSame(refusal, thrown, $"{thrown.GetType().Name}: {thrown.Message}");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(3)]
    public void ABestEpochJustOutsideTheHistoryIsRefused(int bestEpoch)
    {
        // Epochs count from 1, and this history holds 2.
        byte[] edited = ModelZip.EditManifest(Zip.Value, m => m["history"]!["bestEpoch"] = bestEpoch);
        AssertRefused(edited, "manifest", $"The best epoch must be one of the 2 epochs reported (1 to 2), or null when early stopping restored none (got {bestEpoch}).");
    }

    [TestMethod]
    public void AManifestOfNoFeaturesOrAGraphNamedLikeTheManifestIsRefusedAsDamaged()
    {
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["inputDimension"] = 0), "manifest", "inputDimension is 0 and latentDimension is 3; a model has at least one of each");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["graphs"]!["encoder"] = "manifest.json"), "manifest", "need distinct file names other than manifest.json");
    }

    [TestMethod]
    public void AManifestWhoseTopLevelScalingOrDecoderLayersContradictTheGraphsIsRefused()
    {
        // The options repeat the scaling, and the graphs keep both; an edit of either copy, or of the decoder's layers, is refused.
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["inputScaling"] = "MinMax"), "manifest", "manifest.json says inputScaling is MinMax, but the graphs in the zip have Standardize");
        AssertRefused(ModelZip.EditManifest(Zip.Value, m => m["options"]!["inputScaling"] = "MinMax"), "manifest", "manifest.json says options.inputScaling is MinMax, but the graphs in the zip have Standardize");
        AssertRefused(
            ModelZip.EditManifest(Zip.Value, m => m["options"]!["decoderHiddenLayerSizes"] = new JsonArray(6)),
            "manifest",
            "manifest.json says options.decoderHiddenLayerSizes is [6], but the graphs in the zip have [7]");
    }

    [TestMethod]
    public void LayerSizesThatDifferBeyondTheFirstEightAreRefusedByTheFirstLayerThatDiffers()
    {
        // A message shows the first eight sizes of a list; the check compares every one. The decoder's sizes are its own,
        // so that an edit of the encoder's is not also seen, reversed, among the first eight of the decoder's.
        int[] sizes = [.. Enumerable.Repeat(3, 10)];
        var options = new VaeOptions { HiddenLayerSizes = sizes, DecoderHiddenLayerSizes = sizes, LatentDimension = 2, Gemm = GemmBackend.Managed, NumberOfThreads = 1 };
        var model = new VaeModel(VaeNetwork.Create(options, 4, new Random(1)), null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
        byte[] zip = ModelZip.Save(model);

        AssertRefused(
            ModelZip.EditManifest(zip, m => m["options"]!["hiddenLayerSizes"]![8] = 400),
            "manifest",
            "manifest.json says options.hiddenLayerSizes[8] is 400, but the graphs in the zip have 3.");
        AssertRefused(
            ModelZip.EditManifest(zip, m => m["options"]!["decoderHiddenLayerSizes"] = new JsonArray([.. Enumerable.Range(0, 10).Select(layer => (JsonNode?)(layer == 9 ? 5 : 3))])),
            "manifest",
            "manifest.json says options.decoderHiddenLayerSizes[9] is 5, but the graphs in the zip have 3.");
        Assert.AreEqual(10, ModelZip.Load(zip).Options.HiddenLayerSizes.Length);
    }

    [TestMethod]
    public void AnEntryTheZipHoldsTwiceIsRefused()
    {
        // Which copy a reader takes is its own choice; VaeModel.Save writes each entry once.
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        byte[] twice = ModelZip.Build([.. entries, new KeyValuePair<string, byte[]>("decoder.onnx", entries["decoder.onnx"])]);

        AssertRefused(twice, "decoder", "The zip holds 'decoder.onnx' more than once, which VaeModel.Save never writes.");
    }

    [TestMethod]
    public void AStoredEntryHoldingMoreThanItsStatedLengthIsRefusedThoughTheBytesWithinItAreWhole()
    {
        // The directory states the encoder's own length and CRC-32, and the stored data holds more after it: read up to
        // the stated length alone, the encoder would load as if the directory described the entry.
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        byte[] encoder = entries["encoder.onnx"];
        entries["encoder.onnx"] = [.. encoder, 0, 0, 0, 0];
        byte[] longer = ModelZip.WithStatedLength(ModelZip.Build(entries, CompressionLevel.NoCompression), "encoder.onnx", (uint)encoder.Length, Vae.MLNet.IO.Crc32.Compute(encoder));

        AssertRefused(longer, "encoder", "'encoder.onnx' in the zip is damaged: its length or CRC-32 does not match the zip's directory.");
    }

    [TestMethod]
    [DataRow(false, DisplayName = "a byte of a weight, which still parses")]
    [DataRow(true, DisplayName = "the first byte, which the protobuf parser stumbles on")]
    public void AGraphThatDiffersFromItsCrcIsCalledDamagedWhetherOrNotItParses(bool unparsable)
    {
        // A graph is parsed as it inflates; the CRC-32, known only at its end, still decides what the damage is called.
        Dictionary<string, byte[]> entries = ModelZip.Entries(Zip.Value);
        byte[] encoder = entries["encoder.onnx"];
        byte[] weights = ModelProto.Parser.ParseFrom(encoder).Graph.Initializer.MaxBy(tensor => tensor.RawData.Length)!.RawData.ToByteArray();
        byte[] damaged = (byte[])encoder.Clone();
        damaged[unparsable ? 0 : encoder.AsSpan().IndexOf(weights) + (weights.Length / 2)] ^= 0xFF;
        entries["encoder.onnx"] = damaged;
        byte[] zip = ModelZip.WithStatedLength(ModelZip.Build(entries, CompressionLevel.NoCompression), "encoder.onnx", (uint)encoder.Length, Vae.MLNet.IO.Crc32.Compute(encoder));

        AssertRefused(zip, "encoder", "'encoder.onnx' in the zip is damaged: its length or CRC-32 does not match the zip's directory.");
    }

    /// <summary>A graph file of ModelProto field 7 (the graph) holding GraphProto field 1 (a node) with no content, <paramref name="nodes"/> times.</summary>
    private static byte[] EmptyNodes(int nodes)
    {
        byte[] graph = new byte[2 * nodes];
        for (int i = 0; i < graph.Length; i += 2)
        {
            graph[i] = 0x0a;
        }

        return LengthDelimited(7, graph);
    }

    private static byte[] LengthDelimited(int field, byte[] content)
    {
        using var bytes = new MemoryStream();
        using (var output = new CodedOutputStream(bytes))
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(content));
        }

        return bytes.ToArray();
    }

    /// <summary>Renames the tensor <paramref name="from"/> wherever <paramref name="graph"/> names it, as an ONNX tool would.</summary>
    private static void RenameTensor(ModelProto graph, string from, string to)
    {
        foreach (ValueInfoProto value in graph.Graph.Input.Concat(graph.Graph.Output).Where(value => value.Name == from))
        {
            value.Name = to;
        }

        foreach (NodeProto node in graph.Graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                node.Input[i] = node.Input[i] == from ? to : node.Input[i];
            }

            for (int i = 0; i < node.Output.Count; i++)
            {
                node.Output[i] = node.Output[i] == from ? to : node.Output[i];
            }
        }
    }

    private static void SetMetadata(ModelProto graph, params (string Key, string Value)[] entries)
    {
        foreach ((string key, string value) in entries)
        {
            graph.MetadataProps.Single(p => p.Key == key).Value = value;
        }
    }

    private static VaeModelFormatException AssertRefused(byte[] zip, string part, string messagePart)
    {
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(zip));
        StringAssert.Contains(error.Message, messagePart, error.Message);
        Assert.AreEqual(part, error.ModelPart, error.Message);
        return error;
    }

    /// <summary>A stream that says it can seek, and whose <see cref="Stream.Seek"/> throws <c>refusal</c>.</summary>
    private sealed class SeekRefusingStream(byte[] bytes, NotSupportedException refusal) : MemoryStream(bytes, writable: false)
    {
        public override long Seek(long offset, SeekOrigin origin) => throw refusal;
    }

    /// <summary>A stream whose reads fail from the <c>failAtRead</c>-th on, as a disk or a connection can.</summary>
    private sealed class FailingReadStream(byte[] bytes, int failAtRead, IOException failure, bool seekable, Action onRead) : MemoryStream(bytes, writable: false)
    {
        private int _reads;

        public override bool CanSeek => seekable && base.CanSeek;

        // MemoryStream's span and byte reads come here in a subclass.
        public override int Read(byte[] buffer, int offset, int count)
        {
            onRead();
            return ++_reads >= failAtRead ? throw failure : base.Read(buffer, offset, count);
        }

        public override int ReadByte()
        {
            byte[] one = new byte[1];
            return Read(one, 0, 1) == 1 ? one[0] : -1;
        }
    }
}
