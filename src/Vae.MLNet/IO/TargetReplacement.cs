namespace Vae.MLNet.IO;

/// <summary>
/// Moves a written temporary file over the file it replaces. On Windows the move is refused while another process holds
/// the target open without letting it be deleted (a spreadsheet or viewer the file is open in, another process reading
/// it), and for a moment while a virus scanner, the search indexer or a sync client looks at a file just written; .NET's
/// message then names no file ("Access to the path is denied."). Linux and macOS rename over an open file.
/// </summary>
internal static class TargetReplacement
{
    private const int SharingViolation = unchecked((int)0x80070020); // ERROR_SHARING_VIOLATION, as .NET's HResult
    private const int LockViolation = unchecked((int)0x80070021);    // ERROR_LOCK_VIOLATION

    // About a second in all: a scanner or indexer lets go within it, while a program the file is open in does not, and
    // waiting longer would only delay telling the user to close it.
    private static readonly TimeSpan[] Pauses =
        [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(600)];

    /// <summary>Moves <paramref name="temporary"/> over <paramref name="target"/>, which its writer named <paramref name="givenPath"/>.</summary>
    /// <exception cref="IOException">
    /// On Windows, another process held the target throughout the tries; the message names it and says what to do.
    /// Otherwise, as <see cref="File.Move(string, string, bool)"/>.
    /// </exception>
    public static void Move(string temporary, string target, string givenPath) =>
        Move(() => File.Move(temporary, target, overwrite: true), givenPath, heldFilesRefuse: OperatingSystem.IsWindows(), Thread.Sleep);

    /// <summary>
    /// Runs <paramref name="move"/>; where <paramref name="heldFilesRefuse"/> (Windows), tries it again after each of a
    /// few <paramref name="pause"/>s while it fails as a file held by another process fails, and then names
    /// <paramref name="givenPath"/> in the failure. Elsewhere a failure comes as it was.
    /// </summary>
    public static void Move(Action move, string givenPath, bool heldFilesRefuse, Action<TimeSpan> pause)
    {
        ArgumentNullException.ThrowIfNull(move);
        ArgumentNullException.ThrowIfNull(pause);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                move();
                return;
            }
            catch (Exception e) when (heldFilesRefuse && IsHeld(e))
            {
                if (attempt == Pauses.Length)
                {
                    // Windows denies access to a file another program holds open as it does to one whose permissions refuse it.
                    string cause = e is UnauthorizedAccessException
                        ? "another program may have it open, or its permissions may not let this user replace it; close that program or change them, or write somewhere else"
                        : "another program has it open; close that program, or write somewhere else";
                    throw new IOException($"'{givenPath}' could not be replaced ({e.Message.TrimEnd('.')}): {cause}.", e);
                }

                pause(Pauses[attempt]);
            }
        }
    }

    /// <summary>Whether <paramref name="failure"/> is Windows' refusal of a file another process holds open.</summary>
    private static bool IsHeld(Exception failure) =>
        failure is UnauthorizedAccessException || failure is IOException { HResult: SharingViolation or LockViolation };
}
