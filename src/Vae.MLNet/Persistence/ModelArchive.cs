using System.Globalization;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using Vae.MLNet.IO;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Text;
using Vae.MLNet.Training;

namespace Vae.MLNet.Persistence;

/// <summary>
/// The model zip: <c>manifest.json</c> and the graph, feature-range and optimizer-state files it lists. Writing is deterministic (fixed entry order and
/// timestamps, no clock); reading turns every kind of damage into a <see cref="VaeModelFormatException"/>.
/// </summary>
internal static class ModelArchive
{
    public const string ManifestFile = "manifest.json";

    public const string EncoderFile = "encoder.onnx";

    public const string DecoderFile = "decoder.onnx";

    public const string AutoencoderFile = "autoencoder.onnx";

    /// <summary>The files VaeModel.Save writes for every model, by which a folder of them is recognized.</summary>
    public static readonly IReadOnlyList<string> SavedFiles = [ManifestFile, EncoderFile, DecoderFile, AutoencoderFile];

    private const string ArchivePart = "archive";

    // A manifest is a few kilobytes plus some lines per epoch and a line per feature name; the names and the longest
    // history (VaeTrainingHistory.MaxEpochs) fit together, and anything larger is not one.
    internal const long MaxManifestBytes = 24 << 20;

    // Room in a graph beside its weights, for nodes, metadata and scalar constants: a model with two hidden layers takes
    // 3 to 8 KB, a layer some hundred bytes. Far above that, yet an entry that inflates to gigabytes of zeros is refused
    // from the length the zip states, before it is inflated. Only this room and the tensor names' are allowed whatever the
    // entry's compressed length: a manifest of millions of layers deflates to kilobytes.
    private const double GraphStructureBytes = 1 << 20;

    private const double LayerStructureBytes = 4 << 10;

    // How many bytes of structure (nodes, their names, attributes) beyond that room a graph entry may inflate to per
    // compressed byte. The structure of the library's deep or categorical graphs deflates 8 to 15 to 1 (60 layers of 2;
    // 3 000 categorical columns between as many numeric ones).
    private const int MaxStructureInflation = 64;

    // How many protobuf fields beyond a graph's fixed room its entry may hold per compressed byte: the structure of those
    // graphs holds 0.4 to 0.9 a byte it deflates to, where empty nodes, deflating a thousand to one, hold hundreds.
    private const int MaxFieldsPerCompressedByte = 4;

    // The protobuf fields of a graph (each node, its name, inputs, outputs and attributes, each constant's name, type,
    // dims and values, metadata, declarations) beside its layers' and categorical runs': a graph of no hidden layer takes
    // 90 to 380, a layer 23 more, a run up to 18 in the autoencoder. Parsing makes an object of up to some hundred bytes
    // of a field of two, so a graph is counted, and refused past this many, before it is parsed.
    private const double GraphStructureFields = 4 << 10;

    private const double LayerStructureFields = 256;

    private const double CategoricalRunStructureFields = 128;

    // How many bytes of numbers (weight matrices, biases, scaling constants) a graph entry may inflate to per compressed
    // byte. Trained (and freshly initialized) float32 weights are close to random bits: deflate shrinks them by some 8 %,
    // and the library stores them without compression. Every weight matrix is at least as large as the biases it feeds
    // and at least a third of the scaling constants beside it, so even where those deflate to nothing a graph's numbers
    // take under 6 bytes per compressed byte. A zip whose manifest claims a vast architecture, or just many features,
    // and whose graphs are zeros deflating a thousand to one is refused from the sizes its directory states, before
    // anything is inflated. An entry whose stated length its compressed bytes could hold at this ratio is read into one
    // buffer of that length, sparing the copies of a growing one, while an edited length costs at most this many times
    // the entry's bytes in the zip.
    private const int MaxNumberInflation = 8;

    // Room for the zip's headers and directory beside its entries' bytes, which for four entries take under a kilobyte.
    private const int ZipOverheadBytes = 1 << 20;

    // How often a graph may write each tensor name (declarations and the nodes reading or writing it), generously. This
    // room is allowed whatever the entry's compressed length, so it is kept small by OnnxTensorNames.MaxNameBytes, which
    // the manifest's names are checked against before it is counted: at most 128 KiB a graph.
    private const double NameUsesPerGraph = 16;

    // A model with categorical columns splits its reconstruction into runs of numeric features and categories, each run
    // with nodes and values named after its first feature (a split output, a softmax; in the autoencoder a gather of the
    // run's logits, its index constant, a log-softmax): some 600 bytes a run in the autoencoder, generously.
    private const double CategoricalRunStructureBytes = 2 << 10;

    // The zip format stores no time zone, and DOS dates start in 1980; any fixed value keeps the bytes reproducible.
    private static readonly DateTimeOffset EntryTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes the zip of <paramref name="parts"/> to <paramref name="path"/>, replacing the file atomically. The path is
    /// checked first: making the parts exports the graphs, which a path refused after it would waste.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="parts">Makes what the zip is written from; its exceptions pass through and leave the file as it was.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a directory, or its directory does not exist.</exception>
    /// <exception cref="InvalidOperationException">The manifest would be larger than <see cref="Read"/> accepts.</exception>
    public static void Save(string path, Func<ModelArchiveParts> parts)
    {
        using var writer = new AtomicFileWriter(path, nameof(path));
        // Made before the stream is asked for, which opens a pipe and waits for its reader.
        ModelArchiveParts made = parts();
        Write(writer.Stream, made);
        writer.Commit();
    }

    /// <summary>
    /// Writes the zip of <paramref name="parts"/> to a caller's <paramref name="stream"/>, which stays open, after checking
    /// it can be written.
    /// </summary>
    /// <param name="stream">The stream to write.</param>
    /// <param name="parts">Makes what the zip is written from; its exceptions pass through before anything is written.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    public static void Save(Stream stream, Func<ModelArchiveParts> parts)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written; pass a writable stream.", nameof(stream));
        }

        Write(stream, parts());
    }

    private static void Write(Stream destination, ModelArchiveParts parts) =>
        Write(destination, parts.Manifest, parts.Graphs, parts.Ranges, parts.OptimizerState);

    /// <param name="destination">The stream the zip is written to.</param>
    /// <param name="manifest">
    /// The manifest, which names the file of <paramref name="ranges"/> when there are any, and that of
    /// <paramref name="optimizerState"/> when there is one.
    /// </param>
    /// <param name="graphs">The graphs.</param>
    /// <param name="ranges">The model's feature ranges, if it has them.</param>
    /// <param name="optimizerState">The optimizer state of a checkpoint, or null for the plain model zip.</param>
    /// <exception cref="InvalidOperationException">The manifest would be larger than <see cref="Read"/> accepts.</exception>
    public static void Write(Stream destination, VaeModelManifest manifest, VaeOnnxGraphs graphs, VaeFeatureRanges? ranges, AdamState? optimizerState = null)
    {
        if ((ranges is null) != (manifest.FeatureRangesFile is null))
        {
            throw new ArgumentException("The manifest names a file of feature ranges exactly when there are ranges to write.", nameof(ranges));
        }

        if ((optimizerState is null) != (manifest.OptimizerStateFile is null))
        {
            throw new ArgumentException("The manifest names a file of optimizer state exactly when there is a state to write.", nameof(optimizerState));
        }

        byte[]? rangesJson = ranges is null ? null : FeatureRangesJson.Serialize(ranges);
        byte[] manifestJson = ManifestJson.Serialize(manifest);
        if (manifestJson.Length > MaxManifestBytes)
        {
            // The names and the history are held to what fits; only a list of some hundred thousand hidden layers is left.
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The model's manifest would take {ByteSizeText.MebibytesUp(manifestJson.Length)}, more than the {ByteSizeText.MebibytesDown(MaxManifestBytes)} a model zip's manifest may, "
                + $"so the zip could not be loaded back: its options list {Counted.Of(manifest.Options.HiddenLayerSizes.Length + (manifest.Options.DecoderHiddenLayerSizes?.Length ?? 0), "hidden layer size")} and its history {Counted.Of(manifest.History.Epochs.Count, "epoch")}."));
        }

        // ZipArchive writes data descriptors for a stream that cannot seek, and offsets from the stream's start, so the
        // bytes are the same only when the zip is built in a stream of its own: a new file takes it directly, any other
        // destination a copy built in memory, which holds at most 2 GiB.
        if (destination.CanSeek && destination.Length == 0 && destination.Position == 0)
        {
            WriteEntries(destination, manifestJson, manifest, graphs, rangesJson, optimizerState);
        }
        else
        {
            long size = manifestJson.Length + (long)graphs.Encoder.Length + graphs.Decoder.Length + graphs.Autoencoder.Length + (rangesJson?.Length ?? 0)
                + (optimizerState is null ? 0 : OptimizerStateFile.Length(optimizerState));
            if (size > Array.MaxLength - ZipOverheadBytes)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The model zip would take {ByteSizeText.GibibytesUp(size)}, more than can be built in memory for a destination that is not empty or cannot seek, such as a pipe; save it to a regular file, or to an empty seekable stream such as a new FileStream."));
            }

            using var buffer = new MemoryStream();
            WriteEntries(buffer, manifestJson, manifest, graphs, rangesJson, optimizerState);
            buffer.Position = 0;
            buffer.CopyTo(destination);
        }

        destination.Flush();
    }

    private static void WriteEntries(Stream destination, byte[] manifestJson, VaeModelManifest manifest, VaeOnnxGraphs graphs, byte[]? rangesJson, AdamState? optimizerState)
    {
        VaeModelGraphFiles files = manifest.Graphs;
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);

        // Deflating float32 weights, nearly random bits, takes some 30 times as long as storing them and saves about 8 %.
        AddEntry(zip, ManifestFile, manifestJson, CompressionLevel.Optimal);
        AddEntry(zip, files.Encoder, graphs.Encoder, CompressionLevel.NoCompression);
        AddEntry(zip, files.Decoder, graphs.Decoder, CompressionLevel.NoCompression);
        AddEntry(zip, files.Autoencoder, graphs.Autoencoder, CompressionLevel.NoCompression);
        if (rangesJson is not null)
        {
            AddEntry(zip, manifest.FeatureRangesFile!, rangesJson, CompressionLevel.Optimal);
        }

        // Moments, like weights, are float32 that deflate little, and a state is twice the weights.
        if (optimizerState is not null)
        {
            AddEntry(zip, manifest.OptimizerStateFile!, stream => OptimizerStateFile.Write(stream, optimizerState), CompressionLevel.NoCompression);
        }
    }

    /// <summary>
    /// Opens the model zip at <paramref name="path"/> as <see cref="InputFile.OpenRead"/> does, telling a folder of an
    /// unzipped model's files how to zip them (<see cref="UnzippedModelFolder"/>).
    /// </summary>
    public static FileStream OpenFile(string path, string paramName)
    {
        UnzippedModelFolder.Refuse(path, paramName);
        return InputFile.OpenRead(path, paramName);
    }

    /// <summary>Reads the model zip that fills <paramref name="stream"/> from its position to its end, and leaves the stream at its end.</summary>
    /// <exception cref="VaeModelFormatException">The stream does not hold a model zip this library can load.</exception>
    /// <exception cref="IOException">Reading the stream failed; the stream's own exception, unchanged.</exception>
    /// <exception cref="NotSupportedException">The stream refused an operation it claims to support; its own exception, unchanged.</exception>
    public static ModelArchiveContents Read(Stream stream)
    {
        InputFile.RequireReadable(stream, nameof(stream), "a model zip");

        if (stream.CanSeek && stream.Position > 0 && stream.Position >= stream.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The stream is at its end (position {stream.Position} of {stream.Length}), so no model zip follows; after saving to a stream, set its Position back to where the zip starts (0 for a new stream) before loading."),
                nameof(stream));
        }

        // Where the zip starts, so that a position in it can be given as one in the caller's stream or file.
        long origin = stream.CanSeek ? stream.Position : 0;
        using var source = new ReadFailureRecordingStream(stream);
        try
        {
            // Refused from the first bytes, before a stream that is not read in place is copied: a large CSV from a pipe
            // would otherwise be read whole, and one past 2 GiB refused for its size instead of for what it holds.
            bool inPlace = stream.CanSeek && stream.Position == 0;
            (FileContent content, Stream fromStart) = FileContent.Sniff(source);
            RequireNotMisplaced(content);

            // ZipArchive takes a zip's offsets as positions in the stream, which holds only for a zip starting at 0, so a
            // zip saved after other data is read from a copy of the rest of the stream; so is a stream that cannot seek,
            // which ZipArchive would copy anyway, so that ZipExtent can check it.
            using Stream? rest = inPlace ? null : CopyRest(fromStart);
            Stream zipStream = rest ?? source;
            ZipExtent.RequireFills(zipStream);
            ModelArchiveContents contents;
            try
            {
                contents = ReadModel(zipStream);
            }
            catch (VaeModelFormatException e) when (ZipExtent.EndOfEarlierZip(zipStream, HoldsModel) is { } end)
            {
                // Looked for only now, since it may read the whole file: whatever failed, it was read through the older
                // zip's directory, and saving the same way again would leave the same file.
                throw new VaeModelFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"The model file holds a complete model zip that ends at byte {origin + end}, followed by {zipStream.Length - end} bytes of older data, as a stream written without truncating leaves (File.OpenWrite over a longer file): ")
                    + "a zip is found from its end, so the older zip's directory was read, and it does not match the entries written over it. "
                    + string.Create(CultureInfo.InvariantCulture, $"Open the file with FileMode.Create (or truncate it) when saving a model to a stream; this file loads once cut to its first {origin + end} bytes."),
                    ArchivePart,
                    e);
            }

            // Left where a caller reading on would expect it: after the zip, at the end of the stream it fills.
            if (rest is null)
            {
                stream.Seek(0, SeekOrigin.End);
            }

            return contents;
        }
        catch (Exception) when (source.ReadFailure is { } failure)
        {
            // Whatever the zip reader made of it, the stream's own failure is what the caller has to act on.
            ExceptionDispatchInfo.Throw(failure);
            throw;
        }
        catch (Exception e) when (IsZipDamage(e))
        {
            // Not a NotSupportedException: that says what a stream or the platform cannot do (seek, read little-endian
            // floats in place), never what the zip holds.
            throw new VaeModelFormatException(
                $"The model file is not a readable zip archive ({e.Message}). It is truncated, damaged, not a Vae.MLNet model, or followed by other data; "
                + "load the file VaeModel.Save wrote, or a stream holding only that zip from its position, or save the model again.",
                ArchivePart,
                e);
        }
    }

    /// <summary>Whether the zip that fills <paramref name="zipStream"/> loads as a model.</summary>
    private static bool HoldsModel(Stream zipStream)
    {
        try
        {
            ReadModel(zipStream);
            return true;
        }
        catch (Exception e) when (e is VaeModelFormatException || IsZipDamage(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the zip reader's <paramref name="failure"/> tells of what the zip holds. An assembly the reader needs that
    /// is missing or cannot load (Google.Protobuf beside the library) fails as a FileNotFoundException or FileLoadException,
    /// IOExceptions too, yet the application lacks a file there and saving the model again would not help.
    /// </summary>
    private static bool IsZipDamage(Exception failure) =>
        failure is InvalidDataException or IOException and not (FileNotFoundException or FileLoadException);

    /// <summary>Reads the model from the zip that fills <paramref name="zipStream"/>.</summary>
    private static ModelArchiveContents ReadModel(Stream zipStream)
    {
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        VaeModelManifest manifest = ManifestJson.Deserialize(ReadEntry(zip, ManifestFile, _ => (MaxManifestBytes, "a manifest takes"), ManifestJson.Part));
        ManifestValidation.RequireWellFormed(manifest);
        (GraphSize encoderSize, GraphSize decoderSize, GraphSize lossSize) = GraphSizes(manifest);
        OnnxImportedModel imported = Import(zip, manifest, encoderSize, decoderSize);
        ManifestValidation.RequireNames(manifest, VerifyAutoencoder(zip, manifest, encoderSize + decoderSize + lossSize, imported));
        VaeFeatureRanges? ranges = manifest.FeatureRangesFile is { } rangesFile ? ReadRanges(zip, rangesFile, manifest.InputDimension) : null;
        AdamState? optimizerState = manifest.OptimizerStateFile is { } stateFile ? ReadOptimizerState(zip, stateFile, imported.Network.Layers) : null;
        var model = new VaeModel(
            imported.Network,
            imported.Scaling,
            manifest.Options,
            manifest.History,
            manifest.FeatureNames,
            ranges,
            manifest.CategoricalFeatures,
            manifest.TensorNames,
            manifest.ImageShape,
            optimizerState);

        // The model's read-only copy of the names, so that no one holding the manifest can change what the model saves.
        return new ModelArchiveContents(manifest with { FeatureNames = model.FeatureNames, CategoricalFeatures = model.CategoricalFeatures }, model);
    }

    // The parsed graphs live only in these two methods' frames, so that the encoder's and decoder's are let go before the
    // autoencoder's, which repeats both, is parsed: a method that runs once runs unoptimized, and keeps whatever its own
    // frame refers to until it returns.
    private static OnnxImportedModel Import(ZipArchive zip, VaeModelManifest manifest, GraphSize encoderSize, GraphSize decoderSize) =>
        OnnxImporter.Import(
            ReadGraph(zip, manifest.Graphs.Encoder, encoderSize, OnnxModelMetadata.EncoderRole),
            ReadGraph(zip, manifest.Graphs.Decoder, decoderSize, OnnxModelMetadata.DecoderRole),
            graphs => ManifestValidation.RequireDescribes(manifest, graphs),
            manifest.TensorNames.ReconstructionLogVar);

    private static OnnxTensorNames VerifyAutoencoder(ZipArchive zip, VaeModelManifest manifest, GraphSize autoencoderSize, OnnxImportedModel imported) =>
        OnnxImporter.VerifyAutoencoder(ReadGraph(zip, manifest.Graphs.Autoencoder, autoencoderSize, OnnxModelMetadata.AutoencoderRole), imported);

    // Data and exported graphs are the files most often given for a model; their first bytes say so, where the zip
    // reader would only call them damaged.
    private static void RequireNotMisplaced(FileContent content)
    {
        if (content.MisplacedForModel(FileContent.LibraryGraphWriter) is { } holds)
        {
            throw new VaeModelFormatException($"The model file holds {holds}, not a model zip; load the zip VaeModel.Save wrote.", ArchivePart);
        }
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] content, CompressionLevel level) =>
        AddEntry(zip, name, stream => stream.Write(content), level);

    private static void AddEntry(ZipArchive zip, string name, Action<Stream> write, CompressionLevel level)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTimestamp;
        using Stream stream = entry.Open();
        write(stream);
    }

    /// <summary>
    /// The optimizer state in the entry <paramref name="name"/>, or null when a newer build wrote it in a layout this build
    /// does not read: scoring needs none, and training from the model then starts Adam afresh, as from a plain zip.
    /// </summary>
    private static AdamState? ReadOptimizerState(ZipArchive zip, string name, IReadOnlyList<DenseLayer> layers)
    {
        // Its header first, whatever its length: a newer build's state may be longer for the same network.
        using (CheckedZipEntryStream head = OpenEntry(zip, name, _ => (long.MaxValue, string.Empty), OptimizerStateFile.Part))
        {
            if (OptimizerStateFile.IsNewerVersion(head))
            {
                return null;
            }
        }

        long length = OptimizerStateFile.Length(layers);
        using CheckedZipEntryStream entry = OpenEntry(zip, name, _ => (length, "the optimizer state of the model's network takes"), OptimizerStateFile.Part);
        AdamState state = OptimizerStateFile.Read(entry, layers);
        entry.RequireIntact();
        return state;
    }

    private static VaeFeatureRanges ReadRanges(ZipArchive zip, string name, int features)
    {
        long maxBytes = Math.Min(Array.MaxLength, FeatureRangesJson.MaxBytes(features));
        byte[] json = ReadEntry(zip, name, _ => (maxBytes, $"the ranges of the model's {features} features take"), FeatureRangesJson.Part);
        return FeatureRangesJson.Deserialize(json, features);
    }

    /// <param name="zip">The model zip.</param>
    /// <param name="name">The graph's file name.</param>
    /// <param name="needed">What the manifest's architecture needs in this graph beyond its fixed structure; see <see cref="GraphSizes"/>.</param>
    /// <param name="role">Which graph it is.</param>
    private static ModelProto ReadGraph(ZipArchive zip, string name, GraphSize needed, string role)
    {
        (long MaxBytes, string Why) Limit(long compressed)
        {
            double room = GraphStructureBytes + needed.Names;
            double architecture = room + needed.Structure + needed.Weights + needed.Values;
            double deflated = room + Math.Min(needed.Structure, MaxStructureInflation * (double)compressed)
                + Math.Min(needed.Weights + needed.Values, MaxNumberInflation * (double)compressed);
            return deflated < architecture
                ? ((long)Math.Min(Array.MaxLength, deflated), string.Create(CultureInfo.InvariantCulture, $"its {compressed} compressed bytes can hold (a graph's weights do not deflate {MaxNumberInflation} to 1, nor its nodes {MaxStructureInflation} to 1)"))
                : ((long)Math.Min(Array.MaxLength, architecture), $"the {role} graph of the architecture manifest.json describes takes (4 bytes per weight and room for the graph's structure)");
        }

        // Inflated once, into a buffer bounded as the entry is, and checked against the entry's CRC-32 before its fields are
        // counted and it is parsed, both in memory: through the parser's stream path, in 4 KiB refills and a copy per
        // chunk of every weight, reading it twice took most of a load, and a buffer costs only while the graph is parsed.
        CheckedZipEntryStream entry = OpenEntry(zip, name, Limit, role);
        long compressed = entry.Entry.CompressedLength;
        byte[] content = ReadIntact(entry);
        double deflatedFields = MaxFieldsPerCompressedByte * (double)compressed;
        long maxFields = (long)Math.Min(long.MaxValue, GraphStructureFields + Math.Min(needed.Fields, deflatedFields));
        VaeModelFormatException TooManyFields(long max) => new(
            string.Create(CultureInfo.InvariantCulture, $"'{name}' holds more than the {max} protobuf fields (nodes, their inputs, outputs and attributes, constants, metadata) ")
            + (deflatedFields < needed.Fields
                ? string.Create(CultureInfo.InvariantCulture, $"its {compressed} compressed bytes can hold ({GraphStructureFields} and {MaxFieldsPerCompressedByte} a compressed byte: a graph's nodes do not deflate further). ")
                : string.Create(CultureInfo.InvariantCulture, $"the {role} graph of the architecture manifest.json describes can have ({GraphStructureFields} and {LayerStructureFields} a layer, with categorical columns {CategoricalRunStructureFields} a run of numeric or categorical features). "))
            + "The file is damaged or was not written by VaeModel.Save; save the model again.",
            role);

        OnnxImporter.RequireFieldsAtMost(content, maxFields, TooManyFields, role);
        return OnnxImporter.Parse(content, role);
    }

    /// <param name="zip">The model zip.</param>
    /// <param name="name">The entry's file name.</param>
    /// <param name="limit">
    /// The longest entry read, from its compressed length, and what that bound is, completing "more than the N bytes …".
    /// </param>
    /// <param name="part">The part of the model the entry holds, for the exception.</param>
    private static byte[] ReadEntry(ZipArchive zip, string name, Func<long, (long MaxBytes, string Why)> limit, string part) =>
        ReadIntact(OpenEntry(zip, name, limit, part));

    /// <summary>Reads <paramref name="content"/>, which it disposes, to its stated length, and requires it intact.</summary>
    private static byte[] ReadIntact(CheckedZipEntryStream content)
    {
        using (content)
        {
            // The stated length, though bounded above, can be edited along with the manifest that bounds it, so the buffer
            // grows with the bytes that arrive.
            ZipArchiveEntry entry = content.Entry;
            byte[] bytes = GrowingRead.UpTo(
                (int)entry.Length, buffer => content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false), entry.CompressedLength * MaxNumberInflation).Buffer;
            content.RequireIntact();
            return bytes;
        }
    }

    /// <param name="zip">The model zip.</param>
    /// <param name="name">The entry's file name.</param>
    /// <param name="limit">
    /// The longest entry read, from its compressed length, and what that bound is, completing "more than the N bytes …".
    /// </param>
    /// <param name="part">The part of the model the entry holds, for the exception.</param>
    private static CheckedZipEntryStream OpenEntry(ZipArchive zip, string name, Func<long, (long MaxBytes, string Why)> limit, string part)
    {
        ZipArchiveEntry[] matches = zip.Entries.Where(e => e.FullName == name).Take(2).ToArray();
        if (matches.Length == 0 && ZippedModelFolder.Holding(zip, name) is { } folder)
        {
            throw new VaeModelFormatException(
                $"The zip has no '{name}' at its root: the model's files sit under '{folder}', and must be at the zip's root, where VaeModel.Save writes them. "
                + $"Zip the folder's contents rather than the folder ({ModelFolderZipping.HowToZipTheContentsOf(folder, '/', '\\')}).",
                part);
        }

        if (matches.Length == 0 && MLNetModelZip.Is(zip))
        {
            throw new VaeModelFormatException(
                "The zip is an ML.NET model zip, as mlContext.Model.Save writes: it holds a fitted pipeline, not a Vae.MLNet model zip such as VaeModel.Save writes. "
                + "For the VAE in a pipeline, save one after Fit with the VaeEstimator's TrainedModel.Save(path), and give that zip.",
                part);
        }

        if (matches.Length != 1)
        {
            throw new VaeModelFormatException(
                matches.Length == 0
                    ? $"The zip has no '{name}', so it is not a complete Vae.MLNet model. Load a zip written by VaeModel.Save."
                    : $"The zip holds '{name}' more than once, which VaeModel.Save never writes. Save the model again.",
                part);
        }

        ZipArchiveEntry entry = matches[0];

        // ZIP64 sizes are 64 bits that System.IO.Compression reads as signed and passes on unchecked.
        if (entry.Length < 0 || entry.CompressedLength < 0)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The zip's directory gives '{name}' a negative size ({entry.Length} bytes, {entry.CompressedLength} compressed), which no zip writer does. ")
                + "The file is damaged; restore it from a copy or save the model again.",
                part);
        }

        (long maxBytes, string why) = limit(entry.CompressedLength);
        if (entry.Length > maxBytes)
        {
            throw new VaeModelFormatException(
                $"The zip says '{name}' is {entry.Length} bytes, more than the {maxBytes} bytes {why}. The file is damaged or was not written by "
                + "VaeModel.Save; save the model again.",
                part);
        }

        return new CheckedZipEntryStream(entry, part);
    }

    /// <summary>
    /// The bytes and fields the manifest's architecture needs in the encoder and in the decoder graph, beyond their fixed structure,
    /// and in the loss nodes the autoencoder holds beside both. In double, because the manifest's sizes are only known to
    /// be positive ints, whose products can overflow a long's sum, and a bound needs no exact count.
    /// </summary>
    private static (GraphSize Encoder, GraphSize Decoder, GraphSize Loss) GraphSizes(VaeModelManifest manifest)
    {
        double features = manifest.InputDimension;
        double latent = manifest.LatentDimension;
        double outputs = manifest.Likelihood == VaeLikelihood.GaussianLearnedVariance ? 2 * features : features;

        // A scaled model's graphs hold an offset, a scale and a log-variance shift per feature, which deflate well when
        // the features share a range.
        var perGraph = new GraphSize(Weights: 0, Values: 3 * features * sizeof(float), Names: NameUsesPerGraph * manifest.TensorNames.Utf8Length, Structure: 0, Fields: 0);

        // Categorical columns add a byte per feature to the decoder (which features are numeric) and to the loss, for the
        // features each of its terms reads, their positions: an int64 for each numeric feature in the reconstruction
        // error's features, means and log-variances, and for each categorical one in its logits and its targets.
        var categories = default(GraphSize);
        var loss = default(GraphSize);
        if (manifest.CategoricalFeatures is { Count: > 0 } columns)
        {
            double categorical = columns.Sum(column => (double)column.Categories.Count);
            double runs = (2 * columns.Count) + 1;
            categories = new GraphSize(Weights: 0, Values: features, Names: 0, runs * CategoricalRunStructureBytes, runs * CategoricalRunStructureFields);
            loss = new GraphSize(Weights: 0, sizeof(long) * ((3 * (features - categorical)) + (2 * categorical)), Names: 0, runs * CategoricalRunStructureBytes, runs * CategoricalRunStructureFields);
        }

        return (
            perGraph + Layers(features, manifest.Options.HiddenLayerSizes, 2 * latent),
            perGraph + categories + Layers(latent, manifest.Options.EffectiveDecoderHiddenLayerSizes, outputs),
            loss);
    }

    /// <summary>The weight matrices of a chain of dense layers, and beside them their biases and nodes.</summary>
    private static GraphSize Layers(double inputs, int[] hidden, double outputs)
    {
        var bytes = default(GraphSize);
        foreach (double size in hidden.Select(s => (double)s).Append(outputs))
        {
            bytes += new GraphSize(inputs * size * sizeof(float), size * sizeof(float), Names: 0, LayerStructureBytes, LayerStructureFields);
            inputs = size;
        }

        return bytes;
    }

    /// <summary>
    /// A graph's bytes: its weight matrices, its other numbers (biases, scaling vectors), the uses of the manifest's
    /// tensor names, and its other structure (nodes and their names), text that deflates far better than numbers; and the
    /// protobuf fields of that structure.
    /// </summary>
    private readonly record struct GraphSize(double Weights, double Values, double Names, double Structure, double Fields)
    {
        public static GraphSize operator +(GraphSize a, GraphSize b) =>
            new(a.Weights + b.Weights, a.Values + b.Values, a.Names + b.Names, a.Structure + b.Structure, a.Fields + b.Fields);
    }

    /// <exception cref="InvalidOperationException">More follows than one buffer holds: an endless or a huge stream.</exception>
    private static MemoryStream CopyRest(Stream source)
    {
        var copy = new MemoryStream();
        byte[] chunk = new byte[1 << 16];
        int read;
        while ((read = source.Read(chunk)) > 0)
        {
            if (copy.Length + read > Array.MaxLength)
            {
                throw new InvalidOperationException(
                    "The stream holds more than 2 GiB from its position, more than can be buffered to read a model zip from a stream that cannot seek or is not at its start; "
                    + "load a zip that large from its path, or from a seekable stream positioned at its start (position 0), which is read in place.");
            }

            copy.Write(chunk, 0, read);
        }

        copy.Position = 0;
        return copy;
    }
}
