using System.IO.Pipes;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
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
        using var temp = new TempDirectory();
        string file = temp.Write("file", []);
        Assert.IsTrue(SpecialFiles.IsSpecial("/dev/null"));
        Assert.IsFalse(SpecialFiles.IsSpecial(file));
        Assert.IsFalse(SpecialFiles.IsSpecial(Path.GetTempPath()));
        Assert.IsFalse(SpecialFiles.IsSpecial(file + ".missing"));
    }

    [TestMethod]
    [DataRow("/dev/stdin", 0)]
    [DataRow("/dev/stdout", 1)]
    [DataRow("/dev/stderr", 2)]
    [DataRow("/dev/fd/0", 0)]
    [DataRow("/dev/fd/12", 12)]
    [DataRow("/proc/self/fd/3", 3)]
    [DataRow("/proc/thread-self/fd/3", 3)]
    [DataRow("/dev/fd/01", null)]
    [DataRow("/dev/fd/", null)]
    [DataRow("/dev/null", null)]
    [DataRow("/proc/1/fd/3", null)]
    public void DescriptorsAreNamedAsProcfsNamesThem(string path, int? descriptor)
    {
        RequireLinux();
        Assert.AreEqual(descriptor, SpecialFiles.Descriptor(path));
    }

    /// <summary>
    /// Off Linux no file type can be read, so the path decides: the decision a Mac makes, taken here with the status
    /// withheld.
    /// </summary>
    [TestMethod]
    public void WithoutAFileTypeWhatIsUnderDevIsSpecialLinksFollowed()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string file = temp.Write("file", []);
        string linkToNull = Path.Combine(temp.Path, "null.csv");
        File.CreateSymbolicLink(linkToNull, "/dev/null");

        Assert.IsTrue(SpecialFiles.IsSpecial("/dev/null", status: null));
        Assert.IsTrue(SpecialFiles.IsSpecial(linkToNull, status: null));
        Assert.IsFalse(SpecialFiles.IsSpecial(file, status: null));
        Assert.IsFalse(SpecialFiles.IsSpecial("/dev", status: null));
        Assert.IsFalse(SpecialFiles.IsSpecial("/dev/no-such-device", status: null));
    }

    /// <summary>
    /// Windows gives <c>NUL</c>, its <c>/dev/null</c>, the full path <c>\\.\NUL</c>, which having no directory was
    /// refused as a directory; Windows' rule is tested here by passing it paths as Windows gives them.
    /// </summary>
    [TestMethod]
    [DataRow(@"\\.\NUL", true)]
    [DataRow(@"\\.\COM1", true)]
    [DataRow(@"\\.\nul", true)]
    [DataRow(@"\\.\C:", false)]
    [DataRow(@"\\.\PhysicalDrive0", false)]
    [DataRow(@"\\.\C:\data\rows.csv", false)]
    [DataRow(@"C:\data\NUL.csv", false)]
    [DataRow(@"\\server\share\rows.csv", false)]
    [DataRow(@"C:\", false)]
    public void OnWindowsADevicePathIsADevice(string fullPath, bool device)
    {
        Assert.AreEqual(device, SpecialFiles.IsWindowsDevice(fullPath));
    }

    [TestMethod]
    [DataRow("/dev/stdout", 1)]
    [DataRow("/dev/fd/63", 63)]
    [DataRow("/proc/self/fd/3", null)]
    [DataRow("/proc/thread-self/fd/3", null)]
    public void WithoutProcfsOnlyTheDescriptorsUnderDevAreNamed(string path, int? descriptor)
    {
        RequireLinux();
        Assert.AreEqual(descriptor, SpecialFiles.Descriptor(path, hasProcFileSystem: false));
    }

    [TestMethod]
    public void APipeIsWrittenThroughAndStaysAPipe()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string directory = temp.Path;
        string pipe = Path.Combine(directory, "out");
        ChildProcess.RunToSuccess("mkfifo", [pipe], TimeSpan.FromSeconds(30));

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

    [TestMethod]
    public void OpeningAPipeThatNoReaderOpensIsGivenUpOnCancellation()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string pipe = Path.Combine(temp.Path, "out");
        ChildProcess.RunToSuccess("mkfifo", [pipe], TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Task opening = Task.Run(() =>
        {
            using var output = new AtomicFileWriter(pipe, "path");
            output.OpenStream(cancellation.Token);
        });

        Assert.IsTrue(((IAsyncResult)opening).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the open was given up on");
        Assert.IsInstanceOfType<OperationCanceledException>(opening.Exception?.InnerException);
        Assert.AreEqual(1, Directory.GetFileSystemEntries(temp.Path).Length, "no temporary file beside it");
    }

    [TestMethod]
    public void ADescriptorOpenOnAPipeIsWrittenThrough()
    {
        RequireLinux();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        string descriptor = $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";

        // The pipe is open at both ends already, so neither opening its descriptor nor writing three bytes waits.
        using (var output = new AtomicFileWriter(descriptor, "path"))
        {
            output.Stream.Write([4, 5, 6]);
            output.Commit();
        }

        // With no writer left, a read that found nothing would end instead of waiting.
        pipe.DisposeLocalCopyOfClientHandle();
        var received = new byte[4];
        Assert.AreEqual(3, pipe.ReadAtLeast(received, received.Length, throwOnEndOfStream: false));
        CollectionAssert.AreEqual(new byte[] { 4, 5, 6, 0 }, received);
    }

    [TestMethod]
    public void ADescriptorOpenOnAFileIsAppendedToInPlace()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string file = temp.Write("redirected", [1, 2]);

        // As a shell's "exec 3>>file" leaves a descriptor: open on a file that already holds something.
        using (SafeFileHandle redirected = File.OpenHandle(file, FileMode.Append, FileAccess.Write))
        {
            string descriptor = $"/dev/fd/{redirected.DangerousGetHandle()}";
            foreach (byte[] content in new[] { new byte[] { 3, 4 }, [5] })
            {
                using var output = new AtomicFileWriter(descriptor, "path");
                output.Stream.Write(content);
                output.Commit();
            }
        }

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5 }, File.ReadAllBytes(file), "appended, not renamed over the redirected file");
    }

    [TestMethod]
    public void ARelativeLinkReachedThroughALinkedDirectoryLeadsWhereTheKernelTakesIt()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string directory = temp.Path;
        string file = temp.Write("redirected", [1, 2]);
        string nested = Path.Combine(directory, "r", "a");
        Directory.CreateDirectory(nested);
        string shortcut = Path.Combine(directory, "L");
        Directory.CreateSymbolicLink(shortcut, nested);

        // L/out.csv is r/a/out.csv, whose "../fd" is r/fd; read as text, L/../fd would be a file that does not exist.
        using (SafeFileHandle redirected = File.OpenHandle(file, FileMode.Append, FileAccess.Write))
        {
            File.CreateSymbolicLink(Path.Combine(directory, "r", "fd"), $"/dev/fd/{redirected.DangerousGetHandle()}");
            File.CreateSymbolicLink(Path.Combine(nested, "out.csv"), "../fd");
            using var output = new AtomicFileWriter(Path.Combine(shortcut, "out.csv"), "path");
            output.Stream.Write([3]);
            output.Commit();
        }

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(file), "appended, not renamed over the redirected file");
        Assert.AreEqual("../fd", new FileInfo(Path.Combine(nested, "out.csv")).LinkTarget, "the link is left as it was");
    }

    [TestMethod]
    public void ADescriptorOpenForReadingOnlyIsRefusedAndItsFileLeftAlone()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string file = temp.Write("mapped", [1, 2]);

        // As the runtime holds the libraries it maps: open for reading only, by a process that may write the file.
        using (SafeFileHandle read = File.OpenHandle(file, FileMode.Open, FileAccess.Read))
        {
            string descriptor = $"/proc/self/fd/{read.DangerousGetHandle()}";

            var error = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(descriptor, "path"));

            Assert.AreEqual($"'{descriptor}' is a descriptor this process has open for reading only; give a file to write. (Parameter 'path')", error.Message);
        }

        CollectionAssert.AreEqual(new byte[] { 1, 2 }, File.ReadAllBytes(file));
    }

    [TestMethod]
    public void ALinkToADescriptorOpenOnAFileIsAppendedToInPlace()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string directory = temp.Path;
        string file = temp.Write("redirected", [1, 2]);
        string link = Path.Combine(directory, "out.csv");
        string hop = Path.Combine(directory, "hop");

        // As "ln -s /dev/stdout out.csv" leaves it, with a shell's redirection to a file on the descriptor; the link
        // leads through a relative link of its own first.
        using (SafeFileHandle redirected = File.OpenHandle(file, FileMode.Append, FileAccess.Write))
        {
            File.CreateSymbolicLink(hop, $"/dev/fd/{redirected.DangerousGetHandle()}");
            File.CreateSymbolicLink(link, "hop");
            using var output = new AtomicFileWriter(link, "path");
            output.Stream.Write([3]);
            output.Commit();
        }

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(file), "appended, not renamed over the redirected file");
        Assert.AreEqual("hop", new FileInfo(link).LinkTarget, "the link is left as it was");
        Assert.AreEqual(3, Directory.GetFileSystemEntries(directory).Length, "no temporary file is left");
    }

    [TestMethod]
    [DataRow("/dev/fd/987654", "is not a descriptor this process has open")]
    [DataRow("/dev/stdin", "is standard input")]
    public void ADescriptorThatCannotTakeOutputIsRefusedBeforeAnythingIsWritten(string path, string reason)
    {
        RequireLinux();

        var error = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(path, "path"));

        Assert.AreEqual("path", error.ParamName);
        StringAssert.StartsWith(error.Message, $"'{path}' {reason}; give a file to write.");
    }

    [TestMethod]
    public void ALinkToADescriptorThisProcessDoesNotHaveOpenIsRefusedBeforeAnythingIsWritten()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string link = Path.Combine(temp.Path, "fd9.zip");
        File.CreateSymbolicLink(link, "/dev/fd/987654");

        var error = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(link, "path"));

        Assert.AreEqual($"'{link}' leads to '/dev/fd/987654', which is not a descriptor this process has open; give a file to write. (Parameter 'path')", error.Message);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ASocketIsRefusedBeforeAnythingIsWritten(bool throughDescriptor)
    {
        RequireLinux();
        using var temp = new TempDirectory();
        string file = Path.Combine(temp.Path, "listening.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(file));

        // As /dev/stdout is when standard output is a socket; Linux opens neither by its path.
        string path = throughDescriptor ? $"/proc/self/fd/{socket.Handle}" : file;
        var error = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(path, "path"));

        Assert.AreEqual($"'{path}' is a socket, which cannot be opened as a file; give a file or a pipe to write. (Parameter 'path')", error.Message);
    }

    [TestMethod]
    public void ADescriptorThisProcessOpenedCannotHaveBeenInheritedUnlikeOneLeftForAChild()
    {
        RequireLinux();
        using var temp = new TempDirectory();
        using var file = new FileStream(Path.Combine(temp.Path, "opened.txt"), FileMode.Create);
        int descriptor = (int)file.SafeFileHandle.DangerousGetHandle();

        // .NET opens every file close-on-exec, so no descriptor it opened outlives an exec; the flags of one that
        // could, open for a child, are those a process sees for what it was started with.
        Assert.IsFalse(SpecialFiles.MayBeInherited(descriptor));
        Assert.IsTrue(SpecialFiles.MayBeInherited(987654), "a descriptor not open is left to opening it to tell");
    }

    private static void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("statx is read on Linux only.");
        }
    }
}
