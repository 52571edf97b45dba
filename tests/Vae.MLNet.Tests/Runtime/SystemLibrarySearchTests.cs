using System.Runtime.InteropServices;
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

        IReadOnlyList<string> directories = SystemLibrarySearch.Directories("/env/one::/env/two", configuration, Architecture.X64);

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

        IReadOnlyList<string> directories = SystemLibrarySearch.Directories(null, configuration, Architecture.Arm64);

        CollectionAssert.AreEqual(
            new[] { "/opt/a", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib" },
            directories.ToArray());
    }

    [TestMethod]
    public void AMissingConfigurationLeavesTheDefaultDirectories()
    {
        IReadOnlyList<string> directories = SystemLibrarySearch.Directories(null, $"/no-such-{Guid.NewGuid():N}/ld.so.conf", Architecture.X64);

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
}
