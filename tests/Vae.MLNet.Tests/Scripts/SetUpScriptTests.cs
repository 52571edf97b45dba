using System.Runtime.Versioning;

namespace Vae.MLNet.Tests.Scripts;

/// <summary>
/// Each case runs a script for real without touching the machine or the repository's native folder: the scripts refuse
/// what they cannot use before they install, fetch or remove anything, and where a case lets them go further, fake
/// commands on PATH stand in for apt-get, npm, dotnet and the like, and a copy of the scripts writes to a native folder of
/// its own.
/// </summary>
[TestClass]
public sealed class SetUpScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The start of a shared library, which the fetch script accepts as one and no loader could load.</summary>
    private static readonly byte[] TruncatedLibrary = [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    [TestMethod]
    [DataRow("--peer")]
    [DataRow("--peers", "--peers")]
    [DataRow("peers")]
    public void SetUpRefusesAnythingButPeersAndNamesTheOption(params string[] arguments)
    {
        ChildProcess.Result result = RunScript("setup.sh", arguments);

        Assert.AreEqual(2, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, $"unexpected arguments '{string.Join(' ', arguments)}'");
        StringAssert.Contains(result.StandardError, "the only option is --peers");
        Assert.AreEqual("", result.StandardOutput, "nothing was installed or fetched");
    }

    [TestMethod]
    public void FetchingRefusesArgumentsAndPointsAtTheVariableInstead()
    {
        ChildProcess.Result result = RunScript("fetch-onnxruntime.sh", ["--version", "1.22.0"]);

        Assert.AreEqual(2, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, "unexpected arguments '--version 1.22.0'; it takes none");
        StringAssert.Contains(result.StandardError, "VAE_MLNET_ONNXRUNTIME");
    }

    [TestMethod]
    public void FetchingRefusesALibraryNamedByARelativePath()
    {
        AssertLibraryRefused("native/linux-x64/libonnxruntime.so.1", "is not a full path");
    }

    [TestMethod]
    public void FetchingRefusesALibraryThatDoesNotExist()
    {
        using var temp = new TempDirectory();
        AssertLibraryRefused(Path.Combine(temp.Path, "libonnxruntime.so.1"), "does not exist");
    }

    [TestMethod]
    public void FetchingRefusesADirectoryAsTheLibrary()
    {
        using var temp = new TempDirectory();
        AssertLibraryRefused(temp.Path, "is a directory");
    }

    [TestMethod]
    public void FetchingRefusesAFileThatIsNotASharedLibrary()
    {
        using var temp = new TempDirectory();
        string notALibrary = Path.Combine(temp.Path, "libonnxruntime.so.1");
        File.WriteAllText(notALibrary, "version https://git-lfs.github.com/spec/v1\n");

        AssertLibraryRefused(notALibrary, "is not a shared library");
    }

    /// <summary>
    /// The package holds libraries for x86_64 and aarch64 alone, and the loader reports one for another machine as a
    /// missing file, so fetching the x64 one anywhere else only leads to that.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    public void FetchingRefusesAMachineThePackageHasNoLibraryFor()
    {
        using var temp = new TempDirectory();
        var onRiscV = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(temp, Uname("riscv64")),
            ["VAE_MLNET_ONNXRUNTIME"] = null,
        };

        ChildProcess.Result result = RunScript("fetch-onnxruntime.sh", [], onRiscV);

        Assert.AreEqual(2, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, "this machine is riscv64; this script fetches ONNX Runtime for x86_64 (linux-x64) and aarch64 (linux-arm64) only");
        StringAssert.Contains(result.StandardError, "set VAE_MLNET_ONNXRUNTIME to its full");
        Assert.AreEqual("", result.StandardOutput, "nothing was fetched");
    }

    /// <summary>
    /// The script decided what to fetch from the machine alone: on Apple silicon it refused arm64 as an unknown machine,
    /// and on an Intel Mac or under Git Bash it fetched Linux's library, which the loader there never looks for.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    [DataRow("Darwin", "arm64")]
    [DataRow("Darwin", "x86_64")]
    [DataRow("MINGW64_NT-10.0-19045", "x86_64")]
    public void FetchingRefusesAnotherOperatingSystemSayingWhereItsLibraryIs(string system, string machine)
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        var elsewhere = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(temp, Uname(machine, system), ("npm", "echo npm was run >&2; exit 1")),
            ["VAE_MLNET_ONNXRUNTIME"] = null,
        };

        ChildProcess.Result result = RunScript("fetch-onnxruntime.sh", [], elsewhere, repository);

        Assert.AreEqual(2, result.ExitCode, result.StandardError);
        StringAssert.StartsWith(result.StandardError, $"error: this system is {system}; this script fetches ONNX Runtime for Linux only");
        StringAssert.Contains(result.StandardError, "under package/bin/napi-v6/ (darwin/arm64 for macOS on Apple silicon, win32/x64 for Windows)");
        StringAssert.Contains(result.StandardError, "set\nVAE_MLNET_ONNXRUNTIME to its full path");
        Assert.IsFalse(Directory.Exists(Path.Combine(repository, "native")), "nothing was fetched");
    }

    /// <summary>
    /// A library in native/ that the build refuses fails every build, even the demo's, which never loads it; so it goes
    /// even when no other can be fetched (here npm is offline).
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    public void FetchingRemovesALibraryThatIsNotThePinnedBuildEvenWhenItCannotFetchIt()
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        string library = PutLibrary(repository, "linux-x64");
        var offline = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(temp, Uname("x86_64"), ("npm", "echo 'npm error code ENOTFOUND' >&2; exit 1")),
            ["VAE_MLNET_ONNXRUNTIME"] = null,
        };

        ChildProcess.Result result = RunScript("fetch-onnxruntime.sh", [], offline, repository);

        Assert.AreEqual(1, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardOutput, $"Removed {library}: it is not the pinned");
        Assert.IsFalse(File.Exists(library), "the build refuses the file, so leaving it would fail every build");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    [DataRow(false, DisplayName = "a symlink to setup.sh")]
    [DataRow(true, DisplayName = "setup.sh in a symlink to scripts/")]
    public void SetUpStartedThroughASymlinkFindsTheScriptsBesideIt(bool linkTheFolder)
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        string links = Directory.CreateDirectory(Path.Combine(temp.Path, "links")).FullName;
        string setUp = linkTheFolder ? Path.Combine(links, "scripts", "setup.sh") : Path.Combine(links, "setup");
        if (linkTheFolder)
        {
            File.CreateSymbolicLink(Path.Combine(links, "scripts"), Path.Combine(repository, "scripts"));
        }
        else
        {
            File.CreateSymbolicLink(setUp, Path.Combine(repository, "scripts", "setup.sh"));
        }

        var installedWithAnotherLibrary = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(temp, ("dpkg-query", "printf installed"), ("apt-get", "exit 100")),
            ["VAE_MLNET_ONNXRUNTIME"] = temp.Write("libonnxruntime.so.1", TruncatedLibrary),
        };

        ChildProcess.Result result = ChildProcess.Run(setUp, [], Timeout, installedWithAnotherLibrary);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardOutput, "ONNX Runtime not fetched: VAE_MLNET_ONNXRUNTIME names");
    }

    /// <summary>
    /// Without a .NET 10 SDK nothing can build, and the restore, the build and dotnet itself would each fail in words
    /// of their own (a package feed, a build error, "dotnet: not found"); the scripts stop first, before set-up.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    [DataRow("test.sh", null, "dotnet was not found on PATH", DisplayName = "test.sh without dotnet")]
    [DataRow("demo.sh", "echo 8.0.404", "dotnet on PATH is SDK 8.0.404", DisplayName = "demo.sh with .NET 8")]
    [DataRow("test.sh", "exit 145", "dotnet on PATH has none (dotnet --version fails in the repository)", DisplayName = "test.sh with no SDK global.json accepts")]
    public void ScriptsThatBuildStopFirstWithoutTheDotNet10Sdk(string script, string? fakeDotnet, string problem)
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        (string, string)[] installed = [("dpkg-query", "printf installed"), ("apt-get", "exit 100")];
        string path = fakeDotnet is null
            ? PathWithout(temp, PathWithFakes(temp, installed), "dotnet")
            : PathWithFakes(temp, [.. installed, ("dotnet", fakeDotnet)]);
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = path,
            ["VAE_MLNET_ONNXRUNTIME"] = temp.Write("libonnxruntime.so.1", TruncatedLibrary),
        };

        ChildProcess.Result result = RunScript(script, [], environment, repository);

        Assert.AreEqual(1, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, $"Vae.MLNet needs the .NET 10 SDK, and {problem}.");
        StringAssert.Contains(result.StandardError, "https://dot.net (on Debian: Microsoft's package dotnet-sdk-10.0)");
        Assert.AreEqual("", result.StandardOutput, "nothing was set up, restored or built");
    }

    /// <summary>
    /// The demo takes no options, so what demo.sh is given goes to it to print its usage or refuse, without the set-up
    /// the run it does not start would need.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    public void TheDemoScriptPassesItsArgumentsOnWithoutSettingUp()
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        string setUp = Path.Combine(temp.Path, "set-up");
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(
                temp,
                ("dpkg-query", $"touch '{setUp}'; printf installed"),
                ("apt-get", $"touch '{setUp}'; exit 100"),
                ("dotnet", "case \"$1\" in --version) echo 10.0.100 ;; *) echo \"dotnet $*\" ;; esac")),
            ["VAE_MLNET_ONNXRUNTIME"] = temp.Write("libonnxruntime.so.1", TruncatedLibrary),
        };

        ChildProcess.Result result = RunScript("demo.sh", ["--help"], environment, repository);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual($"dotnet run -c Release --project {repository}/samples/Vae.MLNet.Demo -- --help", result.StandardOutput.Trim());
        Assert.IsFalse(File.Exists(setUp), "set-up did not run");
    }

    /// <summary>
    /// The library's package carries the linux-x64 ONNX Runtime, so an arm64 machine, where set-up fetched the arm64
    /// one as it should, packs nothing; that is the machine's doing, not VAE_MLNET_ONNXRUNTIME's.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    public void TestingOnArm64SaysPackagesArePackedOnX64Only()
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        PutLibrary(repository, "linux-arm64");
        string pinned = File.ReadAllText(Path.Combine(repository, "build", "onnxruntime-linux-arm64.sha256")).Trim();
        var onArm64 = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(
                temp,
                Uname("aarch64"),
                ("sha256sum", $"echo \"{pinned}  $1\""),
                ("dpkg-query", "printf installed"),
                ("apt-get", "exit 100"),
                ("dotnet", "case \"$1\" in --version) echo 10.0.100 ;; test) echo 'Passed!  - Failed: 0, Passed: 3, Skipped: 0' ;; *) exit 1 ;; esac")),
            ["VAE_MLNET_ONNXRUNTIME"] = null,
        };

        ChildProcess.Result result = RunScript("test.sh", [], onArm64, repository);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardOutput, "packed and checked on linux-x64 (x86_64) only, and this machine is aarch64.");
        Assert.IsFalse(result.StandardOutput.Contains("VAE_MLNET_ONNXRUNTIME", StringComparison.Ordinal), result.StandardOutput);
    }

    /// <summary>
    /// apt-get installs nothing when it cannot locate one package, so set-up installs the others one by one; and a
    /// failed update, say one broken third-party repository, leaves the lists already there to install from.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    [DataRow(0, DisplayName = "after an update")]
    [DataRow(100, DisplayName = "after a failed update")]
    public void SetUpInstallsThePackagesAptGetHasWhenItLacksOne(int updateExitCode)
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        string installed = Path.Combine(temp.Path, "installed");
        string aptGet = $"""
            case " $* " in
              *" update "*) exit {updateExitCode} ;;
              *" python3-onnx "*) echo 'E: Unable to locate package python3-onnx' >&2; exit 100 ;;
              *) echo "$*" >> '{installed}' ;;
            esac
            """;
        var releaseWithoutOnnx = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(temp, ("id", "echo 0"), ("dpkg-query", "printf not-installed"), ("apt-get", aptGet)),
            ["VAE_MLNET_ONNXRUNTIME"] = temp.Write("libonnxruntime.so.1", TruncatedLibrary),
        };

        ChildProcess.Result result = RunScript("setup.sh", [], releaseWithoutOnnx, repository);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        string installs = File.Exists(installed) ? File.ReadAllText(installed) : "";
        StringAssert.Contains(installs, "libopenblas0-pthread", result.StandardError);
        StringAssert.Contains(installs, "python3-pil", result.StandardError);
        StringAssert.Contains(result.StandardError, "setup: could not install python3-onnx (apt-get failed, as shown above); to install them: sudo apt-get install python3-onnx\n");
        Assert.IsFalse(result.StandardError.Contains("without libopenblas0-pthread", StringComparison.Ordinal), result.StandardError);
    }

    /// <summary>A package npm fetched that yields no pinned library fails with the next step, leaving nothing in native/.</summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    [DataRow(
        "mkdir package && echo '{}' > package/package.json && tar -czf p.tgz package && echo p.tgz",
        "lacks package/bin/napi-v6/linux/x64/libonnxruntime.so.1 (tar's message is above).",
        "Run this script again; if it fails the same way, check npm's registry and proxy settings (npm config get registry)",
        DisplayName = "a package without the library")]
    [DataRow(
        "printf '\\037\\213\\010' > p.tgz && echo p.tgz",
        "the onnxruntime-node@1.30.0 package npm fetched is damaged",
        "Run this script again; if it fails the same way, check npm's registry and proxy settings (npm config get registry)",
        DisplayName = "a truncated package")]
    [DataRow(
        "mkdir -p package/bin/napi-v6/linux/x64 && echo other > package/bin/napi-v6/linux/x64/libonnxruntime.so.1 && tar -czf p.tgz package && echo p.tgz",
        "so the registry or a proxy served another build than Microsoft's.",
        "Check npm's registry and proxy settings (npm config get registry) and run this script again",
        DisplayName = "another build")]
    public void FetchingAPackageWithoutThePinnedLibrarySaysWhatToDo(string npm, string problem, string nextStep)
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(temp, Uname("x86_64"), ("npm", npm)),
            ["VAE_MLNET_ONNXRUNTIME"] = null,
        };

        ChildProcess.Result result = RunScript("fetch-onnxruntime.sh", [], environment, repository);

        Assert.AreEqual(1, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, problem);
        StringAssert.Contains(result.StandardError, $"{nextStep}, or set VAE_MLNET_ONNXRUNTIME to the full path of an existing libonnxruntime.so.1");
        CollectionAssert.AreEqual(
            Array.Empty<string>(), Directory.GetFileSystemEntries(Path.Combine(repository, "native", "linux-x64")), "nothing was left in native/");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [SupportedOSPlatform("linux")]
    public void FetchingWhereNativeCannotBeWrittenSaysSoBeforeDownloading()
    {
        using var temp = new TempDirectory();
        string repository = CopyOfScripts(temp);
        File.WriteAllText(Path.Combine(repository, "native"), "");
        string downloaded = Path.Combine(temp.Path, "downloaded");
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = PathWithFakes(temp, Uname("x86_64"), ("npm", $"touch '{downloaded}'; exit 1")),
            ["VAE_MLNET_ONNXRUNTIME"] = null,
        };

        ChildProcess.Result result = RunScript("fetch-onnxruntime.sh", [], environment, repository);

        Assert.AreEqual(1, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, $"error: {repository}/native/linux-x64, where the library goes, cannot be created or written to.");
        StringAssert.Contains(result.StandardError, "Make it a folder you can write to and run this script again, or set VAE_MLNET_ONNXRUNTIME");
        Assert.IsFalse(File.Exists(downloaded), "nothing was downloaded");
    }

    private static void AssertLibraryRefused(string library, string problem)
    {
        ChildProcess.Result result = RunScript("fetch-onnxruntime.sh", [], new Dictionary<string, string?> { ["VAE_MLNET_ONNXRUNTIME"] = library });

        Assert.AreEqual(1, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, $"VAE_MLNET_ONNXRUNTIME names {library}, which {problem}");
        StringAssert.Contains(result.StandardError, "Set it to the full path of an ONNX Runtime libonnxruntime.so.1");
        Assert.AreEqual("", result.StandardOutput, "nothing was fetched or removed");
    }

    /// <summary>Runs <paramref name="script"/> of <paramref name="repository"/>, the real one unless a copy is given.</summary>
    private static ChildProcess.Result RunScript(
        string script, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null, string? repository = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The set-up scripts are bash scripts for Debian-like machines.");
        }

        return ChildProcess.Run("bash", [Path.Combine(repository ?? TestPaths.RepositoryRoot, "scripts", script), .. arguments], Timeout, environment);
    }

    /// <summary>
    /// Copies the scripts and the pinned hashes they read into a repository of their own under <paramref name="temp"/>
    /// and returns its root, so that a case may let a script write to native/ without touching the real one.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static string CopyOfScripts(TempDirectory temp)
    {
        string repository = Path.Combine(temp.Path, "repository");
        foreach ((string folder, string pattern) in new[] { ("scripts", "*.sh"), ("build", "*.sha256") })
        {
            Directory.CreateDirectory(Path.Combine(repository, folder));
            foreach (string file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, folder), pattern))
            {
                string copy = Path.Combine(repository, folder, Path.GetFileName(file));
                File.Copy(file, copy);
                File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return repository;
    }

    /// <summary>Puts a truncated library at native/<paramref name="rid"/> of <paramref name="repository"/> and returns its path.</summary>
    private static string PutLibrary(string repository, string rid)
    {
        string library = Path.Combine(Directory.CreateDirectory(Path.Combine(repository, "native", rid)).FullName, "libonnxruntime.so.1");
        File.WriteAllBytes(library, TruncatedLibrary);
        return library;
    }

    /// <summary>A fake uname of a Linux machine, or of <paramref name="system"/>, whose hardware is <paramref name="machine"/>.</summary>
    private static (string Command, string Body) Uname(string machine, string system = "Linux") =>
        ("uname", $"case \"$1\" in -s) echo {system} ;; *) echo {machine} ;; esac");

    /// <summary>
    /// Writes each fake as a shell script of that name into a folder under <paramref name="temp"/>, and returns a PATH
    /// that finds them before the machine's commands.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static string PathWithFakes(TempDirectory temp, params (string Command, string Body)[] fakes)
    {
        string folder = Directory.CreateDirectory(Path.Combine(temp.Path, "fakes")).FullName;
        foreach ((string command, string body) in fakes)
        {
            string fake = Path.Combine(folder, command);
            File.WriteAllText(fake, $"#!/bin/sh\n{body}\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        return $"{folder}:{Environment.GetEnvironmentVariable("PATH")}";
    }

    /// <summary>
    /// Returns a PATH of one folder under <paramref name="temp"/> linking every command <paramref name="path"/> finds
    /// but <paramref name="command"/>, which the machine may keep beside commands the scripts need.
    /// </summary>
    private static string PathWithout(TempDirectory temp, string path, string command)
    {
        string folder = Directory.CreateDirectory(Path.Combine(temp.Path, $"without-{command}")).FullName;
        var linked = new HashSet<string> { command };
        foreach (string directory in path.Split(':').Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(directory).Where(file => linked.Add(Path.GetFileName(file))))
            {
                File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), file);
            }
        }

        return folder;
    }
}
