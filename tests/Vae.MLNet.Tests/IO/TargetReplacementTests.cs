using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.IO;

/// <summary>
/// Windows refuses to replace a file another process holds open, and .NET's message then names no file; Windows' rule
/// is tested here by passing it, as Linux renames over an open file.
/// </summary>
[TestClass]
public sealed class TargetReplacementTests
{
    private const int SharingViolation = unchecked((int)0x80070020);

    [TestMethod]
    public void OnWindowsATargetHeldForAMomentIsReplacedOnALaterTry()
    {
        int tries = 0;
        var pauses = new List<TimeSpan>();

        TargetReplacement.Move(
            () =>
            {
                if (++tries < 3)
                {
                    throw new UnauthorizedAccessException("Access to the path is denied.");
                }
            },
            "model.zip",
            heldFilesRefuse: true,
            pauses.Add);

        Assert.AreEqual(3, tries);
        Assert.HasCount(2, pauses);
    }

    [TestMethod]
    public void OnWindowsATargetHeldThroughoutIsNamedWithWhatToDoAfterAboutASecond()
    {
        int tries = 0;
        var pauses = new List<TimeSpan>();
        var held = new IOException("The process cannot access the file because it is being used by another process.", SharingViolation);

        var error = Assert.ThrowsExactly<IOException>(() => TargetReplacement.Move(() => { tries++; throw held; }, "out/rows.csv", heldFilesRefuse: true, pauses.Add));

        Assert.AreEqual(
            "'out/rows.csv' could not be replaced (The process cannot access the file because it is being used by another process): another program has it open; close that program, or write somewhere else.",
            error.Message);
        Assert.AreSame(held, error.InnerException);
        Assert.AreEqual(pauses.Count + 1, tries);
        Assert.IsTrue(pauses.Sum(pause => pause.TotalSeconds) is > 0.5 and < 1.5, string.Join(", ", pauses));
    }

    [TestMethod]
    public void OnWindowsADeniedAccessThroughoutIsToldAsAHolderOrThePermissions()
    {
        var denied = new UnauthorizedAccessException("Access to the path is denied.");

        var error = Assert.ThrowsExactly<IOException>(() => TargetReplacement.Move(() => throw denied, "model.zip", heldFilesRefuse: true, _ => { }));

        Assert.AreEqual(
            "'model.zip' could not be replaced (Access to the path is denied): another program may have it open, or its permissions may not let this user replace it; "
                + "close that program or change them, or write somewhere else.",
            error.Message);
    }

    [TestMethod]
    public void OnWindowsAnotherFailureIsNotTriedAgain()
    {
        int tries = 0;
        var full = new IOException("There is not enough space on the disk.", unchecked((int)0x80070070));

        var error = Assert.ThrowsExactly<IOException>(() => TargetReplacement.Move(() => { tries++; throw full; }, "model.zip", heldFilesRefuse: true, _ => Assert.Fail("paused")));

        Assert.AreSame(full, error);
        Assert.AreEqual(1, tries);
    }

    [TestMethod]
    public void ElsewhereAFailedMoveIsTriedOnceAndComesAsItWas()
    {
        int tries = 0;
        var denied = new UnauthorizedAccessException("Access to the path '/dir/model.zip' is denied.");

        var error = Assert.ThrowsExactly<UnauthorizedAccessException>(() => TargetReplacement.Move(() => { tries++; throw denied; }, "model.zip", heldFilesRefuse: false, _ => Assert.Fail("paused")));

        Assert.AreSame(denied, error);
        Assert.AreEqual(1, tries);
    }
}
