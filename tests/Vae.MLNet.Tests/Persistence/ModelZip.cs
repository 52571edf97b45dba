using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Tests.Persistence;

/// <summary>Saves models to bytes and rewrites the entries of a model zip, for tests that damage one part of it.</summary>
internal static class ModelZip
{
    public static byte[] Save(VaeModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    public static VaeModel Load(byte[] zip) => VaeModel.Load(new MemoryStream(zip, writable: false));

    public static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var content = new MemoryStream();
            using (Stream stream = e.Open())
            {
                stream.CopyTo(content);
            }

            return content.ToArray();
        });
    }

    /// <summary>A new zip holding <paramref name="entries"/> in order, compressed at <paramref name="level"/>.</summary>
    public static byte[] Build(IEnumerable<KeyValuePair<string, byte[]>> entries, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] content) in entries)
            {
                using Stream entry = archive.CreateEntry(name, level).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The zip with its manifest passed through <paramref name="edit"/>, written on one line or, <paramref name="indented"/>,
    /// a member a line, for messages that give a line.
    /// </summary>
    public static byte[] EditManifest(byte[] zip, Action<JsonObject> edit, bool indented = false)
    {
        Dictionary<string, byte[]> entries = Entries(zip);
        JsonObject manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
        edit(manifest);
        entries["manifest.json"] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = indented }));
        return Build(entries);
    }

    /// <summary>The zip with each of its three graphs parsed, passed through <paramref name="edit"/> and written back.</summary>
    public static byte[] EditGraphs(byte[] zip, Action<ModelProto> edit)
    {
        Dictionary<string, byte[]> entries = Entries(zip);
        foreach (string name in new[] { "encoder.onnx", "decoder.onnx", "autoencoder.onnx" })
        {
            ModelProto graph = ModelProto.Parser.ParseFrom(entries[name]);
            edit(graph);
            entries[name] = graph.ToByteArray();
        }

        return Build(entries);
    }

    /// <summary>
    /// The zip with the uncompressed length of <paramref name="name"/> rewritten to <paramref name="length"/> in its local
    /// header and in the central directory, so the entry's data no longer matches what the zip says about it; and, when
    /// <paramref name="crc32"/> is given, its CRC-32 rewritten to that too.
    /// </summary>
    public static byte[] WithStatedLength(byte[] zip, string name, uint length, uint? crc32 = null)
    {
        byte[] copy = (byte[])zip.Clone();
        byte[] fileName = System.Text.Encoding.UTF8.GetBytes(name);
        int patched = 0;

        // Local header: signature PK\x03\x04, CRC-32 at 14, uncompressed size at 22, name at 30. Central directory:
        // PK\x01\x02, at 16, 24 and 46.
        foreach ((byte kind, int crcAt, int sizeAt, int nameAt) in new[] { ((byte)3, 14, 22, 30), ((byte)1, 16, 24, 46) })
        {
            for (int at = 0; at + nameAt + fileName.Length <= copy.Length; at++)
            {
                if (copy[at] == 'P' && copy[at + 1] == 'K' && copy[at + 2] == kind && copy[at + 3] == kind + 1
                    && copy.AsSpan(at + nameAt, fileName.Length).SequenceEqual(fileName))
                {
                    BitConverter.TryWriteBytes(copy.AsSpan(at + sizeAt, 4), length);
                    if (crc32 is uint crc)
                    {
                        BitConverter.TryWriteBytes(copy.AsSpan(at + crcAt, 4), crc);
                    }

                    patched++;
                    break;
                }
            }
        }

        Assert.AreEqual(2, patched, $"'{name}' should have a local header and a directory record");
        return copy;
    }

    /// <summary>
    /// <paramref name="zip"/> with the directory record of <paramref name="name"/> giving its sizes in a ZIP64 extra
    /// field, as writers do for entries of 4 GiB or more: <paramref name="length"/> and <paramref name="compressedLength"/>.
    /// </summary>
    public static byte[] WithZip64Sizes(byte[] zip, string name, ulong length, ulong compressedLength)
    {
        // End of the directory: PK\x05\x06, the directory's size at 12 and offset at 16. A directory record: PK\x01\x02,
        // compressed and uncompressed size at 20 and 24, name, extra field and comment lengths at 28, 30 and 32, name at 46.
        int end = zip.AsSpan().LastIndexOf("PK\x05\x06"u8);
        int directory = BinaryPrimitives.ReadInt32LittleEndian(zip.AsSpan(end + 16));
        byte[] fileName = System.Text.Encoding.UTF8.GetBytes(name);
        using var rewritten = new MemoryStream();
        bool found = false;
        for (int at = directory; at < end;)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30));
            int recordLength = 46 + nameLength + extraLength + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
            byte[] record = zip.AsSpan(at, recordLength).ToArray();
            if (record.AsSpan(46, nameLength).SequenceEqual(fileName))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), uint.MaxValue);
                BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(24), uint.MaxValue);
                BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(30), (ushort)(extraLength + 20));
                byte[] zip64 = new byte[20];
                BinaryPrimitives.WriteUInt16LittleEndian(zip64, 1);
                BinaryPrimitives.WriteUInt16LittleEndian(zip64.AsSpan(2), 16);
                BinaryPrimitives.WriteUInt64LittleEndian(zip64.AsSpan(4), length);
                BinaryPrimitives.WriteUInt64LittleEndian(zip64.AsSpan(12), compressedLength);
                int extraEnd = 46 + nameLength + extraLength;
                record = [.. record.AsSpan(0, extraEnd), .. zip64, .. record.AsSpan(extraEnd)];
                found = true;
            }

            rewritten.Write(record);
            at += recordLength;
        }

        Assert.IsTrue(found, $"'{name}' should have a directory record");
        byte[] tail = zip.AsSpan(end).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(tail.AsSpan(12), (int)rewritten.Length);
        return [.. zip.AsSpan(0, directory), .. rewritten.ToArray(), .. tail];
    }
}
