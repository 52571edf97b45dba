using System.Text;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// A stand-in for standard output: keeps what is written and the size of each write (each a system call on the real
/// descriptor), and once <paramref name="failAfterBytes"/> are written fails every write with what
/// <paramref name="failure"/> makes, as a full disk or a pipe whose reader has gone does.
/// </summary>
internal sealed class RecordingStream(long failAfterBytes = long.MaxValue, Func<Exception>? failure = null) : ForwardWriteStream
{
    private readonly MemoryStream _written = new();

    /// <summary>Text whose write fails, as every write after it does, as a reader that goes on reading it would have it.</summary>
    public string? FailingFrom { get; init; }

    public List<int> WriteSizes { get; } = [];

    /// <summary>The writes that failed.</summary>
    public int FailedWrites { get; private set; }

    public byte[] Written => _written.ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (FailingFrom is not null && Encoding.UTF8.GetString(buffer).Contains(FailingFrom, StringComparison.Ordinal))
        {
            failAfterBytes = _written.Length;
        }

        if (_written.Length + buffer.Length > failAfterBytes)
        {
            FailedWrites++;
            throw failure!();
        }

        WriteSizes.Add(buffer.Length);
        _written.Write(buffer);
    }

    public override void Flush()
    {
    }
}
