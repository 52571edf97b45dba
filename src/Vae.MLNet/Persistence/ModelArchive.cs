using System.IO.Compression;
using Vae.MLNet.Imaging;
using Vae.MLNet.IO;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Persistence;

/// <summary>
/// The model zip: <c>manifest.json</c> and the graph files it lists. Writing is deterministic (fixed entry order and
/// timestamps, no clock); reading turns every kind of damage into a <see cref="VaeModelFormatException"/>.
/// </summary>
internal static class ModelArchive
{
    public const string ManifestFile = "manifest.json";

    public const string EncoderFile = "encoder.onnx";

    public const string DecoderFile = "decoder.onnx";

    public const string AutoencoderFile = "autoencoder.onnx";

    private const string ArchivePart = "archive";

    // A manifest is a few kilobytes plus one line per epoch; anything near this is not one.
    private const long MaxManifestBytes = 16 << 20;

    // The zip format stores no time zone, and DOS dates start in 1980; any fixed value keeps the bytes reproducible.
    private static readonly DateTimeOffset EntryTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the zip to <paramref name="path"/>, replacing the file atomically.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a directory, or its directory does not exist.</exception>
    public static void Save(string path, VaeModelManifest manifest, VaeOnnxGraphs graphs)
    {
        using var writer = new AtomicFileWriter(path, nameof(path));
        Write(writer.Stream, manifest, graphs);
        writer.Commit();
    }

    /// <summary>Writes the zip to a caller's <paramref name="stream"/>, which stays open, after checking it can be written.</summary>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    public static void Save(Stream stream, VaeModelManifest manifest, VaeOnnxGraphs graphs)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written; pass a writable stream.", nameof(stream));
        }

        Write(stream, manifest, graphs);
    }

    public static void Write(Stream destination, VaeModelManifest manifest, VaeOnnxGraphs graphs)
    {
        // Built in memory so the bytes do not depend on whether the destination can seek (ZipArchive writes data
        // descriptors for streams that cannot).
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddEntry(zip, ManifestFile, ManifestJson.Serialize(manifest));
            AddEntry(zip, manifest.Graphs.Encoder, graphs.Encoder);
            AddEntry(zip, manifest.Graphs.Decoder, graphs.Decoder);
            AddEntry(zip, manifest.Graphs.Autoencoder, graphs.Autoencoder);
        }

        buffer.Position = 0;
        buffer.CopyTo(destination);
        destination.Flush();
    }

    /// <exception cref="VaeModelFormatException">The stream does not hold a model zip this library can load.</exception>
    public static ModelArchiveContents Read(Stream stream)
    {
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read; pass a readable stream positioned at the start of a model zip.", nameof(stream));
        }

        try
        {
            // ZipArchive takes a zip's offsets as positions in the stream, which holds only for a zip starting at 0, so a
            // zip saved after other data is read from a copy of the rest of the stream.
            using Stream? rest = stream.CanSeek && stream.Position != 0 ? CopyRest(stream) : null;
            using var zip = new ZipArchive(rest ?? stream, ZipArchiveMode.Read, leaveOpen: true);
            VaeModelManifest manifest = ManifestJson.Deserialize(ReadEntry(zip, ManifestFile, MaxManifestBytes, ManifestJson.Part));
            ManifestValidation.RequireWellFormed(manifest);
            byte[] encoder = ReadEntry(zip, manifest.Graphs.Encoder, Array.MaxLength, OnnxModelMetadata.EncoderRole);
            byte[] decoder = ReadEntry(zip, manifest.Graphs.Decoder, Array.MaxLength, OnnxModelMetadata.DecoderRole);
            byte[] autoencoder = ReadEntry(zip, manifest.Graphs.Autoencoder, Array.MaxLength, OnnxModelMetadata.AutoencoderRole);
            OnnxImportedModel imported = OnnxImporter.Import(encoder, decoder, graphs => ManifestValidation.RequireDescribes(manifest, graphs));
            ManifestValidation.RequireNames(manifest, OnnxImporter.VerifyAutoencoder(autoencoder, imported));
            var model = new VaeModel(imported.Network, imported.Scaling, manifest.Options, manifest.History, manifest.FeatureNames);

            // The model's read-only copy of the names, so that no one holding the manifest can change what the model saves.
            return new ModelArchiveContents(manifest with { FeatureNames = model.FeatureNames }, model);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new VaeModelFormatException(
                $"The model file is not a readable zip archive ({e.Message}). It is truncated, damaged or not a Vae.MLNet model; "
                + "load the file VaeModel.Save wrote, or save the model again.",
                ArchivePart,
                e);
        }
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] content)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTimestamp;
        using Stream stream = entry.Open();
        stream.Write(content);
    }

    private static byte[] ReadEntry(ZipArchive zip, string name, long maxBytes, string part)
    {
        ZipArchiveEntry[] matches = zip.Entries.Where(e => e.FullName == name).Take(2).ToArray();
        if (matches.Length != 1)
        {
            throw new VaeModelFormatException(
                matches.Length == 0
                    ? $"The zip has no '{name}', so it is not a complete Vae.MLNet model. Load a zip written by VaeModel.Save."
                    : $"The zip holds '{name}' more than once, which VaeModel.Save never writes. Save the model again.",
                part);
        }

        ZipArchiveEntry entry = matches[0];
        if (entry.Length > maxBytes)
        {
            throw new VaeModelFormatException(
                $"The zip says '{name}' is {entry.Length} bytes, more than the {maxBytes} bytes this library reads. The file is damaged; save the model again.",
                part);
        }

        // Copied into a growing buffer rather than one sized from the header, so a damaged length cannot make us
        // allocate gigabytes before the data runs out; reading stops one byte past the stated length.
        using var content = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            var chunk = new byte[81920];
            int read;
            while (content.Length <= entry.Length && (read = stream.Read(chunk)) > 0)
            {
                content.Write(chunk, 0, read);
            }
        }

        // System.IO.Compression in .NET 10 does not check lengths or CRC-32s when reading; without this a flipped bit in
        // a stored weight would load silently.
        byte[] bytes = content.ToArray();
        if (bytes.Length != entry.Length || Crc32.Compute(bytes) != entry.Crc32)
        {
            throw new VaeModelFormatException(
                $"'{name}' in the zip is damaged: its length or CRC-32 does not match the zip's directory. Restore the file from a copy or save the model again.",
                part);
        }

        return bytes;
    }

    private static MemoryStream CopyRest(Stream source)
    {
        var copy = new MemoryStream();
        source.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
