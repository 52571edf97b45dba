using System.Text;

namespace Vae.MLNet.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a half-written file:
/// the bytes go to a temporary file in the same directory (same volume, so the final move is a rename), which replaces
/// the target only on <see cref="Commit"/>, or, for a set of files replaced together, on <see cref="Prepare"/> and then
/// <see cref="Commit"/>. A file replaced keeps its permission bits; as with any rename, its owner becomes the writing
/// user. Disposing without committing, or a commit that fails, deletes the temporary file. A device
/// or a pipe (<c>/dev/null</c>, a FIFO) is written straight through instead, and so is an open descriptor of this
/// process (<c>/dev/stdout</c>, <c>/dev/fd/3</c>), reopened for appending, as <c>tee -a /dev/fd/3</c> would: after what
/// it already holds, whatever wrote there before.
/// </summary>
internal sealed class AtomicFileWriter : IDisposable
{
    // The temporary name adds a dot, a GUID and ".tmp" to (a prefix of) the target's name, and must stay within
    // FileNameLength.Max however the system counts it: 200 UTF-8 bytes are at most 200 UTF-16 code units.
    private const int MaxTempStemUtf8Bytes = 200;

    private const UnixFileMode PermissionBits =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _path;
    private readonly string _givenPath;
    private readonly string? _tempPath;
    private readonly bool _writesThrough;
    private readonly bool _appends;
    private FileStream? _stream;
    private TargetNamingStream? _named;
    private bool _finished;
    private bool _prepared;

    /// <summary>Opens the temporary file next to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty, names a directory, a socket, standard input or a descriptor this process does
    /// not have open for writing, or its directory does not exist.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">
    /// The file is read-only, or another user's in a sticky directory, or the directory does not let this process create files.
    /// </exception>
    /// <exception cref="IOException">Creating a file in the directory failed otherwise.</exception>
    public AtomicFileWriter(string path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        // Only the empty path: one of white space alone is a file name on Linux, as File.WriteAllBytes and the readers take it.
        if (path.Length == 0)
        {
            throw new ArgumentException("The output path is empty; give a file path.", paramName);
        }

        _givenPath = path;
        string fullPath = Path.GetFullPath(path);
        (string? linked, int? descriptor) = SpecialFiles.FollowLinks(fullPath);
        // Tested where the links lead: a link to a closed descriptor exists itself.
        if (descriptor == 0 || (descriptor is not null && !File.Exists(linked)))
        {
            // Refused now rather than when the content is ready, which can be the end of a long training.
            string reached = linked == fullPath ? "is" : $"leads to '{linked}', which is";
            throw new ArgumentException(
                descriptor == 0 ? $"'{path}' {reached} standard input; give a file to write." : $"'{path}' {reached} not a descriptor this process has open; give a file to write.",
                paramName);
        }

        if (descriptor is int open && !SpecialFiles.IsOpenForWriting(open))
        {
            // Reopening it for writing would change the file behind it, which this process only reads (a library, say).
            throw new ArgumentException($"'{path}' is a descriptor this process has open for reading only; give a file to write.", paramName);
        }

        if (SpecialFiles.IsSocket(fullPath))
        {
            // Linux opens no socket by its path (ENXIO), so the first write would fail.
            throw new ArgumentException($"'{path}' is a socket, which cannot be opened as a file; give a file or a pipe to write.", paramName);
        }

        _appends = descriptor is not null;
        if (_appends || SpecialFiles.IsSpecial(fullPath))
        {
            // Renaming over a device or pipe would replace it, and over a descriptor's file would drop what the shell's
            // redirection put there. Neither has a half-written state to protect. Checked before links are resolved: the
            // link of a descriptor for a pipe names no path ("pipe:[123]").
            _path = fullPath;
            _writesThrough = true;
            return;
        }

        // A link is written through, as a plain write would: replacing it would leave its target as it was.
        fullPath = linked ?? throw new IOException($"'{path}' leads through more symbolic links than the system follows, a loop; give a file to write.");

        // A trailing separator names a directory whether or not it exists: "new dir/" lacks a file name, it does not
        // ask for one named "" in a directory to create. So does a last "." or "..", which GetFullPath would drop.
        string? directory = Path.GetDirectoryName(fullPath);
        if (directory is null || Directory.Exists(fullPath) || Path.EndsInDirectorySeparator(path) || Path.GetFileName(path) is "." or "..")
        {
            throw new ArgumentException($"'{path}' names a directory, not a file.", paramName);
        }

        if (!Directory.Exists(directory))
        {
            throw new ArgumentException(
                FileInTheWay.AtOrAbove(directory) is { } file
                    ? $"'{file}' is a file, not a directory, so '{path}' cannot be written; give a path whose folders are directories."
                    : FileInTheWay.BrokenLinkAtOrAbove(directory) is { } link
                    ? $"{link}, so '{path}' cannot be written; make the link lead to a directory, or give another path."
                    : $"The directory '{directory}' does not exist; create it before writing '{Path.GetFileName(fullPath)}'.",
                paramName);
        }

        // The temporary file's name is cut short, so it would be made, and only the rename that commits, after all the
        // work, would fail. A file already there has a name its file system took.
        bool replacesFile = File.Exists(fullPath);
        string name = Path.GetFileName(fullPath);
        if (!replacesFile && FileNameLength.Of(name) is int nameLength and > FileNameLength.Max)
        {
            throw new ArgumentException(
                $"The file name of '{path}' is {FileNameLength.Told(nameLength)}, more than the {FileNameLength.Max} file systems allow; give a shorter name.",
                paramName);
        }

        if (replacesFile && OnlyItsOwnerMayReplace(fullPath, directory))
        {
            // The rename that commits would fail, after all the work whose result it was to keep. Checked before
            // read-only, which another user's file usually also is to this process, with advice only its owner can take.
            throw new UnauthorizedAccessException(
                $"'{path}' belongs to another user, and '{directory}' has the sticky bit (as /tmp has), so only the file's owner may replace it; remove it as its owner or write somewhere else.");
        }

        if (replacesFile && File.GetAttributes(fullPath).HasFlag(FileAttributes.ReadOnly))
        {
            throw new UnauthorizedAccessException($"'{path}' is read-only; make it writable or write somewhere else.");
        }

        _path = fullPath;
        _tempPath = Path.Combine(directory, $".{TempStem(name)}.{Guid.NewGuid():N}.tmp");
        var createOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows() && replacesFile)
        {
            // Made readable by its owner alone until it takes the replaced file's mode: permissions are checked when a file
            // is opened, so another user who opened it while it was wider would read the content of a file they may not.
            createOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            _stream = new FileStream(_tempPath, createOptions);
            _named = new TargetNamingStream(_stream, path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"'{path}' cannot be written: this process may not create files in '{directory}'. Write it somewhere else.", e);
        }
        catch (IOException e)
        {
            throw new IOException($"'{path}' cannot be written: creating a file in '{directory}' failed ({e.Message}). Write it somewhere else.", e);
        }

        if (!OperatingSystem.IsWindows() && replacesFile)
        {
            try
            {
                File.SetUnixFileMode(_stream.SafeFileHandle, File.GetUnixFileMode(fullPath) & PermissionBits);
            }
            catch
            {
                Dispose();
                throw;
            }
        }
    }

    /// <summary>Whether the target is a device, a pipe or a descriptor, which is written straight through, not replaced.</summary>
    public bool WritesThrough => _writesThrough;

    /// <summary>The stream to write the new content to.</summary>
    /// <remarks>
    /// A target written through is opened here, on first use: opening a pipe waits for its reader, which a writer made
    /// only to check the path must not consume.
    /// </remarks>
    public Stream Stream => OpenStream(CancellationToken.None);

    /// <summary><see cref="Stream"/>, given up on when <paramref name="cancellation"/> is cancelled while a FIFO waits for its reader.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the target opened.</exception>
    public Stream OpenStream(CancellationToken cancellation)
    {
        if (_writesThrough && _stream is null && !_finished)
        {
            _stream = CancellableOpen.Run(
                () => new FileStream(_path, _appends ? FileMode.Append : FileMode.Open, FileAccess.Write, FileShare.ReadWrite), cancellation);
            _named = new TargetNamingStream(_stream, _givenPath);
        }

        return _stream is null ? throw new ObjectDisposedException(nameof(AtomicFileWriter)) : _named!;
    }

    /// <summary>
    /// Flushes the content to disk and closes the temporary file, leaving only the rename to <see cref="Commit"/>: a set
    /// of files each prepared first can then be moved into place with no write left to fail (a full disk, a quota).
    /// A target written through is closed, which is all its commit does.
    /// </summary>
    public void Prepare()
    {
        if (_writesThrough)
        {
            FileStream? device = _stream;
            _stream = null;
            _finished = true;
            try
            {
                device?.Dispose();
            }
            catch (Exception e) when (TargetNamingStream.IsWriteFailure(e))
            {
                throw _named!.AsTargets(e);
            }

            return;
        }

        FileStream stream = _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));
        try
        {
            stream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (TargetNamingStream.IsWriteFailure(e))
        {
            throw _named!.AsTargets(e);
        }

        // From here the temporary file is closed or being closed, and Dispose still removes it.
        _stream = null;
        _prepared = true;
        stream.Dispose();
    }

    /// <summary>
    /// Prepares the file unless <see cref="Prepare"/> did, and moves it over the target path. The directory is not synced
    /// after the rename, so a power loss just after it may bring the old file back, never a half-written one.
    /// </summary>
    /// <exception cref="IOException">
    /// The move failed; on Windows, after about a second of tries, because another program holds the target open (see
    /// <see cref="TargetReplacement"/>). The temporary file is removed where it can be.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">The system refused the move, off Windows.</exception>
    public void Commit()
    {
        if (!_prepared)
        {
            Prepare();
        }

        if (_writesThrough)
        {
            return;
        }

        _prepared = false;
        try
        {
            TargetReplacement.Move(_tempPath!, _path, _givenPath);
        }
        catch
        {
            RemoveTemporaryFileAfterFailure();
            throw;
        }
    }

    /// <summary>Abandons an uncommitted write, removing the temporary file.</summary>
    public void Dispose()
    {
        _finished = true;
        FileStream? stream = _stream;
        _stream = null;
        bool temporaryLeft = stream is not null || _prepared;
        _prepared = false;
        if (!temporaryLeft)
        {
            return;
        }

        try
        {
            stream?.Dispose();
        }
        catch (Exception e) when (TargetNamingStream.IsWriteFailure(e))
        {
            // Flushing content that is being abandoned can fail (a full disk, the file-size limit) without losing anything.
        }

        if (_tempPath is not null)
        {
            File.Delete(_tempPath);
        }
    }

    /// <summary>Removes the temporary file of a commit that failed, as far as it can.</summary>
    private void RemoveTemporaryFileAfterFailure()
    {
        try
        {
            File.Delete(_tempPath!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its own failure (a scanner holding the new file on Windows) would replace the commit's, the one that says
            // why the target was not written; the temporary file is then left behind.
        }
    }

    /// <summary>
    /// Whether Linux would refuse to rename over <paramref name="file"/>, by its directory's sticky bit; false where the
    /// owners cannot be read, which leaves the decision to the rename.
    /// </summary>
    private static bool OnlyItsOwnerMayReplace(string file, string directory) =>
        FileStatus.EffectiveUserId() is uint user
        && FileStatus.Read(directory) is { } folder
        && FileStatus.Read(file) is { } target
        && folder.ForbidsReplacing(target, user);

    /// <summary>The longest prefix of <paramref name="fileName"/> of whole characters within <see cref="MaxTempStemUtf8Bytes"/>.</summary>
    private static string TempStem(string fileName)
    {
        int bytes = 0;
        int length = 0;
        foreach (Rune rune in fileName.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxTempStemUtf8Bytes)
            {
                break;
            }

            length += rune.Utf16SequenceLength;
        }

        return fileName[..length];
    }
}
