namespace Vae.MLNet.Tests.Runtime;

/// <summary>
/// Files by a library's name that the process finds but cannot read, made so that root, whom a mode of 000 does not stop,
/// is stopped too: links to kernel files that refuse every reader.
/// </summary>
internal static class UnreadableLibrary
{
    // Write-only (mode 0200); procfs checks a setting's permission bits against root as well, ignoring CAP_DAC_OVERRIDE.
    private const string WriteOnlySetting = "/proc/sys/vm/compact_memory";

    // Reading this process's memory at offset 0, an address never mapped, fails with EIO.
    private const string UnmappedMemory = "/proc/self/mem";

    /// <summary>A file named <paramref name="name"/> that opening fails on with Permission denied (EACCES).</summary>
    public static string Denied(TempDirectory temp, string name)
    {
        string link = LinkTo(temp, name, WriteOnlySetting);
        var denied = Assert.ThrowsExactly<UnauthorizedAccessException>(() => File.OpenHandle(link).Dispose(), $"{WriteOnlySetting} could be opened, so it cannot stand for a file this process may not read.");
        Assert.AreEqual("Permission denied", denied.InnerException?.Message);
        return link;
    }

    /// <summary>A file named <paramref name="name"/> that opens, but whose first read fails with Input/output error (EIO).</summary>
    public static string FailingToRead(TempDirectory temp, string name) => LinkTo(temp, name, UnmappedMemory);

    private static string LinkTo(TempDirectory temp, string name, string target)
    {
        if (!File.Exists(target))
        {
            Assert.Inconclusive($"This test needs {target}, which this system does not have.");
        }

        string link = Path.Combine(temp.Path, name);
        File.CreateSymbolicLink(link, target);
        return link;
    }
}
