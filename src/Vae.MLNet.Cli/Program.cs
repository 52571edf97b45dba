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

// SIGTERM (timeout, kill, a CI job cancelled) is handled as Ctrl+C, so no temporary file outlives the process.
bool terminated = false;
using PosixSignalRegistration termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = !cancellation.IsCancellationRequested;
    terminated = true;
    cancellation.Cancel();
});

int exitCode = VaeCli.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && Environment.UserInteractive, cancellation.Token);

// Shells report a process ended by signal N as 128 + N: 130 for SIGINT, 143 for SIGTERM.
return terminated && exitCode == ErrorReporter.Cancelled ? 143 : exitCode;
