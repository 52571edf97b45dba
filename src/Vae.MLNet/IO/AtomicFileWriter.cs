namespace Vae.MLNet.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a half-written file:
/// the bytes go to a temporary file in the same directory (same volume, so the final move is a rename), which replaces
/// the target only on <see cref="Commit"/>. Disposing without committing deletes the temporary file. A device or pipe
/// (<c>/dev/null</c>) is written straight through instead.
/// </summary>
internal sealed class AtomicFileWriter : IDisposable
{
    private readonly string _path;
    private readonly string? _tempPath;
    private readonly bool _writesThrough;
    private FileStream? _stream;
    private bool _finished;

    /// <summary>Opens the temporary file next to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a directory, or its directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is read-only, or the directory does not let this process create files.</exception>
    /// <exception cref="IOException">Creating a file in the directory failed otherwise.</exception>
    public AtomicFileWriter(string path, string paramName)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The output path is empty; give a file path.", paramName);
        }

        // A link is written through, as a plain write would: replacing it would leave its target as it was.
        string fullPath = Path.GetFullPath(path);
        if (new FileInfo(fullPath).LinkTarget is not null && File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is { } target)
        {
            fullPath = target.FullName;
        }

        string? directory = Path.GetDirectoryName(fullPath);
        if (directory is null || Directory.Exists(fullPath))
        {
            throw new ArgumentException($"'{path}' names a directory, not a file.", paramName);
        }

        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"The directory '{directory}' does not exist; create it before writing '{Path.GetFileName(fullPath)}'.", paramName);
        }

        if (File.Exists(fullPath) && File.GetAttributes(fullPath).HasFlag(FileAttributes.ReadOnly))
        {
            throw new UnauthorizedAccessException($"'{path}' is read-only; make it writable or write somewhere else.");
        }

        _path = fullPath;
        if (SpecialFiles.IsSpecial(fullPath))
        {
            // A device or pipe (/dev/null) has no half-written state to protect, and renaming over it would replace it.
            // It is opened on first write: opening a pipe waits for its reader, which a writer made only to check the
            // path must not consume.
            _writesThrough = true;
            return;
        }

        _tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"'{path}' cannot be written: this process may not create files in '{directory}'. Write it somewhere else.", e);
        }
        catch (IOException e)
        {
            throw new IOException($"'{path}' cannot be written: creating a file in '{directory}' failed ({e.Message}). Write it somewhere else.", e);
        }
    }

    /// <summary>The stream to write the new content to.</summary>
    public Stream Stream => _stream ??= _writesThrough && !_finished
        ? new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)
        : throw new ObjectDisposedException(nameof(AtomicFileWriter));

    /// <summary>Flushes the content to disk and moves it over the target path.</summary>
    public void Commit()
    {
        if (_writesThrough)
        {
            _stream?.Dispose();
            _stream = null;
            _finished = true;
            return;
        }

        FileStream stream = _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        File.Move(_tempPath!, _path, overwrite: true);
    }

    /// <summary>Abandons an uncommitted write, removing the temporary file.</summary>
    public void Dispose()
    {
        _finished = true;
        if (_stream is null)
        {
            return;
        }

        _stream.Dispose();
        _stream = null;
        if (_tempPath is not null)
        {
            File.Delete(_tempPath);
        }
    }
}
