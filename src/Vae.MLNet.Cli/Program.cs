using Vae.MLNet.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks the command to stop cleanly; a second one ends the process at once.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return VaeCli.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && Environment.UserInteractive, cancellation.Token);
