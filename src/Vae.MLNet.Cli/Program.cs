using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Vae.MLNet.Cli;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.IO;

try
{
    // Checked before the command compiles the code that would run out of room partway, where the failure reads as
    // out of memory and usually ends the process after the message.
    return ProcessLimitFailure.OfCompiledCodeRoom() is { } tooLittleRoom ? FailToStart(tooLittleRoom) : RunCommand(args);
}
catch (Exception failure)
{
    // Before VaeCli.Run reports a command's errors, the runtime sets up its signal handling and loads the assemblies Run
    // needs, each of which fails under a tight limit on open files or address space (ulimit -n, ulimit -v).
    return FailToStart(ProcessLimitFailure.OfStartUp(failure));
}

static int FailToStart(string message)
{
    using TextWriter error = StartUpErrorWriter.Open();
    error.WriteLine($"vae: {message}");
    return ErrorReporter.Failure;
}

static int RunCommand(string[] args)
{
    // The tool speaks English and reads numbers only as 0.5 and 1e-3, while its help (System.CommandLine) writes defaults
    // and headings in the current cultures, which DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 takes from the locale: it
    // would offer "--lr 0,001", a value its own parser refuses.
    CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
    CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

    using var cancellation = new CancellationTokenSource();

    // The first Ctrl+C asks the command to stop cleanly; a person's second one ends the process at once, while SIGINTs
    // sent together ask once. Console.CancelKeyPress would end it at any second one.
    var interrupts = new InterruptSignals();
    using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
    {
        context.Cancel = !interrupts.EndsTheProcessAtOnce(Stopwatch.GetTimestamp());
        cancellation.Cancel();
    });

    // SIGTERM (timeout, kill, a CI job cancelled) and SIGHUP (the terminal closed) ask for the clean stop of a first
    // Ctrl+C, so no temporary file outlives the process. Shells report a process ended by signal N as 128 + N: 129 for
    // SIGHUP, 130 for SIGINT, 143 for SIGTERM. Windows, whose closed console comes as SIGHUP, ends the process once the
    // handler returns (within about 5 seconds however long it blocks), too soon for a save: docs/cli.md says so.
    int? signalExitCode = null;
    PosixSignalRegistration StopCleanlyOn(PosixSignal signal, int exitCode) => PosixSignalRegistration.Create(signal, context =>
    {
        // Only a person's second Ctrl+C ends the process at once. These signals come twice at once without anyone
        // insisting: timeout sends SIGTERM to the process and then to its process group, and a shell passes its own
        // hangup on after the terminal's. Ending at once would cut short the clean-up the first one asked for; what
        // will not wait is ended with SIGKILL.
        context.Cancel = true;
        signalExitCode ??= exitCode;
        cancellation.Cancel();
    });

    using PosixSignalRegistration termination = StopCleanlyOn(PosixSignal.SIGTERM, 143);
    using PosixSignalRegistration hangUp = StopCleanlyOn(PosixSignal.SIGHUP, 129);

    FileSizeLimitSignal.CatchForTheLifeOfTheProcess();

    TextWriter output = Console.IsOutputRedirected ? new RedirectedOutputWriter(StandardOutputStream.Open()) : new TerminalWriter(Console.Out);
    const int StandardErrorDescriptor = 2;

    // Started with standard error closed, the process may find descriptor 2 taken by the runtime's own pipe, where
    // messages would be read as its signals: there is nowhere to tell them. Redirected, it is written in UTF-8 as
    // redirected standard output is: in a Latin-1 locale's encoding a file name's 'α' became '?', another file's name.
    TextWriter error = !SpecialFiles.MayBeInherited(StandardErrorDescriptor) ? TextWriter.Null
        : Console.IsErrorRedirected ? new RedirectedErrorWriter(TextWriter.Synchronized(new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true }))
        : new TerminalWriter(Console.Error);
    int exitCode = VaeCli.Run(args, output, error, interactive: !Console.IsOutputRedirected && Environment.UserInteractive, cancellation.Token);

    return exitCode == ErrorReporter.Cancelled && signalExitCode is int signalled ? signalled : exitCode;
}
