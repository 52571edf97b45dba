using System.Runtime.InteropServices;
using System.Text;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxRuntimeLibraryTests
{
    [TestMethod]
    public void ExplicitPathThatDoesNotExistNamesTheVariableAndTheFix()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-onnxruntime-{Guid.NewGuid():N}", "libonnxruntime.so.1");

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(missing, AppContext.BaseDirectory, []));

        Assert.Contains("VAE_MLNET_ONNXRUNTIME", error.Message);
        Assert.Contains(missing, error.Message);
        Assert.Contains("scripts/fetch-onnxruntime.sh", error.Message);
        Assert.Contains("reference the Microsoft.ML.OnnxRuntime package", error.Message);
        Assert.IsInstanceOfType<DllNotFoundException>(error);
    }

    [TestMethod]
    public void ExplicitPathThatIsADirectorySaysSo()
    {
        using var temp = new TempDirectory();

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(temp.Path, AppContext.BaseDirectory, []));

        Assert.Contains($"{temp.Path} (VAE_MLNET_ONNXRUNTIME; is a directory", error.Message);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ExplicitPathThatIsNotALibraryCarriesTheLoadersReason()
    {
        using var temp = new TempDirectory();
        string text = WriteTextAsLibrary(temp);

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(text, AppContext.BaseDirectory, []));

        Assert.Contains($"{text} (VAE_MLNET_ONNXRUNTIME; could not be loaded: invalid ELF header)", error.Message);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ExplicitPathToATruncatedLibraryIsRefusedWithoutLoadingIt()
    {
        using var temp = new TempDirectory();
        string truncated = TruncatedLibrary.WriteTo(temp);

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(truncated, AppContext.BaseDirectory, []));

        Assert.Contains($"{truncated} (VAE_MLNET_ONNXRUNTIME; is truncated: its ELF header says ", error.Message);
        Assert.Contains($"the file has {TruncatedLibrary.Length}; fetch it again)", error.Message);
    }

    /// <summary>
    /// The loader skips a library for another machine and says "No such file or directory", about a file that is there,
    /// which sends the user to fetch again what the set-up says is already present.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ExplicitPathToALibraryForAnotherMachineNamesBothArchitectures()
    {
        using var temp = new TempDirectory();
        byte[] library = File.ReadAllBytes(TruncatedLibrary.IntactPath);
        bool onArm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
        library[18] = onArm64 ? (byte)62 : (byte)183;
        string foreign = temp.Write(OnnxRuntimeLibrary.FileName, library);

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(foreign, AppContext.BaseDirectory, []));

        Assert.Contains($"{foreign} (VAE_MLNET_ONNXRUNTIME; is a library for {(onArm64 ? "x86-64" : "Arm64")}; this process runs on ", error.Message);
        Assert.DoesNotContain("No such file", error.Message);
    }

    /// <summary>
    /// A named file that could not be read was left to the loader, whose message gives no advice; it is now refused with
    /// the system's reason and what to do, and the places after it are not searched.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [DataRow(true, "Permission denied; give the user this process runs as read access to it", DisplayName = "may not be opened")]
    [DataRow(false, "Input/output error; fetch it again", DisplayName = "fails to read")]
    public void ANamedLibraryThatCannotBeReadIsRefusedWithTheSystemsReasonAndWhatToDo(bool denied, string reasonAndAdvice)
    {
        using var temp = new TempDirectory();
        using var application = new TempDirectory();
        string explicitLibrary = Unreadable(temp, denied);
        string besideTheApplication = Unreadable(application, denied);

        var explicitError = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(explicitLibrary, AppContext.BaseDirectory, []));
        var besideError = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(null, application.Path, [], NotToBeSearched, NothingOnTheSystemPath));

        Assert.Contains($"{explicitLibrary} (VAE_MLNET_ONNXRUNTIME; cannot be read: {reasonAndAdvice})", explicitError.Message);
        Assert.Contains($"{besideTheApplication} (cannot be read: {reasonAndAdvice})", besideError.Message);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void TheVersionGivenIsThatOfTheLibraryTheSetUpFetches()
    {
        string pinned = File.ReadLines(Path.Combine(TestPaths.RepositoryRoot, "scripts", "fetch-onnxruntime.sh"))
            .Single(line => line.StartsWith("readonly ORT_VERSION=", StringComparison.Ordinal))["readonly ORT_VERSION=".Length..].Trim('"');

        Assert.AreEqual(pinned, VaeOnnxModel.OnnxRuntimeVersion);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ALibraryThatIsNotOnnxRuntimeIsNamedWithWhereItWasLoadedFrom()
    {
        const string notOnnxRuntime = "libm.so.6";

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OrtApi.FromLibrary(OnnxRuntimeLibrary.Load(notOnnxRuntime, AppContext.BaseDirectory, [])));

        Assert.Contains($"{notOnnxRuntime} (from VAE_MLNET_ONNXRUNTIME)", error.Message);
        Assert.Contains("does not export OrtGetApiBase", error.Message);
    }

    /// <summary>
    /// A missing library, one that is not ONNX Runtime and one too old are each told how to get one in terms an
    /// application using the package can follow, not only a build from the repository, which alone has the script.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void EveryRefusalOfALibrarySaysHowToGetOneWithThePackageToo()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-onnxruntime-{Guid.NewGuid():N}", "libonnxruntime.so.1");

        Exception[] refusals =
        [
            Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(() => OnnxRuntimeLibrary.Load(missing, AppContext.BaseDirectory, [])),
            Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(() => OrtApi.FromLibrary(OnnxRuntimeLibrary.Load("libm.so.6", AppContext.BaseDirectory, []))),
            OrtApi.TooOld("1.10.0", "/opt/onnxruntime-1.10.0/lib/libonnxruntime.so.1"),
        ];

        foreach (Exception refusal in refusals)
        {
            StringAssert.Contains(refusal.Message, "The Vae.MLNet package gives an application ONNX Runtime for linux-x64 (elsewhere, reference the Microsoft.ML.OnnxRuntime package)");
            StringAssert.Contains(refusal.Message, "Building from the Vae.MLNet repository, run scripts/fetch-onnxruntime.sh");
            StringAssert.EndsWith(refusal.Message, OnnxRuntimeLibrary.HowToGetALibrary);
        }
    }

    /// <summary>
    /// The repository's script fetches Linux's library only, refusing any other system, so macOS and Windows were sent
    /// to a script that could not help them; they are told where the same npm package keeps their library instead.
    /// </summary>
    [TestMethod]
    [DataRow("libonnxruntime.dylib")]
    [DataRow("onnxruntime.dll")]
    public void ANotFoundMessageElsewhereThanOnLinuxGivesTheSystemsLibraryRatherThanTheScript(string fileName)
    {
        string advice = OnnxRuntimeLibrary.HowToGetALibraryOn(onLinux: false, fileName);

        Assert.DoesNotContain("fetch-onnxruntime.sh", advice);
        Assert.Contains(
            $"the npm package onnxruntime-node holds {fileName} in its folder for this system under package/bin/napi-v6/ (such as darwin/arm64 or win32/x64)",
            advice);
        Assert.Contains($"Or set VAE_MLNET_ONNXRUNTIME to the full path of an ONNX Runtime {fileName} ", advice);
        Assert.Contains("run scripts/fetch-onnxruntime.sh and rebuild", OnnxRuntimeLibrary.HowToGetALibraryOn(onLinux: true, "libonnxruntime.so.1"));
    }

    /// <summary>
    /// Publishing puts the library beside the executable, or with IncludeNativeLibrariesForSelfExtract inside a single file;
    /// deploying the executable alone leaves it behind, and the refusal must say so rather than that the package carries it.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ANotFoundMessageTellsAPublishedApplicationToDeployTheLibraryOrBundleIt()
    {
        using var application = new TempDirectory();

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(null, application.Path, [], () => throw DotNetsNotFound(), NothingOnTheSystemPath));

        Assert.Contains(
            "a published application needs the ONNX Runtime library that dotnet publish puts in the publish folder deployed with its executable",
            error.Message);
        Assert.Contains("-p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true", error.Message);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ALibraryAmongTheNativeAssetsIsLoadedWhenTheApplicationDirectoryHasNone()
    {
        using var application = new TempDirectory();
        using var assets = new TempDirectory();
        string packaged = LinkToIntactLibrary(assets, OnnxRuntimeLibrary.FileName);

        (_, string origin) = OnnxRuntimeLibrary.Load(null, application.Path, [application.Path, assets.Path]);

        Assert.AreEqual(packaged, origin);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void MicrosoftOnnxRuntimesLinuxFileNameIsLoadedOnlyWhereNoDirectoryHasThePinnedOne()
    {
        using var application = new TempDirectory();
        using var microsoftPackage = new TempDirectory();
        using var vaePackage = new TempDirectory();
        string unversioned = LinkToIntactLibrary(microsoftPackage, "libonnxruntime.so");
        string pinned = LinkToIntactLibrary(vaePackage, OnnxRuntimeLibrary.FileName);

        (_, string both) = OnnxRuntimeLibrary.Load(null, application.Path, [microsoftPackage.Path, vaePackage.Path]);
        (_, string microsoftOnly) = OnnxRuntimeLibrary.Load(null, application.Path, [microsoftPackage.Path]);

        Assert.AreEqual(pinned, both);
        Assert.AreEqual(unversioned, microsoftOnly);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void MicrosoftOnnxRuntimesLinuxFileNameIsLoadedFromTheApplicationsDirectory()
    {
        // Where a RID-specific publish puts Microsoft.ML.OnnxRuntime's library, with no other native directory left.
        using var application = new TempDirectory();
        string published = LinkToIntactLibrary(application, "libonnxruntime.so");

        (_, string origin) = OnnxRuntimeLibrary.Load(null, application.Path, [application.Path + "/"]);

        Assert.AreEqual(published, origin);
    }

    /// <summary>
    /// A single-file application bundling the library from a project reference extracts it to a folder that only .NET's own
    /// search for the assembly's native libraries knows (the host's native library directories do not name it).
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void DotNetsOwnSearchFindsTheLibraryWhereTheApplicationsDirectoriesHaveNone()
    {
        using var application = new TempDirectory();

        (_, string origin) = OnnxRuntimeLibrary.Load(
            null, application.Path, [], () => NativeLibrary.Load(TruncatedLibrary.IntactPath), NotToBeSearched);

        Assert.AreEqual(
            "libonnxruntime.so.1 (from .NET's search beside the Vae.MLNet assembly and in the folder a single-file application extracts its native libraries to)",
            origin);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void DotNetsOwnSearchFindsTheLibraryBesideThisAssembly()
    {
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, OnnxRuntimeLibrary.FileName)))
        {
            Assert.Inconclusive($"The build copied no {OnnxRuntimeLibrary.FileName} beside the assemblies.");
        }

        using var application = new TempDirectory();

        (_, string origin) = OnnxRuntimeLibrary.Load(null, application.Path, [], loadFromTheSystemPath: NotToBeSearched);

        StringAssert.StartsWith(origin, "libonnxruntime.so.1 (from .NET's search beside the Vae.MLNet assembly");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void TheApplicationsDirectoryIsSearchedBeforeDotNetsOwnSearch()
    {
        using var application = new TempDirectory();
        string copied = LinkToIntactLibrary(application, OnnxRuntimeLibrary.FileName);

        (_, string origin) = OnnxRuntimeLibrary.Load(null, application.Path, [], NotToBeSearched, NotToBeSearched);

        Assert.AreEqual(copied, origin);
    }

    /// <summary>.NET's own search loads what it finds unchecked, so after refusing a truncated file it must not load that one.</summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void DotNetsOwnSearchIsLeftOutAfterAFileOfTheNameItTriesWasRefused()
    {
        using var application = new TempDirectory();
        string truncated = TruncatedLibrary.WriteTo(application);

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(null, application.Path, [], NotToBeSearched, NothingOnTheSystemPath));

        Assert.Contains($"{truncated} (is truncated", error.Message);
        Assert.DoesNotContain("the folder a single-file application extracts", error.Message);
    }

    /// <summary>
    /// A truncated library on LD_LIBRARY_PATH was handed to the loader by its bare name, which killed the process with
    /// SIGBUS (exit code 135) and no word; so this runs in a process of its own, with no library of its own beside it.
    /// So did the bare name set as VAE_MLNET_ONNXRUNTIME, which was not looked up before it was loaded.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [DataRow(null, "'libonnxruntime.so.1' on the system library search path (", DisplayName = "searched for")]
    [DataRow("libonnxruntime.so.1", "libonnxruntime.so.1 (VAE_MLNET_ONNXRUNTIME; ", DisplayName = "named by VAE_MLNET_ONNXRUNTIME")]
    public void ATruncatedLibraryOnTheSystemLibraryPathIsNamedRatherThanLoaded(string? explicitName, string refused)
    {
        using var application = new TempDirectory();
        using var libraries = new TempDirectory();
        string truncated = TruncatedLibrary.WriteTo(libraries);

        ChildProcess.Result run = CompiledProgram.Run(
            application.Path,
            """
            try
            {
                System.Console.WriteLine(Vae.MLNet.Runtime.VaeOnnxModel.OnnxRuntimeVersion);
            }
            catch (System.Exception error)
            {
                System.Console.WriteLine($"{error.GetType().Name}: {error.Message}");
            }
            """,
            [],
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { [OnnxRuntimeLibrary.PathVariable] = explicitName, ["LD_LIBRARY_PATH"] = libraries.Path });

        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.StartsWith(run.StandardOutput, nameof(OnnxRuntimeNotFoundException));
        StringAssert.Contains(
            run.StandardOutput,
            $"{refused}the file the system's loader would take for it, {truncated}, is truncated: its ELF header says ");
        StringAssert.Contains(run.StandardOutput, $"the file has {TruncatedLibrary.Length}; fetch it again)");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ANotFoundMessageNamesTheFolderASingleFileApplicationExtractsToButNotItsMissingPaths()
    {
        using var application = new TempDirectory();

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(null, application.Path, [], () => throw DotNetsNotFound(), NothingOnTheSystemPath));

        Assert.Contains(
            "(for libonnxruntime.so.1 or libonnxruntime.so); 'libonnxruntime.so.1' beside the Vae.MLNet assembly and in the folder a single-file "
            + "application extracts its native libraries to; 'libonnxruntime.so.1' on the system library search path (could not be loaded: "
            + "cannot open shared object file: No such file or directory).",
            error.Message);
        Assert.DoesNotContain("/extracted/", error.Message);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ALibraryDotNetsOwnSearchFoundButCouldNotLoadIsNamedWithTheLoadersReason()
    {
        using var application = new TempDirectory();
        const string missingDependency = "/extracted/libonnxruntime.so.1: libgomp.so.1: cannot open shared object file: No such file or directory";

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(null, application.Path, [], () => throw DotNetsNotFound(missingDependency), NothingOnTheSystemPath));

        Assert.Contains($"extracts its native libraries to ({missingDependency}); ", error.Message);
        Assert.DoesNotContain("/extracted/libonnxruntime.so.1.so", error.Message);
    }

    private static nint NotToBeSearched() => throw new AssertFailedException("A place after the one holding the library was searched.");

    private static nint NothingOnTheSystemPath() =>
        throw new DllNotFoundException(
            $"{DotNetsAdvice}{Environment.NewLine}libonnxruntime.so.1: cannot open shared object file: No such file or directory");

    private const string DotNetsAdvice =
        "Unable to load shared library 'libonnxruntime.so.1' or one of its dependencies. In order to help diagnose loading problems, "
        + "consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: ";

    // .NET's message for its own search: its advice, then one line per path it tried, under each variation of the name.
    private static DllNotFoundException DotNetsNotFound(params string[] otherLines) =>
        new(string.Join(
            '\n',
            [
                DotNetsAdvice,
                "/extracted/libonnxruntime.so.1.so: cannot open shared object file: No such file or directory",
                .. otherLines,
                "/extracted/liblibonnxruntime.so.1: cannot open shared object file: No such file or directory",
            ]));

    private static string Unreadable(TempDirectory temp, bool denied) =>
        denied ? UnreadableLibrary.Denied(temp, OnnxRuntimeLibrary.FileName) : UnreadableLibrary.FailingToRead(temp, OnnxRuntimeLibrary.FileName);

    private static string WriteTextAsLibrary(TempDirectory temp) =>
        temp.Write(OnnxRuntimeLibrary.FileName, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a library\n", 100))));

    private static string LinkToIntactLibrary(TempDirectory temp, string name)
    {
        string link = Path.Combine(temp.Path, name);
        File.CreateSymbolicLink(link, TruncatedLibrary.IntactPath);
        return link;
    }
}
