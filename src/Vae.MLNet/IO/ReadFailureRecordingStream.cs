namespace Vae.MLNet.IO;

/// <summary>
/// A read-only view of a caller's stream that keeps the first exception reading it threw. A zip reader throws
/// <see cref="IOException"/> for a damaged archive (an <see cref="EndOfStreamException"/> in a truncated one), and
/// wraps a failure of the stream beneath it (a disk error, a dropped connection) in an
/// <see cref="InvalidDataException"/> while it reads the central directory; only this view can tell the two apart.
/// Disposing it leaves the caller's stream open.
/// </summary>
/// <param name="inner">The caller's stream.</param>
internal sealed class ReadFailureRecordingStream(Stream inner) : ReadThroughStream(inner)
{
    /// <summary>The first <see cref="IOException"/> a read of the caller's stream threw, or null.</summary>
    public IOException? ReadFailure { get; private set; }

    protected override Exception? ReadFailed(IOException failure)
    {
        ReadFailure ??= failure;
        return null;
    }
}
