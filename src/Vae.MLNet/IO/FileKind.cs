namespace Vae.MLNet.IO;

/// <summary>What a file's first bytes hold, as <see cref="FileContent"/> tells it.</summary>
internal enum FileKind
{
    /// <summary>None of the kinds below, or no bytes at all.</summary>
    Unknown,

    /// <summary>A zip archive, such as a model: its first local file header, "PK\x03\x04".</summary>
    Zip,

    /// <summary>IDX images: the magic number 2051, big-endian.</summary>
    IdxImages,

    /// <summary>IDX labels: the magic number 2049, big-endian.</summary>
    IdxLabels,

    /// <summary>The two zero bytes every IDX magic number starts with, but neither MNIST magic number after them.</summary>
    IdxOfOtherKind,

    /// <summary>An ONNX graph: a protobuf ModelProto, as an .onnx export holds.</summary>
    Onnx,

    /// <summary>A PNG image: its eight-byte signature.</summary>
    Png,

    /// <summary>UTF-8 text with no control characters but tabs and line breaks, such as CSV.</summary>
    Text,
}
