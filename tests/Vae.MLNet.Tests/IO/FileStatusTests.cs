using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.IO;

[TestClass]
public sealed class FileStatusTests
{
    private const ushort Directory = 0x4000;
    private const ushort StickyDirectory = 0x4000 | 0x200 | 0x1FF;

    [TestMethod]
    public void ReadsTheTypePermissionBitsStickyBitAndOwnerOfFilesAndDirectories()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("statx is Linux's.");
            return;
        }

        using var temp = new TempDirectory();
        string directory = temp.Path;
        string file = Path.Combine(directory, "f");
        File.WriteAllText(file, "x");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupWrite | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(directory, (UnixFileMode)0x1FF | UnixFileMode.StickyBit);

        FileStatus? fileStatus = FileStatus.Read(file);
        FileStatus? directoryStatus = FileStatus.Read(directory);

        Assert.IsNotNull(fileStatus);
        Assert.IsNotNull(directoryStatus);
        Assert.AreEqual(0x8000, fileStatus.Value.FileType);
        Assert.AreEqual(0x100 | 0x010 | 0x001, fileStatus.Value.Mode & 0xFFF);
        Assert.IsFalse(fileStatus.Value.IsSticky);
        Assert.AreEqual(Directory, directoryStatus.Value.FileType);
        Assert.IsTrue(directoryStatus.Value.IsSticky);
        Assert.AreEqual(FileStatus.EffectiveUserId(), fileStatus.Value.OwnerId, "a file this process made is its user's");
        if (FileStatus.EffectiveUserId() == 0)
        {
            // Root may give the file away; an owner unlike its group tells the owner's field from the group's.
            ChildProcess.RunToSuccess("chown", ["12345:23456", file], TimeSpan.FromSeconds(30));

            Assert.AreEqual(12345u, FileStatus.Read(file)!.Value.OwnerId);
        }

        Assert.IsNull(FileStatus.Read(file + ".missing"));
    }

    [TestMethod]
    [DataRow(StickyDirectory, 0u, 0u, 1000u, true, DisplayName = "another user's file in another user's sticky directory")]
    [DataRow(StickyDirectory, 0u, 1000u, 1000u, false, DisplayName = "the user's own file")]
    [DataRow(StickyDirectory, 1000u, 0u, 1000u, false, DisplayName = "the user's own directory")]
    [DataRow(StickyDirectory, 1u, 2u, 0u, false, DisplayName = "root")]
    [DataRow((ushort)(Directory | 0x1FF), 0u, 0u, 1000u, false, DisplayName = "a directory without the sticky bit")]
    public void TheStickyBitForbidsReplacingOnlyAnotherUsersFileInAnotherUsersDirectory(
        ushort directoryMode, uint directoryOwner, uint fileOwner, uint user, bool forbidden)
    {
        var directory = new FileStatus(directoryMode, directoryOwner);
        var file = new FileStatus(0x8000 | 0x1B6, fileOwner);

        Assert.AreEqual(forbidden, directory.ForbidsReplacing(file, user));
    }
}
