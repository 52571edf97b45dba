using System.Globalization;

namespace Vae.MLNet.Onnx;

/// <summary>
/// The refusal of a manifest or a graph in a format version newer than this build reads, worded alike for both, beside
/// the library's name and version the graphs' metadata records (<see cref="OnnxModelMetadata"/>). Only a
/// newer build writes a newer format, even one that gives this build's version number: builds share it, and the commit
/// a build from git appends ("0.1.0+&lt;sha&gt;") does not order them.
/// </summary>
internal static class NewerFormatMessage
{
    // The writer's version goes into a one-line message: one that is blank, multi-line or a paragraph is not named.
    private const int MaxNamedVersionLength = 64;

    /// <param name="subject">What was written, as a message begins: "The model", "The encoder model".</param>
    /// <param name="writerVersion">The version the file says wrote it, or null where it says none.</param>
    /// <param name="formatName">The versioned format: "format", "ONNX format".</param>
    /// <param name="format">The file's format version.</param>
    /// <param name="newestReadable">The newest version of the format this build reads.</param>
    public static string For(string subject, string? writerVersion, string formatName, int format, int newestReadable)
    {
        string library = OnnxModelMetadata.LibraryName;
        string own = OnnxModelMetadata.LibraryVersion;
        string writer = writerVersion is { Length: <= MaxNamedVersionLength } named
            && !string.IsNullOrWhiteSpace(named)
            && !named.Any(char.IsControl)
                ? VersionNumber(named) == VersionNumber(own) ? $"a newer build of {library} {named}" : $"{library} {named}"
                : $"a newer build of {library}";
        return string.Create(CultureInfo.InvariantCulture, $"{subject} was written by {writer} in {formatName} version {format}; ")
            + string.Create(CultureInfo.InvariantCulture, $"this build of {library} {own} reads {formatName} versions up to {newestReadable}. ")
            + $"Upgrade {library} to the build that wrote the model zip or a later one to load it.";
    }

    /// <summary>The version without its build metadata, the "+" and what follows, which names a build but, as SemVer has it, no order.</summary>
    private static string VersionNumber(string version) => version.Split('+', 2)[0];
}
