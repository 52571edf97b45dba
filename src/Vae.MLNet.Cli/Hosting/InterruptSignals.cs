using System.Diagnostics;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Tells a person's second Ctrl+C, which ends the process at once, from SIGINTs sent together, which ask once for the
/// clean stop: timeout -s INT sends its signal to the process and then to its process group, and a script may kill
/// the process and its group alike. Ended at once, such a run lost its completed epochs and left a temporary file.
/// </summary>
internal sealed class InterruptSignals
{
    /// <summary>
    /// How long after the first SIGINT another is taken for the same request. Signals sent together arrive within a
    /// millisecond, and their handlers, each on a thread of its own, start at most tens of milliseconds apart on a busy
    /// machine; a person who insists has first waited to see the first Ctrl+C act, at least a reaction time (about a
    /// quarter of a second) and usually seconds. Two presses within the window cost that person one more press.
    /// </summary>
    public static readonly TimeSpan SameRequestWindow = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private long? _firstTimestamp;

    /// <summary>
    /// Whether the SIGINT that came at <paramref name="timestamp"/> (of <see cref="Stopwatch.GetTimestamp"/>) ends the
    /// process at once: any after the window of the first does.
    /// </summary>
    public bool EndsTheProcessAtOnce(long timestamp)
    {
        lock (_gate)
        {
            _firstTimestamp ??= timestamp;
            return Stopwatch.GetElapsedTime(_firstTimestamp.Value, timestamp) > SameRequestWindow;
        }
    }
}
