namespace Vae.MLNet.IO;

/// <summary>
/// Opens a file whose opening can block — a FIFO waits for its other end — so that a cancellation still ends the wait:
/// the blocked call never returns to see it, so it waits on a thread of the pool while the caller waits for it or for
/// the cancellation. A wait given up on is left behind, as the process is about to end.
/// </summary>
internal static class CancellableOpen
{
    /// <summary>Runs <paramref name="open"/>, giving up on it when <paramref name="cancellation"/> is cancelled first.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the file opened.</exception>
    public static FileStream Run(Func<FileStream> open, CancellationToken cancellation)
    {
        if (!cancellation.CanBeCanceled)
        {
            return open();
        }

        Task<FileStream> opening = Task.Run(open, CancellationToken.None);
        try
        {
            return opening.WaitAsync(cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // The other end may still come, and would otherwise hold the file open for nobody.
            opening.ContinueWith(opened => opened.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }
}
