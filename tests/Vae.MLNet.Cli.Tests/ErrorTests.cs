using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vae.MLNet.Data;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class ErrorTests
{
    private static Workspace _workspace = null!;

    /// <summary>
    /// A model zip trained for one epoch on the workspace's data, with its ONNX graphs in onnx/, made the first time a
    /// test asks, for the tests that need some model and leave it as it is.
    /// </summary>
    private static readonly Lazy<string> TrainedModel = new(() =>
    {
        string model = _workspace.TrainModel();
        Assert.AreEqual(0, CliRun.Of("export-onnx", model, _workspace.PathOf("onnx")).ExitCode);
        return model;
    });

    /// <summary>
    /// A model whose first epoch's loss adds two terms within float32's range to one beyond it, as training can record
    /// and no chart draws.
    /// </summary>
    private static readonly Lazy<string> UndrawableCurvesModel = new(() =>
    {
        string model = _workspace.PathOf("undrawable.zip");
        File.Copy(TrainedModel.Value, model);
        ZippedManifest.Edit(model, manifest =>
        {
            JsonNode report = manifest["history"]!["epochs"]![0]!;
            report["reconstruction"] = 3e38;
            report["kullbackLeibler"] = 2e38;
            report["beta"] = 1;
            report["loss"] = 5e38;
        });
        return model;
    });

    [ClassInitialize]
    public static void Create(TestContext context) => _workspace = new Workspace();

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void MissingFileIsOneLineNamingIt()
    {
        CliRun run = CliRun.Of("inspect", _workspace.PathOf("absent.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, "absent.zip: no such file.");
    }

    [TestMethod]
    public void ADashGivenAsDataIsToldToUseDevStdin()
    {
        CliRun run = CliRun.Of("encode", TrainedModel.Value, "-");

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.EndsWith(run.Error.TrimEnd(), "-: no such file; '-' names a file here, not standard input: pass /dev/stdin to read from a pipe.");
    }

    [TestMethod]
    public void ADirectoryGivenAsAFileIsOneLineSayingSo()
    {
        CliRun run = CliRun.Of("inspect", _workspace.Directory);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, "is a directory; give the path of a file.");
    }

    [TestMethod]
    public void AnUnzippedModelFolderIsToldHowToZipItByEveryCommandTakingAModel()
    {
        string folder = _workspace.PathOf("unzipped-model");
        ZipFile.ExtractToDirectory(TrainedModel.Value, folder, overwriteFiles: true);
        string advice = $"vae: '{folder}' is a directory holding a model's files (manifest.json, encoder.onnx, decoder.onnx, autoencoder.onnx), as unzipping a model zip leaves them; "
            + $"give the model zip, or zip the folder's contents so that they sit at the zip's root (cd {folder} && zip -r ../model.zip ., "
            + $"or in PowerShell Compress-Archive -Path {folder.Replace('/', '\\')}\\* -DestinationPath model.zip).\n";

        foreach (CliRun run in new[]
        {
            CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--init", folder, "-e", "1", "--out", _workspace.PathOf("not-written.zip")),
            CliRun.Of("inspect", folder),
            CliRun.Of("encode", folder, _workspace.DataPath, "--label-column", "label"),
        })
        {
            Assert.AreEqual(1, run.ExitCode, run.Error);
            Assert.AreEqual(advice, run.Error);
        }
    }

    [TestMethod]
    public void RunningOutOfMemoryIsToldWithWhatToShrink()
    {
        var error = new StringWriter();

        int exitCode = Vae.MLNet.Cli.Hosting.ErrorReporter.Report(new OutOfMemoryException(), verbose: false, error);

        Assert.AreEqual(1, exitCode);
        Assert.AreEqual("vae: out of memory: read fewer rows (--max-rows) or train a smaller model (--hidden, --latent-dim).", error.ToString().TrimEnd());
    }

    /// <summary>
    /// The runtime loads assemblies as they are first used, and says it cannot find one it could not open for want of a
    /// descriptor (ulimit -n) or of address space (ulimit -v): that is not told as a missing data file.
    /// </summary>
    [TestMethod]
    public void AnAssemblyTheRuntimeCouldNotLoadIsToldWithTheLimitsThatCauseIt()
    {
        const string Assembly = "System.IO.Pipelines, Version=10.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";
        var assemblyError = new StringWriter();
        var dataError = new StringWriter();

        int exitCode = Vae.MLNet.Cli.Hosting.ErrorReporter.Report(new FileNotFoundException($"Could not load file or assembly '{Assembly}'.", Assembly), verbose: false, assemblyError);
        _ = Vae.MLNet.Cli.Hosting.ErrorReporter.Report(new FileNotFoundException("Could not find file.", "/data/rows.csv"), verbose: false, dataError);

        Assert.AreEqual(1, exitCode);
        Assert.AreEqual(
            "vae: the runtime could not load System.IO.Pipelines, an assembly vae runs on: the process may have too few file descriptors (ulimit -n: raise it to at least 100) or too little address space (ulimit -v); otherwise the installation is damaged, so reinstall vae.",
            assemblyError.ToString().TrimEnd());
        Assert.AreEqual("vae: /data/rows.csv: no such file.", dataError.ToString().TrimEnd());
    }

    [TestMethod]
    public void TrainRefusesAnOutputItCouldNotWriteBeforeTraining()
    {
        string directory = _workspace.PathOf("a-directory.zip");
        Directory.CreateDirectory(directory);

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", directory);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, $"--out {directory}: '{directory}' names a directory, not a file.");
        Assert.DoesNotContain("training", run.Output, "the data was not read, let alone trained on");
    }

    [TestMethod]
    [DataRow("train absent.csv --out FILE/model.zip", "--out FILE/model.zip: 'FILE' is a file, not a directory, so 'FILE/model.zip' cannot be written;")]
    [DataRow("encode absent.zip absent.csv --out FILE/rows.csv", "--out FILE/rows.csv: 'FILE' is a file, not a directory, so 'FILE/rows.csv' cannot be written;")]
    [DataRow("generate absent.zip -n 1 --out FILE/deeper/rows.csv", "--out FILE/deeper/rows.csv: 'FILE' is a file, not a directory, so 'FILE/deeper/rows.csv' cannot be written;")]
    [DataRow("interpolate absent.zip absent.csv --from 0 --to 1 --out FILE/rows.csv", "--out FILE/rows.csv: 'FILE' is a file, not a directory, so 'FILE/rows.csv' cannot be written;")]
    [DataRow("evaluate absent.zip absent.csv --scores FILE/scores.csv", "--scores FILE/scores.csv: 'FILE' is a file, not a directory, so 'FILE/scores.csv' cannot be written;")]
    [DataRow("pictures MODEL DATA --out FILE/pictures", "--out FILE/pictures: 'FILE' is a file, not a directory, so no directory can be made in it;")]
    [DataRow("export-onnx MODEL FILE/graphs", "DIR FILE/graphs: 'FILE' is a file, not a directory, so no directory can be made in it;")]
    public void AnOutputUnderAFileIsRefusedNamingTheFile(string commandLine, string expected)
    {
        string file = _workspace.PathOf("notes.txt");
        File.WriteAllText(file, "kept");
        CliRun run = CliRun.Of(WithTrainedModelAndData(commandLine, "FILE", file));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: {expected.Replace("FILE", file, StringComparison.Ordinal)}");
        Assert.AreEqual("kept", File.ReadAllText(file));
    }

    /// <summary>
    /// .NET decodes the command line as UTF-8, each byte that is not becoming U+FFFD: a Latin-1 name such as caf\xe9.csv
    /// was read as "no such file" though the file exists, and written as a file of another name.
    /// </summary>
    [TestMethod]
    [DataRow("inspect NAME.zip", "MODEL")]
    [DataRow("encode MODEL NAME.csv", "DATA")]
    [DataRow("encode MODEL DATA --labels NAME.idx", "--labels")]
    [DataRow("decode MODEL NAME.csv", "LATENTS")]
    [DataRow("generate MODEL -n 1 --out NAME.csv", "--out")]
    [DataRow("evaluate MODEL DATA --scores NAME.csv", "--scores")]
    [DataRow("train DATA --out NAME.zip", "--out")]
    [DataRow("train DATA --init NAME.zip --out never.zip", "--init")]
    [DataRow("train DATA --validation-data NAME.csv --out never.zip", "--validation-data")]
    [DataRow("train DATA --plots NAME --out never.zip", "--plots")]
    [DataRow("pictures MODEL DATA --out NAME", "--out")]
    [DataRow("export-onnx MODEL NAME", "DIR")]
    public void AFileNameThatWasNotUtf8IsAUsageErrorNotAnotherFile(string commandLine, string refused)
    {
        string name = _workspace.PathOf("caf\uFFFD");
        string[] args = [.. WithTrainedModelAndData(commandLine, "NAME", name).Select(arg => arg == "never.zip" ? _workspace.PathOf(arg) : arg)];

        CliRun run = CliRun.Of(args);

        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.StartsWith(
            run.Error,
            $"vae: {refused} {args.Single(arg => arg.StartsWith(name, StringComparison.Ordinal))} is not a valid UTF-8 name (each \uFFFD stands for bytes that are not): "
            + "vae reads file names as UTF-8, so it would use another file; give a UTF-8 name,");
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(_workspace.Directory, "caf*"), "nothing is written under the name");
        Assert.IsFalse(File.Exists(_workspace.PathOf("never.zip")), "the command does not run");
    }

    [TestMethod]
    [DataRow("pictures MODEL DATA --out LINK")]
    [DataRow("export-onnx MODEL LINK/graphs")]
    public void AnOutputDirectoryBehindALinkLeadingNowhereNamesTheLinksTarget(string commandLine)
    {
        // As a link to a drive that is not mounted is.
        string link = _workspace.PathOf($"{commandLine.Split(' ')[0]}-unmounted");
        string target = _workspace.PathOf(Path.Combine("not-mounted", "models"));
        File.CreateSymbolicLink(link, target);

        CliRun run = CliRun.Of(WithTrainedModelAndData(commandLine, "LINK", link));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, $": '{link}' is a symbolic link to '{target}', which does not exist, so no directory can be made there; make the link lead to a directory, or give another path.");
        Assert.IsFalse(Path.Exists(target), "nothing is created at the link's target");
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public void TrainRefusesPlotsItCouldNotWriteBeforeTraining()
    {
        // A read-only file refuses even root, who may create files in any directory.
        string plots = _workspace.PathOf("plots-with-read-only-curves");
        Directory.CreateDirectory(plots);
        string curves = Path.Combine(plots, "training-curves.png");
        File.WriteAllText(curves, "kept");
        File.SetUnixFileMode(curves, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        string model = _workspace.PathOf("plots-refused.zip");

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model, "--plots", plots);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual($"vae: '{curves}' is read-only; make it writable or write somewhere else.", run.Error.TrimEnd());
        Assert.DoesNotContain("training", run.Output, "the data was not read, let alone trained on");
        Assert.IsFalse(File.Exists(model));
        Assert.AreEqual("kept", File.ReadAllText(curves));
    }

    [TestMethod]
    public void TrainWhoseCurvesCannotBeDrawnWritesTheModelAndNamesThePlot()
    {
        string model = _workspace.PathOf("undrawable-curves.zip");
        string plots = _workspace.PathOf("undrawable-plots");
        string curves = Path.Combine(plots, "training-curves.png");

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--init", UndrawableCurvesModel.Value, "--out", model, "--plots", plots);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: --plots {curves} was not drawn: Epoch 1's loss is 5E+38, not a finite float32 value, which the chart cannot draw. "
            + $"The trained model is complete in {model}; 'vae inspect {model}' lists its losses, and leaving out --plots trains without the curves.",
            run.Error.TrimEnd());
        StringAssert.Contains(run.Output, $"wrote {model}");
        Assert.HasCount(2, VaeModel.Load(model).History.Epochs, "the model holds the run's epoch after the one it started from");
        Assert.IsFalse(File.Exists(curves));
    }

    [TestMethod]
    public void PicturesWhoseCurvesCannotBeDrawnWriteTheOthersAndSaySo()
    {
        string pictures = _workspace.PathOf("undrawable-pictures");

        CliRun run = CliRun.Of("pictures", UndrawableCurvesModel.Value, _workspace.DataPath, "--label-column", "label", "--out", pictures);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "skipped training-curves.png: Epoch 1's loss is 5E+38, not a finite float32 value, which the chart cannot draw.");
        CollectionAssert.AreEquivalent(new[] { "latent-scatter.png" }, Directory.GetFiles(pictures).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void TrainWhoseCurvesCannotBeWrittenLeavesTheModelAsItWasAndSaysSo()
    {
        // /dev/full fails every write as a full disk does, and only after training, where the checks up front pass.
        string folder = _workspace.PathOf("curves-on-a-full-disk");
        string plots = Path.Combine(folder, "plots");
        Directory.CreateDirectory(plots);
        string curves = Path.Combine(plots, "training-curves.png");
        File.CreateSymbolicLink(curves, "/dev/full");
        string model = Path.Combine(folder, "model.zip");
        File.WriteAllText(model, "old");

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model, "--plots", plots);
        (_, string kept) = KeptIn(run);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: '{curves}' could not be written: No space left on device; {model} was left as it was. The trained model is kept in {kept}: move it to {model} once that can be written, "
                + "or use it where it is.",
            run.Error.TrimEnd());
        Assert.AreEqual($"wrote {kept}", run.Output.TrimEnd().Split('\n')[^1]);
        Assert.AreEqual("old", File.ReadAllText(model));
        CollectionAssert.AreEquivalent(new[] { model, plots }, Directory.GetFileSystemEntries(folder), "no temporary file is left");
    }

    /// <summary>
    /// A model that --out could not take (a full disk, a directory made read-only during training) was lost with the
    /// whole training; it is kept in the temporary directory, under a name no earlier run's file there has.
    /// </summary>
    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void TrainWhoseModelCannotBeWrittenKeepsItInTheTemporaryDirectory()
    {
        string model = _workspace.PathOf($"full-disk-{Guid.NewGuid():N}.zip");
        File.CreateSymbolicLink(model, "/dev/full");
        string earlier = Path.Combine(Path.GetTempPath(), $"{Path.GetFileNameWithoutExtension(model)}.unsaved.zip");
        File.WriteAllText(earlier, "an earlier run's");

        CliRun run;
        (VaeModel Model, string Path) kept;
        try
        {
            run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model);
            kept = KeptIn(run);
        }
        finally
        {
            Assert.AreEqual("an earlier run's", File.ReadAllText(earlier));
            File.Delete(earlier);
        }

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(Path.Combine(Path.GetTempPath(), $"{Path.GetFileNameWithoutExtension(model)}.unsaved-2.zip"), kept.Path);
        StringAssert.StartsWith(run.Error, $"vae: '{model}' could not be written: No space left on device");
        Assert.HasCount(1, kept.Model.History.Epochs);
    }

    /// <summary>
    /// --keep-optimizer-state writes --out through the same set of files, so a model --out cannot take is kept in the
    /// temporary directory as without it, a checkpoint there as every kept file is, and no line says --out was written.
    /// </summary>
    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void TrainKeepingTheOptimizerStateWhoseModelCannotBeWrittenKeepsItInTheTemporaryDirectory()
    {
        string model = _workspace.PathOf($"full-disk-state-{Guid.NewGuid():N}.zip");
        File.CreateSymbolicLink(model, "/dev/full");

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--keep-optimizer-state", "--out", model);
        (VaeModel kept, string keptPath) = KeptIn(run);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: '{model}' could not be written: No space left on device");
        Assert.AreEqual($"wrote {keptPath}", run.Output.TrimEnd().Split('\n')[^1]);
        Assert.DoesNotContain($"wrote {model}", run.Output);
        Assert.IsTrue(kept.HasOptimizerState);
    }

    /// <summary>
    /// The model <paramref name="run"/> says it kept in the temporary directory, loaded, and the file's path; the file is
    /// removed, as the temporary directory outlives the test's workspace.
    /// </summary>
    private static (VaeModel Model, string Path) KeptIn(CliRun run)
    {
        string kept = Regex.Match(run.Error, "The trained model is kept in (.+?): move it").Groups[1].Value;
        Assert.IsTrue(File.Exists(kept), run.Error);
        try
        {
            return (VaeModel.Load(kept), kept);
        }
        finally
        {
            File.Delete(kept);
        }
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public void TrainRefusesAPlotsDirectoryItMayNotCreateFilesInBeforeTraining()
    {
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Inconclusive("root may create files in a read-only directory; run the tests as another user.");
        }

        string plots = _workspace.PathOf("read-only-plots");
        Directory.CreateDirectory(plots);
        File.SetUnixFileMode(plots, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string model = _workspace.PathOf("read-only-plots.zip");

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model, "--plots", plots);
        File.SetUnixFileMode(plots, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, $"this process may not create files in '{plots}'. Write it somewhere else.");
        Assert.DoesNotContain("training", run.Output, "the data was not read, let alone trained on");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ACsvThatFillsTheDiskLeavesNoTemporaryFileBehind()
    {
        string model = TrainedModel.Value;
        string full = _workspace.PathOf($"disk-full-{Guid.NewGuid():N}");
        Directory.CreateDirectory(full);
        if (!Succeeds("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", full))
        {
            Assert.Inconclusive("a small disk to fill is a tmpfs, which only root may mount; run the tests as root to check this.");
        }

        CliRun run;
        string[] left;
        try
        {
            run = CliRun.Of("generate", model, "--count", "5000", "--out", Path.Combine(full, "samples.csv"));
            left = Directory.GetFileSystemEntries(full);
        }
        finally
        {
            // Lazily, so that a file left open (the failure this looks for) cannot keep the mount behind.
            Assert.IsTrue(Succeeds("umount", "--lazy", full));
        }

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, $"'{Path.Combine(full, "samples.csv")}' could not be written: No space left on device");
        Assert.DoesNotContain(".tmp", run.Error, "the temporary file is not the user's to know of");
        Assert.IsEmpty(left, "neither the CSV nor its temporary file");

        static bool Succeeds(string program, params string[] arguments)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }

    [TestMethod]
    public void TrainRefusesAModelPathThatThePlotsWouldTakeOrOverwrite()
    {
        string plots = _workspace.PathOf("plots-clash");
        string curves = Path.Combine(plots, "training-curves.png");
        string[] common = ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--plots", plots];

        CliRun directory = CliRun.Of([.. common, "--out", plots]);
        CliRun overCurves = CliRun.Of([.. common, "--out", curves]);

        Assert.AreEqual(2, directory.ExitCode);
        Assert.AreEqual(2, overCurves.ExitCode);
        StringAssert.Contains(directory.Error, $"--out {plots} is the --plots directory; write the model to another file.");
        StringAssert.Contains(overCurves.Error, $"--out {curves} is the {curves} that --plots writes;");
        Assert.IsFalse(Directory.Exists(plots), "refused before the directory was made");
    }

    [TestMethod]
    public void TrainingThatFailsLeavesNoPlotsDirectoryBehind()
    {
        string path = _workspace.PathOf("beyond-one.csv");
        File.WriteAllText(path, "a,b\n0.1,0.2\n0.3,4\n");
        string plots = _workspace.PathOf("never-plots/nested");

        CliRun run = CliRun.Of("train", path, "--epochs", "1", "--out", _workspace.PathOf("never.zip"), "--plots", plots);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, "but the Bernoulli likelihood needs every feature in [0, 1]");
        Assert.IsFalse(Directory.Exists(_workspace.PathOf("never-plots")));
    }

    [TestMethod]
    public void TrainingThatFailsKeepsAPlotsDirectoryThatExistedAndEveryFileUnderIt()
    {
        string path = _workspace.PathOf("beyond-one-again.csv");
        File.WriteAllText(path, "a,b\n0.1,0.2\n0.3,4\n");
        string empty = _workspace.PathOf("existing-empty-plots");
        Directory.CreateDirectory(empty);
        string parent = _workspace.PathOf("existing-plots-parent");
        Directory.CreateDirectory(parent);
        File.WriteAllText(Path.Combine(parent, "keep.txt"), "mine");

        CliRun intoEmpty = CliRun.Of("train", path, "--epochs", "1", "--out", _workspace.PathOf("never.zip"), "--plots", empty);
        CliRun below = CliRun.Of("train", path, "--epochs", "1", "--out", _workspace.PathOf("never.zip"), "--plots", Path.Combine(parent, "new", "deeper"));

        Assert.AreEqual(1, intoEmpty.ExitCode);
        Assert.AreEqual(1, below.ExitCode);
        Assert.IsTrue(Directory.Exists(empty), "a directory the command did not make is kept, even empty");
        CollectionAssert.AreEqual(new[] { "keep.txt" }, Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void BadCsvCellNamesLineAndColumn()
    {
        string path = _workspace.PathOf("bad.csv");
        File.WriteAllText(path, "a,b\n0.1,0.2\n0.3,oops\n");

        CliRun run = CliRun.Of("train", path, "--epochs", "1", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, "vae: ");
        StringAssert.Contains(run.Error, "line 3");
        StringAssert.Contains(run.Error, "column 2 (\"b\")");
        Assert.IsFalse(File.Exists(_workspace.PathOf("never.zip")));
    }

    [TestMethod]
    public void ALayerTooLargeForTheDataIsNamedByItsOption()
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--hidden", "100000000", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, "vae: A layer from 100000000 to 40 units has 4000000000 weights, more than one array holds");
        StringAssert.Contains(run.Error, "choose a smaller --hidden.");
        Assert.IsFalse(File.Exists(_workspace.PathOf("never.zip")));
    }

    [TestMethod]
    public void APngImageGivenAsDataLatentsOrModelIsNamed()
    {
        string model = TrainedModel.Value;
        string picture = _workspace.PathOf("digit.png");
        File.WriteAllBytes(picture, [.. Vae.MLNet.Imaging.PngEncoder.Signature, 0, 0, 0, 13, .. "IHDR"u8]);

        CliRun asData = CliRun.Of("encode", model, picture);
        CliRun asLatents = CliRun.Of("decode", model, picture);
        CliRun asModel = CliRun.Of("encode", picture, _workspace.DataPath);

        Assert.AreEqual(1, asData.ExitCode);
        Assert.AreEqual($"vae: {picture} is a PNG image, not data; images are read from IDX files, so give a CSV or IDX file as DATA.", asData.Error.TrimEnd());
        Assert.AreEqual(1, asLatents.ExitCode);
        Assert.AreEqual(
            $"vae: {picture} holds a PNG image, not latent vectors; LATENTS takes a CSV file of them, such as 'vae encode' writes, as in: vae decode MODEL LATENTS.", asLatents.Error.TrimEnd());
        Assert.AreEqual(1, asModel.ExitCode);
        Assert.AreEqual(
            $"vae: {picture} holds a PNG image, not a model zip; MODEL takes the model zip written by 'vae train', as in: vae encode MODEL DATA.", asModel.Error.TrimEnd());
    }

    [TestMethod]
    public void AModelGivenAsDataOrDataOfAnotherWidthForInitIsNamed()
    {
        string model = TrainedModel.Value;
        string narrow = _workspace.PathOf("narrow.csv");
        File.WriteAllText(narrow, "a,b\n0.1,0.2\n0.3,0.4\n");

        CliRun zipAsData = CliRun.Of("train", model, "--out", _workspace.PathOf("never.zip"));
        CliRun graphAsData = CliRun.Of("encode", model, _workspace.PathOf("onnx/encoder.onnx"));
        CliRun initWidth = CliRun.Of("train", narrow, "--init", model, "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, zipAsData.ExitCode);
        StringAssert.Contains(zipAsData.Error, "is a zip file, such as a model, not data");
        Assert.AreEqual(1, graphAsData.ExitCode);
        StringAssert.Contains(graphAsData.Error, "encoder.onnx is an ONNX graph, such as 'vae export-onnx' writes, not data; give a CSV or IDX file as DATA.");
        Assert.AreEqual(1, initWidth.ExitCode);
        StringAssert.StartsWith(initWidth.Error, $"vae: {narrow}, line 1 (header): there are no columns named \"c\", \"d\" to use as features;");
        StringAssert.Contains(initWidth.Error, $"{model} was trained on the feature columns \"a\", \"b\", \"c\", \"d\", which are read by name;");
        Assert.IsFalse(File.Exists(_workspace.PathOf("never.zip")));
    }

    [TestMethod]
    [DataRow("train", "DATA", "--bogus")]
    [DataRow("train", "--bogus")]
    [DataRow("encode", "--bogus", "DATA")]
    public void UnknownOptionIsAUsageError(params string[] args)
    {
        CliRun run = CliRun.Of(args.Select(arg => arg == "DATA" ? _workspace.DataPath : arg).ToArray());

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, "'--bogus'");
        StringAssert.Contains(run.Error, $"vae {args[0]} --help");
    }

    [TestMethod]
    [DataRow("trian", "'trian' is not a command; did you mean 'train'?")]
    [DataRow("Inspect", "'Inspect' is not a command; did you mean 'inspect'?")]
    [DataRow("e", "'e' is not a command; did you mean 'encode', 'evaluate' or 'export-onnx'?")]
    [DataRow("fit", "'fit' is not a command; the commands are train, inspect, encode, reconstruct, decode, generate, interpolate, evaluate, pictures, export-onnx.")]
    public void AMistypedCommandIsNamedWithTheClosestCommands(string word, string message)
    {
        CliRun run = CliRun.Of(word, "data.csv");

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual($"vae: {message} (see 'vae --help')", run.Error.TrimEnd());
    }

    /// <summary>
    /// A word before the command was taken for one word too many of the command, with advice to give it as --out, as
    /// though 'help' in 'vae help train' were the file to write.
    /// </summary>
    [TestMethod]
    [DataRow("help train", "'help' is not a command; help is asked for with --help after the command (see 'vae train --help')")]
    [DataRow("--verbose help export-onnx", "'help' is not a command; help is asked for with --help after the command (see 'vae export-onnx --help')")]
    [DataRow("run train data.csv", "'run' is not a command; leave it out, as the command comes first: vae train DATA. (see 'vae train --help')")]
    public void AWordBeforeTheCommandIsToldAsNoCommandNotAsAWordTooMany(string commandLine, string message)
    {
        CliRun run = CliRun.Of(commandLine.Split(' '));

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual($"vae: {message}", run.Error.TrimEnd());
    }

    [TestMethod]
    public void MalformedImageShapeIsAUsageError()
    {
        CliRun run = CliRun.Of("generate", "model.zip", "-n", "2", "--image-shape", "28by28", "--out", "grid.png");

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.Contains(run.Error, "--image-shape '28by28'");
    }

    [TestMethod]
    public void KeywordsOfBinarizationAndSeparatorIgnoreCaseAsEveryChoiceDoes()
    {
        // Parsed, they leave the missing model to be reported.
        CliRun run = CliRun.Of("encode", _workspace.PathOf("absent.zip"), _workspace.DataPath, "--binarize", "Stochastic", "--separator", "TAB");

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "absent.zip");
    }

    [TestMethod]
    public void BlankLinesAboveTheHeaderAreAdvisedInTheCommandLinesTerms()
    {
        string path = _workspace.PathOf("blank-above.csv");
        File.WriteAllText(path, "\n\na,b\n1,2\n");

        CliRun run = CliRun.Of("train", path, "--likelihood", "Gaussian", "--epochs", "1", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, "remove the blank lines above the header, or pass over them with --skip-lines 2.");
    }

    [TestMethod]
    public void TooManyHiddenLayersAreToldAsACountNotASize()
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--hidden", string.Join(",", Enumerable.Repeat(8, 1001)));

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.StartsWith(run.Error, "vae: --hidden lists 1001 layers; training builds at most 1000, as ONNX Runtime's time to load a graph grows with the square of its depth.");
    }

    [TestMethod]
    public void MalformedBinarizationIsAUsageError()
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--binarize", "half");

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.Contains(run.Error, "--binarize 'half' is neither a number nor 'stochastic' or 'resampled'.");
    }

    [TestMethod]
    [DataRow("--validation-fraction", "2", "--validation-fraction 2 must be a finite number in [0, 0.9].")]
    [DataRow("--learning-rate", "0", "--learning-rate 0 must be a finite number greater than 0.")]
    [DataRow("--clip-norm", "1e-50", "--clip-norm 1e-50 is nearer 0 than a 32-bit float holds (its smallest is 1E-45), so it reads as 0; --clip-norm must be a finite number greater than 0.")]
    [DataRow("--adam-beta2", "0.99999999", "--adam-beta2 0.99999999 rounds to 1 in a 32-bit float; --adam-beta2 must be a finite number in [0, 0.9999999].")]
    [DataRow("--adam-beta2", "1.0", "--adam-beta2 1 must be a finite number in [0, 0.9999999].")]
    [DataRow("--beta", "-1", "--beta -1 must be a finite number of at least 0.")]
    [DataRow("--threads", "300", "--threads 300 must be at most 256; leave it unset to use every processor.")]
    [DataRow("--early-stopping", "3", "--early-stopping needs validation rows: set --validation-fraction above 0 (for example 0.1), or give --validation-data FILE.")]
    // The other settings, left out, would read as 0 while parsing, before their defaults are filled in.
    [DataRow("--latent-dim", "0", "--latent-dim 0 must be at least 1.")]
    public void ABadTrainingSettingIsAUsageErrorToldInOptionNames(string option, string value, string message)
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", option, value);

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: {message}");
    }

    [TestMethod]
    [DataRow("generate absent.zip --count 0", "--count 0 must be at least 1.")]
    [DataRow("generate absent.zip -n 1 --temperature 1e38", "--temperature 1e38 must be a finite number from 0 to 100.")]
    [DataRow("generate absent.zip -n 1 --image-shape 2x2 --out g.png --scale 17", "--scale 17 must be between 1 and 16.")]
    [DataRow("evaluate absent.zip absent.csv --samples 0", "--samples 0 must be at least 1.")]
    [DataRow("interpolate absent.zip absent.csv --from 0 --to 1 --steps 1", "--steps 1 must be at least 2, to include both ends.")]
    [DataRow("encode absent.zip absent.csv --max-rows 0", "--max-rows 0 must be at least 1.")]
    [DataRow("encode absent.zip absent.csv --threads 0", "--threads 0 must be between 1 and 256.")]
    [DataRow("generate absent.zip -n 1 --threads 257", "--threads 257 must be between 1 and 256.")]
    [DataRow("encode absent.zip absent.csv --binarize resampled", "--binarize resampled draws new bits at every read, which only training wants")]
    [DataRow("evaluate absent.zip absent.csv --positive-label 1", "--positive-label needs labelled data; give --label-column (CSV) or --labels (IDX).")]
    [DataRow("encode absent.zip absent.csv --max-rows x", "--max-rows takes a whole number; got 'x'.")]
    [DataRow("generate absent.zip --count 1.5", "--count takes a whole number; got '1.5'.")]
    [DataRow("generate absent.zip -n 1 --temperature warm", "--temperature takes a finite number such as 0.5 or 1e-3; got 'warm'.")]
    [DataRow("train absent.csv --epochs 99999999999", "--epochs 99999999999 must be at most 40000, the longest training history a model zip holds.")]
    [DataRow("train absent.csv --epochs -99999999999", "--epochs -99999999999 must be at least 1.")]
    [DataRow("train absent.csv --kl-warmup 99999999999", "--kl-warmup 99999999999 is too large; it takes a whole number up to 2147483647.")]
    [DataRow("train absent.csv --seed -3000000000", "--seed -3000000000 is too small; it takes a whole number from -2147483648 to 2147483647.")]
    [DataRow("generate absent.zip -n 1 --seed -3000000000", "--seed -3000000000 is too small; it takes a whole number from -2147483648 to 2147483647.")]
    [DataRow("generate absent.zip -n -99999999999", "--count -99999999999 must be at least 1.")]
    [DataRow("train absent.csv --learning-rate NaN", "--learning-rate takes a finite number such as 0.5 or 1e-3; got 'NaN'.")]
    [DataRow("train absent.csv --beta 1e39", "--beta 1e39 is beyond a 32-bit float's range; give a number within ±3.4028235E+38.")]
    [DataRow("generate absent.zip -n 1 --temperature -1e300", "--temperature -1e300 must be a finite number from 0 to 100.")]
    [DataRow("generate absent.zip -n 1 --threads 99999999999", "--threads 99999999999 must be between 1 and 256.")]
    [DataRow("train absent.csv --activation Sigmoid", "--activation takes one of Relu, Tanh, Softplus, LeakyRelu; got 'Sigmoid'.")]
    [DataRow("train absent.csv --likelihood Gausian", "--likelihood takes one of Bernoulli, Gaussian, GaussianLearnedVariance; got 'Gausian'; did you mean 'Gaussian'?")]
    [DataRow("train absent.csv --scaling standardise", "--scaling takes one of None, MinMax, Standardize; got 'standardise'; did you mean 'Standardize'?")]
    [DataRow("train absent.csv --activation leaky", "--activation takes one of Relu, Tanh, Softplus, LeakyRelu; got 'leaky'; did you mean 'LeakyRelu'?")]
    [DataRow("encode absent.zip absent.csv --binarize 0.5 --binarize-seed 3", "--binarize-seed seeds the draws of --binarize stochastic or resampled, so it would have no effect here.")]
    [DataRow("train absent.csv --leaky-relu-slope 0.2", "--leaky-relu-slope applies only with --activation LeakyRelu, so it would have no effect here.")]
    [DataRow("train absent.csv --likelihood GaussianLearnedVariance --gaussian-variance 2", "--gaussian-variance applies only with --likelihood Gaussian, so it would have no effect here.")]
    [DataRow("generate absent.zip -n 4 --columns 2", "--columns sets up the picture that --image-shape or a .png --out asks for; without either the rows are written as CSV.")]
    [DataRow("decode absent.zip absent.csv --scale 3", "--scale sets up the picture that --image-shape or a .png --out asks for; without either the rows are written as CSV.")]
    [DataRow("decode absent.zip absent.csv --seed 3", "--seed seeds the draws of --sample-observations, so it would have no effect here.")]
    [DataRow("decode absent.zip absent.csv --out absent.csv", "--out absent.csv is also the LATENTS this command reads; writing it would destroy that file, so write to another.")]
    [DataRow("decode /dev/stdin /dev/fd/0", "MODEL /dev/stdin and LATENTS /dev/fd/0 both read standard input, which a pipe feeds only once; give one of them as a file.")]
    [DataRow("decode absent.zip", "'vae decode' is missing LATENTS (a CSV file of latent vectors: the one 'vae encode' writes, whose mean_0… columns are read by name and its other columns")]
    [DataRow("encode absent.zip absent.csv --no-header --label-column target", "--label-column 'target' is not a 0-based column index, which --no-header needs.")]
    [DataRow("encode absent.zip absent.csv --no-header --feature-columns 0,x", "--feature-columns 'x' is not a 0-based column index, which --no-header needs.")]
    [DataRow("train absent.csv --no-header --categorical-columns 1,kind", "--categorical-columns 'kind' is not a 0-based column index, which --no-header needs.")]
    [DataRow("train absent.csv --no-header --exclude-columns 0,id", "--exclude-columns 'id' is not a 0-based column index, which --no-header needs.")]
    [DataRow("train absent.csv --no-header --exclude-columns 0,\"\"", "--exclude-columns '\"\"' names the column the header leaves unnamed, but --no-header says the file has no header; give the column's 0-based index.")]
    [DataRow("encode absent.zip absent.csv --no-header --id-column id", "--id-column 'id' is not a 0-based column index, which --no-header needs.")]
    [DataRow("evaluate absent.zip absent.csv --id-column id", "--id-column is copied into each row of the --scores file; pass --scores FILE too, or leave --id-column out.")]
    [DataRow("encode absent.zip absent.csv --no-header --label-column 99999999999", "--label-column '99999999999' is too large; a column index is a whole number up to 2147483647.")]
    [DataRow("train absent.csv --hidden 16,,8", "--hidden '16,,8': '' is not a positive integer; give sizes like 400,200, or none for no hidden layers.")]
    [DataRow("train absent.csv --hidden 16,0", "--hidden '16,0': '0' is not a positive integer; give sizes like 400,200, or none for no hidden layers.")]
    [DataRow("train absent.csv --hidden 0", "--hidden '0': '0' is not a positive integer; give sizes like 400,200, or none for no hidden layers.")]
    [DataRow("train absent.csv --decoder-hidden nothing", "--decoder-hidden 'nothing': 'nothing' is not a positive integer; give sizes like 400,200, or none for no hidden layers.")]
    [DataRow("train absent.csv --hidden 16 --hidden 8", "--hidden is given 2 times; give it once, its items separated by commas, like 400,200.")]
    [DataRow("train absent.csv --feature-columns a --feature-columns b", "--feature-columns is given 2 times; give it once, its items separated by commas, like a,b,c.")]
    [DataRow("train absent.csv --epochs 2 --epochs 3", "--epochs is given 2 times; give it once.")]
    [DataRow("generate absent.zip -n 1 --count 2 -n 3", "--count is given 3 times; give it once.")]
    [DataRow("train absent.csv --out a.zip --out=b.zip", "--out is given 2 times; give it once.")]
    [DataRow("train absent.csv --feature-columns a,,b", "--feature-columns 'a,,b' has an empty item; list columns separated by single commas, like a,b,c.")]
    [DataRow("train absent.csv --feature-columns ,", "--feature-columns lists nothing; name at least one column, like a,b,c.")]
    [DataRow("train absent.csv --feature-columns \"\",a", "--feature-columns '\"\",a' has an empty item; list columns separated by single commas, like a,b,c.")]
    [DataRow("train absent.csv --exclude-columns a,,b", "--exclude-columns 'a,,b' has an empty item; list columns separated by single commas, like a,b,c (a column the header leaves unnamed is named by a quoted empty item, '\"\"').")]
    [DataRow("train absent.csv --feature-columns \"a,b,c", "--feature-columns '\"a,b,c' opens a quote that it never closes; quote a whole name that holds commas, like \"a,b\",c.")]
    [DataRow("train absent.csv --separator \"", "--separator cannot be a double quote, which quotes cells; use for example ',', ';' or tab.")]
    [DataRow("train absent.csv --separator .", "--separator cannot be '.', which numbers are written with; use for example ',', ';' or tab.")]
    [DataRow("generate absent.zip -n 1 --image-shape 2x2", "--out FILE.png is required when --image-shape asks for a picture")]
    [DataRow("generate absent.zip -n 1 --image-shape 2X2", "--out FILE.png is required when --image-shape asks for a picture")]
    [DataRow("generate absent.zip -n 1 --image-shape 0x28 --out g.png", "--image-shape '0x28' is not WIDTHxHEIGHT with positive integers, like 28x28.")]
    [DataRow("generate absent.zip -n 1 --image-shape 65536x65536 --out g.png", "--image-shape '65536x65536' is not WIDTHxHEIGHT with positive integers, like 28x28.")]
    [DataRow("generate absent.zip --image-shape 28x28 --out g.png", "'vae generate' is missing --count (rows to generate).")]
    [DataRow("interpolate absent.zip", "'vae interpolate' is missing DATA (a CSV file of numbers (and of text categories with --categorical-columns), or an IDX images file, raw or gzipped, such as train-images-idx3-ubyte.gz), --from (0-based row to start from) and --to (0-based row to end at).")]
    [DataRow("train", "'vae train' is missing DATA (a CSV file of numbers (and of text categories with --categorical-columns), or an IDX images file, raw or gzipped, such as train-images-idx3-ubyte.gz).")]
    [DataRow("export-onnx absent.zip", "'vae export-onnx' is missing DIR (directory for encoder.onnx, decoder.onnx and autoencoder.onnx, created if missing).")]
    [DataRow("evaluate", "'vae evaluate' is missing MODEL (a model zip written by 'vae train') and DATA (a CSV file of numbers")]
    [DataRow("generate absent.zip -n 1 --image-shape 2x2 --out grid.csv", "--out grid.csv: --image-shape draws a PNG; name a .png file")]
    [DataRow("generate absent.zip --count 300000 --image-shape 28x28 --out g.png", "--count 300000: the grid of 300000 28x28 images at --scale 2 would be 457×2137501 pixels, more than the 715827863 one picture can hold; lower --count or --scale.")]
    [DataRow("generate absent.zip --count 1000000 --image-shape 28x28 --out g.png --scale 1 --columns 20", "--count 1000000: the grid of 1000000 28x28 images at --scale 1 would be 581×1450001 pixels, more than the 715827863 one picture can hold; lower --count.")]
    [DataRow("interpolate absent.zip absent.csv --from 0 --to 1 --steps 300000 --image-shape 28x28 --out s.png", "--steps 300000: the strip of 300000 28x28 images at --scale 2 would be 17100001×58 pixels, more than the 715827863 one picture can hold; lower --steps or --scale.")]
    [DataRow("encode absent.zip absent.csv --out rows.PNG", "--out rows.PNG names a PNG, but this command writes CSV there; name a .csv file.")]
    [DataRow("evaluate absent.zip absent.csv --scores scores.png", "--scores scores.png names a PNG, but this command writes CSV there; name a .csv file.")]
    [DataRow("evaluate absent.zip absent.csv --scores -", "--scores -: the scores file, whose lines would mix with the report, cannot go to standard output; give a name (./- for one named '-').")]
    [DataRow("train absent.csv --out -", "--out -: the model zip cannot go to standard output;")]
    [DataRow("train absent.csv --plots -", "--plots -: a directory of pictures cannot go to standard output;")]
    [DataRow("pictures absent.zip absent.csv --out -", "--out -: a directory of pictures cannot go to standard output;")]
    [DataRow("export-onnx absent.zip -", "DIR -: a directory of graphs cannot go to standard output;")]
    [DataRow("train absent.csv --out /dev/stdout", "--out /dev/stdout: the model zip cannot go to standard output; give a file name.")]
    [DataRow("train absent.csv --plots /dev/stdout", "--plots /dev/stdout: a directory of pictures cannot go to standard output; give a directory.")]
    [DataRow("pictures absent.zip absent.csv --out /dev/stdout", "--out /dev/stdout: a directory of pictures cannot go to standard output; give a directory.")]
    [DataRow("export-onnx absent.zip /dev/stdout", "DIR /dev/stdout: a directory of graphs cannot go to standard output; give a directory.")]
    [DataRow("train absent.csv --out ~/m3.zip", "--out ~/m3.zip starts with '~', which the shell did not expand (it was quoted, or came after '='); write $HOME/m3.zip, or ./~/m3.zip for a folder named '~'.")]
    [DataRow("train absent.csv --plots=~/plots", "--plots ~/plots starts with '~', which the shell did not expand (it was quoted, or came after '='); write $HOME/plots, or ./~/plots for a folder named '~'.")]
    [DataRow("export-onnx absent.zip ~/onnx", "DIR ~/onnx starts with '~', which the shell did not expand (it was quoted, or came after '='); write $HOME/onnx, or ./~/onnx for a folder named '~'.")]
    [DataRow("train ~/iris.csv", "DATA ~/iris.csv starts with '~', which the shell did not expand (it was quoted, or came after '='); write $HOME/iris.csv, or ./~/iris.csv for a folder named '~'.")]
    [DataRow("inspect ~", "MODEL ~ starts with '~', which the shell did not expand (it was quoted, or came after '='); write $HOME, or ./~ for one named '~'.")]
    [DataRow("train absent.csv --plots curves.png", "--plots curves.png is named as a .png file, but it names a directory for the training curves; give a directory such as --plots curves.")]
    [DataRow("pictures absent.zip absent.csv --out absent-pics.png", "--out absent-pics.png is named as a .png file, but it names a directory for the set of pictures; give a directory such as --out absent-pics.")]
    [DataRow("pictures absent.zip absent.csv --out absent/rows.CSV", "--out absent/rows.CSV is named as a .CSV file, but it names a directory for the set of pictures; give a directory such as --out absent/rows.")]
    [DataRow("pictures absent.zip absent.csv --out d --count 3000000", "--count 3000000 must be between 1 and 10000.")]
    [DataRow("pictures absent.zip absent.csv --out d --dimensions 3,3", "--dimensions '3,3' is not two different latent dimensions I,J counted from 0, like 0,3.")]
    [DataRow("pictures absent.zip absent.csv --out d --dimensions 0,-1", "--dimensions '0,-1' is not two different latent dimensions I,J counted from 0, like 0,3.")]
    [DataRow("pictures absent.zip absent.csv --out d --dimensions 0 3", "'3' is one word too many: the usage is vae pictures MODEL DATA; --dimensions takes its items in one word, separated by commas, like --dimensions 0,3.")]
    [DataRow("encode /dev/stdin /dev/fd/0", "MODEL /dev/stdin and DATA /dev/fd/0 both read standard input, which a pipe feeds only once; give one of them as a file.")]
    [DataRow("train /dev/stdin --labels /proc/self/fd/0", "DATA /dev/stdin and --labels /proc/self/fd/0 both read standard input, which a pipe feeds only once; give one of them as a file.")]
    [DataRow("train /dev/stdin --init /dev/fd/0", "DATA /dev/stdin and --init /dev/fd/0 both read standard input, which a pipe feeds only once; give one of them as a file.")]
    [DataRow("train absent.csv --epoch 3", "'vae train' has no option '--epoch'; did you mean '--epochs'?")]
    [DataRow("train --epoch 3", "'vae train' has no option '--epoch'; did you mean '--epochs'? To name a file that starts with '-', write ./--epoch.")]
    [DataRow("evaluate absent.zip absent.csv --sample=10", "'vae evaluate' has no option '--sample'; did you mean '--samples'?")]
    [DataRow("encode absent.zip absent.csv --epochs 3", "'vae encode' has no option '--epochs': the usage is vae encode MODEL DATA.")]
    [DataRow("export-onnx absent.zip --out onnx", "'vae export-onnx' has no option '--out': the usage is vae export-onnx MODEL DIR.")]
    [DataRow("export-onnx absent.zip --bogus", "'vae export-onnx' has no option '--bogus'. To name a file that starts with '-', write ./--bogus.")]
    [DataRow("encode absent.zip absent.csv rows.csv", "'rows.csv' is one word too many: the usage is vae encode MODEL DATA; to write to rows.csv, give --out rows.csv.")]
    [DataRow("pictures absent.zip absent.csv pictures", "'pictures' is one word too many: the usage is vae pictures MODEL DATA; to write to pictures, give --out pictures.")]
    [DataRow("inspect absent.zip more words", "'more' is one word too many: the usage is vae inspect MODEL.")]
    [DataRow("train absent.csv --hidden 32 16", "'16' is one word too many: the usage is vae train DATA; --hidden takes its items in one word, separated by commas, like --hidden 32,16.")]
    [DataRow("train absent.csv --hidden 64, 32", "'32' is one word too many: the usage is vae train DATA; --hidden takes its items in one word, separated by commas, like --hidden 64,32.")]
    [DataRow("encode absent.zip absent.csv --feature-columns a b", "'b' is one word too many: the usage is vae encode MODEL DATA; --feature-columns takes its items in one word, separated by commas, like --feature-columns a,b.")]
    [DataRow("encode absent.zip absent.csv -- -rows.csv", "'-rows.csv' is one word too many: the usage is vae encode MODEL DATA; to write to -rows.csv, give --out ./-rows.csv.")]
    [DataRow("generate absent.zip --count --out x.csv", "--count is given no value: the word after it, --out, is an option; put the value of --count between them.")]
    [DataRow("generate absent.zip --seed --count 3", "--seed is given no value: the word after it, --count, is an option; put the value of --seed between them.")]
    [DataRow("generate absent.zip -n --out x.csv", "-n is given no value: the word after it, --out, is an option; put the value of -n between them.")]
    [DataRow("train absent.csv --plots --out x.zip", "--plots is given no value: the word after it, --out, is an option; put the value of --plots between them.")]
    [DataRow("generate absent.zip --count 2 --image-shape 28x28 --out", "--out is given no value; put its value after it.")]
    [DataRow("generate absent.zip -n 1 -o a.csv -o b.csv", "--out is given 2 times; give it once.")]
    [DataRow("train absent.csv --plots p -o a.zip -o b.zip", "--out is given 2 times; give it once.")]
    [DataRow("train absent.csv --plots p --plots q", "--plots is given 2 times; give it once.")]
    [DataRow("train absent.csv --no-header --label-column 1 --label-column 2", "--label-column is given 2 times; give it once.")]
    [DataRow("encode absent.zip absent.csv --no-header --categorical-columns 1 --categorical-columns 2", "--categorical-columns is given 2 times; give it once, its items separated by commas, like a,b,c.")]
    [DataRow("train absent.csv --verbos", "'vae train' has no option '--verbos'; did you mean '--verbose'?")]
    public void AnOptionValueNoCommandCouldUseIsAUsageErrorBeforeAnyFileIsRead(string commandLine, string message)
    {
        // Neither the model nor the data exists: the value must be refused before either is opened.
        CliRun run = CliRun.Of(commandLine.Split(' '));

        Assert.AreEqual(2, run.ExitCode, run.Error);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, message);
        StringAssert.Contains(run.Error, $"see 'vae {commandLine.Split(' ')[0]} --help'");
    }

    [TestMethod]
    [DataRow("train", "absent.csv")]
    [DataRow("encode", "absent.zip absent.csv")]
    [DataRow("reconstruct", "absent.zip absent.csv")]
    [DataRow("generate", "absent.zip --count 2")]
    [DataRow("interpolate", "absent.zip absent.csv --from 0 --to 1")]
    [DataRow("decode", "absent.zip absent.csv")]
    [DataRow("evaluate", "absent.zip absent.csv")]
    [DataRow("pictures", "absent.zip absent.csv --out pictures")]
    public void EveryOptionGivenNoValueIsOneLineNamingIt(string command, string required)
    {
        // (inspect and export-onnx take no option with a value.) The options the help shows with a <VALUE>, as "  -n, --count <count>" or "  --seed <seed>".
        string[] valueOptions = [.. Regex.Matches(CliRun.Of(command, "--help").Output, @"^\s+(?:-\w, )?(--[\w-]+) <", RegexOptions.Multiline).Select(match => match.Groups[1].Value)];
        Assert.IsGreaterThanOrEqualTo(2, valueOptions.Length, string.Join(" ", valueOptions));

        foreach (string option in valueOptions)
        {
            // A required option under test leaves the required words, with its value.
            string[] others = required.Split(' ');
            int given = Array.IndexOf(others, option);
            string[] before = [command, .. given < 0 ? others : others.Where((_, i) => i != given && i != given + 1)];

            CliRun atTheEnd = CliRun.Of([.. before, option]);
            CliRun beforeAnotherOption = CliRun.Of([.. before, option, "--verbose"]);

            Assert.AreEqual(2, atTheEnd.ExitCode, $"{option}: {atTheEnd.Error}");
            Assert.AreEqual($"vae: {option} is given no value; put its value after it. (see 'vae {command} --help')", atTheEnd.Error.TrimEnd());
            Assert.AreEqual(2, beforeAnotherOption.ExitCode, $"{option}: {beforeAnotherOption.Error}");
            Assert.AreEqual(
                $"vae: {option} is given no value: the word after it, --verbose, is an option; put the value of {option} between them. (see 'vae {command} --help')",
                beforeAnotherOption.Error.TrimEnd());
        }
    }

    [TestMethod]
    public void AWordAfterTheDoubleDashIsAFileNameEvenWhenItLooksLikeAnOption()
    {
        string never = _workspace.PathOf("never.zip");

        CliRun afterDoubleDash = CliRun.Of("train", "--out", never, "--", "--absent.csv");
        CliRun withoutDoubleDash = CliRun.Of("train", "--out", never, "--absent.csv");

        Assert.AreEqual(1, afterDoubleDash.ExitCode, afterDoubleDash.Error);
        Assert.AreEqual($"vae: {Path.GetFullPath("--absent.csv")}: no such file.", afterDoubleDash.Error.TrimEnd());
        Assert.AreEqual(2, withoutDoubleDash.ExitCode, withoutDoubleDash.Error);
        StringAssert.Contains(withoutDoubleDash.Error, "'vae train' has no option '--absent.csv'.");
    }

    [TestMethod]
    [DataRow("train", "", "--out", "m.zip")]
    [DataRow("train", "absent.csv", "--out", "")]
    [DataRow("encode", "absent.zip", "absent.csv", "--label-column", "")]
    [DataRow("evaluate", "absent.zip", "absent.csv", "--scores", "")]
    [DataRow("generate", "absent.zip", "-n", "1", "--image-shape", "2x2", "--out", "")]
    public void AnEmptyFileOrColumnIsAUsageError(params string[] args)
    {
        CliRun run = CliRun.Of(args);

        Assert.AreEqual(2, run.ExitCode, run.Error);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, " is empty; give a value.");
    }

    /// <summary>A Gaussian model of one latent dimension, min-max scaled over ±1e38, so that σ = 1 on its first scaled feature is about 2e38 in its own units.</summary>
    private static readonly Lazy<string> WideModel = new(() =>
    {
        string path = _workspace.PathOf("wide.csv");
        File.WriteAllLines(path, ["a,b", .. Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i % 2 == 0 ? "-1e38" : "1e38")},{i % 3 / 2.0}"))]);
        string model = _workspace.PathOf("wide.zip");
        Assert.AreEqual(0, CliRun.Of("train", path, "--likelihood", "Gaussian", "--scaling", "MinMax", "-e", "1", "--hidden", "4", "-k", "1", "--out", model).ExitCode);
        return model;
    });

    /// <summary>A model of the workspace's data with latent vectors of two numbers, for decode.</summary>
    private static readonly Lazy<string> TwoDimensionalModel = new(() =>
    {
        string model = _workspace.PathOf("two-dimensional.zip");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--hidden", "4", "-k", "2", "-e", "1", "--out", model).ExitCode);
        return model;
    });

    [TestMethod]
    public void ADrawnObservationBeyondFloat32IsToldAsTheNoiseNotTheTemperature()
    {
        CliRun run = CliRun.Of("generate", WideModel.Value, "-n", "50", "--temperature", "0", "--sample-observations");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.Error, "the draw of feature 0 (\"a\") came out");
        StringAssert.Contains(run.Error, "is too wide for float32. Generate the rows' means instead, without --sample-observations.");
        Assert.DoesNotContain("--temperature", run.Error);
    }

    [TestMethod]
    public void ARowBelowOneWhoseQuotedCellHoldsLineBreaksIsNamedByTheLineItStartsOn()
    {
        string far = _workspace.PathOf("noted-far-latents.csv");
        File.WriteAllText(far, "mean_0,note\n0,\"two\r\nlines\"\n1e30,one\n");

        CliRun decoded = CliRun.Of("decode", WideModel.Value, far);

        Assert.AreEqual(1, decoded.ExitCode, decoded.Output);
        StringAssert.StartsWith(decoded.Error, $"vae: {far}, line 4: the reconstruction overflowed float32");
    }

    [TestMethod]
    public void ALatentVectorWhoseDecodingOverflowsIsNamedByItsLine()
    {
        string far = _workspace.PathOf("wide-far-latents.csv");
        File.WriteAllLines(far, ["mean_0", "0", "1e30"]);
        string typical = _workspace.PathOf("wide-typical-latents.csv");
        File.WriteAllLines(typical, ["mean_0", "0", "0.5"]);
        string drawn = _workspace.PathOf("wide-drawn.csv");

        CliRun decoded = CliRun.Of("decode", WideModel.Value, far);
        CliRun observed = CliRun.Of("decode", WideModel.Value, typical, "--sample-observations", "--out", drawn);

        Assert.AreEqual(1, decoded.ExitCode, decoded.Output);
        StringAssert.StartsWith(decoded.Error, $"vae: {far}, line 3: the reconstruction overflowed float32 (its value at index 0 is Infinity) although its inputs are finite");
        Assert.AreEqual(0, CliRun.Of("decode", WideModel.Value, typical).ExitCode, "the means of typical latent vectors fit float32");
        Assert.AreEqual(1, observed.ExitCode, observed.Output);
        StringAssert.StartsWith(observed.Error, $"vae: {typical}, line 2: the draw of feature 0 (\"a\") came out");
        StringAssert.Contains(observed.Error, "is too wide for float32. Decode the rows' means instead, without --sample-observations.");
        Assert.IsFalse(File.Exists(drawn));
    }

    [TestMethod]
    [DataRow("z0,z1,z2|0.1,0.2,0.3", "LATENTS has 3 columns, but MODEL decodes latent vectors of 2 numbers (its latent dimension K); give 2 numbers a row, or the CSV file 'vae encode' writes, whose mean_0… columns are read by name.")]
    [DataRow("--no-header 0.1", "LATENTS has 1 column, but MODEL decodes latent vectors of 2 numbers (its latent dimension K); give 2 numbers a row, or, leaving out --no-header, the CSV file 'vae encode' writes, whose mean_0… columns are read by name.")]
    [DataRow("--no-header 0.1;0.2", "LATENTS has 1 column, but MODEL decodes latent vectors of 2 numbers (its latent dimension K); give 2 numbers a row, or, leaving out --no-header, the CSV file 'vae encode' writes, whose mean_0… columns are read by name. The first row holds ';': if the file separates its cells with ';', pass --separator ';'.")]
    [DataRow("z0\tz1|0.1\t0.2", "LATENTS has 1 column, but MODEL decodes latent vectors of 2 numbers (its latent dimension K); give 2 numbers a row, or the CSV file 'vae encode' writes, whose mean_0… columns are read by name. The header holds tab: if the file separates its cells with tab, pass --separator tab.")]
    [DataRow("x,mean_0,logvar_0|1,0.1,0.2", "LATENTS holds the latent means of 1 dimension (mean_0), but MODEL decodes latent vectors of 2 numbers (its latent dimension K); decode them with the model that encoded them.")]
    [DataRow("mean_0,mean_1,mean_2,logvar_0,logvar_1,logvar_2|0.1,0.2,0.3,0,0,0", "LATENTS holds the latent means of 3 dimensions (mean_0…mean_2), but MODEL decodes latent vectors of 2 numbers (its latent dimension K); decode them with the model that encoded them.")]
    [DataRow("x_0,mean_0_,mean_1_,mean_2,logvar_0|1,0.1,0.2,0.3,0", "LATENTS holds the latent means of 3 dimensions (mean_0…mean_2), but MODEL decodes latent vectors of 2 numbers (its latent dimension K); decode them with the model that encoded them.", DisplayName = "numbered past another model's features")]
    [DataRow("z0,z1|0.1,0.2|0.1,abc", "LATENTS, line 3, column 2 (\"z1\"): the cell \"abc\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3.")]
    [DataRow("--no-header 0.1,0.2|0.1,abc", "LATENTS, line 2, column 2 (index 1): the cell \"abc\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3.")]
    [DataRow("mean_1,mean_0|NaN,0.1", "LATENTS, line 2, column 1 (\"mean_1\"): the cell \"NaN\" is not finite; every latent value must be a finite number.")]
    [DataRow("--no-header 0.1,-Infinity", "LATENTS, line 1, column 2 (index 1): the cell \"-Infinity\" is not finite; every latent value must be a finite number.")]
    [DataRow("--no-header 0.1,-inf", "LATENTS, line 1, column 2 (index 1): the cell \"-inf\" is not finite; every latent value must be a finite number.")]
    [DataRow("--no-header 0.1,1e39", "LATENTS, line 1, column 2 (index 1): the cell \"1e39\" is beyond the range of a 32-bit float (its largest is 3.4e38), so it would read as infinity; every latent value must be a number a 32-bit float holds.")]
    [DataRow("--no-header 0.1,1e-46", "LATENTS, line 1, column 2 (index 1): the cell \"1e-46\" is nearer 0 than a 32-bit float holds (its smallest is 1.4e-45), so it would read as 0; every latent value must be a number a 32-bit float holds: write such a number as 0 where it stands for none.")]
    [DataRow("--no-header 0.1,0.2|0.3,", "LATENTS, line 2, column 2 (index 1): the cell is empty; every latent value must be a number.")]
    [DataRow("", "LATENTS is empty; it must hold a header line and at least one row of numbers.")]
    [DataRow("--no-header ", "LATENTS is empty; it must hold at least one row of numbers.")]
    [DataRow("mean_0,mean_1", "LATENTS has a header but no data rows; add at least one row of numbers below the header.")]
    public void DecodeRefusesLatentsThatAreNotVectorsOfTheModelsLatentDimension(string content, string message)
    {
        // The lines of the file, separated by '|', after the options, if any.
        string[] options = content.StartsWith("--no-header ", StringComparison.Ordinal) ? ["--no-header"] : [];
        string latents = _workspace.PathOf("bad-latents.csv");
        File.WriteAllText(latents, content.Length == 0 ? string.Empty : content[(options.Length == 0 ? 0 : "--no-header ".Length)..].Replace('|', '\n') + "\n");
        string output = _workspace.PathOf("bad-latents-decoded.csv");

        CliRun run = CliRun.Of(["decode", TwoDimensionalModel.Value, latents, "--out", output, .. options]);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.AreEqual($"vae: {message.Replace("LATENTS", latents, StringComparison.Ordinal).Replace("MODEL", TwoDimensionalModel.Value, StringComparison.Ordinal)}", run.Error.TrimEnd());
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void DecodeReadsLatentsWithTheSeparatorGiven()
    {
        string commas = _workspace.PathOf("latents-commas.csv");
        string semicolons = _workspace.PathOf("latents-semicolons.csv");
        File.WriteAllText(commas, "z0,z1\n0.5,-1\n-2,0.25\n");
        File.WriteAllText(semicolons, "z0;z1\n0.5;-1\n-2;0.25\n");

        CliRun fromCommas = CliRun.Of("decode", TwoDimensionalModel.Value, commas);
        CliRun fromSemicolons = CliRun.Of("decode", TwoDimensionalModel.Value, semicolons, "--separator", ";");

        Assert.AreEqual(0, fromSemicolons.ExitCode, fromSemicolons.Error);
        Assert.AreEqual(3, fromSemicolons.Output.TrimEnd('\n').Split('\n').Length, "a header and two decoded rows");
        Assert.AreEqual(fromCommas.Output, fromSemicolons.Output);
    }

    [TestMethod]
    public void DecodeNamesWhatAFileGivenAsLatentsHoldsAndAPictureTooLargeForTheirCount()
    {
        string model = TwoDimensionalModel.Value;
        string compressed = _workspace.PathOf("latents.csv.gz");
        using (var gzip = new GZipStream(File.Create(compressed), CompressionLevel.Fastest))
        {
            gzip.Write("0.1,0.2\n"u8);
        }

        // 3600 images of 28x28 pixels at --scale 16 take 449 pixels a side with the line between them, 8 to a row: more than one picture holds.
        string wide = _workspace.PathOf("wide-images.csv");
        File.WriteAllLines(wide, [string.Join(',', Enumerable.Range(0, 784).Select(i => $"p{i}")), .. Enumerable.Range(0, 4).Select(row => string.Join(',', Enumerable.Range(0, 784).Select(i => (i + row) % 2)))]);
        string imageModel = _workspace.PathOf("wide-images.zip");
        Assert.AreEqual(0, CliRun.Of("train", wide, "--hidden", "2", "-k", "1", "-e", "1", "--out", imageModel).ExitCode);
        string many = _workspace.PathOf("many-latents.csv");
        File.WriteAllLines(many, ["mean_0", .. Enumerable.Repeat("0", 3600)]);
        string picture = _workspace.PathOf("too-large.png");

        CliRun zip = CliRun.Of("decode", model, model);
        CliRun gzipped = CliRun.Of("decode", model, compressed);
        CliRun tooLarge = CliRun.Of("decode", imageModel, many, "--image-shape", "28x28", "--scale", "16", "--out", picture);

        Assert.AreEqual(1, zip.ExitCode);
        Assert.AreEqual($"vae: {model} is a zip file, such as a model, not latent vectors; LATENTS takes a CSV file of them, such as 'vae encode' writes, as in: vae decode MODEL LATENTS.", zip.Error.TrimEnd());
        Assert.AreEqual(1, gzipped.ExitCode);
        Assert.AreEqual($"vae: {compressed} is gzip-compressed text, such as CSV; compressed CSV is not read, so decompress it first: gunzip it, or pipe zcat's output to /dev/stdin.", gzipped.Error.TrimEnd());
        Assert.AreEqual(1, tooLarge.ExitCode);
        Assert.AreEqual(
            $"vae: {many} holds 3600 latent vectors: the grid of 3600 28x28 images at --scale 16 would be 3593×202051 pixels, more than the 715827863 one picture can hold; "
            + "lower the number of rows in LATENTS or --scale.",
            tooLarge.Error.TrimEnd());
        Assert.IsFalse(File.Exists(picture));
    }

    [TestMethod]
    public void ANumberFollowedByANoBreakSpaceIsToldThatCharacterShownEscaped()
    {
        // A no-break space, as French spreadsheet exports write, prints as the ordinary space that is read past.
        string path = _workspace.PathOf("nbsp.csv");
        File.WriteAllLines(path, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 3 ? "4.7\u00A0" + line[line.IndexOf(',')..] : line));

        CliRun run = CliRun.Of("train", path, "--label-column", "label", "-e", "1", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.AreEqual(
            $"vae: {path}, line 4, column 1 (\"a\"): the cell \"4.7\\u00A0\" is not a number only because it holds a no-break space (U+00A0): a number may have ordinary spaces around it, "
            + "but no such character (as spreadsheet programs of some cultures write to group digits or after a number); remove it from the file's numbers.\n",
            run.Error);
    }

    [TestMethod]
    public void AHeldOutRowWhoseLossOverflowsIsNamedByItsLine()
    {
        // Seed 0 holds out the first of these 40 rows, whose first cell lies far beyond the rest.
        string path = _workspace.PathOf("held-out-outlier.csv");
        File.WriteAllLines(path, ["a,b,c,d", "3e19,0.5,0.5,0.5", .. Enumerable.Range(1, 39).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 7 / 10.0},{i % 5 / 10.0},{i % 3 / 10.0},0.5"))]);

        CliRun run = CliRun.Of(
            "train", path, "--likelihood", "Gaussian", "--validation-fraction", "0.5", "-e", "1", "--hidden", "8", "-k", "2", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.Error, $"vae: {path}, line 2: held out for validation, its loss overflows float32 in epoch 1,");
        StringAssert.Contains(run.Error, "Scale the inputs (--scaling) or leave such rows out.");
    }

    [TestMethod]
    public void ATrainingRowWhoseLossOverflowsIsNamedByItsLineNotBlamedOnTheLearningRate()
    {
        string path = _workspace.PathOf("training-outlier.csv");
        File.WriteAllLines(path, ["a,b,c,d", .. Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i == 30 ? 1e20 : i % 7 / 10.0)},{i % 5 / 10.0},{i % 3 / 10.0},0.5"))]);
        string model = _workspace.PathOf("never.zip");

        CliRun run = CliRun.Of("train", path, "--likelihood", "Gaussian", "-e", "2", "--hidden", "8", "-k", "2", "--batch-size", "8", "--out", model);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.Error, $"vae: {path}, line 32: a training row, its loss overflows float32 in epoch 1, batch ");
        StringAssert.Contains(run.Error, "for a lower learning rate or clipping to help. Scale the inputs (--scaling) or leave such rows out.");
        Assert.IsFalse(File.Exists(model) || File.Exists(_workspace.PathOf("never.last-good.zip")));
    }

    [TestMethod]
    public void TheCsvReadersAdviceNamesTheCommandLineOptions()
    {
        string semicolons = _workspace.PathOf("semicolons.csv");
        File.WriteAllText(semicolons, "a;b\n0.1;0.2\n");
        string numbers = _workspace.PathOf("numbers.csv");
        File.WriteAllText(numbers, "0.5,0.25\n0.1,0.2\n");

        CliRun separator = CliRun.Of("train", semicolons, "--out", _workspace.PathOf("never.zip"));
        CliRun header = CliRun.Of("train", numbers, "--label-column", "1", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, separator.ExitCode);
        StringAssert.EndsWith(separator.Error.TrimEnd(), "The cell holds ';': if the file separates its cells with ';', pass --separator ';'.");
        Assert.AreEqual(1, header.ExitCode);
        StringAssert.EndsWith(header.Error.TrimEnd(), "The header line holds only numbers: if the file has no header line, pass --no-header and choose columns by 0-based index.");
    }

    [TestMethod]
    public void AMeasurementAsTheLabelIsAdvisedOutOfTheFeaturesAndCarriedAsTheIdWhereRowsAreWritten()
    {
        string path = _workspace.PathOf("measured-label.csv");
        File.WriteAllLines(path, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 1 ? line[..(line.LastIndexOf(',') + 1)] + "151.5" : line));

        CliRun train = CliRun.Of("train", path, "--label-column", "label", "-e", "1", "--out", _workspace.PathOf("never.zip"));
        CliRun encode = CliRun.Of("encode", TrainedModel.Value, path, "--label-column", "label");

        Assert.AreEqual(1, train.ExitCode);
        StringAssert.EndsWith(
            train.Error.TrimEnd(),
            "so a column of measurements is no label: leave it out of the features (--exclude-columns), as a target to predict must be, or map its values to class ids first. "
            + "Reading it as a feature instead makes it an input of the model, which every file the model reads must then hold: do that only if it is meant as one.");
        Assert.AreEqual(1, encode.ExitCode);
        StringAssert.EndsWith(
            encode.Error.TrimEnd(),
            "so a column of measurements is no label: carry it into the rows written with --id-column in place of --label-column; "
            + "or leave it out of the features (--exclude-columns), as a target to predict must be, or map its values to class ids first.");
        Assert.AreEqual(0, CliRun.Of("encode", TrainedModel.Value, path, "--id-column", "label", "--out", _workspace.PathOf("measured-label-latents.csv")).ExitCode, "the advice is followed");
    }

    [TestMethod]
    public void AnEmptyLabelIsAdvisedCarriedAsTheIdWhereRowsAreWritten()
    {
        string path = _workspace.PathOf("unlabelled-row.csv");
        File.WriteAllLines(path, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 2 ? line[..(line.LastIndexOf(',') + 1)] : line));

        CliRun train = CliRun.Of("train", path, "--label-column", "label", "-e", "1", "--out", _workspace.PathOf("never.zip"));
        CliRun encode = CliRun.Of("encode", TrainedModel.Value, path, "--label-column", "label", "--no-features");

        Assert.AreEqual(1, train.ExitCode);
        StringAssert.EndsWith(train.Error.TrimEnd(), "line 3, column 5 (\"label\"): the label cell is empty; every row needs a label, a class id or name (drop unlabelled rows first).");
        Assert.AreEqual(1, encode.ExitCode);
        StringAssert.EndsWith(
            encode.Error.TrimEnd(),
            "the label cell is empty; every row needs a label, a class id or name (drop unlabelled rows first), "
            + "or carry the column into the rows written, empty cells included, with --id-column in place of --label-column.");
        string latents = _workspace.PathOf("unlabelled-row-latents.csv");
        Assert.AreEqual(0, CliRun.Of("encode", TrainedModel.Value, path, "--id-column", "label", "--no-features", "--out", latents).ExitCode, "the advice is followed");
        StringAssert.StartsWith(File.ReadAllLines(latents)[2], ",", "the empty cell is carried");
    }

    [TestMethod]
    public void NamesAndCategoriesWhoseAccentsAreDecomposedAreToldSo()
    {
        string composed = _workspace.PathOf("composed-cities.csv");
        File.WriteAllText(composed, "x,city\n0.1,Caf\u00E9\n0.3,Z\u00FCrich\n");
        string decomposed = _workspace.PathOf("decomposed-cities.csv");
        File.WriteAllText(decomposed, "x,Gro\u0308\u00DFe,city\n0.1,0.2,Cafe\u0301\n");
        string model = _workspace.PathOf("cities.zip");
        Assert.AreEqual(0, CliRun.Of("train", composed, "--categorical-columns", "city", "-e", "1", "--hidden", "4", "-k", "2", "--out", model).ExitCode);

        CliRun name = CliRun.Of("train", decomposed, "--feature-columns", "x,Gr\u00F6\u00DFe", "--out", _workspace.PathOf("never.zip"));
        CliRun category = CliRun.Of("encode", model, decomposed, "--categorical-columns", "city");

        Assert.AreEqual(1, name.ExitCode);
        StringAssert.Contains(name.Error, "\"Gr\u00F6\u00DFe\" writes its accents composed (NFC), but the header's names write them decomposed, each a letter followed by a combining mark, as \"Gro\\u0308\u00DFe\"");
        Assert.AreEqual(1, category.ExitCode);
        StringAssert.Contains(category.Error, "\"Cafe\\u0301\" writes its accents decomposed, each a letter followed by a combining mark (NFD, as macOS tools write them), but the column's categories write them composed (NFC)");
    }

    [TestMethod]
    public void AHeaderAndNoHeaderMixedUpAreToldWhichToPass()
    {
        string headerless = _workspace.PathOf("headerless.csv");
        File.WriteAllText(headerless, "39,State-gov,0\n50,Private,1\n");
        string named = _workspace.PathOf("named.csv");
        File.WriteAllText(named, "a,b\n0.1,0.2\n");

        CliRun indices = CliRun.Of("train", headerless, "--label-column", "2", "--categorical-columns", "1", "--out", _workspace.PathOf("never.zip"));
        CliRun header = CliRun.Of("train", named, "--no-header", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, indices.ExitCode);
        StringAssert.EndsWith(indices.Error.TrimEnd(), "Column indices choose columns only without a header: if the file has no header line, pass --no-header.");
        Assert.AreEqual(1, header.ExitCode);
        StringAssert.EndsWith(header.Error.TrimEnd(), "Line 1 looks like a header, no cell of it being a number: if it names the columns, leave out --no-header.");
    }

    [TestMethod]
    [DataRow(null, "The line holds text in 3 feature columns: --categorical-columns 1,3,6 reads them all as categories.", DisplayName = "None given")]
    [DataRow("3", "The line holds text in 2 feature columns besides the categorical one: --categorical-columns 1,3,6 reads them as categories too, listing the categorical one with them.", DisplayName = "One given")]
    public void TextInTheFirstRowIsToldWithTheCategoricalColumnsToPassForEveryTextColumnOfIt(string? given, string expected)
    {
        // UCI Adult's layout, fewer columns: a label of text, and a note left out, which are not listed.
        string path = _workspace.PathOf("adult-like.data");
        File.WriteAllText(path, "39, State-gov, 77516, Bachelors, 13, seen twice, Male, <=50K\n50, Self-emp-not-inc, 83311, HS-grad, 13, new, Female, >50K\n");
        string[] reading = [path, "--no-header", "--label-column", "7", "--exclude-columns", "5"];
        string[] training = ["--likelihood", "Gaussian", "--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "2", "--threads", "1"];

        CliRun refused = CliRun.Of(["train", .. reading, .. given is null ? [] : new[] { "--categorical-columns", given }, "--out", _workspace.PathOf("never.zip")]);
        CliRun pasted = CliRun.Of(["train", .. reading, "--categorical-columns", "1,3,6", .. training, "--out", _workspace.PathOf("adult-like.zip")]);

        Assert.AreEqual(1, refused.ExitCode);
        Assert.AreEqual(
            $"vae: {path}, line 1, column 2 (index 1): the cell \" State-gov\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + $"and leave text columns out of the features (--exclude-columns) or read them as categories (--categorical-columns). {expected}",
            refused.Error.TrimEnd());
        Assert.AreEqual(0, pasted.ExitCode, pasted.Error);
    }

    [TestMethod]
    public void WithAHeaderTheCategoricalColumnsToPassAreNamedAsTheOptionAndAShellReadThem()
    {
        string path = _workspace.PathOf("named-text.csv");
        File.WriteAllText(path, "age,\"edu,level\",fnlwgt,it's,income\n39,Bachelors,77516,a,<=50K\n50,HS-grad,83311,b,>50K\n");
        string[] training = ["--label-column", "income", "--likelihood", "Gaussian", "--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "2", "--threads", "1"];

        CliRun refused = CliRun.Of("train", path, "--label-column", "income", "--out", _workspace.PathOf("never.zip"));
        // What a shell passes for '"edu,level",it'\''s'.
        CliRun pasted = CliRun.Of(["train", path, "--categorical-columns", "\"edu,level\",it's", .. training, "--out", _workspace.PathOf("named-text.zip")]);

        Assert.AreEqual(1, refused.ExitCode);
        Assert.AreEqual(
            $"vae: {path}, line 2, column 2 (\"edu,level\"): the cell \"Bachelors\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + "and leave text columns out of the features (--exclude-columns) or read them as categories (--categorical-columns). "
            + "The line holds text in 2 feature columns: --categorical-columns '\"edu,level\",it'\\''s' reads them all as categories.",
            refused.Error.TrimEnd());
        Assert.AreEqual(0, pasted.ExitCode, pasted.Error);
    }

    [TestMethod]
    public void AColumnNamedLikeAnIdentifierIsToldToBeLeftOutWithTheOptionThatDoes()
    {
        string path = _workspace.PathOf("with-ids.csv");
        File.WriteAllText(path, "id,age,workclass,income\nA0001,39,State-gov,<=50K\nA0002,50,Private,>50K\n");
        string[] training = ["--label-column", "income", "--likelihood", "Gaussian", "--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "2", "--threads", "1"];

        CliRun refused = CliRun.Of("train", path, "--label-column", "income", "--out", _workspace.PathOf("never.zip"));
        CliRun followed = CliRun.Of(["train", path, "--categorical-columns", "workclass", "--exclude-columns", "id", .. training, "--out", _workspace.PathOf("with-ids.zip")]);

        Assert.AreEqual(1, refused.ExitCode);
        StringAssert.EndsWith(
            refused.Error.TrimEnd(),
            "The line holds text of categories in another feature column: --categorical-columns workclass reads it as categories. "
                + "By its name, column 1 (\"id\") holds identifiers, no categories: read as categories, each would add a feature no other row shares; "
                + "leave it out of the features (--exclude-columns id).");
        Assert.AreEqual(0, followed.ExitCode, followed.Error);
    }

    /// <summary>The value replaces the one given, so it lists the columns already excluded, quoted as the shell and the option's list read them.</summary>
    [TestMethod]
    public void TheIdentifierColumnsToLeaveOutAreGivenAsTheValueOfExcludeColumnsWithThoseAlreadyExcluded()
    {
        string path = _workspace.PathOf("with-ids-and-notes.csv");
        File.WriteAllText(path, "kind,id,my note,age\nred,A1,x,3\nblue,A2,y,4\n");

        CliRun refused = CliRun.Of("train", path, "--exclude-columns", "my note", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, refused.ExitCode);
        StringAssert.EndsWith(refused.Error.TrimEnd(), "leave it out of the features (--exclude-columns 'my note,id').");
    }

    [TestMethod]
    public void LeavingAnIdentifierOutIsToldWithTheCellsThatAreNoCategoriesWhereTheRowHoldsNoCategory()
    {
        string path = _workspace.PathOf("ids-and-grouped-numbers.csv");
        File.WriteAllText(path, "id,amount,b\nA0001,\"1,234\",2\n");

        CliRun refused = CliRun.Of("train", path, "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, refused.ExitCode);
        StringAssert.EndsWith(
            refused.Error.TrimEnd(),
            "leave it out of the features (--exclude-columns id). "
                + "That leaves \"1,234\" in column 2 (\"amount\"), no categories either: a missing value, a number written otherwise or cells left joined.");
    }

    [TestMethod]
    public void ABernoulliRangeErrorNamesTheFileTheFirstBadLineAndTheOptionsToChange()
    {
        // Line 3 breaks the range first; line 4 holds the column's largest value. The label comes first, so feature 1 is
        // the file's third column.
        string path = _workspace.PathOf("out-of-range.csv");
        File.WriteAllText(path, "label,a,b\n0,0.1,0.2\n1,0.3,1.5\n0,0.4,3\n1,0.5,0.5\n");

        CliRun run = CliRun.Of("train", path, "--label-column", "label", "--epochs", "1", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: {path}, line 3, column 3 (\"b\") is 1.5, but the Bernoulli likelihood needs every feature in [0, 1].");
        StringAssert.Contains(run.Error, "For measurements, set --likelihood to Gaussian and --scaling to Standardize; for intensities within a range, such as gray levels, set --scaling to MinMax;");
    }

    [TestMethod]
    [DataRow(true, 6, DisplayName = "header")]
    [DataRow(false, 5, DisplayName = "no header")]
    public void LinesPassedOverWithSkipLinesCountInTheLineAProblemIsOn(bool hasHeader, int line)
    {
        // Found once the rows are read, as the range is, a problem is placed by the row it is in, which follows the skipped lines.
        string path = _workspace.PathOf("titled.csv");
        File.WriteAllText(path, $"title line\nnote\n{(hasHeader ? "a,b\n" : "")}0.1,0.2\n0.3,0.4\n0.5,2\n");

        CliRun run = CliRun.Of(["train", path, "--skip-lines", "2", "--epochs", "1", "--out", _workspace.PathOf("never.zip"), .. hasHeader ? Array.Empty<string>() : ["--no-header"]]);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: {path}, line {line}, column 2");
    }

    [TestMethod]
    public void AStochasticBinarizationErrorNamesTheFileLineAndColumnOfAFileWithoutHeader()
    {
        string path = _workspace.PathOf("not-probabilities.csv");
        File.WriteAllText(path, "0.1,0.2\n0.3,0.4\n7,0.5\n");

        CliRun run = CliRun.Of("train", path, "--no-header", "--epochs", "1", "--binarize", "stochastic", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: {path}, line 3, column 1 (index 0) is 7; stochastic binarization");
    }

    [TestMethod]
    public void AStochasticBinarizationErrorSaysScalingComesTooLateToHelp()
    {
        string path = _workspace.PathOf("measurements.csv");
        File.WriteAllText(path, "a,b\n5.1,0.2\n0.3,0.4\n");

        CliRun run = CliRun.Of("train", path, "--epochs", "1", "--binarize", "stochastic", "--scaling", "MinMax", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: {path}, line 2, column 1 (\"a\") is 5.1; stochastic binarization takes each value, as the file gives it, for the probability of a 1, before any --scaling, "
            + "which scales only the 0s and 1s drawn; so the values must already lie in [0, 1]: rescale the file beforehand, or pass --binarize a threshold within their range.",
            run.Error.TrimEnd());
    }

    [TestMethod]
    public void ABinarizeThresholdAboveEveryValueIsRefusedNotTurnedIntoZeros()
    {
        string path = _workspace.PathOf("unit.csv");
        File.WriteAllText(path, "a,b\n0.1,0.2\n0.3,1\n");

        string model = _workspace.PathOf("never.zip");

        CliRun run = CliRun.Of("train", path, "--epochs", "1", "--binarize", "2", "--out", model);

        Assert.AreEqual(1, run.ExitCode);
        Assert.IsFalse(File.Exists(model));
        Assert.AreEqual(
            "vae: --binarize: Every feature would become 0: the data's values lie in [0.1, 1] and a feature becomes 1 when it exceeds the threshold. " +
            "Choose a threshold from 0.1 up to, not including, 1 (got 2).",
            run.Error.TrimEnd());
    }

    [TestMethod]
    public void DivergedTrainingAdvisesInOptionNamesAndWritesNoModel()
    {
        string model = _workspace.PathOf("diverged.zip");

        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--likelihood", "Gaussian", "--gaussian-variance", "1e-40",
            "--learning-rate", "1000", "--epochs", "2", "--out", model);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, "vae: training diverged in epoch 1, batch 1:");
        StringAssert.Contains(
            run.Error,
            "This happened at the starting weights, before any update, so the learning rate is not the cause; " +
            "raise --gaussian-variance (now 1E-40), which divides the squared error, or scale the inputs (--scaling).");
        Assert.IsFalse(File.Exists(model));
        Assert.IsFalse(File.Exists(_workspace.PathOf("diverged.last-good.zip")), "no epoch completed, so there is nothing to keep");
    }

    /// <summary>
    /// At a learning rate of 0.05 every epoch of these rows throws the weights out, short of the margin that stops a run
    /// midway: early stopping kept the least bad, and the run wrote it as the model with exit code 0.
    /// </summary>
    [TestMethod]
    public void ARunThatEndsWithItsKeptWeightsThrownOutWritesNoModel()
    {
        string model = _workspace.PathOf("thrown-out-kept.zip");

        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--epochs", "40", "--learning-rate", "0.05", "--validation-fraction", "0.25", "--early-stopping", "2",
            "--out", model);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Matches(
            run.Error.TrimEnd(),
            new Regex(@"^vae: training diverged by the end of epoch \d+: the loss of the 30 rows the run trained on first, \S+ a row at the weights it started from, was \S+ a row at the weights it ended with \(epoch \d+'s, which early stopping kept\), above that by more than its size and a nat a feature: .* train again from the start with a lower --learning-rate \(now 0\.05\)\.$"));
        Assert.IsFalse(File.Exists(model));
        Assert.IsFalse(File.Exists(_workspace.PathOf("thrown-out-kept.best.zip")), "the weights early stopping kept are no model to use");
    }

    /// <summary>An ε that outweighs every gradient rounds every step away: the run once wrote the untrained model and exited 0.</summary>
    [TestMethod]
    public void StalledTrainingAdvisesInOptionNamesAndWritesNoModel()
    {
        string model = _workspace.PathOf("stalled.zip");

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--adam-epsilon", "3e38", "--epochs", "2", "--out", model);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(
            run.Error,
            "vae: training stalled in epoch 1: it changed not one weight, though its gradients were not zero: every Adam step was under half the float32 spacing "
            + "of its weight, so it rounded away. Lower --adam-epsilon (now 3E+38): it outweighed every gradient of the epoch, whose norms were at most ");
        Assert.IsFalse(File.Exists(model));
        Assert.IsFalse(File.Exists(_workspace.PathOf("stalled.last-good.zip")), "the epoch left the fresh weights as they were, so there is nothing to keep");
    }

    [TestMethod]
    public void InputsWhoseMagnitudeOverflowsTheKLTermAreAdvisedOnlyToBeScaled()
    {
        // Values near 1e30 overflow the KL term whatever --beta: --gaussian-variance, once advised first, led only to --beta.
        string data = SineCsv("near-1e30.csv", rows: 40, columns: 4, amplitude: 1e30);

        CliRun run = CliRun.Of(
            "train", data, "--likelihood", "Gaussian", "--gaussian-variance", "3e38", "--beta", "1e-6", "--hidden", "8", "-k", "2", "-e", "2", "--out", _workspace.PathOf("near-1e30.zip"));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            "This happened at the starting weights, before any update: the inputs are so large that the encoder's latent means pass about 1.8e19 "
            + "and the KL term overflows float32, whatever the loss's settings or the learning rate; scale the inputs (--scaling).");
    }

    [TestMethod]
    public void DivergenceAfterInitNumbersTheEpochAsTheProgressLinesDo()
    {
        // Values of order 1000 under a Gaussian likelihood: Adam's first step at a rate of 1e6 overflows the next loss.
        string data = SineCsv("wide.csv", rows: 8, columns: 8, amplitude: 1000);
        string start = _workspace.PathOf("one-epoch.zip");
        string model = _workspace.PathOf("resumed.zip");
        Assert.AreEqual(0, CliRun.Of("train", data, "--likelihood", "Gaussian", "--hidden", "16", "-k", "2", "-b", "4", "-e", "1", "--out", start).ExitCode);

        CliRun run = CliRun.Of("train", data, "--init", start, "-b", "4", "-e", "100", "--learning-rate", "1e6", "--out", model);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Matches(
            run.Error,
            new Regex(@"^vae: training diverged in this run's epoch 1 \(epoch 2 of the model's history\), batch \d+: .* Lower --learning-rate \(now 1000000\), set --clip-norm"));
        Assert.IsFalse(File.Exists(_workspace.PathOf("resumed.last-good.zip")), "no epoch of this run completed, so there is nothing new to keep");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void ALearningRateThatThrowsTheWeightsOutIsCaughtInTheEpochItDidSo()
    {
        // One batch an epoch at a learning rate of 100: its one update throws the weights out, with every loss finite. The
        // run once completed the epoch, kept its weights, and overflowed Adam's moment at the next, from which going on diverged at once.
        string data = SineCsv("thrown-out-in-epoch-1.csv", rows: 8, columns: 8, amplitude: 1000);
        string model = _workspace.PathOf("thrown-out.zip");

        CliRun run = CliRun.Of("train", data, "--likelihood", "Gaussian", "--hidden", "16", "-k", "2", "-b", "8", "-e", "5", "--learning-rate", "100", "--threads", "1", "--out", model);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Matches(
            run.Error.TrimEnd(),
            new Regex(@"^vae: training diverged in epoch 1, batch 1: the loss of the 8 rows the run trained on first, 2\.025E\+06 a row at the weights it started from, "
                + @"was [0-9.]+E\+2[0-9] a row at the epoch's end, far past any loss a run on its way down passes through: steps too large threw the weights out, though "
                + @"the losses stayed finite\. Lower --learning-rate \(now 100\): Adam moves each weight by about the learning rate a step, whatever the gradient, so clipping it does not help\.$"));
        Assert.IsFalse(File.Exists(_workspace.PathOf("thrown-out.last-good.zip")), "no epoch completed, so there are no new weights to keep");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void ASecondMomentDecayOfZeroIsWhatTheDivergenceAdviceNames()
    {
        // β₂ = 0 leaves Adam's steps unbounded by the learning rate; the advice once sent users to lower the rate, and runs
        // at rates a thousand times lower diverged as well.
        string data = SineCsv("beta2-zero.csv", rows: 16, columns: 8, amplitude: 1);

        CliRun run = CliRun.Of(
            "train", data, "--likelihood", "Gaussian", "--hidden", "16", "-k", "2", "-b", "4", "-e", "20", "--adam-beta2", "0", "--threads", "1",
            "--out", _workspace.PathOf("beta2-zero.zip"));

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(
            run.Error,
            "Raise --adam-beta2 (now 0) well above --adam-beta1 (now 0.9) squared, such as its default 0.999, since at or below that square Adam's steps can grow without bound, "
                + "lower --learning-rate (now 0.001), ");
    }

    [TestMethod]
    public void AFirstMomentDecayWhoseSquareLeavesNoRoomForTheSecondIsWhatTheDivergenceAdviceLowers()
    {
        // β₁ = 0.9999 squared is above --adam-beta2's default 0.999, and a β₂ well above it would be no β₂ at all.
        string data = SineCsv("beta1-high.csv", rows: 16, columns: 8, amplitude: 1);

        CliRun run = CliRun.Of(
            "train", data, "--likelihood", "Gaussian", "--hidden", "16", "-k", "2", "-b", "4", "-e", "20", "--adam-beta1", "0.9999", "--learning-rate", "10", "--threads", "1",
            "--out", _workspace.PathOf("beta1-high.zip"));

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            "Lower --adam-beta1 (now 0.9999), such as to its default 0.9: with --adam-beta2 (now 0.999) at or below --adam-beta1 squared Adam's steps can grow without bound, "
                + "so a lower --learning-rate (now 10) alone may not hold them back; lower it too should that not do.");
    }

    [TestMethod]
    public void AWeightDecayThatAloneOverflowsAtTheStartingWeightsIsTheOnlyOptionTheAdviceNames()
    {
        // The loss terms are finite and small; --gaussian-variance and --beta were once offered, and following them did not help.
        string data = SineCsv("decays-at-once.csv", rows: 40, columns: 3, amplitude: 1);

        CliRun run = CliRun.Of(
            "train", data, "--likelihood", "Gaussian", "--scaling", "Standardize", "--gaussian-variance", "1e6", "--weight-decay", "1e30", "-e", "1", "--out", _workspace.PathOf("decayed-at-once.zip"));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            "This happened at the starting weights, before any update, so the learning rate is not the cause; lower --weight-decay (now 1E+30), which adds to every weight's gradient.");
    }

    /// <summary>
    /// Weights an epoch had already thrown far past the start, though not yet past the margin that stops training, were
    /// kept as the last good ones, and going on from them at a lower rate ended far behind a fresh run.
    /// </summary>
    [TestMethod]
    public void AnEpochThatHadAlreadyThrownTheWeightsOutKeepsNoneAndSaysToTrainAgainFromTheStart()
    {
        // One batch an epoch of values near 1000 at a learning rate of 0.7: the first epoch's update takes the first rows'
        // loss from 2.0e6 to 1.1e9, short of the margin, the second's past it.
        string data = SineCsv("diverges-in-epoch-2.csv", rows: 8, columns: 8, amplitude: 1000);
        string model = _workspace.PathOf("thrown-out-by-epoch-1.zip");

        CliRun run = CliRun.Of("train", data, "--likelihood", "Gaussian", "--hidden", "16", "-k", "2", "-b", "8", "-e", "5", "--learning-rate", "0.7", "--threads", "1", "--out", model);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, "vae: training diverged in epoch 2, batch 1: the loss of the 8 rows the run trained on first, 2.025E+06 a row at the weights it started from, was ");
        StringAssert.Matches(
            run.Error.TrimEnd(),
            new Regex(@" the losses stayed finite\. The weights after epoch 1 had already risen to [0-9.]+E\+09 a row on those rows, so they are no start either; "
                + @"train again from the start with a lower --learning-rate \(now 0\.7\)\.$"));
        Assert.IsFalse(File.Exists(_workspace.PathOf("thrown-out-by-epoch-1.last-good.zip")), "weights thrown out are not kept to go on from");
        Assert.IsFalse(File.Exists(model));
    }

    /// <summary>
    /// A min-max feature spanning nearly all of float32 maps a decoding past 1 in scaled units past float32: two rows
    /// encode, and a step of the line between them, toward a row far out in the other feature, overflows, which no line
    /// of the file holds.
    /// </summary>
    [TestMethod]
    public void AnInterpolationWhoseDecodingOverflowsNamesTheStepAndTheRows()
    {
        string data = _workspace.PathOf("float-wide.csv");
        File.WriteAllLines(data, ["a,b", .. Enumerable.Range(0, 64).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? 0 : i % 2 == 1 ? 3.4e38 : 3.3e38)},{Math.Sin(i)}"))]);
        string model = _workspace.PathOf("float-wide.zip");
        Assert.AreEqual(
            0,
            CliRun.Of("train", data, "--likelihood", "Gaussian", "--scaling", "MinMax", "--hidden", "8", "-k", "2", "-e", "3", "-b", "16", "--threads", "1", "--out", model).ExitCode);
        string ends = _workspace.PathOf("float-wide-ends.csv");
        File.WriteAllLines(ends, ["a,b", "0,0", "1e38,1000000"]);

        CliRun run = CliRun.Of("interpolate", model, ends, "--from", "0", "--to", "1", "--steps", "5");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Matches(
            run.Error,
            new Regex($@"^vae: interpolating from row 0 to row 1 of {Regex.Escape(ends)}: Step [0-4] of the 5 on the line between the two rows \(counted from 0\): the reconstruction overflowed float32 "));
    }

    [TestMethod]
    public void ARowWhoseOutputsOverflowIsNamedByItsLineInTheFile()
    {
        // 16 features of 3e38 take some of 64 hidden units past float32, whatever the weights, and so the latent mean.
        string data = SineCsv("unit.csv", rows: 16, columns: 16, amplitude: 1);
        string model = _workspace.PathOf("unit-scale.zip");
        Assert.AreEqual(0, CliRun.Of("train", data, "--likelihood", "Gaussian", "--hidden", "64", "-k", "2", "-e", "1", "--threads", "1", "--out", model).ExitCode);
        string[] lines = File.ReadAllLines(data);
        lines[4] = string.Join(',', Enumerable.Repeat("3e38", 16));
        string far = _workspace.PathOf("far.csv");
        File.WriteAllLines(far, lines);

        CliRun evaluate = CliRun.Of("evaluate", model, far);
        CliRun encode = CliRun.Of("encode", model, far);
        CliRun interpolate = CliRun.Of("interpolate", model, far, "--from", "0", "--to", "3", "--steps", "2");
        CliRun pictures = CliRun.Of("pictures", model, far, "--out", _workspace.PathOf("far-pictures"));

        Assert.AreEqual((1, 1, 1, 1), (evaluate.ExitCode, encode.ExitCode, interpolate.ExitCode, pictures.ExitCode));
        StringAssert.StartsWith(evaluate.Error, $"vae: {far}, line 5: the ");
        foreach (CliRun run in new[] { encode, interpolate, pictures })
        {
            StringAssert.StartsWith(run.Error, $"vae: {far}, line 5: the latent mean overflowed float32");
        }

        // Encoding goes a chunk of rows at a time: a row in a later chunk is still named by its line, and nothing is written.
        string longer = _workspace.PathOf("far-later.csv");
        File.WriteAllLines(longer, [.. File.ReadAllLines(SineCsv("long.csv", rows: 1500, columns: 16, amplitude: 1))[..1400], lines[4]]);
        string encoded = _workspace.PathOf("far-later-encoded.csv");
        CliRun later = CliRun.Of("encode", model, longer, "--out", encoded);
        Assert.AreEqual(1, later.ExitCode);
        StringAssert.StartsWith(later.Error, $"vae: {longer}, line 1401: the latent mean overflowed float32");
        Assert.IsFalse(File.Exists(encoded));

        // On standard output the chunks before the failing one stay written, each line whole.
        CliRun toStandardOutput = CliRun.Of("encode", model, longer);
        string[] written = toStandardOutput.Output.Split('\n');
        Assert.AreEqual(1, toStandardOutput.ExitCode);
        Assert.AreEqual(1 + 1024 + 1, written.Length, "the header and the first chunk's rows, then the end of the last line");
        Assert.IsTrue(written[1..^1].All(line => line.Split(',').Length == 16 + 4), "every row written is whole");
    }

    [TestMethod]
    public void MoreInterpolatedRowsThanOneArrayHoldsAreRefusedInTheOptionsTermsStatingTheCountOnce()
    {
        string data = SineCsv("wide-rows.csv", rows: 8, columns: 1000, amplitude: 1);
        string model = _workspace.PathOf("wide-rows.zip");
        Assert.AreEqual(0, CliRun.Of("train", data, "--likelihood", "Gaussian", "--hidden", "4", "-k", "2", "-e", "1", "--out", model).ExitCode);
        int most = Array.MaxLength / 1000;

        CliRun interpolate = CliRun.Of("interpolate", model, data, "--from", "0", "--to", "1", "--steps", $"{most + 1}", "--out", _workspace.PathOf("too-many.csv"));

        Assert.AreEqual(1, interpolate.ExitCode);
        Assert.AreEqual($"vae: --steps {most + 1} is more rows of 1000 values than one array holds; give --steps {most} or less.", interpolate.Error.TrimEnd());
        Assert.IsFalse(File.Exists(_workspace.PathOf("too-many.csv")));
    }

    [TestMethod]
    public void APictureOfMoreGeneratedRowsThanOneArrayOfTheirLatentPointsHoldsIsRefusedInTheCountsTerms()
    {
        // One pixel per image fits 150 million images in one picture, but not their 20 latent values each in one array.
        string data = _workspace.PathOf("one-feature.csv");
        File.WriteAllLines(data, ["a", .. Enumerable.Range(0, 8).Select(i => $"{i % 2}")]);
        string model = _workspace.PathOf("one-feature.zip");
        Assert.AreEqual(0, CliRun.Of("train", data, "--hidden", "2", "-k", "20", "-e", "1", "--out", model).ExitCode);
        int most = Array.MaxLength / 20;

        CliRun run = CliRun.Of(
            "generate", model, "-n", "150000000", "--image-shape", "1x1", "--scale", "1", "--columns", "4000", "--out", _workspace.PathOf("one-feature.png"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual($"vae: --count 150000000 is more rows of 20 values than one array holds; give --count {most} or less.", run.Error.TrimEnd());
        Assert.IsFalse(File.Exists(_workspace.PathOf("one-feature.png")));
    }

    [TestMethod]
    public void AClipAndRoundDecoderPutIntoAModelZipIsRefusedSayingWhichDecoderBelongsThere()
    {
        string directory = _workspace.PathOf("clip-and-round-onnx");
        Assert.AreEqual(0, CliRun.Of("export-onnx", TrainedModel.Value, directory, "--clip-and-round").ExitCode);
        string model = _workspace.PathOf("clip-and-round-decoder.zip");
        File.Copy(TrainedModel.Value, model);
        using (ZipArchive zip = ZipFile.Open(model, ZipArchiveMode.Update))
        {
            zip.GetEntry("decoder.onnx")!.Delete();
            zip.CreateEntryFromFile(Path.Combine(directory, "decoder.onnx"), "decoder.onnx");
        }

        CliRun run = CliRun.Of("inspect", model);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: {model}: The model zip's decoder is a Vae.MLNet 'decoder_with_feature_ranges' graph: the decoder for generating that 'vae export-onnx --clip-and-round' writes, "
            + "which keeps its reconstructions within the training data's feature ranges, where a model zip holds the decoder that scoring reads. "
            + "Put back the decoder the zip was saved with, or one that 'vae export-onnx' writes without --clip-and-round.",
            run.Error.TrimEnd());
    }

    [TestMethod]
    public void ClippingAndRoundingWithAModelSavedBeforeRangesWereKeptSaysHowToRecordThem()
    {
        string model = _workspace.PathOf("no-ranges.zip");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--hidden", "4", "-k", "2", "-e", "1", "--out", model).ExitCode);
        ZipBeforeFeatureRanges.Strip(model);

        string directory = _workspace.PathOf("no-ranges-onnx");
        CliRun[] runs =
        [
            CliRun.Of("generate", model, "-n", "3", "--clip-and-round"),
            CliRun.Of("interpolate", model, _workspace.DataPath, "--label-column", "label", "--from", "0", "--to", "1", "--clip-and-round"),
            CliRun.Of("export-onnx", model, directory, "--clip-and-round"),
        ];

        Assert.AreEqual(0, CliRun.Of("generate", model, "-n", "3").ExitCode, "the model loads");
        StringAssert.Contains(CliRun.Of("inspect", model).Output, "feature ranges     none (saved before ranges were kept)");
        foreach (CliRun run in runs)
        {
            Assert.AreEqual(1, run.ExitCode);
            Assert.AreEqual(
                "vae: The model keeps no feature ranges, so --clip-and-round has none to keep to: it was saved before Vae.MLNet kept them. "
                + "Train it further on its training data (vae train DATA --init MODEL) to record them, or leave out --clip-and-round.",
                run.Error.TrimEnd());
            Assert.AreEqual(string.Empty, run.Output);
        }

        Assert.IsFalse(Directory.Exists(directory), "export-onnx refused before making its directory");
    }

    [TestMethod]
    public void StandardizingAFeatureSpreadNearFloat32sLimitIsRefusedAtTraining()
    {
        // Trained, such a model's rows generated at temperature 1 overflowed about 1.1σ out, blaming the temperature.
        string data = _workspace.PathOf("spread-to-the-limit.csv");
        File.WriteAllLines(data, ["a,b", .. Enumerable.Range(0, 16).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 5 / 4.0},{(i % 2 == 0 ? "-3e38" : "3e38")}"))]);
        string model = _workspace.PathOf("spread-to-the-limit.zip");

        CliRun run = CliRun.Of("train", data, "--likelihood", "Gaussian", "--scaling", "Standardize", "--hidden", "8", "-k", "2", "-e", "1", "--out", model);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: {data}: Feature 1 (\"b\") has a mean of 0 and a standard deviation of 3E+38, so standardizing leaves no room to map outputs back to its units");
        StringAssert.EndsWith(run.Error.TrimEnd(), "divide the feature by 10 or more before training.");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void GeneratedRowsThatOverflowAdviseALowerTemperatureAndWriteNothing()
    {
        // Standardizing features of order 1e37 leaves a decoder output of a few dozen standard deviations above float32's range.
        string data = SineCsv("huge.csv", rows: 16, columns: 4, amplitude: 3e37);
        string model = _workspace.PathOf("huge-scale.zip");
        Assert.AreEqual(
            0,
            CliRun.Of("train", data, "--likelihood", "Gaussian", "--scaling", "Standardize", "--hidden", "8", "-k", "2", "-b", "4", "-e", "20", "--learning-rate", "0.05", "--out", model).ExitCode);
        string generated = _workspace.PathOf("overflowed.csv");
        Assert.AreEqual(0, CliRun.Of("generate", model, "-n", "50", "--out", generated).ExitCode, "typical draws stay within float32");

        CliRun run = CliRun.Of("generate", model, "-n", "50", "--temperature", "100", "--out", generated);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            "vae: Generated row 2: decoding its latent point overflowed float32: drawn at temperature 100, it lies too far from the prior the model was trained on. Lower --temperature (now 100).",
            run.Error.TrimEnd());
        Assert.AreEqual(51, File.ReadAllLines(generated).Length, "the earlier output is left as it was");
    }

    [TestMethod]
    [DataRow("--label-column label", "; use --labels FILE for IDX labels.")]
    [DataRow("--feature-columns 1,2", ", whose features are all of its pixels; leave --feature-columns out.")]
    [DataRow("--exclude-columns 0", ", whose features are all of its pixels; leave --exclude-columns out.")]
    [DataRow("--categorical-columns 1", ", whose pixels are numbers; leave --categorical-columns out.")]
    // Without a --validation-data file (read after DATA) or --init, train refuses the option before reading any file.
    [DataRow("--unknown-categories-as-none --validation-data later.csv", ", whose pixels are numbers; leave --unknown-categories-as-none out.")]
    [DataRow("--separator ;", ", which has no cells to separate; leave --separator out.")]
    [DataRow("--no-header", ", whose header is binary, not a line of column names; leave --no-header out.")]
    [DataRow("--skip-lines 1", ", whose header is binary, not lines of text; leave --skip-lines out.")]
    public void CsvOptionsAreRefusedForIdxInputWithAdviceFittingEach(string options, string advice)
    {
        string path = _workspace.PathOf("images.idx");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255]);

        CliRun run = CliRun.Of(["train", path, .. options.Split(' ')]);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual($"vae: {options.Split(' ')[0]} applies to CSV input, but {path} is an IDX file{advice}", run.Error.TrimEnd());
    }

    /// <summary>/proc/self/mem opens, and fails its first read at offset 0 with EIO, as a disk error would.</summary>
    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [DataRow("encode MODEL UNREADABLE", "the DATA file")]
    [DataRow("train IMAGES --labels UNREADABLE --out NEVER", "the --labels file")]
    [DataRow("train DATA --validation-data UNREADABLE --out NEVER", "the --validation-data file")]
    [DataRow("decode MODEL UNREADABLE", "the LATENTS file")]
    [DataRow("inspect UNREADABLE", "the model")]
    [DataRow("train DATA --init UNREADABLE --out NEVER", "the model")]
    public void AnInputThatCannotBeReadIsNamedAsTheInputItIs(string command, string role)
    {
        const string Unreadable = "/proc/self/mem";
        var stands = new Dictionary<string, Func<string>>
        {
            ["MODEL"] = () => TrainedModel.Value,
            ["IMAGES"] = () => WriteIdxImages("beside-unreadable-labels.idx", count: 1, width: 2, height: 2),
            ["DATA"] = () => _workspace.DataPath,
            ["NEVER"] = () => _workspace.PathOf("never.zip"),
            ["UNREADABLE"] = () => Unreadable,
        };

        CliRun run = CliRun.Of([.. command.Split(' ').Select(word => stands.TryGetValue(word, out Func<string>? path) ? path() : word)]);

        Assert.AreEqual(1, run.ExitCode);
        Assert.HasCount(1, run.ErrorLines, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: '{Unreadable}' ({role}) could not be read: ");
        Assert.DoesNotContain($" : '{Unreadable}'", run.Error, "the path is said once, before the reason");
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void AnInputThatCannotBeOpenedIsNamedAsTheInputItIs()
    {
        // Two links that lead to each other fail the opening with ELOOP, which names no input.
        string loop = _workspace.PathOf("looping.zip");
        string other = _workspace.PathOf("looping-back.zip");
        File.CreateSymbolicLink(loop, other);
        File.CreateSymbolicLink(other, loop);

        CliRun run = CliRun.Of("inspect", loop);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: '{loop}' (the model) could not be read: ");
        Assert.DoesNotContain($" : '{loop}'", run.Error, "the path is said once, before the reason");
    }

    [TestMethod]
    public void SwappedImagesAndLabelsAreToldToBeSwapped()
    {
        (string images, string labels) = WriteOneImageAndItsLabel("swapped");

        CliRun run = CliRun.Of("train", labels, "--labels", images, "--out", _workspace.PathOf("swapped.zip"));
        CliRun twice = CliRun.Of("train", labels, "--labels", labels, "--out", _workspace.PathOf("swapped.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual($"vae: {labels} holds IDX labels and {images} IDX images: the two are swapped; give {images} as DATA and --labels {labels}.", run.Error.TrimEnd());
        Assert.AreEqual(1, twice.ExitCode);
        Assert.AreEqual($"vae: {labels} and {labels} both hold IDX labels; give the matching images file (…-images-idx3-ubyte) as DATA and one of them as --labels.", twice.Error.TrimEnd());
    }

    [TestMethod]
    public void AnIdxFileInTheOtherPlaceIsAdvisedInTheCommandLinesTerms()
    {
        (string images, string labels) = WriteOneImageAndItsLabel("placed");

        CliRun labelsAsData = CliRun.Of("train", labels, "--out", _workspace.PathOf("never.zip"));
        CliRun imagesAsLabels = CliRun.Of("train", images, "--labels", images, "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(
            $"vae: {labels} is an IDX labels file (magic number 2049), not an images file; pass it as --labels and the matching images file (…-images-idx3-ubyte) as DATA.",
            labelsAsData.Error.TrimEnd());
        Assert.AreEqual(
            $"vae: {images} is an IDX images file (magic number 2051), not a labels file; pass it as DATA and the matching labels file (…-labels-idx1-ubyte) as --labels.",
            imagesAsLabels.Error.TrimEnd());
    }

    [TestMethod]
    public void ACsvFileGivenAsLabelsIsNamedAsText()
    {
        (string images, _) = WriteOneImageAndItsLabel("text-labels");
        string csv = _workspace.PathOf("text-labels.csv");
        File.WriteAllText(csv, "p,q\n1,2\n");

        CliRun run = CliRun.Of("train", images, "--labels", csv, "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: {csv} holds text, such as CSV or TSV, not IDX labels; pass an MNIST-format labels file (…-labels-idx1-ubyte), raw or gzip-compressed.",
            run.Error.TrimEnd());
    }

    // At --scale 16, 200 images of 100×100 fit in one picture and their reconstructions beside them do not, and a
    // two-dimensional latent space's manifold of 20 × 20 such images does not either.
    [TestMethod]
    [DataRow(200, 1, "200", "reconstructions.png: the grid of 200 100x100 images above their reconstructions at --scale 16 would be 12809×80051 pixels, more than the 715827863 one picture can hold; lower --count or --scale.")]
    [DataRow(2, 2, "1", "manifold.png: the grid of 400 100x100 images at --scale 16 would be 32000×32000 pixels, more than the 715827863 one picture can hold; lower --scale.")]
    public void PicturesRefusesAGridTooLargeForOneImageBeforeDecodingAnyRow(int count, int latentDimension, string shown, string message)
    {
        string name = $"large-images-{count}-{latentDimension}";
        string images = WriteIdxImages(name + ".idx", count, width: 100, height: 100);
        string model = _workspace.PathOf(name + ".zip");
        Assert.AreEqual(0, CliRun.Of("train", images, "--hidden", "2", "-k", $"{latentDimension}", "-e", "1", "--out", model).ExitCode);
        string directory = _workspace.PathOf(name + "-pictures");

        CliRun run = CliRun.Of("pictures", model, images, "--count", shown, "--scale", "16", "--out", directory);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual($"vae: {message}", run.Error.TrimEnd());
        Assert.AreEqual(string.Empty, run.Output);
        Assert.IsFalse(Directory.Exists(directory));
    }

    // Parsing checks the picture of an --image-shape; that of the shape the model records is checked, in the same
    // terms, once the model is read, before any row is decoded.
    [TestMethod]
    public void GenerateAndInterpolateRefuseAPictureOfTheModelsImagesTooLargeForOneImage()
    {
        string images = WriteIdxImages("large-images-recorded.idx", 2, width: 100, height: 100);
        string model = _workspace.PathOf("large-images-recorded.zip");
        Assert.AreEqual(0, CliRun.Of("train", images, "--hidden", "2", "-k", "1", "-e", "1", "--out", model).ExitCode);
        string grid = _workspace.PathOf("large-grid.png");
        string strip = _workspace.PathOf("large-strip.png");

        CliRun generate = CliRun.Of("generate", model, "--count", "300", "--scale", "16", "--out", grid);
        CliRun interpolate = CliRun.Of("interpolate", model, images, "--from", "0", "--to", "1", "--steps", "300", "--scale", "16", "--out", strip);

        Assert.AreEqual(1, generate.ExitCode, generate.Error);
        Assert.AreEqual(
            "vae: --count 300: the grid of 300 100x100 images at --scale 16 would be 12809×60839 pixels, more than the 715827863 one picture can hold; lower --count or --scale.",
            generate.Error.TrimEnd());
        Assert.AreEqual(1, interpolate.ExitCode, interpolate.Error);
        Assert.AreEqual(
            "vae: --steps 300: the strip of 300 100x100 images at --scale 16 would be 480301×1602 pixels, more than the 715827863 one picture can hold; lower --steps or --scale.",
            interpolate.Error.TrimEnd());
        Assert.IsFalse(File.Exists(grid));
        Assert.IsFalse(File.Exists(strip));
    }

    [TestMethod]
    public void LibraryRemediesAreToldInCommandLineTerms()
    {
        string truncated = _workspace.PathOf("truncated.idx");
        File.WriteAllBytes(truncated, [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 255]);
        string emptyZip = _workspace.PathOf("empty.zip");
        System.IO.Compression.ZipFile.Open(emptyZip, System.IO.Compression.ZipArchiveMode.Create).Dispose();

        CliRun idx = CliRun.Of("train", truncated);
        CliRun zip = CliRun.Of("inspect", emptyZip);

        Assert.AreEqual(1, idx.ExitCode);
        StringAssert.Contains(idx.Error, "or pass --max-rows ≤ 1 to read the complete part.");
        Assert.AreEqual(1, zip.ExitCode);
        StringAssert.Contains(zip.Error, "Load a zip written by 'vae train'.");
    }

    [TestMethod]
    public void VerbosePrintsTheStackTrace()
    {
        CliRun quiet = CliRun.Of("inspect", _workspace.PathOf("absent.zip"));
        CliRun verbose = CliRun.Of("inspect", _workspace.PathOf("absent.zip"), "--verbose");

        Assert.AreEqual(1, verbose.ExitCode);
        Assert.IsFalse(quiet.Error.Contains(" at ", StringComparison.Ordinal));
        StringAssert.Contains(verbose.Error, " at ");
    }

    [TestMethod]
    public void NotAModelZipNamesTheFile()
    {
        CliRun run = CliRun.Of("inspect", _workspace.DataPath);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: {_workspace.DataPath} holds ");
    }

    [TestMethod]
    [DataRow("encode data.csv model.zip", "data.csv", "text, such as CSV or TSV", "vae encode MODEL DATA")]
    [DataRow("evaluate images.gz model.zip", "images.gz", "gzip-compressed IDX images (magic number 2051)", "vae evaluate MODEL DATA")]
    [DataRow("reconstruct labels.idx model.zip", "labels.idx", "IDX labels (magic number 2049)", "vae reconstruct MODEL DATA")]
    [DataRow("encode onnx/encoder.onnx data.csv", "onnx/encoder.onnx", "an ONNX graph (a protobuf ModelProto, as 'vae export-onnx' writes)", "vae encode MODEL DATA")]
    [DataRow("generate data.csv.gz -n 2", "data.csv.gz", "gzip-compressed text, such as CSV or TSV", "vae generate MODEL")]
    [DataRow("train data.csv --init data.csv --out never.zip", "data.csv", "text, such as CSV or TSV", "vae train DATA --init MODEL")]
    public void AFileGivenWhereTheModelZipBelongsIsToldByWhatItHoldsWithTheCommandsUsage(string commandLine, string misplaced, string holds, string usage)
    {
        MakeFilesOfEveryKind();

        CliRun run = CliRun.Of(InWorkspace(commandLine));

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: {_workspace.PathOf(misplaced)} holds {holds}, not a model zip; MODEL takes the model zip written by 'vae train', as in: {usage}.",
            run.Error.TrimEnd());
        Assert.IsFalse(File.Exists(_workspace.PathOf("never.zip")));
    }

    [TestMethod]
    [DataRow("train data.csv.gz --out never.zip")]
    [DataRow("encode model.zip data.csv.gz")]
    public void GzipCompressedCsvDataIsToldToBeDecompressedNotTakenForIdx(string commandLine)
    {
        MakeFilesOfEveryKind();
        string compressed = _workspace.PathOf("data.csv.gz");

        CliRun run = CliRun.Of(InWorkspace(commandLine));

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: {compressed} is gzip-compressed text, such as CSV; compressed CSV is not read (gzip is read for IDX files only), so decompress it first: "
            + "gunzip it, or pipe zcat's output to /dev/stdin.",
            run.Error.TrimEnd());
        Assert.IsFalse(File.Exists(_workspace.PathOf("never.zip")));
    }

    [TestMethod]
    public void ADamagedModelZipIsToldInTheLibrarysTerms()
    {
        MakeFilesOfEveryKind();
        string truncated = _workspace.PathOf("truncated.zip");
        File.WriteAllBytes(truncated, File.ReadAllBytes(TrainedModel.Value)[..100]);

        CliRun run = CliRun.Of("encode", truncated, _workspace.DataPath);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: {truncated}: The model file is not a readable zip archive (");
        StringAssert.Contains(run.Error, "It is truncated, damaged, not a Vae.MLNet model, or followed by other data; load the file 'vae train' wrote, or train the model again.");
        Assert.DoesNotContain("stream", run.Error, "the command line reads files");
    }

    [TestMethod]
    public void AModelZipDamagedWithinIsToldWithTheCommandLinesRemedy()
    {
        string damaged = _workspace.PathOf("empty-manifest.zip");
        File.Copy(TrainedModel.Value, damaged, overwrite: true);
        using (ZipArchive zip = ZipFile.Open(damaged, ZipArchiveMode.Update))
        {
            zip.GetEntry("manifest.json")!.Delete();
            using var manifest = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            manifest.Write("{\"formatVersion\": 1}");
        }

        CliRun run = CliRun.Of("inspect", damaged);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: {damaged}: manifest.json is not a valid Vae.MLNet manifest: ");
        StringAssert.EndsWith(run.Error.TrimEnd(), " Train the model again, or restore the file from a copy.");
    }

    [TestMethod]
    public void AModelFolderZippedWholeIsToldToBeZippedFromWithin()
    {
        string rezipped = _workspace.PathOf("rezipped.zip");
        File.Delete(rezipped);
        using (ZipArchive model = ZipFile.OpenRead(TrainedModel.Value))
        using (ZipArchive zip = ZipFile.Open(rezipped, ZipArchiveMode.Create))
        {
            zip.CreateEntry("wine/");
            foreach (ZipArchiveEntry entry in model.Entries)
            {
                using Stream source = entry.Open();
                using Stream target = zip.CreateEntry("wine/" + entry.FullName).Open();
                source.CopyTo(target);
            }
        }

        CliRun run = CliRun.Of("inspect", rezipped);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: {rezipped}: The zip has no 'manifest.json' at its root: the model's files sit under 'wine/', and must be at the zip's root, where 'vae train' writes them. "
            + "Zip the folder's contents rather than the folder (cd wine && zip -r ../model.zip ., or in PowerShell Compress-Archive -Path wine\\* -DestinationPath model.zip).",
            run.Error.TrimEnd());
    }

    [TestMethod]
    public void AnMLNetModelZipIsToldToBeAPipelineWithHowToSaveItsVae()
    {
        // As mlContext.Model.Save lays out a fitted VaeEstimator with its input schema.
        string pipeline = _workspace.PathOf("vae-pipeline.zip");
        File.Delete(pipeline);
        using (ZipArchive zip = ZipFile.Open(pipeline, ZipArchiveMode.Create))
        {
            foreach (string name in new[] { "TrainingInfo/Version.txt", "TransformerChain/OnnxModel", "TransformerChain/Model.key", "Schema" })
            {
                zip.CreateEntry(name);
            }
        }

        CliRun run = CliRun.Of("inspect", pipeline);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: {pipeline}: The zip is an ML.NET model zip, as mlContext.Model.Save writes: it holds a fitted pipeline, not a Vae.MLNet model zip such as 'vae train' writes. "
            + "For the VAE in a pipeline, save one after Fit with the VaeEstimator's TrainedModel.Save(path), and give that zip.",
            run.Error.TrimEnd());
    }

    [TestMethod]
    public void AnAmbiguousColumnNameIsToldWithTheCommandLinesRemedy()
    {
        string repeated = _workspace.PathOf("repeated-name.csv");
        File.WriteAllLines(repeated, ["a,b,a", "1,2,3", "4,5,6"]);

        CliRun run = CliRun.Of("train", repeated, "--feature-columns", "a,b", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.EndsWith(run.Error.TrimEnd(), "the feature column name \"a\" is ambiguous: columns 1 and 3 both have it. Rename one.", "--feature-columns takes names when there is a header");
    }

    [TestMethod]
    public void ACategorysFeatureNameAsAFeatureColumnIsToldWithTheCommandLinesRemedy()
    {
        string people = _workspace.PathOf("people.csv");
        File.WriteAllLines(people, ["age,sex", "39,Male", "50,Female"]);

        CliRun run = CliRun.Of("train", people, "--feature-columns", "age,sex=Male", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            "\"sex=Male\" is a column=category name of the header's columns, as a model names the features of a categorical column: "
            + "to read a column's categories, list the column in --feature-columns and --categorical-columns.");
    }

    [TestMethod]
    public void AFileEmptyAfterTheSkippedLinesIsToldWithTheOption()
    {
        string titled = _workspace.PathOf("title-only.csv");
        File.WriteAllLines(titled, ["a title", "a note"]);

        CliRun run = CliRun.Of("train", titled, "--skip-lines", "2", "--out", _workspace.PathOf("never.zip"));
        CliRun past = CliRun.Of("train", titled, "--skip-lines", "5", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual($"vae: {titled} has 2 lines, all of them passed over with --skip-lines 2; it must hold a header line and at least one row of numbers.", run.Error.TrimEnd());
        Assert.AreEqual(1, past.ExitCode);
        Assert.AreEqual($"vae: {titled} has 2 lines, all of them passed over with --skip-lines 5; it must hold a header line and at least one row of numbers.", past.Error.TrimEnd());
    }

    [TestMethod]
    public void CancelledTrainingWritesNoModel()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var error = new StringWriter();
        string model = _workspace.PathOf("cancelled.zip");

        int code = VaeCli.Run(["train", _workspace.DataPath, "--label-column", "label", "--out", model], TextWriter.Null, error, cancellationToken: cancelled.Token);

        Assert.AreEqual(130, code);
        StringAssert.Contains(error.ToString(), "cancelled");
        Assert.IsFalse(File.Exists(model));
    }

    /// <summary>
    /// A signal after the last epoch, which training no longer sees, still keeps --out from being written; the trained
    /// model is kept beside it, and said to be complete, to rename rather than train again as its name suggests.
    /// </summary>
    [TestMethod]
    public void TrainingCancelledAfterItsLastEpochKeepsTheModelBesideOutInstead()
    {
        string model = _workspace.PathOf("cancelled-late.zip");
        string plots = _workspace.PathOf("cancelled-late-plots");

        CliRun run = RunCancelledWhenPrinted(
            "active latent dimensions:", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model, "--plots", plots);

        Assert.AreEqual(130, run.ExitCode);
        StringAssert.Contains(run.Output, "active latent dimensions:");
        string interrupted = _workspace.PathOf("cancelled-late.interrupted.zip");
        Assert.AreEqual(
            $"vae: cancelled after training ended, before --out {model} and {Path.Combine(plots, "training-curves.png")} were written; "
            + $"the trained model is complete, saved to {interrupted}: rename it to {model} to use it; 'vae pictures' draws its training curves.",
            run.Error.TrimEnd());
        Assert.HasCount(1, VaeModel.Load(interrupted).History.Epochs);
        Assert.IsFalse(VaeModel.Load(interrupted).History.Interrupted, "the run completed");
        Assert.IsFalse(File.Exists(model));
        Assert.IsFalse(Directory.Exists(plots) && Directory.EnumerateFileSystemEntries(plots).Any());
    }

    [TestMethod]
    public void TrainingCancelledAfterItsLastEpochWithoutPlotsNamesOnlyOut()
    {
        string model = _workspace.PathOf("cancelled-late-unplotted.zip");

        CliRun run = RunCancelledWhenPrinted("active latent dimensions:", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model);

        Assert.AreEqual(
            $"vae: cancelled after training ended, before --out {model} was written; the trained model is complete, "
            + $"saved to {_workspace.PathOf("cancelled-late-unplotted.interrupted.zip")}: rename it to {model} to use it.",
            run.Error.TrimEnd());
    }

    /// <summary>
    /// The message promised a run going on as if uninterrupted, where early stopping starts its patience afresh and keeps
    /// the best of the weights it starts from and its own epochs: the weights it keeps can differ.
    /// </summary>
    [TestMethod]
    public void TrainingWithEarlyStoppingCancelledAfterAnEpochSaysWhatGoesOnAfresh()
    {
        string model = _workspace.PathOf("stopped-early-stopping.zip");

        CliRun run = RunCancelledWhenPrinted(
            "epoch 2/", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "5", "--validation-fraction", "0.25", "--early-stopping", "3", "--out", model);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            "(it keeps Adam's state, so training goes on as if uninterrupted, but --early-stopping starts its patience afresh and keeps the best of the weights it starts "
                + "from and the epochs it trains, not of this run's earlier epochs).");
    }

    /// <summary>
    /// A run with early stopping cancelled after its best epoch kept only the last epoch's weights, to go on from: the
    /// best epoch's, which --out would have held had it ended there, were lost.
    /// </summary>
    [TestMethod]
    public void TrainingWithEarlyStoppingCancelledAfterItsBestEpochKeepsThatEpochBesideOut()
    {
        (string[] train, int best) = EarlyStoppingRunAndItsBestEpoch("best-completed.zip");
        string model = _workspace.PathOf("best-stopped.zip");
        string interrupted = _workspace.PathOf("best-stopped.interrupted.zip");
        string kept = _workspace.PathOf("best-stopped.best.zip");

        CliRun run = RunCancelledWhenPrinted($"epoch {best + 1}/", [.. train, "--out", model]);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: cancelled after epoch {best + 1}; saved its weights to {interrupted}, and --out {model} was not written;");
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            $"not of this run's earlier epochs). Saved the weights of epoch {best}, whose validation loss was the lowest so far, to {kept}, "
                + $"the model --out would hold had the run ended there: use it as it is, and go on training from {interrupted}.");
        StringAssert.Contains(run.Output, $"wrote {interrupted}");
        StringAssert.Contains(run.Output, $"wrote {kept}");
        VaeModel keptModel = VaeModel.Load(kept);
        Assert.AreEqual(best, keptModel.History.BestEpoch);
        Assert.HasCount(best + 1, keptModel.History.Epochs);
        VaeModel completed = VaeModel.Load(_workspace.PathOf("best-completed.zip"));
        foreach ((Model.DenseLayer expected, Model.DenseLayer actual) in completed.Network.Layers.Zip(keptModel.Network.Layers))
        {
            CollectionAssert.AreEqual(expected.Weights, actual.Weights, "the weights the completed run kept");
        }

        Assert.HasCount(best + 1, VaeModel.Load(interrupted).History.Epochs, "the last epoch's weights, to go on from");
        StringAssert.Contains(
            CliRun.Of("inspect", kept).Output,
            $", interrupted after epoch {best + 1} of 40, best epoch {best},",
            "the run stopped after its last epoch, the weights the best one's");
    }

    [TestMethod]
    public void TrainingWithEarlyStoppingCancelledAtItsBestEpochKeepsNoOtherModel()
    {
        (string[] train, int best) = EarlyStoppingRunAndItsBestEpoch("best-last-completed.zip");
        string model = _workspace.PathOf("best-last.zip");

        CliRun run = RunCancelledWhenPrinted($"epoch {best}/", [.. train, "--out", model]);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        Assert.DoesNotContain("lowest", run.Error);
        Assert.IsTrue(File.Exists(_workspace.PathOf("best-last.interrupted.zip")));
        Assert.IsFalse(File.Exists(_workspace.PathOf("best-last.best.zip")), "the interrupted model holds the best weights");
    }

    [TestMethod]
    public void AnEarlierRunsBestModelBesideOutIsNotPassedOffAsThisRunsBest()
    {
        (string[] train, int best) = EarlyStoppingRunAndItsBestEpoch("best-stale-completed.zip");
        string model = _workspace.PathOf("best-stale.zip");
        string earlier = _workspace.PathOf("best-stale.best.zip");
        File.WriteAllText(earlier, "an earlier run's best model");

        CliRun run = RunCancelledWhenPrinted($"epoch {best}/", [.. train, "--out", model]);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        StringAssert.EndsWith(run.Error.TrimEnd(), $" {earlier} is an earlier run's, not this one's.");
        Assert.AreEqual("an earlier run's best model", File.ReadAllText(earlier));
    }

    [TestMethod]
    public void TrainingWithEarlyStoppingCancelledAfterItsBestEpochSaysWhyThatEpochWasNotKept()
    {
        (string[] train, int best) = EarlyStoppingRunAndItsBestEpoch("best-blocked-completed.zip");
        string model = _workspace.PathOf("best-blocked.zip");
        string interrupted = _workspace.PathOf("best-blocked.interrupted.zip");
        string kept = _workspace.PathOf("best-blocked.best.zip");
        Directory.CreateDirectory(kept);

        CliRun run = RunCancelledWhenPrinted($"epoch {best + 1}/", [.. train, "--out", model]);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            $"not of this run's earlier epochs). Saving the weights of epoch {best}, whose validation loss was the lowest so far, to {kept} failed ('{kept}' names a directory, not a file.).");
        Assert.HasCount(best + 1, VaeModel.Load(interrupted).History.Epochs, "the model to go on from is kept all the same");
    }

    /// <summary>
    /// The train command of a run whose early stopping keeps an epoch other than its first, and stops after two epochs
    /// without improvement; trained in full to <paramref name="name"/> to learn that epoch.
    /// </summary>
    private static (string[] Train, int Best) EarlyStoppingRunAndItsBestEpoch(string name)
    {
        string[] train = ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "40", "--learning-rate", "0.02", "--validation-fraction", "0.25", "--early-stopping", "2"];
        CliRun completed = CliRun.Of([.. train, "--out", _workspace.PathOf(name)]);
        Assert.AreEqual(0, completed.ExitCode, completed.Error);
        VaeTrainingHistory history = VaeModel.Load(_workspace.PathOf(name)).History;
        Assert.IsTrue(history.StoppedEarly, "two epochs after the best follow it");
        Assert.IsGreaterThan(1, history.BestEpoch!.Value, "an epoch after the first must be the best, or the first's weights could pass for it");
        return (train, history.BestEpoch.Value);
    }

    [TestMethod]
    public void TrainingCancelledAfterAnEpochKeepsItsWeightsBesideOutWhichTrainingGoesOnFrom()
    {
        string model = _workspace.PathOf("stopped.zip");
        File.WriteAllText(model, "an earlier model");
        string interrupted = _workspace.PathOf("stopped.interrupted.zip");

        CliRun run = RunCancelledWhenPrinted("epoch 2/", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "5", "--out", model);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: cancelled after epoch 2; saved its weights to {interrupted}, and --out {model} was not written; go on from them with "
            + $"'vae train DATA --init {interrupted} --epochs 3' and this run's other options (it keeps Adam's state, so training goes on as if uninterrupted).",
            run.Error.TrimEnd());
        StringAssert.Contains(run.Output, $"wrote {interrupted}");
        Assert.AreEqual("an earlier model", File.ReadAllText(model));
        Assert.HasCount(2, VaeModel.Load(interrupted).History.Epochs);
        StringAssert.Contains(CliRun.Of("inspect", interrupted).Output, ", interrupted after epoch 2 of 5)", "the history's title, on one line");

        string kept = _workspace.PathOf("stopped-kept.zip");
        CliRun reckless = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", interrupted, "--epochs", "1", "--learning-rate", "0.1", "--validation-fraction", "0.25", "--early-stopping", "1", "--out", kept);
        Assert.AreEqual(0, reckless.ExitCode, reckless.Error);
        StringAssert.Contains(reckless.Output, "kept the weights it started from");
        StringAssert.Contains(CliRun.Of("inspect", kept).Output, ", interrupted after epoch 2 of 5,", "the stopped run's weights and options, kept");

        CliRun resumed = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--init", interrupted, "--epochs", "1", "--out", model);
        Assert.AreEqual(0, resumed.ExitCode, resumed.Error);
        Assert.HasCount(3, VaeModel.Load(model).History.Epochs);
        Assert.DoesNotContain(", interrupted after", CliRun.Of("inspect", model).Output, "the run that went on completed");
    }

    /// <summary>
    /// A newer build's checkpoint was refused whole for its optimizer state by encode, inspect and train --init alike,
    /// where a build from before checkpoints scored it; the state is now passed over, and said to be where it matters.
    /// </summary>
    [TestMethod]
    public void ACheckpointWhoseOptimizerStateIsOfANewerLayoutLoadsWithoutIt()
    {
        VaeDataset data = CsvDatasetReader.Read(_workspace.DataPath, new CsvDatasetOptions { LabelColumnName = "label" });
        string newer = _workspace.PathOf("newer-state.zip");
        new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, NumberOfThreads = 1 }).Fit(data).SaveCheckpoint(newer);
        using (ZipArchive zip = ZipFile.Open(newer, ZipArchiveMode.Update))
        {
            ZipArchiveEntry state = zip.GetEntry("optimizer-state.bin")!;
            byte[] content = new byte[state.Length];
            using (Stream read = state.Open())
            {
                read.ReadExactly(content);
            }

            BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(8), 2);
            state.Delete();
            using Stream write = zip.CreateEntry("optimizer-state.bin", CompressionLevel.NoCompression).Open();
            write.Write(content);
        }

        CliRun inspect = CliRun.Of("inspect", newer);
        CliRun encode = CliRun.Of("encode", newer, _workspace.DataPath, "--label-column", "label");
        CliRun further = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--init", newer, "--epochs", "1", "--out", _workspace.PathOf("newer-further.zip"));

        Assert.AreEqual(0, inspect.ExitCode, inspect.Error);
        StringAssert.Contains(inspect.Output, "present but unread (optimizer-state.bin is in a newer layout than this build reads: --init starts Adam's moments afresh");
        Assert.AreEqual(0, encode.ExitCode, encode.Error);
        Assert.AreEqual(0, further.ExitCode, further.Error);
        string note = $"note: {newer} keeps Adam's state in a newer layout than this build of Vae.MLNet reads, so Adam's moments start afresh";
        Assert.AreEqual(1, further.Output.Split(note).Length - 1, further.Output);
    }

    [TestMethod]
    public void TrainingGoneOnFromAnInterruptedRunGivesTheGraphsOfTheRunNotInterrupted()
    {
        string[] data = [_workspace.DataPath, "--label-column", "label", "--validation-fraction", "0.25", "--kl-warmup", "3"];
        string whole = _workspace.PathOf("whole.zip");
        string stopped = _workspace.PathOf("resumed.zip");
        string interrupted = _workspace.PathOf("resumed.interrupted.zip");
        Assert.AreEqual(0, CliRun.Of(["train", .. data, "--epochs", "4", "--out", whole]).ExitCode);

        CliRun run = RunCancelledWhenPrinted("epoch 2/", ["train", .. data, "--epochs", "4", "--out", stopped]);
        Assert.AreEqual(130, run.ExitCode, run.Error);
        StringAssert.Contains(CliRun.Of("inspect", interrupted).Output, "Adam, step");
        CliRun resumed = CliRun.Of(["train", .. data, "--init", interrupted, "--epochs", "2", "--out", stopped]);

        Assert.AreEqual(0, resumed.ExitCode, resumed.Error);
        OneLongerRun.AssertMatches(whole, stopped);
        using (ZipArchive plain = ZipFile.OpenRead(stopped))
        {
            Assert.IsNull(plain.GetEntry("optimizer-state.bin"), "--out is the plain zip");
        }

        StringAssert.Contains(CliRun.Of("inspect", stopped).Output, "none (--init starts Adam's moments afresh");
    }

    [TestMethod]
    public void TrainingCancelledAfterAnEpochSaysWhichOfItsOptionsGoingOnLeavesOut()
    {
        string model = _workspace.PathOf("stopped-fixed.zip");
        string interrupted = _workspace.PathOf("stopped-fixed.interrupted.zip");
        string[] data = [_workspace.DataPath, "--label-column", "label"];

        CliRun run = RunCancelledWhenPrinted("epoch 2/", ["train", .. data, "--hidden", "4", "-k", "2", "--scaling", "MinMax", "--epochs", "5", "--out", model]);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        StringAssert.EndsWith(
            run.Error.TrimEnd(),
            $"'vae train DATA --init {interrupted} --epochs 3' and this run's other options, leaving out the options the --init model fixes (--hidden, --latent-dim, --scaling) "
                + "(it keeps Adam's state, so training goes on as if uninterrupted).");

        // Followed with the run's other options (DATA's), the hint is not refused.
        CliRun resumed = CliRun.Of(["train", .. data, "--init", interrupted, "--epochs", "3", "--out", model]);
        Assert.AreEqual(0, resumed.ExitCode, resumed.Error);
    }

    /// <summary>
    /// A run that goes on from interrupted weights asks for the epochs the interrupted run had left, so inspect counts
    /// the epochs it was to reach from where the first run began.
    /// </summary>
    [TestMethod]
    public void AContinuedRunCancelledAgainIsInterruptedOfTheEpochsTheFirstRunAskedFor()
    {
        string first = _workspace.PathOf("twice.interrupted.zip");
        string second = _workspace.PathOf("twice-continued.interrupted.zip");
        Assert.AreEqual(130, RunCancelledWhenPrinted("epoch 2/", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "6", "--out", _workspace.PathOf("twice.zip")).ExitCode);

        CliRun continued = RunCancelledWhenPrinted(
            "epoch 1/", "train", _workspace.DataPath, "--label-column", "label", "--init", first, "--epochs", "4", "--out", _workspace.PathOf("twice-continued.zip"));

        Assert.AreEqual(130, continued.ExitCode, continued.Error);
        StringAssert.Contains(CliRun.Of("inspect", second).Output, ", interrupted after epoch 3 of 6)", "the history's title, on one line");
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public void TrainingCancelledAfterAnEpochSaysWhyItsWeightsWereNotKept()
    {
        string blocked = _workspace.PathOf("blocked.interrupted.zip");
        File.WriteAllText(blocked, "kept");
        File.SetUnixFileMode(blocked, UnixFileMode.UserRead);
        string[] train = ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "5"];

        CliRun toDevice = RunCancelledWhenPrinted("epoch 1/", [.. train, "--out", "/dev/null"]);
        CliRun notSaved = RunCancelledWhenPrinted("epoch 1/", [.. train, "--out", _workspace.PathOf("blocked.zip")]);

        Assert.AreEqual((130, 130), (toDevice.ExitCode, notSaved.ExitCode));
        Assert.AreEqual("vae: cancelled after epoch 1; --out /dev/null is not a file, so nothing was kept beside it.", toDevice.Error.TrimEnd());
        Assert.IsFalse(File.Exists("/dev/null.interrupted.zip"));
        StringAssert.StartsWith(notSaved.Error, $"vae: cancelled after epoch 1; saving its weights to {blocked} failed ('{blocked}' is read-only;");
        Assert.AreEqual("kept", File.ReadAllText(blocked));
    }

    /// <summary>
    /// The weights of a stopped run could not be kept in a directory of their file's name, and the message told the
    /// library's parameter, "(Parameter 'path')", which is no part of the command line.
    /// </summary>
    [TestMethod]
    public void TrainingCancelledAfterAnEpochSaysWhyItsWeightsWereNotKeptWithoutTheLibrarysParameter()
    {
        string taken = _workspace.PathOf("taken.interrupted.zip");
        Directory.CreateDirectory(taken);
        string model = _workspace.PathOf("taken.zip");

        CliRun run = RunCancelledWhenPrinted("epoch 1/", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "5", "--out", model);

        Assert.AreEqual(130, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: cancelled after epoch 1; saving its weights to {taken} failed ('{taken}' names a directory, not a file.), and --out {model} was not written.",
            run.Error.TrimEnd());
    }

    /// <summary>
    /// An --out name that fits leaves 16 bytes fewer for NAME.interrupted.zip: a Ctrl+C after an epoch then could not
    /// keep the epochs completed, so the name is refused before training, saying how long it may be.
    /// </summary>
    [TestMethod]
    public void AnOutNameThatLeavesNoRoomForTheFilesKeptBesideItIsRefusedBeforeTraining()
    {
        string model = _workspace.PathOf(new string('a', 240) + ".zip");

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model);

        Assert.AreEqual(2, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: --out {model}: the {Path.ChangeExtension(model, null)}.interrupted.zip kept beside it when training stops early would have a name "
            + "256 bytes long in UTF-8, more than the 255 file systems allow; give --out a name of at most 243 bytes.",
            run.Error.TrimEnd());
        Assert.AreEqual(string.Empty, run.Output, "nothing was read");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void AnOutNameOfTheLengthAllowedKeepsTheEpochsOfARunStoppedEarly()
    {
        string stem = _workspace.PathOf(new string('b', 239));

        CliRun run = RunCancelledWhenPrinted("epoch 1/", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "5", "--out", stem + ".zip");

        Assert.AreEqual(130, run.ExitCode, run.Error);
        Assert.HasCount(1, VaeModel.Load(stem + ".interrupted.zip").History.Epochs);
    }

    [TestMethod]
    public void TrainingCancelledBeforeItsFirstEpochEndsKeepsNothing()
    {
        string model = _workspace.PathOf("too-soon.zip");

        CliRun run = RunCancelledWhenPrinted("training on ", "train", _workspace.DataPath, "--label-column", "label", "--epochs", "5", "--out", model);

        Assert.AreEqual(130, run.ExitCode);
        Assert.AreEqual("vae: cancelled; no output file was written.", run.Error.TrimEnd());
        Assert.IsFalse(File.Exists(model) || File.Exists(_workspace.PathOf("too-soon.interrupted.zip")));
    }

    [TestMethod]
    public void ACancelledCsvOutputLeavesNoFileAndNoTemporaryFile()
    {
        string model = TrainedModel.Value;
        string directory = Directory.CreateDirectory(_workspace.PathOf("cancelled-csv")).FullName;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        int code = VaeCli.Run(["generate", model, "-n", "10", "--out", Path.Combine(directory, "g.csv")], TextWriter.Null, TextWriter.Null, cancellationToken: cancelled.Token);

        Assert.AreEqual(130, code);
        Assert.AreEqual(0, Directory.GetFileSystemEntries(directory).Length);
    }

    /// <summary>Runs the command line, cancelling it once its output holds <paramref name="trigger"/>.</summary>
    private static CliRun RunCancelledWhenPrinted(string trigger, params string[] args)
    {
        using var cancelled = new CancellationTokenSource();
        using var output = new CancellingWriter(trigger, cancelled);
        var error = new StringWriter();
        int code = VaeCli.Run(args, output, error, cancellationToken: cancelled.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Cancels once what it was given holds <paramref name="trigger"/>, as a Ctrl+C at that point of a run.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancellation) : StringWriter
    {
        public override void Write(string? value)
        {
            base.Write(value);
            if (ToString().Contains(trigger, StringComparison.Ordinal))
            {
                cancellation.Cancel();
            }
        }

        public override void WriteLine(string? value) => Write(value + NewLine);
    }

    /// <summary>
    /// The words of <paramref name="commandLine"/>, MODEL and DATA made the trained model and the workspace's data, and
    /// <paramref name="placeholder"/> within any other word made <paramref name="path"/>.
    /// </summary>
    private static string[] WithTrainedModelAndData(string commandLine, string placeholder, string path) =>
        commandLine.Split(' ').Select(word => word switch
        {
            "MODEL" => TrainedModel.Value,
            "DATA" => _workspace.DataPath,
            _ => word.Replace(placeholder, path, StringComparison.Ordinal),
        }).ToArray();

    /// <summary>The words of <paramref name="commandLine"/>, each file name (a word with a dot) made a path in the workspace.</summary>
    private static string[] InWorkspace(string commandLine) =>
        commandLine.Split(' ').Select(word => word.Contains('.', StringComparison.Ordinal) ? _workspace.PathOf(word) : word).ToArray();

    /// <summary>
    /// The files a user may give where a model zip belongs, in the workspace: the trained model zip (model.zip) with its
    /// ONNX graphs (onnx/), the workspace's CSV gzip-compressed (data.csv.gz), IDX images of one pixel compressed
    /// (images.gz) and raw IDX labels (labels.idx).
    /// </summary>
    private static void MakeFilesOfEveryKind()
    {
        _ = TrainedModel.Value;
        WriteGzip("data.csv.gz", File.ReadAllBytes(_workspace.DataPath));
        WriteGzip("images.gz", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255]);
        File.WriteAllBytes(_workspace.PathOf("labels.idx"), [0, 0, 8, 1, 0, 0, 0, 1, 7]);
    }

    private static void WriteGzip(string name, byte[] content)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.Create(_workspace.PathOf(name)), System.IO.Compression.CompressionLevel.Optimal);
        gzip.Write(content);
    }

    /// <summary>A CSV in the workspace whose cell (r, c) is amplitude · sin(r · columns + c), under the header c0, c1, ….</summary>
    private static string SineCsv(string name, int rows, int columns, double amplitude)
    {
        string path = _workspace.PathOf(name);
        File.WriteAllLines(
            path,
            [
                string.Join(',', Enumerable.Range(0, columns).Select(column => $"c{column}")),
                .. Enumerable.Range(0, rows).Select(row => string.Join(',', Enumerable.Range(0, columns).Select(
                    column => (Math.Sin((row * columns) + column) * amplitude).ToString("R", CultureInfo.InvariantCulture)))),
            ]);
        return path;
    }

    /// <summary>Writes <paramref name="prefix"/>-images.idx, one 1×1 image, and <paramref name="prefix"/>-labels.idx, its label.</summary>
    private static (string Images, string Labels) WriteOneImageAndItsLabel(string prefix)
    {
        string images = _workspace.PathOf($"{prefix}-images.idx");
        string labels = _workspace.PathOf($"{prefix}-labels.idx");
        File.WriteAllBytes(images, [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255]);
        File.WriteAllBytes(labels, [0, 0, 8, 1, 0, 0, 0, 1, 7]);
        return (images, labels);
    }

    [TestMethod]
    public void ImagesOfOnePixelAreCountedInTheSingularWhenTheirSizeIsRefused()
    {
        string images = WriteIdxImages("one-pixel.idx", count: 2, width: 1, height: 1);

        CliRun run = CliRun.Of("encode", TrainedModel.Value, images);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(run.Error, $"vae: {images} holds 1x1 images, 1 pixel each, but {TrainedModel.Value} takes ");
    }

    /// <summary>Writes an IDX file of <paramref name="count"/> images whose pixels run through every gray.</summary>
    private static string WriteIdxImages(string name, int count, int width, int height)
    {
        string path = _workspace.PathOf(name);
        byte[] header = [0, 0, 8, 3, .. BigEndian(count), .. BigEndian(height), .. BigEndian(width)];
        File.WriteAllBytes(path, [.. header, .. Enumerable.Range(0, count * width * height).Select(i => (byte)i)]);
        return path;
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
