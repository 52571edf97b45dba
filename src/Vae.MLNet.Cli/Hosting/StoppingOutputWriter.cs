using System.Runtime.ExceptionServices;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output as <c>vae train</c> writes it, where ending the command at the first write to a pipe whose reader
/// has gone would lose the epochs completed. Ctrl+C signals the whole foreground process group, so in
/// <c>vae train … | tee log</c> the reader is gone by the next line, whose failure once ended training ahead of the
/// signal, silent and with exit code 141. Once the reader has gone every write is dropped, and the command stops as a
/// signal asks it to, keeping what it has trained; a reader that went by itself (<c>| head -1</c>) asks that stop too,
/// and the command then ends with <see cref="StandardOutputClosedException"/> (exit code 141), telling on standard
/// error only what it kept. The command is also handed the signal's own cancellation, which alone should stop what
/// follows training, as the reader's going then loses nothing the command is still to write.
/// </summary>
internal sealed class StoppingOutputWriter : GuardedWriter
{
    /// <summary>
    /// How long a failed write waits for the signal that may have taken the reader with it, whose handler runs on a
    /// thread of its own and so can run after the write failed. Under <c>| tee</c> and a SIGINT to the process group it
    /// came at most 6 ms after the broken pipe, on two cores kept busy besides; the wait leaves room for a machine far
    /// busier, as each reader gone without a signal (<c>| head -1</c>) costs it once, and a signal missed costs only
    /// the exit code, 141 for the signal's.
    /// </summary>
    private static readonly TimeSpan SignalAfterReaderGone = TimeSpan.FromMilliseconds(200);

    private readonly CancellationToken _signalled;
    private readonly CancellationTokenSource _stop;
    private bool _closed;
    private IOException? _goneUnsignalled;

    private StoppingOutputWriter(TextWriter output, CancellationToken signalled)
        : base(output)
    {
        _signalled = signalled;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(signalled);
    }

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="context"/>'s standard output so guarded, the cancellation
    /// that stops it on a signal or a reader gone, and that of a signal alone; a terminal, which drops failed writes
    /// itself, is left as it is.
    /// </summary>
    public static int Run(CliContext context, Func<CliContext, CancellationToken, int> command)
    {
        if (context.Output is TerminalWriter)
        {
            return command(context, context.Cancellation);
        }

        using var output = new StoppingOutputWriter(context.Output, context.Cancellation);
        try
        {
            int exitCode = command(new CliContext(output, context.Error, context.Interactive, output._stop.Token), context.Cancellation);
            return output._goneUnsignalled is { } gone ? throw new StandardOutputClosedException(gone) : exitCode;
        }
        catch (OperationCanceledException stopped) when (output._goneUnsignalled is { } gone)
        {
            throw stopped is CancelledCommandException kept ? new StandardOutputClosedException(gone, kept.Message) : new StandardOutputClosedException(gone);
        }
    }

    protected override void Failed(Exception failure)
    {
        if (failure is not StandardOutputClosedException closed)
        {
            ExceptionDispatchInfo.Throw(failure);
            return;
        }

        if (_closed)
        {
            return;
        }

        _closed = true;

        if (!_signalled.WaitHandle.WaitOne(SignalAfterReaderGone))
        {
            _goneUnsignalled = (IOException)closed.InnerException!;
            _stop.Cancel();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }
}
