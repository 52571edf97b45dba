using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Vae.MLNet.Tests.Persistence;

/// <summary>
/// Rewrites the manifest of a model zip in place, as a hand edit or an older build would have left it. The CLI's and
/// the ML.NET face's tests link this file, so it goes by the zip's file names alone.
/// </summary>
internal static class ZippedManifest
{
    /// <summary>Passes the manifest of the zip at <paramref name="path"/> through <paramref name="edit"/>.</summary>
    public static void Edit(string path, Action<JsonObject> edit)
    {
        using FileStream stream = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Update);
        Edit(archive, edit);
    }

    /// <summary>Passes the manifest of <paramref name="archive"/>, open for update, through <paramref name="edit"/>.</summary>
    public static void Edit(ZipArchive archive, Action<JsonObject> edit)
    {
        ZipArchiveEntry manifestEntry = archive.GetEntry("manifest.json")!;
        JsonObject manifest;
        using (Stream read = manifestEntry.Open())
        {
            manifest = JsonNode.Parse(read)!.AsObject();
        }

        edit(manifest);
        manifestEntry.Delete();
        using var writer = new StreamWriter(archive.CreateEntry("manifest.json").Open());
        writer.Write(manifest.ToJsonString());
    }
}
