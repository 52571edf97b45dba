using Vae.MLNet.Data;
using Vae.MLNet.Onnx;
using Vae.MLNet.Persistence;
using Vae.MLNet.Runtime;
using Vae.MLNet.Training;

namespace Vae.MLNet;

public sealed partial class VaeModel
{
    /// <summary>
    /// Saves the model as a zip of <c>manifest.json</c>, <c>encoder.onnx</c>, <c>decoder.onnx</c>,
    /// <c>autoencoder.onnx</c> (the two joined, with the per-row loss terms) and, when the model has
    /// <see cref="FeatureRanges"/>, <c>feature-ranges.json</c>; the graphs' tensors take <see cref="TensorNames"/>. The file is
    /// replaced atomically: readers see the old file or the complete new one, and a failed save leaves no temporary file.
    /// A file replaced keeps its permissions. The same model always gives the same bytes.
    /// </summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a directory, or its directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">
    /// The file is read-only, or another user's in a sticky directory, or the directory does not let this process create files.
    /// </exception>
    /// <exception cref="IOException">Writing failed otherwise, as on a full disk; a file already at <paramref name="path"/> is left as it was.</exception>
    /// <exception cref="InvalidOperationException">
    /// The manifest would exceed the 24 MiB a model zip's manifest may take (its options list hundreds of thousands of
    /// hidden layers), so the zip could not be loaded back; or <paramref name="path"/> is a pipe or device, which takes
    /// the zip through memory, and the zip would pass 2 GiB. Nothing is written.
    /// </exception>
    public void Save(string path) => Save(path, TensorNames);

    /// <summary>Writes the model zip described at <see cref="Save(string)"/> to <paramref name="stream"/>, which stays open.</summary>
    /// <param name="stream">
    /// A writable stream; the zip is written from its current position. Bytes the stream already held past the zip's
    /// end stay, as after any write, and a zip followed by other data does not load: write to an empty stream (a
    /// <see cref="FileStream"/> made with <see cref="FileMode.Create"/>, not <see cref="File.OpenWrite"/>).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    /// <exception cref="InvalidOperationException">
    /// As for <see cref="Save(string)"/>, or the zip would pass 2 GiB while the stream already holds data or cannot seek
    /// (the zip is then built in memory first); nothing is written.
    /// </exception>
    /// <remarks>
    /// An exception the stream itself throws (an <see cref="IOException"/> on a full disk, a <see cref="NotSupportedException"/>
    /// from a <see cref="MemoryStream"/> of fixed size) passes through and leaves part of the zip in the stream;
    /// <see cref="Save(string)"/> writes the whole file or none of it.
    /// </remarks>
    public void Save(Stream stream) => Save(stream, TensorNames);

    /// <summary>
    /// Writes the model zip of <see cref="Save(string)"/> with the graphs' tensors named by <paramref name="names"/>, which
    /// its manifest records: the model loaded from it has them as its <see cref="TensorNames"/>.
    /// </summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <param name="names">The tensor names, as <see cref="ExportOnnx"/> takes them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="names"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// As for <see cref="Save(string)"/>, or a name is empty, two names are the same, or a name is one
    /// <see cref="ExportOnnx"/> refuses (one the graphs give one of their own values, or a new one in the scope <c>feature_ranges.</c>); nothing is written.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">As for <see cref="Save(string)"/>.</exception>
    /// <exception cref="IOException">As for <see cref="Save(string)"/>.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="Save(string)"/>.</exception>
    public void Save(string path, OnnxTensorNames names)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(names);
        ModelArchive.Save(path, () => new ModelArchiveParts(CreateManifest(names), ExportOnnx(names), FeatureRanges));
    }

    /// <summary>Writes the model zip of <see cref="Save(string, OnnxTensorNames)"/> to <paramref name="stream"/>, which stays open.</summary>
    /// <param name="stream">A writable stream, as <see cref="Save(Stream)"/> takes it.</param>
    /// <param name="names">The tensor names, as <see cref="ExportOnnx"/> takes them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="names"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="stream"/> cannot be written, or a name is empty, two names are the same, or a name is one
    /// <see cref="ExportOnnx"/> refuses (one the graphs give one of their own values, or a new one in the scope <c>feature_ranges.</c>); nothing is written.
    /// </exception>
    /// <exception cref="InvalidOperationException">As for <see cref="Save(Stream)"/>.</exception>
    /// <inheritdoc cref="Save(Stream)" path="/remarks"/>
    public void Save(Stream stream, OnnxTensorNames names)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(names);
        ModelArchive.Save(stream, () => new ModelArchiveParts(CreateManifest(names), ExportOnnx(names), FeatureRanges));
    }

    /// <summary>
    /// Saves the model as a checkpoint to train further from: the zip <see cref="Save(string)"/> writes, with the model's
    /// <see cref="TensorNames"/>, and beside its entries <c>optimizer-state.bin</c>, Adam's step count and moments as they
    /// stood at these weights (about twice the weights' size), which the manifest names. A model loaded from it
    /// <see cref="HasOptimizerState"/> (with a build that reads the state's layout: an older one loads the model without
    /// it), and <see cref="VaeTrainer.Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/>
    /// goes on from it as one longer run would have; scoring and ONNX Runtime (<see cref="VaeOnnxModel"/>) read it as
    /// the plain zip, though the model loaded holds the state, in about twice the weights' memory, until
    /// <see cref="WithoutOptimizerState"/> lets it go. Use <see cref="Save(string)"/> for a model to deploy. The file is replaced atomically, as by
    /// <see cref="Save(string)"/>, and the same model always gives the same bytes.
    /// </summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Save(string)"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">As for <see cref="Save(string)"/>.</exception>
    /// <exception cref="IOException">As for <see cref="Save(string)"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// The model has no optimizer state (<see cref="HasOptimizerState"/> is false: it was loaded from a zip
    /// <see cref="Save(string)"/> wrote or from a checkpoint whose state is of a newer layout than this build reads,
    /// <see cref="WithoutOptimizerState"/> gave it, its early stopping kept an earlier
    /// epoch's weights, or its weights are fresh ones no update reached), so there is nothing a checkpoint would add: use
    /// <see cref="Save(string)"/>. Or as for <see cref="Save(string)"/>. Nothing is written.
    /// </exception>
    public void SaveCheckpoint(string path) => ModelArchive.Save(path, CheckpointParts);

    /// <summary>Writes the checkpoint zip described at <see cref="SaveCheckpoint(string)"/> to <paramref name="stream"/>, which stays open.</summary>
    /// <param name="stream">A writable stream, as <see cref="Save(Stream)"/> takes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    /// <exception cref="InvalidOperationException">
    /// As for <see cref="SaveCheckpoint(string)"/>, or the zip would pass 2 GiB while the stream already holds data or
    /// cannot seek (the zip is then built in memory first); nothing is written.
    /// </exception>
    /// <inheritdoc cref="Save(Stream)" path="/remarks"/>
    public void SaveCheckpoint(Stream stream) => ModelArchive.Save(stream, CheckpointParts);

    private ModelArchiveParts CheckpointParts()
    {
        AdamState state = RequireOptimizerState();
        return new(CreateManifest(TensorNames) with { OptimizerStateFile = OptimizerStateFile.File }, ExportOnnx(TensorNames), FeatureRanges, state);
    }

    private AdamState RequireOptimizerState() => OptimizerState ?? throw new InvalidOperationException(
        "The model holds no optimizer state to keep in a checkpoint: it was loaded from a zip VaeModel.Save wrote or from a checkpoint whose state a newer build wrote in a layout this build does not read, VaeModel.WithoutOptimizerState gave it, its early stopping kept "
        + "an earlier epoch's weights than its run's last, whose state was not kept, or its weights are fresh ones no update reached. "
        + "Save it with VaeModel.Save; training it further starts Adam's moments afresh.");

    /// <summary>
    /// Loads a model zip written by <see cref="Save(string)"/> or <see cref="SaveCheckpoint(string)"/> as a trainable,
    /// in-process model, with the optimizer state a checkpoint holds (<see cref="HasOptimizerState"/>). A state a newer
    /// build wrote in a layout this build does not read is passed over: the model loads and scores as saved, without it,
    /// and training it further starts Adam's moments afresh. ONNX Runtime is not needed: the weights are read from the
    /// graphs' constants and checked against the manifest.
    /// </summary>
    /// <param name="path">The model zip.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">
    /// There is no file at <paramref name="path"/>: it, or its folder, does not exist, or a file stands where a folder of it belongs.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty or names a directory; the message of a directory holding an unzipped model's files
    /// says how to zip them.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">The file, or a folder on its path, does not let this process read it.</exception>
    /// <exception cref="VaeModelFormatException">The file is not a model zip this library can load; the message says why.</exception>
    /// <exception cref="IOException">Reading the file failed (a disk or network error).</exception>
    public static VaeModel Load(string path)
    {
        using FileStream file = ModelArchive.OpenFile(path, nameof(path));
        return Load(file);
    }

    /// <summary>
    /// Loads a model zip from <paramref name="stream"/>, as <see cref="Load(string)"/> does; the stream stays open and,
    /// after a successful load, is at its end.
    /// </summary>
    /// <param name="stream">
    /// A readable stream holding one model zip from its current position to its end, and nothing else: a zip is found from
    /// its end, so a stream with more data after the zip (another zip, padding) is refused, as is a zip that starts
    /// before the position. A stream that cannot seek is read to its end before the zip is checked.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read, or can seek and is at its end past its start (as after saving to it without setting its position back).</exception>
    /// <exception cref="InvalidOperationException">
    /// A stream that cannot seek, or is not at its start, holds more than 2 GiB from its position.
    /// </exception>
    /// <exception cref="VaeModelFormatException">The stream does not hold a model zip this library can load; the message says why.</exception>
    /// <exception cref="IOException">Reading the stream failed: the stream's own exception, not taken for a damaged zip.</exception>
    /// <exception cref="NotSupportedException">The stream refused an operation it claims to support, such as a seek: its own exception, not taken for a damaged zip.</exception>
    public static VaeModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ModelArchive.Read(stream).Model;
    }

    /// <summary>
    /// The manifest of this model. Its options carry the network's actual architecture: a model trained further by a
    /// trainer with other architecture settings keeps its own, and the manifest must describe the weights saved.
    /// </summary>
    internal VaeModelManifest CreateManifest(OnnxTensorNames names)
    {
        VaeOptions options = _options.Clone();
        options.HiddenLayerSizes = Network.EncoderHidden.Select(l => l.OutputSize).ToArray();
        int[] decoderSizes = Network.DecoderHidden.Select(l => l.OutputSize).ToArray();
        if (!options.EffectiveDecoderHiddenLayerSizes.SequenceEqual(decoderSizes))
        {
            options.DecoderHiddenLayerSizes = decoderSizes;
        }

        options.LatentDimension = Network.LatentDimension;
        options.Activation = Network.Activation;
        options.LeakyReluSlope = Network.LeakyReluSlope;
        options.Likelihood = Network.Likelihood;
        options.GaussianVariance = Network.GaussianVariance;
        return new VaeModelManifest(
            VaeModelManifest.CurrentFormatVersion,
            new VaeModelLibrary(OnnxModelMetadata.LibraryName, OnnxModelMetadata.LibraryVersion),
            InputDimension,
            LatentDimension,
            Likelihood,
            Network.Activation,
            _options.InputScaling,
            options,
            names,
            new VaeModelGraphFiles(ModelArchive.EncoderFile, ModelArchive.DecoderFile, ModelArchive.AutoencoderFile),
            History)
        {
            FeatureNames = FeatureNames,
            FeatureRangesFile = FeatureRanges is null ? null : FeatureRangesJson.File,
            CategoricalFeatures = CategoricalFeatures,
            ImageShape = ImageShape,
        };
    }
}
