using System.Globalization;
using Vae.MLNet.Text;

namespace Vae.MLNet.Model;

/// <summary>
/// The weights of a VAE and the fixed rules that turn them into outputs. The encoder is
/// <see cref="EncoderHidden"/> (each followed by the activation) and <see cref="EncoderHead"/>, whose 2K outputs are
/// the latent mean (columns 0…K−1) and the latent log-variance (columns K…2K−1, clamped to
/// [<see cref="LatentLogVarMin"/>, <see cref="LatentLogVarMax"/>]). The decoder is <see cref="DecoderHidden"/> and
/// <see cref="DecoderHead"/>, whose outputs are Bernoulli logits (D), Gaussian means (D), or for the learned-variance
/// Gaussian the means (columns 0…D−1) followed by log-variances (columns D…2D−1, clamped to
/// [<see cref="ReconstructionLogVarMin"/>, <see cref="ReconstructionLogVarMax"/>]). The decoder's outputs for the
/// features of <see cref="Categories"/> are logits of a softmax each, whatever the likelihood, and their log-variances are 0.
/// </summary>
internal sealed class VaeNetwork
{
    /// <summary>
    /// Lower clamp of the latent log-variance. σ = e^−10 is far below any useful posterior width, and the clamp keeps
    /// exp(log σ²) and its gradient finite however far a diverging step pushes the head.
    /// </summary>
    public const float LatentLogVarMin = -20f;

    /// <summary>Upper clamp of the latent log-variance: σ² = e^10 is far wider than the N(0, I) prior.</summary>
    public const float LatentLogVarMax = 10f;

    /// <summary>
    /// Lower clamp of the learned reconstruction log-variance. Without a floor the Gaussian likelihood is unbounded
    /// (σ → 0 on any feature the decoder fits exactly) and training runs away; e^−9 ≈ 1.2e-4 is a 1% standard deviation.
    /// </summary>
    public const float ReconstructionLogVarMin = -9f;

    /// <summary>Upper clamp of the learned reconstruction log-variance.</summary>
    public const float ReconstructionLogVarMax = 9f;

    public VaeNetwork(
        int inputDimension,
        int latentDimension,
        VaeActivation activation,
        float leakyReluSlope,
        VaeLikelihood likelihood,
        float gaussianVariance,
        DenseLayer[] encoderHidden,
        DenseLayer encoderHead,
        DenseLayer[] decoderHidden,
        DenseLayer decoderHead,
        CategoricalGroups? categories = null)
    {
        InputDimension = inputDimension;
        LatentDimension = latentDimension;
        Activation = activation;
        LeakyReluSlope = leakyReluSlope;
        Likelihood = likelihood;
        GaussianVariance = gaussianVariance;
        EncoderHidden = encoderHidden;
        EncoderHead = encoderHead;
        DecoderHidden = decoderHidden;
        DecoderHead = decoderHead;
        Categories = categories ?? CategoricalGroups.None(inputDimension);
        Layers = [.. encoderHidden, encoderHead, .. decoderHidden, decoderHead];
        CheckShapes();
    }

    public int InputDimension { get; }

    public int LatentDimension { get; }

    public VaeActivation Activation { get; }

    public float LeakyReluSlope { get; }

    public VaeLikelihood Likelihood { get; }

    /// <summary>The fixed σ² of <see cref="VaeLikelihood.Gaussian"/>.</summary>
    public float GaussianVariance { get; }

    public DenseLayer[] EncoderHidden { get; }

    public DenseLayer EncoderHead { get; }

    public DenseLayer[] DecoderHidden { get; }

    public DenseLayer DecoderHead { get; }

    /// <summary>The one-hot features the decoder models with a softmax each; none for a network of numeric features only.</summary>
    public CategoricalGroups Categories { get; }

    /// <summary>Width of the decoder head: D, or 2D when it also outputs log-variances.</summary>
    public int DecoderOutputWidth => DecoderHead.OutputSize;

    public bool HasReconstructionLogVar => Likelihood == VaeLikelihood.GaussianLearnedVariance;

    /// <summary>
    /// Every layer in a fixed order: encoder hidden, encoder head, decoder hidden, decoder head. A list built once, so
    /// the training loop can walk it without allocating.
    /// </summary>
    public IReadOnlyList<DenseLayer> Layers { get; }

    /// <summary>The widest activation any layer produces, which sizes the scratch buffers.</summary>
    public int MaxWidth => Layers.Max(l => Math.Max(l.InputSize, l.OutputSize));

    /// <summary>A network of <paramref name="options"/>' architecture with random weights.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="inputDimension">The data's feature count D.</param>
    /// <param name="random">Draws the initial weights.</param>
    /// <param name="categories">The one-hot features to model with a softmax each; by default none.</param>
    public static VaeNetwork Create(VaeOptions options, int inputDimension, Random random, CategoricalGroups? categories = null)
    {
        int latent = options.LatentDimension;
        DenseLayer[] encoderHidden = Chain(inputDimension, options.HiddenLayerSizes);
        int encoderTop = encoderHidden.Length == 0 ? inputDimension : encoderHidden[^1].OutputSize;
        DenseLayer[] decoderHidden = Chain(latent, options.EffectiveDecoderHiddenLayerSizes);
        int decoderTop = decoderHidden.Length == 0 ? latent : decoderHidden[^1].OutputSize;
        int outputWidth = options.Likelihood == VaeLikelihood.GaussianLearnedVariance ? 2 * inputDimension : inputDimension;
        var network = new VaeNetwork(
            inputDimension,
            latent,
            options.Activation,
            options.LeakyReluSlope,
            options.Likelihood,
            options.GaussianVariance,
            encoderHidden,
            new DenseLayer(encoderTop, 2 * latent),
            decoderHidden,
            new DenseLayer(decoderTop, outputWidth),
            categories);
        foreach (DenseLayer layer in network.Layers)
        {
            layer.InitializeUniform(random);
        }

        return network;
    }

    /// <summary>
    /// The most features, or latent dimensions, a network can have: a pass holds a scratch row of twice the features,
    /// and the encoder head gives twice the latent dimensions, and either row must fit one array.
    /// </summary>
    public static int MaxDimension => Array.MaxLength / 2;

    // A protobuf message is at most 2 GiB − 1 bytes; the graph's nodes, names and metadata take well under 16 MiB.
    private const double MaxGraphConstantBytes = (double)int.MaxValue - (16 << 20);

    /// <summary>
    /// Refuses, before any array is made, a network whose weights or buffered outputs would not fit in one array, whose
    /// weights an ONNX file could not hold, or whose training would need more memory than the process may use. The
    /// options are validated without the data, whose width sets the input and output layers, so only here can a size
    /// such as <c>LatentDimension = int.MaxValue</c> be named instead of surfacing as an arithmetic overflow, and a network
    /// of tens of gigabytes be refused at once instead of after a minute of allocating or at the end of its training.
    /// </summary>
    /// <param name="options">Validated options.</param>
    /// <param name="inputDimension">The data's feature count D.</param>
    /// <param name="batchRows">
    /// The rows a training step holds, min(BatchSize, the data's rows); 1 where the rows are not known yet, which refuses
    /// no network a training would take. The rows of a scoring pass (<see cref="VaeModel.RowsPerPass(int)"/>) are counted too.
    /// </param>
    /// <param name="dataName">The argument that gives the data, named where its feature count is the limit.</param>
    /// <param name="availableBytes">The memory the process may use; by default what the garbage collector reports.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A layer, or the rows of its outputs a pass holds, is too large for an array, or the weights too many for an ONNX
    /// file or for the memory the process may use; names the setting that sizes the layer, or the largest layer;
    /// <see cref="VaeOptions.BatchSize"/> where a batch of rows of the data's width passes an array whatever the layers;
    /// and <paramref name="dataName"/> where one row does, or where one unit in every hidden layer and one latent
    /// dimension would leave the network too large too.
    /// </exception>
    public static void RequireTrainableSize(VaeOptions options, int inputDimension, int batchRows, string dataName, long? availableBytes = null)
    {
        IEnumerable<LayerShape> layers = LayerShapes(options, inputDimension);
        if (Oversize(options, layers, inputDimension, batchRows) is (string problem, string remedy, var setting))
        {
            throw new ArgumentOutOfRangeException(setting ?? dataName, $"{problem}; {remedy}.");
        }

        // Training holds each weight seven times (the weights, their gradients, Adam's two moments, the last good
        // copy and Adam's two moments beside it), eight with early stopping's best. Only the weights are counted, as the
        // layer sizes a caller can shrink set them: a batch's outputs and the data come on top, so this refuses no
        // network that could train.
        int copies = options.EarlyStoppingPatience is null ? 7 : 8;
        double weights = Weights(layers);
        double bytes = sizeof(float) * copies * weights;
        long available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available)
        {
            string? toShrink = SettingToShrink(options, inputDimension, layers, shapes => sizeof(float) * copies * Weights(shapes) > available);
            throw new ArgumentOutOfRangeException(toShrink ?? dataName, string.Create(
                CultureInfo.InvariantCulture,
                $"Training this network of {weights:N0} weights needs about {ByteSizeText.GibibytesUp(bytes)}, more than the {ByteSizeText.GibibytesDown(available)} this process may use; {Shrink(toShrink, inputDimension)}."));
        }
    }

    /// <summary>
    /// Why a network of these <paramref name="options"/> on <paramref name="inputDimension"/> features can be neither
    /// held nor saved — a layer, or the rows of its outputs a pass holds, beyond one array, or weights beyond what an
    /// ONNX file holds — what to do about it, and the setting to name, null where the data's feature count is the limit;
    /// null when it can be held and saved. A loaded model is held to this too, with <paramref name="batchRows"/> 1, as no
    /// model this library trained fails it.
    /// </summary>
    /// <param name="options">Validated options.</param>
    /// <param name="inputDimension">The data's feature count D.</param>
    /// <param name="batchRows">As for <see cref="RequireTrainableSize"/>.</param>
    public static (string Problem, string Remedy, string? Setting)? Oversize(VaeOptions options, int inputDimension, int batchRows) =>
        Oversize(options, LayerShapes(options, inputDimension), inputDimension, batchRows);

    private static (string Problem, string Remedy, string? Setting)? Oversize(VaeOptions options, IEnumerable<LayerShape> layers, int inputDimension, int batchRows)
    {
        // Every pass holds a scratch row of twice the data's width however small its layers, so only fewer features, or
        // fewer rows of them at once, make room for it.
        long featureRow = 2L * inputDimension;
        if (inputDimension > MaxDimension)
        {
            return (
                $"A row of {inputDimension} features needs {featureRow} values of scratch (twice the features), more than one array holds ({Array.MaxLength})",
                $"use at most {MaxDimension} features",
                null);
        }

        // Of a layer's two sides the wider is named, which the setting of the layer before sizes where it takes more than
        // it gives: 100 000 000 hidden units to 40 latent values ask for fewer hidden units, not latent dimensions.
        string? inputSetting = null;
        foreach ((long inputs, long outputs, _, string setting) in layers)
        {
            if (inputs * outputs > Array.MaxLength)
            {
                string wider = inputs > outputs ? inputSetting ?? setting : setting;
                return ($"A layer from {inputs} to {outputs} units has {inputs * outputs} weights, more than one array holds ({Array.MaxLength})", $"choose a smaller {wider}", wider);
            }

            inputSetting = setting;
        }

        // No row is wider than one array now: each is at most a layer's weights or the scratch row.
        int widest = (int)layers.Max(l => l.RowWidth);
        long rows = Math.Max(batchRows, VaeModel.RowsPerPass(widest));
        if (rows * featureRow > Array.MaxLength)
        {
            // A scoring pass holds no more rows than fit BufferRows' bound, or a single row, so these are a training batch's.
            return (
                $"A batch of {rows} rows of {inputDimension} features needs {rows * featureRow} values of scratch (twice the features a row), more than one array holds ({Array.MaxLength})",
                $"choose a {nameof(VaeOptions.BatchSize)} of at most {Array.MaxLength / widest}, or use fewer features",
                nameof(VaeOptions.BatchSize));
        }

        foreach ((long inputs, long outputs, long rowWidth, string setting) in layers)
        {
            if (rows * rowWidth > Array.MaxLength)
            {
                return ($"A layer from {inputs} to {outputs} units, with the values of {rows} rows held at once, needs more values than one array holds ({Array.MaxLength})", $"choose a smaller {setting}", setting);
            }
        }

        // The autoencoder graph holds every weight and, scaled, three constants per feature, and a protobuf message, so
        // an ONNX file, holds less than 2 GiB: a larger network would train to the end and then fail to save.
        double weights = Weights(layers);
        double graphBytes = GraphBytes(layers, inputDimension);
        if (graphBytes <= MaxGraphConstantBytes)
        {
            return null;
        }

        string? toShrink = SettingToShrink(options, inputDimension, layers, shapes => GraphBytes(shapes, inputDimension) > MaxGraphConstantBytes);
        return (
            string.Create(
                CultureInfo.InvariantCulture,
                $"This network of {weights:N0} weights would take {ByteSizeText.GibibytesUp(graphBytes)} in its ONNX autoencoder graph, which holds every weight, more than the 2 GiB an ONNX file can hold, so it could be neither saved nor scored by ONNX Runtime"),
            Shrink(toShrink, inputDimension),
            toShrink);
    }

    private static double GraphBytes(IEnumerable<LayerShape> layers, int inputDimension) => sizeof(float) * (Weights(layers) + (3.0 * inputDimension));

    /// <summary>
    /// The setting of the largest layer of a network that <paramref name="tooLarge"/> refuses, or null where it would
    /// refuse these layers with one unit each and one latent dimension too: then no setting makes room, as the layers
    /// that take and give the features are what is too large.
    /// </summary>
    private static string? SettingToShrink(VaeOptions options, int inputDimension, IEnumerable<LayerShape> layers, Func<IEnumerable<LayerShape>, bool> tooLarge)
    {
        return tooLarge(LayerShapes(options.WithUnitLayers(), inputDimension)) ? null : Largest(layers);
    }

    /// <summary>What to do about a network too large: choose a smaller <paramref name="setting"/>, or, where it is null, use fewer features.</summary>
    private static string Shrink(string? setting, int inputDimension) => setting is null
        ? $"with {inputDimension} features even one unit in every hidden layer and one latent dimension would be too many, so the feature count is the limit: use fewer features"
        : $"choose a smaller {setting}";

    /// <summary>
    /// Each dense layer's inputs and outputs, the widest row a pass holds for it, and the setting that sizes it. Produced
    /// as they are read, as a loaded manifest may list millions of layers, which a list of them would hold some hundred
    /// bytes each of.
    /// </summary>
    private static IEnumerable<LayerShape> LayerShapes(VaeOptions options, int inputDimension)
    {
        string decoderSetting = options.DecoderHiddenLayerSizes is null ? nameof(VaeOptions.HiddenLayerSizes) : nameof(VaeOptions.DecoderHiddenLayerSizes);
        long previous = inputDimension;
        foreach (int size in options.HiddenLayerSizes)
        {
            yield return new(previous, size, Math.Max(previous, size), nameof(VaeOptions.HiddenLayerSizes));
            previous = size;
        }

        yield return new(previous, 2L * options.LatentDimension, Math.Max(previous, 2L * options.LatentDimension), nameof(VaeOptions.LatentDimension));
        previous = options.LatentDimension;
        int[] decoderHidden = options.EffectiveDecoderHiddenLayerSizes;
        foreach (int size in decoderHidden)
        {
            yield return new(previous, size, Math.Max(previous, size), decoderSetting);
            previous = size;
        }

        // The decoder head's outputs are as wide as the data (twice, with learned variances), and every pass holds a
        // scratch row of twice the data's width; the setting that sizes the head is the one on its input side.
        long outputWidth = (options.Likelihood == VaeLikelihood.GaussianLearnedVariance ? 2L : 1L) * inputDimension;
        string headSetting = decoderHidden.Length == 0 ? nameof(VaeOptions.LatentDimension) : decoderSetting;
        yield return new(previous, outputWidth, Math.Max(previous, 2L * inputDimension), headSetting);
    }

    private static double Weights(IEnumerable<LayerShape> layers) => layers.Sum(l => (double)(l.Inputs + 1) * l.Outputs);

    private static string Largest(IEnumerable<LayerShape> layers) => layers.MaxBy(l => (double)l.Inputs * l.Outputs).Setting;

    private readonly record struct LayerShape(long Inputs, long Outputs, long RowWidth, string Setting);

    public VaeNetwork Clone() => new(
        InputDimension,
        LatentDimension,
        Activation,
        LeakyReluSlope,
        Likelihood,
        GaussianVariance,
        EncoderHidden.Select(l => l.Clone()).ToArray(),
        EncoderHead.Clone(),
        DecoderHidden.Select(l => l.Clone()).ToArray(),
        DecoderHead.Clone(),
        Categories);

    /// <summary>Overwrites every weight with those of a network of the same shape.</summary>
    public void CopyWeightsFrom(VaeNetwork source)
    {
        foreach ((DenseLayer target, DenseLayer from) in Layers.Zip(source.Layers))
        {
            target.CopyFrom(from);
        }
    }

    /// <summary>Whether every weight is bit for bit that of <paramref name="other"/>, a network of the same shape.</summary>
    public bool HasWeightsOf(VaeNetwork other) => Layers.Zip(other.Layers).All(pair => pair.First.HasWeightsOf(pair.Second));

    private static DenseLayer[] Chain(int inputSize, int[] sizes)
    {
        var layers = new DenseLayer[sizes.Length];
        int previous = inputSize;
        for (int i = 0; i < sizes.Length; i++)
        {
            layers[i] = new DenseLayer(previous, sizes[i]);
            previous = sizes[i];
        }

        return layers;
    }

    private void CheckShapes()
    {
        int expected = InputDimension;
        foreach (DenseLayer layer in EncoderHidden)
        {
            Require(layer.InputSize == expected, "an encoder hidden layer does not take the previous layer's width");
            expected = layer.OutputSize;
        }

        Require(EncoderHead.InputSize == expected, "the encoder head does not take the last hidden layer's width");
        Require(EncoderHead.OutputSize == 2 * LatentDimension, "the encoder head must output 2×latent dimension columns");
        expected = LatentDimension;
        foreach (DenseLayer layer in DecoderHidden)
        {
            Require(layer.InputSize == expected, "a decoder hidden layer does not take the previous layer's width");
            expected = layer.OutputSize;
        }

        Require(DecoderHead.InputSize == expected, "the decoder head does not take the last hidden layer's width");
        int outputWidth = HasReconstructionLogVar ? 2 * InputDimension : InputDimension;
        Require(DecoderHead.OutputSize == outputWidth, $"the decoder head must output {outputWidth} columns for {Likelihood}");
        Require(Categories.InputDimension == InputDimension, "the categorical features are those of a network of another width");
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Inconsistent VAE network: {what}.");
        }
    }
}
