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
// so no temporary file outlives the process. Shells report a process ended by signal N as 128 + N: 129 for SIGHUP,
// 130 for SIGINT, 143 for SIGTERM.
int? signalExitCode = null;
void Stop(int exitCode)
{
    signalExitCode ??= exitCode;
    cancellation.Cancel();
}

using PosixSignalRegistration termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = !cancellation.IsCancellationRequested;
    Stop(143);
});
using PosixSignalRegistration hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
{
    // A shell passes its own hangup on after the terminal's: a second one is not the repeated Ctrl+C that ends the
    // process at once, and the clean-up it would cut short is what the first asked for.
    signal.Cancel = true;
    Stop(129);
});

TextWriter output = Console.IsOutputRedirected ? new RedirectedOutputWriter(StandardOutputStream.Open()) : new TerminalWriter(Console.Out);
TextWriter error = Console.IsErrorRedirected ? new RedirectedErrorWriter(Console.Error) : new TerminalWriter(Console.Error);
int exitCode = VaeCli.Run(args, output, error, interactive: !Console.IsOutputRedirected && Environment.UserInteractive, cancellation.Token);

return exitCode == ErrorReporter.Cancelled && signalExitCode is int signalled ? signalled : exitCode;
