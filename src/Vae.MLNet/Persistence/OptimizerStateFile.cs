using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Vae.MLNet.Model;
using Vae.MLNet.Training;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Reads and writes the <see cref="AdamState"/> of a checkpoint's <c>optimizer-state.bin</c>, little-endian: the magic
/// <c>VAEADAM</c> and a zero byte, a format version (int32), the layer count (int32), the step count (int64), each
/// layer's weight and bias counts (int32 each), then each layer's moments as float32: the weights' first and second,
/// the bias's first and second. Binary, as the moments are two floats for every weight, and JSON would triple them.
/// </summary>
internal static class OptimizerStateFile
{
    public const string Part = "optimizerState";

    public const string File = "optimizer-state.bin";

    /// <summary>The version of this layout, which the reader takes only when it knows it.</summary>
    public const int FormatVersion = 1;

    private const int HeaderBytes = 24;

    // The mark and the version, which every version of the layout starts with, whatever follows them.
    private const int MarkAndVersionBytes = 12;

    private const int LayerHeaderBytes = 8;

    // 2⁵³: more steps than a model's history has epochs (VaeTrainingHistory.MaxEpochs) times the batches of the most
    // rows a dataset holds; a count near long's end would wrap as training counts on, and its bias correction with it.
    private const long MaxSteps = 1L << 53;

    // Floats are moved through a buffer of this many at a time: a layer's bytes can pass what one span holds.
    private const int ChunkFloats = 1 << 16;

    private static ReadOnlySpan<byte> Magic => "VAEADAM\0"u8;

    /// <summary>The bytes the state of a network of <paramref name="layers"/> takes.</summary>
    public static long Length(IReadOnlyList<DenseLayer> layers) =>
        Length(layers.Count, layers.Sum(layer => 2L * ((long)layer.Weights.Length + layer.Bias.Length)));

    /// <summary>The bytes <paramref name="state"/> takes.</summary>
    public static long Length(AdamState state) => Length(state.WeightMoments.Length, state.Arrays.Sum(moments => (long)moments.Length));

    private static long Length(int layers, long moments) => HeaderBytes + (LayerHeaderBytes * (long)layers) + (sizeof(float) * moments);

    public static void Write(Stream destination, AdamState state)
    {
        byte[] header = new byte[HeaderBytes + (LayerHeaderBytes * state.WeightMoments.Length)];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), state.WeightMoments.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), state.Step);
        for (int i = 0; i < state.WeightMoments.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(HeaderBytes + (LayerHeaderBytes * i)), state.WeightMoments[i].First.Length);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(HeaderBytes + (LayerHeaderBytes * i) + 4), state.BiasMoments[i].First.Length);
        }

        destination.Write(header);
        byte[] chunk = new byte[ChunkFloats * sizeof(float)];
        foreach (float[] moments in state.Arrays)
        {
            for (int start = 0; start < moments.Length; start += ChunkFloats)
            {
                ReadOnlySpan<float> part = moments.AsSpan(start, Math.Min(ChunkFloats, moments.Length - start));
                for (int i = 0; i < part.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(i * sizeof(float)), part[i]);
                }

                destination.Write(chunk, 0, part.Length * sizeof(float));
            }
        }
    }

    /// <summary>
    /// Reads the state of <paramref name="layers"/> from <paramref name="source"/>, which holds nothing else, in a version
    /// this build reads (see <see cref="IsNewerVersion"/>).
    /// </summary>
    /// <exception cref="VaeModelFormatException">
    /// The content is not this format, does not fit the network, ends early, or holds a moment training never leaves (one
    /// not finite, a negative second moment) or a step count below 1 or above 2⁵³.
    /// </exception>
    public static AdamState Read(Stream source, IReadOnlyList<DenseLayer> layers)
    {
        if (ReadVersion(source) > FormatVersion)
        {
            throw new InvalidOperationException($"{File} is of a newer version than this build reads; ask IsNewerVersion before reading it.");
        }

        byte[] header = new byte[HeaderBytes - MarkAndVersionBytes];
        ReadExactly(source, header);
        int layerCount = BinaryPrimitives.ReadInt32LittleEndian(header);
        long step = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(4));
        if (layerCount != layers.Count)
        {
            throw Damaged(string.Create(CultureInfo.InvariantCulture, $"holds the moments of {layerCount} layers, where the model's network has {layers.Count}."));
        }

        if (step < 1)
        {
            throw Damaged(string.Create(CultureInfo.InvariantCulture, $"counts {step} steps; a state is saved after at least one."));
        }

        if (step > MaxSteps)
        {
            throw Damaged(string.Create(CultureInfo.InvariantCulture, $"counts {step} steps, more than any training takes ({MaxSteps})."));
        }

        byte[] layerHeader = new byte[LayerHeaderBytes];
        for (int i = 0; i < layerCount; i++)
        {
            ReadExactly(source, layerHeader);
            int weights = BinaryPrimitives.ReadInt32LittleEndian(layerHeader);
            int bias = BinaryPrimitives.ReadInt32LittleEndian(layerHeader.AsSpan(4));
            if (weights != layers[i].Weights.Length || bias != layers[i].Bias.Length)
            {
                throw Damaged(string.Create(
                    CultureInfo.InvariantCulture,
                    $"gives layer {i + 1} moments of {weights} weights and {bias} biases, where the model's layer has {layers[i].Weights.Length} and {layers[i].Bias.Length}."));
            }
        }

        AdamState state = AdamState.Zero(layers);
        byte[] chunk = new byte[ChunkFloats * sizeof(float)];
        int index = 0;
        foreach (float[] moments in state.Arrays)
        {
            bool second = index++ % 2 == 1;
            for (int start = 0; start < moments.Length; start += ChunkFloats)
            {
                Span<float> part = moments.AsSpan(start, Math.Min(ChunkFloats, moments.Length - start));
                Span<byte> bytes = chunk.AsSpan(0, part.Length * sizeof(float));
                ReadExactly(source, bytes);
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.Cast<byte, float>(bytes).CopyTo(part);
                }
                else
                {
                    for (int i = 0; i < part.Length; i++)
                    {
                        part[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
                    }
                }

                foreach (float moment in part)
                {
                    if (!float.IsFinite(moment) || (second && moment < 0))
                    {
                        throw Damaged(
                            string.Create(CultureInfo.InvariantCulture, $"holds a {(second ? "second" : "first")} moment of {moment}, which training never leaves (it stops at one that is not finite, and second moments are squares)."));
                    }
                }
            }
        }

        return new AdamState(step, state.WeightMoments, state.BiasMoments);
    }

    /// <summary>
    /// Whether <paramref name="source"/>'s content, which must start with this format's mark and a version of at least 1,
    /// is of a newer version than this build reads: a newer build's state may be longer than this build's for the same
    /// network, or shorter, and is told as newer, not as damaged by its length.
    /// </summary>
    /// <exception cref="VaeModelFormatException">The content is not this format.</exception>
    public static bool IsNewerVersion(Stream source) => ReadVersion(source) > FormatVersion;

    private static int ReadVersion(Stream source)
    {
        byte[] start = new byte[MarkAndVersionBytes];
        ReadExactly(source, start);
        if (!start.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw Damaged("does not start with the optimizer state's mark 'VAEADAM'.");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(start.AsSpan(8));
        if (version < 1)
        {
            throw Damaged(string.Create(CultureInfo.InvariantCulture, $"has format version {version}; its versions start at 1."));
        }

        return version;
    }

    private static void ReadExactly(Stream source, Span<byte> buffer)
    {
        if (source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw Damaged("ends before the moments of the model's network do.");
        }
    }

    private static VaeModelFormatException Damaged(string problem) =>
        new($"{File} {problem} The file is damaged; restore it from a copy or save the checkpoint again (without the entry and the manifest's optimizerStateFile, the model loads with no optimizer state).", Part);
}
