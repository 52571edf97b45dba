namespace Vae.MLNet.IO;

/// <summary>
/// .NET's message for a failed file operation, which ends with the full path it failed on after a separator of its own
/// ("No space left on device : '/dir/file'"): a message that names the file as its user gave it keeps only the reason.
/// </summary>
internal static class RuntimeIOMessage
{
    /// <summary>The reason <paramref name="failure"/> gives, without the path <paramref name="fullPath"/> its message ends with.</summary>
    /// <remarks>
    /// A file the process may not open gets a message of .NET's own ("Access to the path '/dir/file' is denied."), which
    /// leaves out the system's reason ("Permission denied"); that is kept in its inner exception.
    /// </remarks>
    public static string ReasonOf(Exception failure, string fullPath) =>
        failure is UnauthorizedAccessException { InnerException: IOException system }
            ? system.Message
            : failure.Message.Replace($" : '{fullPath}'", string.Empty, StringComparison.Ordinal);
}
