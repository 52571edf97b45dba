using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.IO;

/// <summary>
/// What a file holds, told from its first bytes alone, so that a large file or a pipe costs no more than that look.
/// DATA is read by the reader it chooses, and a file given where another kind belongs is named by what it holds.
/// </summary>
/// <param name="Kind">What the file holds; for a gzip file, what its first decompressed bytes hold.</param>
/// <param name="Gzipped">Whether the file is gzip-compressed.</param>
internal readonly record struct FileContent(FileKind Kind, bool Gzipped)
{
    // Enough for a gzip header, the file name it may store and the code tables of the first deflate block, which take
    // up to a few hundred bytes, so that the first decompressed bytes can be looked at too.
    private const int HeadBytes = 1024;

    // An IDX header, and enough characters to tell text from binary.
    private const int DecompressedBytes = 64;

    // Protobuf writers put a message's fields in the order of their numbers, so a ModelProto starts with ir_version,
    // field 1, whose value (1 to 11 so far) takes one byte, and goes on with one of its other fields.
    private static readonly uint IrVersionTag = WireFormat.MakeTag(ModelProto.IrVersionFieldNumber, WireFormat.WireType.Varint);

    private static readonly uint[] TagsAfterIrVersion =
    [
        WireFormat.MakeTag(ModelProto.ProducerNameFieldNumber, WireFormat.WireType.LengthDelimited),
        WireFormat.MakeTag(ModelProto.ProducerVersionFieldNumber, WireFormat.WireType.LengthDelimited),
        WireFormat.MakeTag(ModelProto.DomainFieldNumber, WireFormat.WireType.LengthDelimited),
        WireFormat.MakeTag(ModelProto.ModelVersionFieldNumber, WireFormat.WireType.Varint),
        WireFormat.MakeTag(ModelProto.DocStringFieldNumber, WireFormat.WireType.LengthDelimited),
        WireFormat.MakeTag(ModelProto.GraphFieldNumber, WireFormat.WireType.LengthDelimited),
        WireFormat.MakeTag(ModelProto.OpsetImportFieldNumber, WireFormat.WireType.LengthDelimited),
        WireFormat.MakeTag(ModelProto.MetadataPropsFieldNumber, WireFormat.WireType.LengthDelimited),
    ];

    /// <summary>How the library's messages name the writer of the ONNX graphs a look tells, for <see cref="Described"/>.</summary>
    public const string LibraryGraphWriter = $"{nameof(VaeModel)}.{nameof(VaeModel.ExportOnnx)}";

    /// <summary>Whether the file holds IDX content, of MNIST's kinds or another.</summary>
    public bool IsIdx => Kind is FileKind.IdxImages or FileKind.IdxLabels or FileKind.IdxOfOtherKind;

    /// <summary>
    /// What the file holds, completing "… holds …", when it is one of the files most often given where a model zip
    /// belongs: data, a graph <paramref name="graphWriter"/> exported, an image, and a gzip-compressed file, a model zip
    /// included, which the zip reader would only call damaged. Null for a zip and for what no look can name.
    /// </summary>
    public string? MisplacedForModel(string graphWriter) => Kind == FileKind.Zip && !Gzipped ? null : Described(graphWriter);

    /// <summary>
    /// What the file holds, completing "… holds …", for every kind the look names, a graph as one
    /// <paramref name="graphWriter"/> exported; null for what no look can name.
    /// </summary>
    public string? Described(string graphWriter)
    {
        string gzipped = Gzipped ? "gzip-compressed " : string.Empty;
        return Kind switch
        {
            FileKind.Text => $"{gzipped}text, such as CSV or TSV",
            FileKind.IdxImages => $"{gzipped}IDX images (magic number {IdxReader.ImagesMagic})",
            FileKind.IdxLabels => $"{gzipped}IDX labels (magic number {IdxReader.LabelsMagic})",
            FileKind.Onnx => $"{(Gzipped ? "a gzip-compressed" : "an")} ONNX graph (a protobuf ModelProto, as {graphWriter} writes)",
            FileKind.Zip when Gzipped => "a gzip-compressed zip (decompress it with gunzip and use the zip it holds)",
            FileKind.Zip => "a zip file, such as a model",
            FileKind.Png when !Gzipped => "a PNG image",
            _ when Gzipped => "gzip-compressed data of another kind (decompress it with gunzip to see what it holds)",
            _ => null,
        };
    }

    /// <summary>
    /// Looks at the first bytes of <paramref name="file"/>, from its position, and returns what they hold with a stream
    /// of the whole file from there: <paramref name="file"/> itself, sought back, when it can seek; otherwise one that
    /// replays the bytes looked at, so that a pipe, a FIFO or /dev/stdin, which can be read only once, is read whole.
    /// </summary>
    public static (FileContent Content, Stream FromStart) Sniff(Stream file)
    {
        long? start = file.CanSeek ? file.Position : null;
        var buffer = new byte[HeadBytes];
        byte[] head = buffer[..file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)];
        FileContent content = Gzip.HasSignature(head) ? Of(Decompressed(head), gzipped: true) : Of(head, gzipped: false);
        if (start is { } position)
        {
            file.Position = position;
            return (content, file);
        }

        return (content, new PrefixedReadStream(head, file));
    }

    /// <summary>
    /// What a file whose first bytes are <paramref name="head"/> holds, for a reader that has read them already: the
    /// decompressed ones when the file is <paramref name="gzipped"/>.
    /// </summary>
    public static FileContent Of(ReadOnlySpan<byte> head, bool gzipped) => new(KindOf(head), gzipped);

    private static FileKind KindOf(ReadOnlySpan<byte> bytes) => bytes switch
    {
        _ when bytes.StartsWith("PK\x03\x04"u8) => FileKind.Zip,
        _ when bytes.StartsWith(PngEncoder.Signature) => FileKind.Png,

        // UTF-32BE's byte order mark also starts with two zero bytes, and no IDX file has type 0xFE.
        [0, 0, 0xFE, 0xFF, ..] => FileKind.Text,
        [0, 0, _, _, ..] when BinaryPrimitives.ReadInt32BigEndian(bytes) == IdxReader.ImagesMagic => FileKind.IdxImages,
        [0, 0, _, _, ..] when BinaryPrimitives.ReadInt32BigEndian(bytes) == IdxReader.LabelsMagic => FileKind.IdxLabels,
        [0, 0, ..] => FileKind.IdxOfOtherKind,
        [var tag, var irVersion, var nextTag, ..] when tag == IrVersionTag && irVersion is > 0 and < 0x80 && TagsAfterIrVersion.Contains((uint)nextTag) => FileKind.Onnx,
        _ when IsText(bytes) => FileKind.Text,
        _ => FileKind.Unknown,
    };

    // The first decompressed bytes of the gzip stream that starts with head, or as many as come out before head ends
    // or its data turns out damaged: the whole of the gzip file is not read to look at its start.
    private static byte[] Decompressed(byte[] head)
    {
        using var gzip = new GZipStream(new MemoryStream(head), CompressionMode.Decompress);
        var start = new byte[DecompressedBytes];
        int length = 0;
        try
        {
            int read;
            while (length < start.Length && (read = gzip.Read(start, length, start.Length - length)) > 0)
            {
                length += read;
            }
        }
        catch (InvalidDataException)
        {
            // What came out so far is what there is to look at.
        }

        return start[..length];
    }

    // A character the look cut off at its end still counts as text; a byte-order mark may lead.
    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> text = bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        if (text.IsEmpty)
        {
            return false;
        }

        while (!text.IsEmpty)
        {
            OperationStatus status = Rune.DecodeFromUtf8(text, out Rune character, out int length);
            if (status == OperationStatus.NeedMoreData)
            {
                return true;
            }

            if (status != OperationStatus.Done || (Rune.IsControl(character) && character.Value is not ('\t' or '\n' or '\r')))
            {
                return false;
            }

            text = text[length..];
        }

        return true;
    }
}
