namespace Vae.MLNet.Cli.Hosting;

/// <summary>A problem with what the user asked for, reported as one line naming the option or file involved.</summary>
internal sealed class CommandLineException(string message, Exception? innerException = null) : Exception(message, innerException);
