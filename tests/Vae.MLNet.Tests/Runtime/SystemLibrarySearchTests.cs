using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class SystemLibrarySearchTests
{
    [TestMethod]
    public void LdLibraryPathComesFirstThenTheConfiguredDirectoriesThenTheDefaultOnes()
    {
        using var temp = new TempDirectory();
        string included = Directory.CreateDirectory(Path.Combine(temp.Path, "ld.so.conf.d")).FullName;
        File.WriteAllText(Path.Combine(included, "b.conf"), "/opt/b\n");
        File.WriteAllText(Path.Combine(included, "a.conf"), "# comment\n/opt/a # trailing comment\n\n");
        File.WriteAllText(Path.Combine(included, "a.txt"), "/opt/not-included\n");
        string configuration = Path.Combine(temp.Path, "ld.so.conf");
        File.WriteAllText(configuration, "include ld.so.conf.d/*.conf\n/opt/last\n");

        IReadOnlyList<string> directories = SystemLibrarySearch.Directories("/env/one::/env/two", "/app", configuration, Architecture.X64);

        CollectionAssert.AreEqual(
            new[]
            {
                "/env/one", ".", "/env/two", "/opt/a", "/opt/b", "/opt/last",
                "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            },
            directories.ToArray());
    }

    [TestMethod]
    public void AConfigurationThatIncludesItselfIsReadOnce()
    {
        using var temp = new TempDirectory();
        string configuration = Path.Combine(temp.Path, "ld.so.conf");
        File.WriteAllText(configuration, $"/opt/a\ninclude {configuration}\n");

        IReadOnlyList<string> directories = SystemLibrarySearch.Directories(null, "/app", configuration, Architecture.Arm64);

        CollectionAssert.AreEqual(
            new[] { "/opt/a", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib" },
            directories.ToArray());
    }

    [TestMethod]
    public void AMissingConfigurationLeavesTheDefaultDirectories()
    {
        IReadOnlyList<string> directories = SystemLibrarySearch.Directories(null, "/app", $"/no-such-{Guid.NewGuid():N}/ld.so.conf", Architecture.X64);

        Assert.AreEqual("/lib/x86_64-linux-gnu", directories[0]);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void TheFirstDirectoryHoldingTheNameGivesTheFile()
    {
        using var empty = new TempDirectory();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        string found = first.Write("libexample.so.1", Encoding.ASCII.GetBytes("not examined for truncation here"));
        _ = second.Write("libexample.so.1", []);

        Assert.AreEqual(found, SystemLibrarySearch.Find("libexample.so.1", [empty.Path, first.Path, second.Path]));
        Assert.IsNull(SystemLibrarySearch.Find("libexample.so.1", [empty.Path]));
    }

    /// <summary>The loader passes over a library built for another machine, as 32-bit ones in a directory ld.so.conf lists.</summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ALibraryForAnotherArchitectureIsPassedOverAsTheLoaderPassesOverIt()
    {
        using var foreign = new TempDirectory();
        using var native = new TempDirectory();
        byte[] library = File.ReadAllBytes(TruncatedLibrary.IntactPath)[..64];
        string own = native.Write("libexample.so.1", library);
        library[18] = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? (byte)62 : (byte)183;
        _ = foreign.Write("libexample.so.1", library);

        Assert.AreEqual(own, SystemLibrarySearch.Find("libexample.so.1", [foreign.Path, native.Path]));
    }

    /// <summary>
    /// The loader passes over a file it may not open, but the search took it for the loader's choice and, unable to read
    /// it, reported nothing: a truncated library after it was left to the loader, which killed the process with SIGBUS.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void AFileTheLoaderMayNotOpenIsPassedOverAsTheLoaderPassesOverIt()
    {
        using var denied = new TempDirectory();
        using var truncated = new TempDirectory();
        _ = UnreadableLibrary.Denied(denied, OnnxRuntimeLibrary.FileName);
        string cut = TruncatedLibrary.WriteTo(truncated);

        Assert.AreEqual(cut, SystemLibrarySearch.FindTruncated(OnnxRuntimeLibrary.FileName, [denied.Path, truncated.Path])?.Path);
    }

    /// <summary>
    /// The loader stops at a directory by the name, or a file it opens but cannot read, with an error naming it ("cannot
    /// read file data: Is a directory"); the search passed over a directory and reported a later file the loader never takes.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ADirectoryOrAFileThatFailsToReadEndsTheSearchAsItEndsTheLoaders()
    {
        using var directory = new TempDirectory();
        using var failing = new TempDirectory();
        using var truncated = new TempDirectory();
        string inTheWay = Directory.CreateDirectory(Path.Combine(directory.Path, OnnxRuntimeLibrary.FileName)).FullName;
        string unreadable = UnreadableLibrary.FailingToRead(failing, OnnxRuntimeLibrary.FileName);
        _ = TruncatedLibrary.WriteTo(truncated);

        Assert.AreEqual(inTheWay, SystemLibrarySearch.Find(OnnxRuntimeLibrary.FileName, [directory.Path, truncated.Path]));
        Assert.IsNull(SystemLibrarySearch.FindTruncated(OnnxRuntimeLibrary.FileName, [directory.Path, truncated.Path]));
        Assert.AreEqual(unreadable, SystemLibrarySearch.Find(OnnxRuntimeLibrary.FileName, [failing.Path, truncated.Path]));
        Assert.IsNull(SystemLibrarySearch.FindTruncated(OnnxRuntimeLibrary.FileName, [failing.Path, truncated.Path]));
    }

    /// <summary>glibc ignores an LD_LIBRARY_PATH that is entirely empty; reading it as the current directory loaded a library planted there.</summary>
    [TestMethod]
    public void AnEmptyLdLibraryPathNamesNoDirectory()
    {
        IReadOnlyList<string> directories = SystemLibrarySearch.Directories(string.Empty, "/app", $"/no-such-{Guid.NewGuid():N}/ld.so.conf", Architecture.X64);

        Assert.AreEqual("/lib/x86_64-linux-gnu", directories[0]);
        CollectionAssert.DoesNotContain(directories.ToArray(), ".");
    }

    /// <summary>glibc's ld.so splits LD_LIBRARY_PATH on semicolons as on colons.</summary>
    [TestMethod]
    public void ASemicolonSeparatesLdLibraryPathEntriesAsAColonDoes()
    {
        IReadOnlyList<string> directories = SystemLibrarySearch.Directories("/a;/b", "/app", $"/no-such-{Guid.NewGuid():N}/ld.so.conf", Architecture.X64);

        CollectionAssert.AreEqual(new[] { "/a", "/b", "/lib/x86_64-linux-gnu" }, directories.Take(3).ToArray());
    }

    [TestMethod]
    public void OriginIsTheExecutablesDirectoryAndEntriesWithOtherTokensAreLeftOut()
    {
        IReadOnlyList<string> directories = SystemLibrarySearch.Directories(
            "$ORIGIN/blas:${ORIGIN}/more:/opt/$LIB:/opt/${PLATFORM}/x:/opt/$ORIGINAL", "/app", $"/no-such-{Guid.NewGuid():N}/ld.so.conf", Architecture.X64);

        CollectionAssert.AreEqual(new[] { "/app/blas", "/app/more", "/opt/$ORIGINAL", "/lib/x86_64-linux-gnu" }, directories.Take(4).ToArray());
    }

    [TestMethod]
    public void AnEntryWithOriginIsLeftOutWhereTheExecutableIsUnknown()
    {
        IReadOnlyList<string> directories = SystemLibrarySearch.Directories("$ORIGIN/blas:/opt/a", null, $"/no-such-{Guid.NewGuid():N}/ld.so.conf", Architecture.X64);

        Assert.AreEqual("/opt/a", directories[0]);
    }

    /// <summary>glibc takes DIR/glibc-hwcaps/x86-64-v3/NAME before DIR/NAME on a CPU of that level.</summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void AnX8664V3SubdirectoryIsSearchedFirstWhereTheCpuSupportsIt()
    {
        if (!(Avx2.IsSupported && Bmi1.IsSupported && Bmi2.IsSupported && Fma.IsSupported && Lzcnt.IsSupported))
        {
            Assert.Inconclusive("This test needs an x86-64 CPU of level v3 or above, as the runtime reports it (DOTNET_EnableAVX2=0 hides it).");
            return;
        }

        using var libraries = new TempDirectory();
        _ = libraries.Write("libexample.so.1", Encoding.ASCII.GetBytes("not examined for truncation here"));
        string v3 = Directory.CreateDirectory(Path.Combine(libraries.Path, "glibc-hwcaps", "x86-64-v3")).FullName;
        File.WriteAllBytes(Path.Combine(v3, "libexample.so.1"), []);

        Assert.AreEqual(Path.Combine(v3, "libexample.so.1"), SystemLibrarySearch.Find("libexample.so.1", [libraries.Path]));
    }

    [TestMethod]
    public void OnlyX8664HasHwcapsLevelsHere()
    {
        Assert.IsEmpty(SystemLibrarySearch.HwcapsSubdirectories(Architecture.Arm64));
    }

    /// <summary>
    /// An intact file found is only examined: the loader is handed the bare name and chooses, where loading the file
    /// found by its path loaded another library than the loader's wherever the search differs from it.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void OnlyATruncatedFileFoundIsReported()
    {
        using var intact = new TempDirectory();
        using var truncated = new TempDirectory();
        File.Copy(TruncatedLibrary.IntactPath, Path.Combine(intact.Path, OnnxRuntimeLibrary.FileName));
        string cut = TruncatedLibrary.WriteTo(truncated);

        Assert.IsNull(SystemLibrarySearch.FindTruncated(OnnxRuntimeLibrary.FileName, [intact.Path, truncated.Path]));
        Assert.IsNull(SystemLibrarySearch.FindTruncated(OnnxRuntimeLibrary.FileName, [Path.Combine(intact.Path, "none")]));
        (string Path, string Truncation)? found = SystemLibrarySearch.FindTruncated(OnnxRuntimeLibrary.FileName, [truncated.Path, intact.Path]);
        Assert.AreEqual(cut, found?.Path);
        StringAssert.StartsWith(found?.Truncation, "is truncated: its ELF header says ");
    }
}
