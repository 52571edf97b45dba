using System.Diagnostics;
using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.IO;

/// <summary>Devices and pipes are written through, not replaced by a renamed file.</summary>
[TestClass]
public sealed class SpecialFilesTests
{
    [TestMethod]
    public void DevicesAreToldFromFilesDirectoriesAndMissingPaths()
    {
        RequireLinux();
        string file = Path.GetTempFileName();
        try
        {
            Assert.IsTrue(SpecialFiles.IsSpecial("/dev/null"));
            Assert.IsFalse(SpecialFiles.IsSpecial(file));
            Assert.IsFalse(SpecialFiles.IsSpecial(Path.GetTempPath()));
            Assert.IsFalse(SpecialFiles.IsSpecial(file + ".missing"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void APipeIsWrittenThroughAndStaysAPipe()
    {
        RequireLinux();
        string directory = Directory.CreateTempSubdirectory("vae-pipe-").FullName;
        string pipe = Path.Combine(directory, "out");
        try
        {
            using (Process mkfifo = Process.Start("mkfifo", [pipe]))
            {
                mkfifo.WaitForExit();
                Assert.AreEqual(0, mkfifo.ExitCode, "mkfifo");
            }

            // Both ends run on pool threads, so that an end left waiting in open (a pipe opens only once both ends do)
            // fails the test by the timeout instead of blocking the test thread and the run.
            Task<byte[]> reader = Task.Run(() => File.ReadAllBytes(pipe));
            Task writer = Task.Run(() =>
            {
                using var output = new AtomicFileWriter(pipe, "path");
                output.Stream.Write([1, 2, 3]);
                output.Commit();
            });

            Assert.IsTrue(Task.WaitAll([reader, writer], TimeSpan.FromSeconds(30)), "both ends of the pipe finished");
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, reader.Result);
            Assert.IsTrue(SpecialFiles.IsSpecial(pipe), "still a pipe, not a file renamed over it");
            Assert.AreEqual(1, Directory.GetFileSystemEntries(directory).Length, "no temporary file beside it");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("statx is read on Linux only.");
        }
    }
}
