using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Cli.Tests;

/// <summary>The command line run as its own process, with its real standard output, and stopped by signals as a shell, a CI job or a closed terminal stops it.</summary>
[TestClass]
public sealed partial class ProcessTests
{
    [TestMethod]
    public void TableOnStandardOutputEqualsTheTableWrittenToAFile()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        Assert.AreEqual(0, CliRun.Of("generate", model, "--count", "3000", "--out", workspace.PathOf("generated.csv")).ExitCode);

        // Larger than the table's buffer, so that it is written in several parts.
        using Process cli = Start(["generate", model, "--count", "3000"]);
        string table = cli.StandardOutput.ReadToEnd();
        Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");

        Assert.AreEqual(0, cli.ExitCode, cli.StandardError.ReadToEnd());
        Assert.IsGreaterThan(1 << 16, table.Length);
        Assert.AreEqual(File.ReadAllText(workspace.PathOf("generated.csv")), table);
    }

    /// <summary>A path that starts with an unexpanded '~' is refused, unless the working directory holds a '~' it leads through.</summary>
    [TestMethod]
    public void APathThroughAFolderNamedTildeInTheWorkingDirectoryIsTakenAsItIs()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        Directory.CreateDirectory(workspace.PathOf("~"));
        ProcessStartInfo start = StartInfo(["export-onnx", model, "~/onnx"]);
        start.WorkingDirectory = workspace.Directory;

        using Process cli = Start(start);
        string error = cli.StandardError.ReadToEnd();
        Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");

        Assert.AreEqual(0, cli.ExitCode, error);
        Assert.IsTrue(File.Exists(Path.Combine(workspace.PathOf("~"), "onnx", "encoder.onnx")));
    }

    [TestMethod]
    public void APipeWhoseReaderHasGoneStopsTheCommandWithTheExitCodeOfSigpipe()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();

        // Written to the end, the rows would take minutes.
        using Process cli = Start(["generate", model, "--count", "100000000"]);
        Assert.AreEqual("a,b,c,d", cli.StandardOutput.ReadLine());
        cli.StandardOutput.Close();
        bool ended = cli.WaitForExit(TimeSpan.FromSeconds(60));
        if (!ended)
        {
            cli.Kill();
        }

        Assert.IsTrue(ended, "The command line went on writing to a pipe no one reads.");
        Assert.AreEqual(141, cli.ExitCode);
        Assert.AreEqual(string.Empty, cli.StandardError.ReadToEnd());
    }

    [TestMethod]
    public void TextAShellWritesAroundTheCommandIntoTheSameFileKeepsItsPlace()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        Assert.AreEqual(0, CliRun.Of("generate", model, "--count", "3", "--out", workspace.PathOf("generated.csv")).ExitCode);
        string file = workspace.PathOf("log.txt");

        using Process shell = RunInShell("{ echo first; \"$0\" \"$1\" generate \"$2\" --count 3; echo last; } > \"$3\"", model, file);

        Assert.AreEqual(0, shell.ExitCode, shell.StandardError.ReadToEnd());
        Assert.AreEqual($"first\n{File.ReadAllText(workspace.PathOf("generated.csv"))}last\n", File.ReadAllText(file));
    }

    /// <summary>
    /// A warning or an error that standard error cannot take is dropped: once the write ended the process with SIGABRT
    /// (exit code 134), before the model of a run that only warned was written.
    /// </summary>
    [TestMethod]
    [DataRow("2>&-", DisplayName = "closed")]
    [DataRow("2>/dev/full", DisplayName = "full")]
    public void AStandardErrorThatCannotBeWrittenLeavesTheCommandItsOwnExitCode(string redirection)
    {
        using var workspace = new Workspace();
        string data = workspace.PathOf("same-names.csv");
        File.WriteAllLines(data, ["a,a,b", .. Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Math.Sin(i):F3},{Math.Cos(i):F3},{Math.Sin(2 * i):F3}"))]);
        string model = workspace.PathOf("warned.zip");

        using Process warned = RunInShell($"\"$0\" \"$1\" train \"$2\" --likelihood Gaussian -k 1 --hidden 4 -e 1 --out \"$3\" >/dev/null {redirection}", data, model);
        using Process failed = RunInShell($"\"$0\" \"$1\" train \"$2\" >/dev/null {redirection}", workspace.PathOf("missing.csv"));

        Assert.AreEqual((0, 1), (warned.ExitCode, failed.ExitCode), "the warning is of the names in the header line; the error, of the missing file");
        Assert.AreEqual(3, VaeModel.Load(model).InputDimension);
    }

    /// <summary>
    /// .NET reads the working directory's name as UTF-8: under one that is not, a model beside the user was "no such
    /// file", and --out's directory "does not exist; create it". Help, which reads no file, is still given there.
    /// </summary>
    [TestMethod]
    public void AWorkingDirectoryWhoseNameIsNotUtf8IsNamedAsTheReasonRelativePathsFail()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        // Removed by the shell, as .NET cannot name it to delete it.
        static string InLatin1Directory(string command) =>
            $"d=\"$2/$(printf 'caf\\351')\"; mkdir \"$d\" && cp \"$3\" \"$d/model.zip\" && cd \"$d\" && {{ {command}; code=$?; cd / && rm -r \"$d\"; exit $code; }}";

        using Process inspected = RunInShell(InLatin1Directory("\"$0\" \"$1\" inspect model.zip"), workspace.Directory, model);
        string refusal = inspected.StandardError.ReadToEnd();
        using Process helped = RunInShell(InLatin1Directory("\"$0\" \"$1\" inspect --help >/dev/null"), workspace.Directory, model);

        Assert.AreEqual(1, inspected.ExitCode, refusal);
        StringAssert.Contains(refusal, "caf\uFFFD has a name that is not valid UTF-8");
        StringAssert.Contains(refusal, "run vae from a directory whose name is UTF-8, or rename this one.");
        Assert.AreEqual(0, helped.ExitCode, helped.StandardError.ReadToEnd());
    }

    /// <summary>The check of the working directory's name once failed every command run from a directory removed since.</summary>
    [TestMethod]
    public void ARemovedWorkingDirectoryStillRunsACommandGivenAbsolutePaths()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();

        using Process inspected = RunInShell("mkdir \"$2/gone\" && cd \"$2/gone\" && rmdir ../gone && \"$0\" \"$1\" inspect \"$3\" >/dev/null", workspace.Directory, model);

        Assert.AreEqual(0, inspected.ExitCode, inspected.StandardError.ReadToEnd());
    }

    /// <summary>
    /// Started with standard input or output closed, the process finds the runtime's own pipe at descriptors 0 and 1:
    /// reading /dev/stdin waited for ever, and the text written to standard output went into that pipe unseen.
    /// </summary>
    [TestMethod]
    public void StandardInputOrOutputClosedAtTheStartIsToldNotReadOrWrittenThroughTheRuntimesPipe()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();

        using Process reading = RunInShell("\"$0\" \"$1\" encode \"$2\" /dev/stdin >/dev/null <&-", model);
        using Process writing = RunInShell("\"$0\" \"$1\" inspect \"$2\" <&- >&-", model);

        Assert.AreEqual(2, reading.ExitCode);
        StringAssert.StartsWith(
            reading.StandardError.ReadToEnd(),
            "vae: DATA /dev/stdin names standard input, which was closed when vae started (as by '<&-'); pipe the data in or give a file.");
        Assert.AreEqual(1, writing.ExitCode);
        Assert.AreEqual("vae: standard output could not be written: it was closed when vae started; redirect it elsewhere.", writing.StandardError.ReadToEnd().TrimEnd());
    }

    /// <summary>
    /// A file grown past the process's file-size limit fails with EFBIG, which .NET throws as an
    /// ArgumentOutOfRangeException naming no file, also when the abandoned temporary file is closed. The kernel's SIGXFSZ
    /// comes first, and its default action would end the command there, silent, with its temporary file left (exit code
    /// 153); the shell leaves it to that action. The runtime's double mapping of code is turned off, as its memory files
    /// count against the limit too.
    /// </summary>
    [TestMethod]
    public void AFileGrownPastTheFileSizeLimitIsNamedAndTheSetLeftAsItWasWithoutTemporaryFiles()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        string graphs = workspace.PathOf("graphs");
        Assert.AreEqual(0, CliRun.Of("export-onnx", model, graphs).ExitCode);
        string[] before = [.. Directory.GetFiles(graphs).Order().Select(File.ReadAllText)];

        // POSIX counts the limit in blocks of 512 bytes, fewer than each graph takes.
        using Process shell = RunInShell(
            "ulimit -f 1 && DOTNET_EnableWriteXorExecute=0 exec \"$0\" \"$1\" export-onnx \"$2\" \"$3\"", model, graphs);

        string error = shell.StandardError.ReadToEnd();
        Assert.AreEqual(1, shell.ExitCode, error);
        StringAssert.StartsWith(
            error,
            $"vae: '{Path.Combine(graphs, "encoder.onnx")}' could not be written: the file would grow past the largest this process may write (its file-size limit, ulimit -f) or its file system holds; ");
        StringAssert.EndsWith(error.TrimEnd(), "were all left as they were.");
        CollectionAssert.AreEqual(before, Directory.GetFiles(graphs).Order().Select(File.ReadAllText).ToArray(), "the graphs were replaced or a temporary file left");
    }

    /// <summary>
    /// Standard output redirected to a file is written through the console's stream, whose EFBIG .NET throws as an
    /// ArgumentOutOfRangeException: past the file-size limit the command once told the runtime's "Specified file length
    /// was too large for the file system." alone, naming neither standard output nor the limit.
    /// </summary>
    [TestMethod]
    public void StandardOutputGrownPastTheFileSizeLimitIsToldAsSuch()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();

        // POSIX counts the limit in blocks of 512 bytes, fewer than 3000 rows take.
        using Process shell = RunInShell(
            "ulimit -f 1 && DOTNET_EnableWriteXorExecute=0 exec \"$0\" \"$1\" generate \"$2\" --count 3000 > \"$3\"", model, workspace.PathOf("generated.csv"));

        Assert.AreEqual(1, shell.ExitCode);
        Assert.AreEqual(
            "vae: standard output could not be written: it would grow past the largest this process may write (its file-size limit, ulimit -f) or its file system holds; "
            + "redirect it elsewhere.\n",
            shell.StandardError.ReadToEnd());
    }

    /// <summary>
    /// The runtime keeps the code it compiles in a memory file that it sizes to the file-size limit: under 8 MB, every
    /// command, inspect too, once ran out of that room partway and was told as out of memory with advice on rows and
    /// model size, then ended with SIGABRT (exit code 134). The limit is now told before the command starts.
    /// </summary>
    [TestMethod]
    public void AFileSizeLimitTooSmallForTheRuntimesCompiledCodeIsToldBeforeTheCommandStarts()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();

        // 16 000 blocks of 512 bytes; write-xor-execute, the runtime's default, is set in case the tests run without it.
        using Process shell = RunInShell("ulimit -f 16000 && DOTNET_EnableWriteXorExecute=1 exec \"$0\" \"$1\" inspect \"$2\" >/dev/null", model);

        string error = shell.StandardError.ReadToEnd();
        Assert.AreEqual(1, shell.ExitCode, error);
        Assert.AreEqual(
            "vae: the file-size limit (ulimit -f) leaves .NET 7 MB for the code it compiles, which it keeps in a memory file that counts against that limit, "
            + "and vae needs about 12 MB: raise ulimit -f to at least 12 MB, or set DOTNET_EnableWriteXorExecute=0, which keeps compiled code without that file.\n",
            error);
    }

    /// <summary>
    /// Standard error shared with the shell that started the command, as in '(script) 2&gt;log': the start-up failure
    /// was once written at an offset of the process's own, from the file's start, so the shell's lines before and after
    /// it overwrote part of it. It now comes whole between them.
    /// </summary>
    [TestMethod]
    public void AStartUpFailureIsAppendedToAStandardErrorSharedWithTheShell()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        string log = workspace.PathOf("log.txt");

        using Process shell = RunInShell(
            "{ echo before >&2; (ulimit -f 16000 && DOTNET_EnableWriteXorExecute=1 exec \"$0\" \"$1\" inspect \"$2\" >/dev/null); echo \"exit $?\" >&2; echo after >&2; } 2>\"$3\"",
            model,
            log);

        Assert.AreEqual(0, shell.ExitCode, shell.StandardError.ReadToEnd());
        string[] lines = File.ReadAllLines(log);
        Assert.HasCount(4, lines, string.Join('\n', lines));
        Assert.AreEqual("before", lines[0]);
        StringAssert.StartsWith(lines[1], "vae: the file-size limit (ulimit -f) leaves .NET 7 MB for the code it compiles");
        StringAssert.EndsWith(lines[1], "which keeps compiled code without that file.");
        Assert.AreEqual("exit 1", lines[2]);
        Assert.AreEqual("after", lines[3]);
    }

    /// <summary>
    /// Under a limit of 40 open files the runtime cannot load the assemblies the command line needs, and it once ended in
    /// an unhandled exception (exit code 134) naming a file it could not find, or in the console's own failure to set up
    /// Ctrl+C; the limit to raise is now named.
    /// </summary>
    [TestMethod]
    public void TooFewFileDescriptorsToStartAreToldWithTheLimitToRaise()
    {
        using var workspace = new Workspace();

        using Process shell = RunInShell("ulimit -n 40 && exec \"$0\" \"$1\" train \"$2\" --label-column label --epochs 1 --out \"$3\" >/dev/null", workspace.DataPath, workspace.PathOf("model.zip"));

        string error = shell.StandardError.ReadToEnd();
        Assert.AreEqual(1, shell.ExitCode, error);
        StringAssert.StartsWith(error, "vae: ");
        StringAssert.Contains(error, "too few file descriptors (ulimit -n: raise it to at least 100)");
    }

    /// <summary>
    /// A truncated libopenblas.so.0 on LD_LIBRARY_PATH, as an interrupted copy leaves it, was handed to the loader by its
    /// bare name, and the loader's first touch past the file's end killed training with SIGBUS (exit code 135) and no word.
    /// The file the loader would take is now examined first: --gemm OpenBlas is refused naming it, and Auto (taking
    /// OpenBLAS where 512-bit vectors are not accelerated, as DOTNET_EnableAVX512=0 makes them) trains without it.
    /// </summary>
    [TestMethod]
    [DataRow("OpenBlas", 1, DisplayName = "--gemm OpenBlas")]
    [DataRow("Auto", 0, DisplayName = "--gemm Auto")]
    public void ATruncatedOpenBlasOnTheLibraryPathIsNamedRatherThanLoaded(string gemm, int expectedExitCode)
    {
        if (SystemLibrarySearch.Find("libopenblas.so.0", SystemLibrarySearch.SearchedDirectories()) is not { } intact)
        {
            Assert.Inconclusive("OpenBLAS is not installed.");
            return;
        }

        using var workspace = new Workspace();
        string libraries = Directory.CreateDirectory(workspace.PathOf("libraries")).FullName;
        string truncated = Path.Combine(libraries, "libopenblas.so.0");
        using (FileStream source = File.OpenRead(intact), copy = File.Create(truncated))
        {
            var start = new byte[200_000];
            source.ReadExactly(start);
            copy.Write(start);
        }

        using Process shell = RunInShell(
            "LD_LIBRARY_PATH=\"$2\" DOTNET_EnableAVX512=0 exec \"$0\" \"$1\" train \"$3\" --label-column label --epochs 1 --gemm \"$4\" --out \"$5\" >/dev/null",
            libraries, workspace.DataPath, gemm, workspace.PathOf("model.zip"));

        string error = shell.StandardError.ReadToEnd();
        Assert.AreEqual(expectedExitCode, shell.ExitCode, error);
        StringAssert.Contains(error, $"{truncated} is truncated: its ELF header says ");
        StringAssert.Contains(error, "the file has 200000; replace it with an intact copy");
    }

    /// <summary>
    /// Where the search for the loader's file differs from the loader, as on an LD_LIBRARY_PATH entry naming $PLATFORM
    /// (which the search leaves out), the file the search found was loaded by its path: here another intact library
    /// without cblas_sgemm, so --gemm OpenBlas was refused though the loader would take OpenBLAS. An intact file found is
    /// now only examined, and the loader loads the name as it chooses.
    /// </summary>
    [TestMethod]
    public void TheLoaderChoosesTheLibraryWhereTheFileFoundForItIsIntact()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64
            || SystemLibrarySearch.Find("libopenblas.so.0", SystemLibrarySearch.SearchedDirectories()) is not { } openBlas
            || SystemLibrarySearch.Find("libz.so.1", SystemLibrarySearch.SearchedDirectories()) is not { } notOpenBlas)
        {
            Assert.Inconclusive("This test needs OpenBLAS and zlib on x86-64 Linux.");
            return;
        }

        using var workspace = new Workspace();
        string libraries = Directory.CreateDirectory(workspace.PathOf("libraries")).FullName;
        File.Copy(notOpenBlas, Path.Combine(libraries, "libopenblas.so.0"));

        // The names glibc's $PLATFORM takes on x86-64.
        foreach (string platform in new[] { "x86_64", "haswell", "xeon_phi" })
        {
            File.CreateSymbolicLink(Path.Combine(Directory.CreateDirectory(Path.Combine(libraries, platform)).FullName, "libopenblas.so.0"), openBlas);
        }

        using Process shell = RunInShell(
            "LD_LIBRARY_PATH=\"$2/\\$PLATFORM:$2\" exec \"$0\" \"$1\" train \"$3\" --label-column label --epochs 1 --gemm OpenBlas --out \"$4\" >/dev/null",
            libraries, workspace.DataPath, workspace.PathOf("model.zip"));

        string error = shell.StandardError.ReadToEnd();
        Assert.AreEqual(0, shell.ExitCode, error);
        Assert.IsTrue(File.Exists(workspace.PathOf("model.zip")));
    }

    /// <summary>
    /// --gemm OpenBlas where OpenBLAS does not load was refused as if none were installed, without the loader's reason,
    /// and in the library's terms (GemmBackend.OpenBlas, GemmBackend.Auto): it now carries the reason, as Auto's warning
    /// does, and names the choices as --gemm values. Empty files stand before any OpenBLAS installed, under both names.
    /// </summary>
    [TestMethod]
    public void GemmOpenBlasThatDoesNotLoadIsRefusedWithTheLoadersReasonInTheCommandLinesTerms()
    {
        using var workspace = new Workspace();
        string libraries = Directory.CreateDirectory(workspace.PathOf("libraries")).FullName;
        File.WriteAllBytes(Path.Combine(libraries, "libopenblas.so.0"), []);
        File.WriteAllBytes(Path.Combine(libraries, "libopenblas.so"), []);

        using Process shell = RunInShell(
            "LD_LIBRARY_PATH=\"$2\" exec \"$0\" \"$1\" train \"$3\" --label-column label --epochs 1 --gemm OpenBlas --out \"$4\" >/dev/null",
            libraries, workspace.DataPath, workspace.PathOf("model.zip"));

        string error = shell.StandardError.ReadToEnd();
        Assert.AreEqual(1, shell.ExitCode, error);
        Assert.AreEqual(
            "vae: --gemm OpenBlas needs OpenBLAS, but none of libopenblas.so.0, libopenblas.so could be loaded "
            + $"({Path.Combine(libraries, "libopenblas.so.0")}: file too short). Install libopenblas0-pthread (Debian/Ubuntu), openblas (Fedora, Homebrew) "
            + "or put libopenblas.dll on the PATH (Windows), or choose --gemm Auto or --gemm Managed.\n",
            error);
    }

    /// <summary>
    /// Training that ends in a model too large for the file-size limit loses that model, as it would on a full disk,
    /// but leaves no temporary file or plots directory and says why, where SIGXFSZ's default action ended the process in
    /// silence after the last epoch.
    /// </summary>
    [TestMethod]
    public void ATrainedModelPastTheFileSizeLimitLeavesNoTemporaryFileAndSaysWhy()
    {
        using var workspace = new Workspace();

        using Process shell = RunInShell(
            "ulimit -f 1 && DOTNET_EnableWriteXorExecute=0 exec \"$0\" \"$1\" train \"$2\" --label-column label --epochs 1 --out \"$3\" --plots \"$4\" >/dev/null",
            workspace.DataPath,
            workspace.PathOf("model.zip"),
            workspace.PathOf("plots"));

        string error = shell.StandardError.ReadToEnd();
        Assert.AreEqual(1, shell.ExitCode, error);
        StringAssert.Contains(error, "could not be written: the file would grow past the largest this process may write (its file-size limit, ulimit -f)");
        CollectionAssert.AreEquivalent(
            new[] { "data.csv" },
            Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName).ToArray(),
            "Neither the model, a temporary file nor the plots directory may be left.");
    }

    /// <summary>
    /// .NET handles SIGXFSZ on a thread of its own after the write has failed; handled once the command had returned
    /// and let go of its handler, the signal was raised again with its default action, so that about every other run
    /// ended with exit code 153 after telling its error. Without the plots directory to remove, the command returns
    /// soon enough after the write for that to show; so it runs several times.
    /// </summary>
    [TestMethod]
    public void AWritePastTheFileSizeLimitJustBeforeTheCommandEndsFailsWithItsOwnExitCodeEveryTime()
    {
        const int Runs = 8;
        using var workspace = new Workspace();

        using Process shell = RunInShell(
            $"for run in $(seq {Runs}); do (ulimit -f 1 && DOTNET_EnableWriteXorExecute=0 exec \"$0\" \"$1\" train \"$2\" --label-column label --epochs 1 --out \"$3\" >/dev/null 2>&1); echo $? >&2; done",
            workspace.DataPath,
            workspace.PathOf("model.zip"));

        Assert.AreEqual(string.Concat(Enumerable.Repeat("1\n", Runs)), shell.StandardError.ReadToEnd(), "the exit code of each run");
    }

    /// <summary>
    /// Sent twice close together, as timeout sends it to the command and then to its process group, a signal asks once:
    /// a second SIGINT used to end the process at once, without NAME.interrupted.zip and with its temporary file left.
    /// Sent with no time between them, the two are often merged by the kernel into one, so they come 50 ms apart.
    /// </summary>
    [TestMethod]
    [DataRow(1, 129, 1, DisplayName = "SIGHUP")]
    [DataRow(2, 130, 1, DisplayName = "SIGINT")]
    [DataRow(15, 143, 1, DisplayName = "SIGTERM")]
    [DataRow(2, 130, 2, DisplayName = "SIGINT twice close together")]
    [DataRow(15, 143, 2, DisplayName = "SIGTERM twice close together")]
    public void TrainingStoppedBySignalKeepsOnlyItsCompletedEpochsAndExitsWith128PlusTheSignal(int signal, int expectedExitCode, int times)
    {
        if (IsIgnoredByThisProcess(signal))
        {
            // An ignored signal stays ignored in the processes this one starts (nohup, a background job), so it cannot be sent.
            Assert.Inconclusive($"Signal {signal} is ignored by the test process, so the command line would inherit that.");
        }

        using var workspace = new Workspace();
        using Process cli = StartTraining(workspace, out ManualResetEventSlim trainingStarted);

        SignalWhenReady(cli, signal, () => trainingStarted.Wait(TimeSpan.FromSeconds(60)), "The command line printed no epoch.", "The command line did not stop after the signal.", times, TimeSpan.FromMilliseconds(50));

        Assert.AreEqual(expectedExitCode, cli.ExitCode);
        CollectionAssert.AreEquivalent(
            new[] { "data.csv", "model.interrupted.zip" },
            Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName).ToArray(),
            "Neither the model, a temporary file nor the plots directory may outlive the process; the completed epochs are kept beside the model.");
        Assert.IsNotEmpty(VaeModel.Load(workspace.PathOf("model.interrupted.zip")).History.Epochs);
    }

    /// <summary>
    /// Ctrl+C signals the terminal's whole foreground process group, so in 'vae train … | tee log' tee is gone by the
    /// command's next line, whose broken pipe was once taken ahead of the signal: exit code 141 and nothing on standard
    /// error, though with epochs as slow as these the completed ones were usually still kept in NAME.interrupted.zip.
    /// The test holds the signal's exit code, 130, the message on standard error, and the kept epochs. setsid gives the
    /// shell a process group of its own to signal so.
    /// </summary>
    [TestMethod]
    public void CtrlCOnTrainingPipedThroughTeeKeepsItsEpochsAndSaysSo()
    {
        const int Interrupt = 2;
        if (IsIgnoredByThisProcess(Interrupt))
        {
            Assert.Inconclusive("SIGINT is ignored by the test process, so the command line would inherit that.");
        }

        using var workspace = new Workspace();
        string log = workspace.PathOf("log.txt");
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardError = true };
        // The shells catch SIGINT only to outlive it and tell the command's exit code; the commands they start take it as usual.
        foreach (string argument in (string[])[
            "/bin/sh", "-c", "trap : INT; { trap : INT; \"$0\" \"$1\" train \"$2\" --label-column label --epochs 40000 --out \"$3\" 2>\"$4\"; echo $? >\"$5\"; } | tee \"$6\" >/dev/null",
            Dotnet, CliAssembly, workspace.DataPath, workspace.PathOf("model.zip"), workspace.PathOf("error.txt"), workspace.PathOf("code.txt"), log])
        {
            start.ArgumentList.Add(argument);
        }

        using Process shell = Start(start);
        SignalWhenReady(
            shell,
            Interrupt,
            () => SpinWait.SpinUntil(() => File.Exists(log) && File.ReadAllText(log).Contains("\nepoch 2/", StringComparison.Ordinal), TimeSpan.FromSeconds(60)),
            "The command line printed no epoch.",
            "The command line did not stop after Ctrl+C.",
            processGroup: true);

        Assert.AreEqual("130", File.ReadAllText(workspace.PathOf("code.txt")).Trim());
        StringAssert.StartsWith(File.ReadAllText(workspace.PathOf("error.txt")), "vae: cancelled after epoch ");
        Assert.IsNotEmpty(VaeModel.Load(workspace.PathOf("model.interrupted.zip")).History.Epochs);
    }

    /// <summary>
    /// A producer that stalls leaves the command line blocked in a read of its pipe, which must not keep it from
    /// stopping: a signal ends it there as it ends training.
    /// </summary>
    [TestMethod]
    [DataRow(1, 129, DisplayName = "SIGHUP")]
    [DataRow(2, 130, DisplayName = "SIGINT")]
    [DataRow(15, 143, DisplayName = "SIGTERM")]
    public void ReadingAPipeWhoseWriterStallsIsStoppedBySignal(int signal, int expectedExitCode)
    {
        RequireStalledReadsVisible(signal);
        using var workspace = new Workspace();

        // A header and half a row, and then the writer stays without writing more.
        using Process cli = SignalWhileStandardInputStalls(
            ["train", "/dev/stdin", "--epochs", "1", "--out", workspace.PathOf("model.zip")], "a,b\n1,"u8, signal, "its input");

        Assert.AreEqual(expectedExitCode, cli.ExitCode);
        Assert.AreEqual($"vae: cancelled; no output file was written.{Environment.NewLine}", cli.StandardError.ReadToEnd());
        Assert.IsFalse(File.Exists(workspace.PathOf("model.zip")));
    }

    /// <summary>MODEL and --labels are opened and read as DATA is: a signal stops a command waiting on either's stalled pipe.</summary>
    [TestMethod]
    [DataRow("MODEL")]
    [DataRow("--labels")]
    public void ReadingAModelOrLabelsPipeWhoseWriterStallsIsStoppedBySignal(string stalledInput)
    {
        const int Interrupt = 2;
        RequireStalledReadsVisible(Interrupt);
        using var workspace = new Workspace();
        string output = workspace.PathOf("latent.csv");
        string[] arguments;
        byte[] firstBytes;
        if (stalledInput == "MODEL")
        {
            arguments = ["encode", "/dev/stdin", workspace.DataPath, "--label-column", "label", "--out", output];
            firstBytes = "PK\u0003\u0004"u8.ToArray();
        }
        else
        {
            string model = workspace.PathOf("model.zip");
            using (Process training = Start(["train", workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", model]))
            {
                training.WaitForExit();
                Assert.AreEqual(0, training.ExitCode, training.StandardError.ReadToEnd());
            }

            // One 2 × 2 image, whose labels' header then never arrives whole.
            string images = workspace.PathOf("images.idx");
            File.WriteAllBytes(images, [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 64, 128, 255]);
            arguments = ["encode", model, images, "--labels", "/dev/stdin", "--out", output];
            firstBytes = [0, 0, 8];
        }

        using Process cli = SignalWhileStandardInputStalls(arguments, firstBytes, Interrupt, stalledInput);

        Assert.AreEqual(130, cli.ExitCode);
        Assert.AreEqual($"vae: cancelled; no output file was written.{Environment.NewLine}", cli.StandardError.ReadToEnd());
        Assert.IsFalse(File.Exists(output));
    }

    /// <summary>
    /// An --out FIFO that no reader has opened leaves the command line blocked in opening it, which must not keep it
    /// from stopping: a signal ends it there as it ends a stalled read, saying that the trained model was not kept, as
    /// nothing is kept beside a FIFO.
    /// </summary>
    [TestMethod]
    public void WritingAFifoThatNoReaderOpensIsStoppedBySignal()
    {
        const int Terminate = 15;
        RequireStalledReadsVisible(Terminate);
        using var workspace = new Workspace();
        string fifo = workspace.MakeFifo("model.zip");

        ProcessStartInfo start = StartInfo(["train", workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", fifo]);
        // The runtime's debugger transport waits on FIFOs of its own from the start, which would pass for --out's.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        using Process cli = Start(start);
        SignalWhenReady(
            cli, Terminate, () => SpinWait.SpinUntil(() => WaitsForTheOtherEndOfAFifo(cli.Id), TimeSpan.FromSeconds(60)), "The command line never waited to open --out.", "The command line did not stop while --out had no reader.");

        Assert.AreEqual(143, cli.ExitCode);
        Assert.AreEqual($"vae: cancelled after training ended; --out {fifo} is not a file, so nothing was kept beside it.{Environment.NewLine}", cli.StandardError.ReadToEnd());
        CollectionAssert.AreEquivalent(
            new[] { "data.csv", "model.zip" },
            Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName).ToArray(),
            "The FIFO stays, with no temporary file beside it.");
    }

    /// <summary>
    /// timeout sends SIGTERM to the command and then to its process group, two signals at once: the second must not end
    /// the process at once, which left the temporary file of --out, or a file standard output was redirected to cut in
    /// the middle of a number.
    /// </summary>
    [TestMethod]
    [DataRow(false, DisplayName = "--out")]
    [DataRow(true, DisplayName = "standard output")]
    public void SigtermSentTwiceAtOnceStillStopsCleanly(bool toStandardOutput)
    {
        const int Terminate = 15;
        if (IsIgnoredByThisProcess(Terminate))
        {
            Assert.Inconclusive("SIGTERM is ignored by the test process, so the command line would inherit that.");
        }

        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        string generated = workspace.PathOf("generated.csv");

        // The second signal races the clean-up the first began, and won it in some runs only. Signalled as soon as --out's
        // temporary file is there, the command is still starting up, when it won most often; on standard output, once
        // the first rows have reached the file.
        for (int run = 0; run < 10; run++)
        {
            using Process cli = toStandardOutput
                ? StartInShell("exec \"$0\" \"$1\" generate \"$2\" --count 100000000 > \"$3\"", model, generated)
                : Start(["generate", model, "--count", "100000000", "--out", generated]);
            SignalWhenReady(
                cli,
                Terminate,
                () => SpinWait.SpinUntil(() => toStandardOutput ? new FileInfo(generated) is { Exists: true, Length: > 0 } : Directory.EnumerateFiles(workspace.Directory, "*.tmp").Any(), TimeSpan.FromSeconds(60)),
                "The command line wrote nothing.",
                "The command line did not stop after SIGTERM.",
                times: 2);

            Assert.AreEqual(143, cli.ExitCode);
            if (toStandardOutput)
            {
                string rows = File.ReadAllText(generated);
                Assert.IsTrue(rows.EndsWith('\n'), $"The output ends in the middle of a row: '{rows[^Math.Min(40, rows.Length)..]}'.");
                Assert.IsTrue(rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(row => row.Split(',').Length == 4), "A row is cut short.");
                File.Delete(generated);
            }

            CollectionAssert.AreEquivalent(
                new[] { "data.csv", "model.zip" },
                Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName).ToArray(),
                "Neither --out nor its temporary file may outlive the process.");
        }
    }

    /// <summary>
    /// With its invariant mode turned off, the command line wrote its help's float defaults as the user's culture writes
    /// numbers ("[default: 0,001]"), a form its own options refuse, and the help's headings in that culture's language.
    /// </summary>
    [TestMethod]
    public void HelpUnderAnotherCultureShowsDefaultsAsTheOptionsTakeThem()
    {
        ProcessStartInfo start = StartInfo(["train", "--help"]);
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0";
        start.Environment["LC_ALL"] = "de_DE.UTF-8";
        using Process cli = Start(start);
        string help = cli.StandardOutput.ReadToEnd();
        string errors = cli.StandardError.ReadToEnd();
        Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");
        if (errors.Contains("ICU", StringComparison.Ordinal))
        {
            Assert.Inconclusive($"this machine has no ICU, so .NET cannot run under another culture: {errors}");
        }

        Assert.AreEqual(0, cli.ExitCode, errors);
        StringAssert.Contains(help, "[default: 0.001]");
        StringAssert.Contains(help, "Options:");
        Assert.IsFalse(help.Contains("0,001", StringComparison.Ordinal), help);
    }

    /// <summary>
    /// Standard error redirected under a locale whose encoding is not UTF-8 is written in UTF-8, as redirected standard
    /// output is: in the locale's encoding a file name's 'α' became '?', another file's name.
    /// </summary>
    [TestMethod]
    public void RedirectedStandardErrorUnderALatin1LocaleNamesTheFileAsItIs()
    {
        using var workspace = new Workspace();
        ProcessStartInfo start = StartInfo(["inspect", workspace.PathOf("dαta.zip")]);
        start.Environment["LANG"] = "en_US.ISO-8859-1";
        start.Environment.Remove("LC_ALL");
        start.StandardErrorEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using Process cli = Start(start);
        string errors = cli.StandardError.ReadToEnd();
        Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");

        Assert.AreEqual(1, cli.ExitCode, errors);
        StringAssert.Contains(errors, "dαta.zip");
    }

    /// <summary>Interpolation holds every step at once, so running out of memory there is advice to give fewer steps.</summary>
    [TestMethod]
    public void AnInterpolationTooLargeForMemoryIsAdvisedToTakeFewerSteps()
    {
        using var workspace = new Workspace();
        string model = workspace.TrainModel();
        ProcessStartInfo start = StartInfo(["interpolate", model, workspace.DataPath, "--label-column", "label", "--from", "0", "--to", "1", "--steps", "20000000"]);
        // 20 million steps of 4 features take 320 MB as floats alone.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x10000000";
        using Process cli = Start(start);
        Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");

        Assert.AreEqual(1, cli.ExitCode);
        Assert.AreEqual($"vae: out of memory holding 20000000 steps of 4 values; give fewer --steps.{Environment.NewLine}", cli.StandardError.ReadToEnd());
    }

    /// <summary>
    /// A terminal without ANSI escape codes (TERM=dumb) shows no live bar, and once showed no ETA either, as the ETA
    /// lines were kept for output that is not a terminal. The bar could not be turned off, and on a terminal too narrow
    /// for its line it broke in two; --no-progress and such a terminal now get the lines with an ETA too. <c>script</c>
    /// gives the command line a terminal, and stty sets its width.
    /// </summary>
    [TestMethod]
    [DataRow("dumb", "", 80, true)]
    [DataRow("xterm", "", 80, false)]
    [DataRow("xterm", "--no-progress", 80, true, DisplayName = "--no-progress")]
    [DataRow("xterm", "", ProgressBars.MinimumWidth - 1, true, DisplayName = "narrow")]
    [DataRow("xterm", "", ProgressBars.MinimumWidth, false, DisplayName = "just wide enough")]
    public void TrainingOnATerminalShowsTheEtaWhereItCannotDrawTheBar(string terminalType, string option, int columns, bool showsEta)
    {
        const string Script = "/usr/bin/script";
        if (!File.Exists(Script))
        {
            Assert.Inconclusive("util-linux's script, which gives the command line a terminal, is missing.");
        }

        using var workspace = new Workspace();
        string command = string.Create(CultureInfo.InvariantCulture, $"stty cols {columns}; ") + string.Join(' ', new[]
        {
            "exec", Dotnet, CliAssembly, "train", workspace.DataPath, "--label-column", "label", "--epochs", "2", "--out", workspace.PathOf("model.zip"), option,
        }.Where(word => word.Length > 0).Select(word => $"'{word}'"));
        var start = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TERM"] = terminalType;
        using Process terminal = Start(start);
        string shown = terminal.StandardOutput.ReadToEnd();
        Assert.IsTrue(terminal.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");

        Assert.AreEqual(0, terminal.ExitCode, shown);
        StringAssert.Contains(shown, "epoch 2/2  loss ");
        Assert.AreEqual(showsEta, shown.Contains("  eta ", StringComparison.Ordinal), shown);
    }

    /// <summary>
    /// A closed terminal fails every write to it, often before its SIGHUP arrives; the command line must still stop as
    /// it does for the signal alone, keeping only its completed epochs. <c>script</c> gives it a terminal, whose closing it
    /// then sees when <c>script</c> dies.
    /// </summary>
    [TestMethod]
    public void TrainingOnATerminalThatClosesKeepsOnlyItsCompletedEpochs()
    {
        const string Script = "/usr/bin/script";
        if (IsIgnoredByThisProcess(1) || !File.Exists(Script))
        {
            Assert.Inconclusive("SIGHUP is ignored by the test process, or util-linux's script, which gives the command line a terminal, is missing.");
        }

        using var workspace = new Workspace();
        string command = string.Join(' ', new[]
        {
            "exec", Dotnet, CliAssembly, "train", workspace.DataPath, "--label-column", "label",
            "--epochs", "40000", "--out", workspace.PathOf("model.zip"), "--plots", workspace.PathOf("plots"),
        }.Select(word => $"'{word}'"));
        var start = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in new[] { "--quiet", "--flush", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        using var trainingStarted = new ManualResetEventSlim();
        using var terminal = new Process { StartInfo = start };
        terminal.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("epoch ", StringComparison.Ordinal) == true)
            {
                trainingStarted.Set();
            }
        };
        terminal.Start();
        terminal.BeginOutputReadLine();
        try
        {
            Assert.IsTrue(trainingStarted.Wait(TimeSpan.FromSeconds(60)), "The command line printed no epoch.");

            // Long enough for the live display to be redrawing: its writes are the ones that used to end the process.
            Thread.Sleep(TimeSpan.FromSeconds(2));

            // Killed, script closes the terminal's other end: the kernel hangs the terminal up under the command line.
            terminal.Kill();
            terminal.WaitForExit();

            // The command line is script's child, not this process's: what is left in the workspace tells when it ended.
            bool cleanedUp = SpinWait.SpinUntil(
                () => Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).SequenceEqual(["data.csv", "model.interrupted.zip"]),
                TimeSpan.FromSeconds(60));
            Assert.IsTrue(cleanedUp, $"Left behind: {string.Join(", ", Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName))}");
        }
        finally
        {
            EndProcessesNaming(workspace.Directory);
        }
    }

    /// <summary>
    /// Tables sent to a pipe were laid out at 80 columns whatever COLUMNS said, so a long feature name was split over
    /// lines and <c>grep</c> did not find it.
    /// </summary>
    [TestMethod]
    public void TablesAndHelpOnAPipeSplitNoCellUnlessColumnsGivesAWidth()
    {
        using var workspace = new Workspace();
        string name = "a_feature_name_longer_than_a_terminal_" + new string('x', 77);
        string data = workspace.PathOf("long-name.csv");
        File.WriteAllLines(data, [$"{name},b,label", .. Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{i % 3},{i % 2}"))]);
        string model = workspace.PathOf("long-name.zip");
        CliRun training = CliRun.Of("train", data, "--label-column", "label", "--likelihood", "Gaussian", "-e", "1", "-k", "1", "--hidden", "4", "--out", model);
        Assert.AreEqual(0, training.ExitCode, training.Error);

        string[] unlimited = LinesOnAPipe(["inspect", model], columns: null);
        string[] narrow = LinesOnAPipe(["inspect", model], columns: "60");
        string[] help = LinesOnAPipe(["evaluate", "--help"], columns: "60");

        Assert.ContainsSingle(line => line.Contains($"\"{name}\", \"b\"", StringComparison.Ordinal), unlimited, string.Join('\n', unlimited));
        Assert.IsTrue(narrow.All(line => line.Length <= 60), string.Join('\n', narrow));
        Assert.IsGreaterThan(unlimited.Length, narrow.Length, "the feature names' cell wrapped");
        Assert.IsTrue(help.All(line => line.Length <= 60), string.Join('\n', help));
    }

    /// <summary>
    /// System.CommandLine's help layout looped forever at 2, 4 or 5 columns, ignoring SIGTERM, and failed at 1 or 3,
    /// whether the width came from COLUMNS on a pipe or from a terminal that narrow. <c>script</c> gives the command line
    /// a terminal.
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    [DataRow(7)]
    [DataRow(8)]
    public void HelpAtAFewColumnsFinishesWithTheUsage(int columns)
    {
        const string Script = "/usr/bin/script";
        ProcessStartInfo piped = StartInfo(["train", "--help"]);
        piped.Environment["COLUMNS"] = columns.ToString(CultureInfo.InvariantCulture);
        var onATerminal = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "--quiet", "--return", "--command", $"stty cols {columns}; exec '{Dotnet}' '{CliAssembly}' train --help", "/dev/null" })
        {
            onATerminal.ArgumentList.Add(argument);
        }

        foreach (ProcessStartInfo start in File.Exists(Script) ? [piped, onATerminal] : new[] { piped })
        {
            using Process cli = Start(start);
            Task<string> output = cli.StandardOutput.ReadToEndAsync();
            Task<string> error = cli.StandardError.ReadToEndAsync();
            if (!cli.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                cli.Kill(entireProcessTree: true);
                Assert.Fail($"Help at {columns} columns did not end ({start.FileName}).");
            }

            Assert.AreEqual(0, cli.ExitCode, error.Result);
            StringAssert.Contains(output.Result, "Usage:");
            StringAssert.Contains(output.Result, "vae train <DATA>");
        }
    }

    /// <summary>The lines <paramref name="arguments"/> write to a pipe, with COLUMNS set to <paramref name="columns"/>, or unset when null.</summary>
    private static string[] LinesOnAPipe(string[] arguments, string? columns)
    {
        ProcessStartInfo start = StartInfo(arguments);
        if (columns is null)
        {
            start.Environment.Remove("COLUMNS");
        }
        else
        {
            start.Environment["COLUMNS"] = columns;
        }

        using Process cli = Start(start);
        string output = cli.StandardOutput.ReadToEnd();
        Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");
        Assert.AreEqual(0, cli.ExitCode, cli.StandardError.ReadToEnd());
        return output.Split('\n');
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>
    /// Runs <paramref name="script"/> to its end in /bin/sh, with $0 the .NET host, $1 the command line and $2 on
    /// <paramref name="arguments"/>; the shell's own standard error is kept for the assertions' messages.
    /// </summary>
    private static Process RunInShell(string script, params string[] arguments)
    {
        Process shell = StartInShell(script, arguments);
        Assert.IsTrue(shell.WaitForExit(TimeSpan.FromSeconds(60)), "The shell did not end.");
        return shell;
    }

    /// <summary>Starts <paramref name="script"/> in sh, its $0 and $1 the dotnet and the assembly that run the command line.</summary>
    private static Process StartInShell(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string argument in (string[])[Dotnet, CliAssembly, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return Start(start);
    }

    private static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "Vae.MLNet.Cli.dll");

    /// <summary>
    /// Gives the processes whose command line names <paramref name="text"/> up to 10 s to end on their own, then kills
    /// those left: a command line killed while it exits leaves its runtime's debugger pipes and diagnostic socket in TMPDIR.
    /// </summary>
    private static void EndProcessesNaming(string text)
    {
        _ = SpinWait.SpinUntil(() => ProcessesNaming(text).Count == 0, TimeSpan.FromSeconds(10));
        foreach (int id in ProcessesNaming(text))
        {
            _ = Kill(id, 9);
        }
    }

    private static List<int> ProcessesNaming(string text)
    {
        var ids = new List<int>();
        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(process), out int id) && File.ReadAllText(Path.Combine(process, "cmdline")).Contains(text, StringComparison.Ordinal))
                {
                    ids.Add(id);
                }
            }
            catch (IOException)
            {
                // Ended while the list was read.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's.
            }
        }

        return ids;
    }

    private static Process StartTraining(Workspace workspace, out ManualResetEventSlim trainingStarted)
    {
        var started = new ManualResetEventSlim();
        var cli = new Process
        {
            StartInfo = StartInfo([
                "train", workspace.DataPath, "--label-column", "label",
                "--epochs", "40000", "--out", workspace.PathOf("model.zip"), "--plots", workspace.PathOf("plots")]),
        };
        cli.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("epoch ", StringComparison.Ordinal) == true)
            {
                started.Set();
            }
        };
        cli.ErrorDataReceived += (_, _) => { };
        cli.Start();
        cli.BeginOutputReadLine();
        cli.BeginErrorReadLine();
        trainingStarted = started;
        return cli;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> <paramref name="times"/> times, <paramref name="apart"/> apart, once
    /// <paramref name="ready"/> holds, to <paramref name="cli"/>'s whole process group when <paramref name="processGroup"/>,
    /// and waits for the command line to end, killing it if it does not.
    /// </summary>
    private static void SignalWhenReady(
        Process cli, int signal, Func<bool> ready, string notReady, string notStopped, int times = 1, TimeSpan apart = default, bool processGroup = false)
    {
        try
        {
            Assert.IsTrue(ready(), notReady);
            for (int i = 0; i < times; i++)
            {
                if (i > 0)
                {
                    Thread.Sleep(apart);
                }

                Assert.AreEqual(0, Kill(processGroup ? -cli.Id : cli.Id, signal), $"kill failed with errno {Marshal.GetLastPInvokeError()}.");
            }

            Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), notStopped);
        }
        finally
        {
            if (!cli.HasExited)
            {
                cli.Kill();
            }
        }

        cli.WaitForExit();
    }

    /// <summary>Ends the test as inconclusive where <paramref name="signal"/> cannot reach the command line or its blocked reads cannot be seen.</summary>
    private static void RequireStalledReadsVisible(int signal)
    {
        if (IsIgnoredByThisProcess(signal) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Assert.Inconclusive($"Signal {signal} is ignored by the test process, or this is not x86-64, whose number for read(2) tells when the command line waits on its input.");
        }
    }

    /// <summary>
    /// Runs the command line with <paramref name="firstBytes"/> on a standard input whose writer then stalls, and sends
    /// <paramref name="signal"/> once it waits on that input, which it reads as <paramref name="inputName"/>.
    /// </summary>
    private static Process SignalWhileStandardInputStalls(string[] arguments, ReadOnlySpan<byte> firstBytes, int signal, string inputName)
    {
        ProcessStartInfo start = StartInfo(arguments);
        start.RedirectStandardInput = true;
        Process cli = Start(start);
        try
        {
            cli.StandardInput.BaseStream.Write(firstBytes);
            cli.StandardInput.BaseStream.Flush();
            SignalWhenReady(
                cli, signal, () => SpinWait.SpinUntil(() => ReadsItsStandardInput(cli.Id), TimeSpan.FromSeconds(60)), $"The command line never waited on {inputName}.", $"The command line did not stop while {inputName} stayed open.");
            return cli;
        }
        catch
        {
            cli.Dispose();
            throw;
        }
    }

    private static Process Start(string[] arguments) => Start(StartInfo(arguments));

    private static Process Start(ProcessStartInfo start) => Process.Start(start)!;

    /// <summary>
    /// Whether a thread of the process is in read(2), number 0 on x86-64, on the pipe that is its standard input, which
    /// the command line opens anew as /dev/stdin.
    /// </summary>
    private static bool ReadsItsStandardInput(int processId)
    {
        try
        {
            string? input = new FileInfo($"/proc/{processId}/fd/0").LinkTarget;
            return Directory.EnumerateDirectories($"/proc/{processId}/task").Any(task =>
                File.ReadAllText(Path.Combine(task, "syscall")).Split(' ') is ["0", var descriptor, ..]
                && new FileInfo($"/proc/{processId}/fd/{Convert.ToInt32(descriptor, 16)}").LinkTarget == input);
        }
        catch (IOException)
        {
            // A thread, or the descriptor it read, came and went while it was looked at.
            return false;
        }
    }

    /// <summary>Whether a thread of the process waits in the kernel's wait_for_partner, where opening a FIFO waits for its other end.</summary>
    private static bool WaitsForTheOtherEndOfAFifo(int processId)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{processId}/task").Any(task => File.ReadAllText(Path.Combine(task, "wchan")) == "wait_for_partner");
        }
        catch (IOException)
        {
            // A thread came and went while it was looked at.
            return false;
        }
    }

    private static ProcessStartInfo StartInfo(string[] arguments)
    {
        // Running the built command line through the same dotnet as the tests needs no apphost set-up.
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static bool IsIgnoredByThisProcess(int signal)
    {
        string ignoredMask = File.ReadLines("/proc/self/status").Single(line => line.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return ((ulong.Parse(ignoredMask, NumberStyles.HexNumber, CultureInfo.InvariantCulture) >> (signal - 1)) & 1) == 1;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
