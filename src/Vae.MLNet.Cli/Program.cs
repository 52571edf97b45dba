using System.Runtime.InteropServices;
using Vae.MLNet.Cli;
using Vae.MLNet.Cli.Hosting;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks the command to stop cleanly; a second one ends the process at once.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

// SIGTERM (timeout, kill, a CI job cancelled) and SIGHUP (the terminal closed) are handled as Ctrl+C,
// so no temporary file outlives the process.
int? signalExitCode = null;
void Stop(PosixSignalContext signal, int exitCode)
{
    signal.Cancel = !cancellation.IsCancellationRequested;
    signalExitCode ??= exitCode;
    cancellation.Cancel();
}

// Shells report a process ended by signal N as 128 + N: 129 for SIGHUP, 130 for SIGINT, 143 for SIGTERM.
using PosixSignalRegistration termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, 143));
using PosixSignalRegistration hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal => Stop(signal, 129));

int exitCode = VaeCli.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && Environment.UserInteractive, cancellation.Token);

return exitCode == ErrorReporter.Cancelled && signalExitCode is int signalled ? signalled : exitCode;
