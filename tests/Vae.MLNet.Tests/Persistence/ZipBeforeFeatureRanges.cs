using System.IO.Compression;

namespace Vae.MLNet.Tests.Persistence;

/// <summary>
/// Makes a saved model zip what builds from before feature ranges were kept wrote: no ranges entry, and no manifest
/// member naming one. The CLI's and the ML.NET face's tests link this file, so it goes by the zip's file names alone.
/// </summary>
internal static class ZipBeforeFeatureRanges
{
    /// <summary>A copy of <paramref name="zip"/> without its ranges.</summary>
    public static byte[] Of(byte[] zip)
    {
        using var stream = new MemoryStream();
        stream.Write(zip);
        Strip(stream);
        return stream.ToArray();
    }

    /// <summary>Removes the ranges from the zip at <paramref name="path"/>.</summary>
    public static void Strip(string path)
    {
        using FileStream stream = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        Strip(stream);
    }

    private static void Strip(Stream zip)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true);
        ZipArchiveEntry? ranges = archive.GetEntry("feature-ranges.json");
        Assert.IsNotNull(ranges, "a zip saved now keeps the ranges");
        ranges.Delete();
        ZippedManifest.Edit(archive, manifest => Assert.IsTrue(manifest.Remove("featureRangesFile")));
    }
}
