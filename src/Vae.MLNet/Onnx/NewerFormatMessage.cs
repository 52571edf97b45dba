using System.Globalization;

namespace Vae.MLNet.Onnx;

/// <summary>
/// The refusal of a manifest or a graph in a format version newer than this build reads, worded alike for both, and of
/// a graph another build wrote in a form this build does not know, beside
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
        string writer = Nameable(writerVersion) is { } named
            ? VersionNumber(named) == VersionNumber(own) ? $"a newer build of {library} {named}" : $"{library} {named}"
            : $"a newer build of {library}";
        return string.Create(CultureInfo.InvariantCulture, $"{subject} was written by {writer} in {formatName} version {format}; ")
            + string.Create(CultureInfo.InvariantCulture, $"this build of {library} {own} reads {formatName} versions up to {newestReadable}. ")
            + $"Upgrade {library} to the build that wrote the model zip or a later one to load it.";
    }

    /// <summary>
    /// The advice for a graph of a known format version that matches none of the forms this build knows, when its
    /// metadata names another build than this one: graph forms changed under format version 1 before its version was
    /// raised for every change, so that build may have written a form this one does not know, and the zip need not be
    /// damaged. Null where the graph names this build, or no version that reads as one.
    /// </summary>
    /// <param name="writerVersion">The version the graph says wrote it, or null where it says none.</param>
    public static string? OtherBuildAdvice(string? writerVersion)
    {
        string library = OnnxModelMetadata.LibraryName;
        string own = OnnxModelMetadata.LibraryVersion;
        return Nameable(writerVersion) is { } named && named != own
            ? $"It was written by {library} {named}, another build than this one ({own}), whose graph form this build may not know: "
              + "load the zip with that build or a later one, or save it again with a build that reads it. Only if that build refuses it too was it damaged or edited after it was saved."
            : null;
    }

    /// <summary>The version as a one-line message can name it: null when it is blank, multi-line or a paragraph.</summary>
    private static string? Nameable(string? version) =>
        version is { Length: <= MaxNamedVersionLength } && !string.IsNullOrWhiteSpace(version) && !version.Any(char.IsControl) ? version : null;

    /// <summary>The version without its build metadata, the "+" and what follows, which names a build but, as SemVer has it, no order.</summary>
    private static string VersionNumber(string version) => version.Split('+', 2)[0];
}
