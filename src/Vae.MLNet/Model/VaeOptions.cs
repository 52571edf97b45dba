using System.Globalization;
using Vae.MLNet.Numerics;
using static Vae.MLNet.Model.SettingChecks;

namespace Vae.MLNet;

/// <summary>
/// Architecture and training settings of a variational autoencoder. The defaults are the classic MNIST model of
/// Kingma &amp; Welling as PyTorch's example trains it: 400 hidden ReLU units, 20 latent dimensions, Bernoulli
/// decoder, Adam with learning rate 1e-3, batches of 128 and 10 epochs. They suit images with pixels in [0, 1] and
/// about 10^4 rows or more; for a small table of measurements, set the <see cref="VaeLikelihood.Gaussian"/> likelihood
/// with <see cref="VaeInputScaling.Standardize"/> scaling, epochs and a batch size that give a few thousand optimizer
/// steps (10 epochs of 142 rows in batches of 128 give 20), and hidden and latent sizes below the number of features.
/// </summary>
public class VaeOptions
{
    /// <summary>The default of <see cref="LatentDimension"/>, for the parameters of simpler overloads.</summary>
    internal const int DefaultLatentDimension = 20;

    /// <summary>The default of <see cref="Epochs"/>, for the parameters of simpler overloads.</summary>
    internal const int DefaultEpochs = 10;

    /// <summary>
    /// The most hidden layers training builds in the encoder or the decoder. ONNX Runtime's time to load a graph grows
    /// with the square of its depth: 10 000 layers of one unit took 18 s, and 50 000 over four minutes.
    /// </summary>
    public const int MaxHiddenLayers = 1000;

    /// <summary>
    /// Settings at the defaults each property gives, the classic MNIST model; set the ones to change in an object
    /// initializer, such as <c>new VaeOptions { LatentDimension = 2 }</c>.
    /// </summary>
    public VaeOptions()
    {
    }

    /// <summary>
    /// Sizes of the encoder's hidden layers, input side first, at most <see cref="MaxHiddenLayers"/> of them. The decoder
    /// mirrors them unless <see cref="DecoderHiddenLayerSizes"/> is set. Default: [400].
    /// </summary>
    public int[] HiddenLayerSizes { get; set; } = [400];

    /// <summary>Sizes of the decoder's hidden layers, latent side first; <see langword="null"/> mirrors <see cref="HiddenLayerSizes"/>. Default: null.</summary>
    public int[]? DecoderHiddenLayerSizes { get; set; }

    /// <summary>Dimension K of the latent space. Default: 20.</summary>
    public int LatentDimension { get; set; } = DefaultLatentDimension;

    /// <summary>Nonlinearity after every hidden layer. Default: <see cref="VaeActivation.Relu"/>.</summary>
    public VaeActivation Activation { get; set; } = VaeActivation.Relu;

    /// <summary>
    /// Slope for negative inputs when <see cref="Activation"/> is <see cref="VaeActivation.LeakyRelu"/>, in [0, 1]; checked
    /// whatever the activation, so options stay valid when only the activation is changed. Default: 0.01.
    /// </summary>
    public float LeakyReluSlope { get; set; } = 0.01f;

    /// <summary>Observation model of the decoder. Default: <see cref="VaeLikelihood.Bernoulli"/>.</summary>
    public VaeLikelihood Likelihood { get; set; } = VaeLikelihood.Bernoulli;

    /// <summary>
    /// The variance σ² of <see cref="VaeLikelihood.Gaussian"/>, in the units of the features after
    /// <see cref="InputScaling"/>; positive and finite, checked whatever the likelihood so options stay valid when only
    /// the likelihood is changed, but used by no other. Default: 1.
    /// </summary>
    public float GaussianVariance { get; set; } = 1f;

    /// <summary>Per-feature scaling learned from the training data and applied before the encoder. Default: none.</summary>
    public VaeInputScaling InputScaling { get; set; } = VaeInputScaling.None;

    /// <summary>Weight β of the KL term (β-VAE); 1 gives the evidence lower bound. Default: 1.</summary>
    public float Beta { get; set; } = 1f;

    /// <summary>
    /// Epochs over which the KL weight ramps linearly from 0 to <see cref="Beta"/> (epoch e uses β·e/W, e = 1…W).
    /// Epochs are counted over the model's whole history, so training continued from a model resumes the ramp where
    /// it stopped instead of restarting it. 0 uses <see cref="Beta"/> from the start, as 1 does. Default: 0.
    /// </summary>
    public int KLWarmupEpochs { get; set; }

    /// <summary>The part of <see cref="Beta"/> that epoch <paramref name="modelEpoch"/> of the model's history (from 1) weighs the KL term with.</summary>
    internal float KLWarmupFractionAt(int modelEpoch) => KLWarmupEpochs > 0 ? Math.Min(1f, modelEpoch / (float)KLWarmupEpochs) : 1f;

    /// <summary>Whether epoch <paramref name="modelEpoch"/> of the model's history (from 1) weighs the KL term with the whole of <see cref="Beta"/>.</summary>
    internal bool KLWarmedUpAt(int modelEpoch) => modelEpoch >= KLWarmupEpochs;

    /// <summary>
    /// Passes over the training data: at most <see cref="VaeTrainingHistory.MaxEpochs"/>, together with those of a model
    /// trained further. Default: 10, as PyTorch's MNIST example trains: 4690 steps of MNIST's 60 000 rows in batches of
    /// 128, but 20 of 142 rows, too few for a small table.
    /// </summary>
    public int Epochs { get; set; } = DefaultEpochs;

    /// <summary>Rows per gradient step. Default: 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>
    /// Adam step size: Adam moves each weight by about this much a step. Any positive value passes validation, but one
    /// so small that float32 adds no step to any weight (1e-30, say) changes nothing, and training stops with
    /// <see cref="VaeTrainingStalledException"/> after the first epoch that changed no weight. Default: 1e-3.
    /// </summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>Adam's decay rate of the first moment. Default: 0.9.</summary>
    public float AdamBeta1 { get; set; } = 0.9f;

    /// <summary>Adam's decay rate of the second moment. Default: 0.999.</summary>
    public float AdamBeta2 { get; set; } = 0.999f;

    /// <summary>
    /// Adam's denominator term. Default: 1e-8. The gradients are of the batch's mean loss, where PyTorch's VAE example
    /// takes them of its sum: against gradients smaller by the batch size, the same ε weighs that much more. Where ε
    /// outweighs a gradient, the step is the learning rate times the gradient over ε: any positive value passes
    /// validation, as PyTorch takes any, but one that makes every step round away in float32 (3e38, say) stops training
    /// with <see cref="VaeTrainingStalledException"/> after the first epoch that changed no weight.
    /// </summary>
    public float AdamEpsilon { get; set; } = 1e-8f;

    /// <summary>
    /// L2 penalty on weights (not biases), added to the gradient before the Adam update as
    /// <c>torch.optim.Adam(weight_decay=…)</c> does for a parameter group holding the weights alone (not the decoupled
    /// decay of AdamW). Default: 0. The gradients are of the batch's mean loss per row: PyTorch code that sums its loss
    /// over the batch, as its VAE example does, weighs its <c>weight_decay</c> against gradients larger by the batch
    /// size, so the same penalty there is this value times <see cref="BatchSize"/>.
    /// </summary>
    public float WeightDecay { get; set; }

    /// <summary>
    /// When set, the gradient of each step is rescaled so that its global L2 norm is at most this value. Any positive
    /// value passes validation, but one that shrinks the gradients far below <see cref="AdamEpsilon"/> (1e-45, say) makes
    /// every step round away, and training stops with <see cref="VaeTrainingStalledException"/> after the first epoch that
    /// changed no weight. Default: null (no clipping).
    /// </summary>
    public float? GradientClipNorm { get; set; }

    /// <summary>Seed of weight initialization, shuffling, the validation split and the reparameterization noise. Default: 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Fraction of rows held out (chosen by <see cref="Seed"/>) to compute a validation loss each epoch, from 0 to 0.9;
    /// any fraction above 0 holds out at least one row. Training a model further on the same data with the same seed
    /// and fraction holds out the same rows. The <see cref="InputScaling"/> is learned from every row, the held-out ones
    /// included, so that rows outside the training rows' range need no clipping. Must be 0 when training is given
    /// validation data of its own (<see cref="VaeTrainer.Fit(Data.VaeDataset, Data.VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/>,
    /// or the ML.NET estimator's <c>Fit(trainData, validationData)</c>), which takes the held-out rows' place. Default: 0.
    /// </summary>
    public float ValidationFraction { get; set; }

    /// <summary>The largest <see cref="ValidationFraction"/>.</summary>
    internal const float MaxValidationFraction = 0.9f;

    /// <summary>
    /// When set, training stops after this many epochs without a better validation loss and the weights of the best
    /// epoch are restored; training a model further counts the weights it starts from as a candidate too. The epochs of
    /// the KL warm-up (<see cref="KLWarmupEpochs"/>) are not watched, since their KL weight is not yet
    /// <see cref="Beta"/>: watching starts with the first epoch at the full weight, and a run that ends inside the
    /// warm-up keeps its last epoch's weights. Needs validation rows: a positive <see cref="ValidationFraction"/>, or
    /// validation data passed to <see cref="VaeTrainer.Fit(Data.VaeDataset, Data.VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/>
    /// or to the ML.NET estimator's <c>Fit(trainData, validationData)</c>; training without them refuses it. Default: null.
    /// </summary>
    public int? EarlyStoppingPatience { get; set; }

    /// <summary>The most threads <see cref="NumberOfThreads"/> and the ONNX Runtime scorer's thread settings accept.</summary>
    public const int MaxNumberOfThreads = 256;

    /// <summary>
    /// The most threads used for matrix products and element-wise work, 1 to <see cref="MaxNumberOfThreads"/>;
    /// <see langword="null"/> allows every processor. A training step uses a thread only for about 16 million
    /// multiply-adds of its own, so a small model trains on one whatever this allows. The same seed and thread count
    /// give bit-identical weights; with <see cref="GemmBackend.Managed"/> and no <see cref="GradientClipNorm"/>, so
    /// does the same seed with any thread count. The trained model's <see cref="VaeTrainingHistory.NumberOfThreadsUsed"/>
    /// records the threads its steps ran on, the count that trains the same weights again. The model scores with the
    /// count set here, saved and loaded with it, unless <see cref="VaeModel.WithNumberOfThreads"/> gives another;
    /// through ONNX Runtime, the runs <see cref="Runtime.VaeOnnxModel"/> starts by default stay within it. Default: null.
    /// </summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>
    /// Matrix-product implementation. A trained model scores in process with the same one where it is available, so a
    /// model trained with <see cref="GemmBackend.OpenBlas"/> and loaded where OpenBLAS is not installed takes
    /// <see cref="GemmBackend.Auto"/>'s choice instead. Default: <see cref="GemmBackend.Auto"/>.
    /// </summary>
    public GemmBackend Gemm { get; set; } = GemmBackend.Auto;

    /// <summary>The decoder's hidden layer sizes, latent side first, after mirroring.</summary>
    internal int[] EffectiveDecoderHiddenLayerSizes =>
        DecoderHiddenLayerSizes ?? HiddenLayerSizes.Reverse().ToArray();

    /// <summary>The number of threads to use after resolving <see langword="null"/>.</summary>
    internal int EffectiveThreads => ThreadCounts.Resolve(NumberOfThreads);

    /// <summary>A deep copy, so a trained model keeps the settings it was trained with.</summary>
    public VaeOptions Clone()
    {
        var copy = (VaeOptions)MemberwiseClone();

        // A null from code without nullable checks stays null, for Validate to name, instead of failing here.
        copy.HiddenLayerSizes = (int[]?)HiddenLayerSizes?.Clone()!;
        copy.DecoderHiddenLayerSizes = (int[]?)DecoderHiddenLayerSizes?.Clone();
        return copy;
    }

    /// <summary>
    /// A deep copy of the settings declared here, as a <see cref="VaeOptions"/> whatever the runtime type: a trainer or
    /// model given a derived class's options, such as an ML.NET estimator's with its progress callback, keeps neither
    /// that type nor what the derived class adds.
    /// </summary>
    internal VaeOptions SettingsOnly() => new()
    {
        HiddenLayerSizes = (int[])HiddenLayerSizes.Clone(),
        DecoderHiddenLayerSizes = (int[]?)DecoderHiddenLayerSizes?.Clone(),
        LatentDimension = LatentDimension,
        Activation = Activation,
        LeakyReluSlope = LeakyReluSlope,
        Likelihood = Likelihood,
        GaussianVariance = GaussianVariance,
        InputScaling = InputScaling,
        Beta = Beta,
        KLWarmupEpochs = KLWarmupEpochs,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        AdamBeta1 = AdamBeta1,
        AdamBeta2 = AdamBeta2,
        AdamEpsilon = AdamEpsilon,
        WeightDecay = WeightDecay,
        GradientClipNorm = GradientClipNorm,
        Seed = Seed,
        ValidationFraction = ValidationFraction,
        EarlyStoppingPatience = EarlyStoppingPatience,
        NumberOfThreads = NumberOfThreads,
        Gemm = Gemm,
    };

    /// <summary>
    /// <see cref="SettingsOnly"/> with one unit in each hidden layer: a network of the same layers, likelihood and graph
    /// names that costs nothing to make however large these options' is.
    /// </summary>
    internal VaeOptions WithUnitHiddenLayers()
    {
        VaeOptions narrow = SettingsOnly();
        narrow.HiddenLayerSizes = [.. narrow.HiddenLayerSizes.Select(_ => 1)];
        narrow.DecoderHiddenLayerSizes = narrow.DecoderHiddenLayerSizes?.Select(_ => 1).ToArray();
        return narrow;
    }

    /// <summary>
    /// <see cref="WithUnitHiddenLayers"/> with one latent dimension too: the smallest network of these settings, whose
    /// values a graph names as it names the full one's, and whose size only the feature count sets.
    /// </summary>
    internal VaeOptions WithUnitLayers()
    {
        VaeOptions smallest = WithUnitHiddenLayers();
        smallest.LatentDimension = 1;
        return smallest;
    }

    /// <summary>
    /// A copy of these options whose architecture and likelihood settings — layer sizes, latent dimension, activation,
    /// likelihood, Gaussian variance and input scaling — are taken from <paramref name="architecture"/>, so a model
    /// trained further still describes its own network.
    /// </summary>
    internal VaeOptions WithArchitectureOf(VaeOptions architecture)
    {
        VaeOptions copy = Clone();
        copy.HiddenLayerSizes = (int[])architecture.HiddenLayerSizes.Clone();
        copy.DecoderHiddenLayerSizes = (int[]?)architecture.DecoderHiddenLayerSizes?.Clone();
        copy.LatentDimension = architecture.LatentDimension;
        copy.Activation = architecture.Activation;
        copy.LeakyReluSlope = architecture.LeakyReluSlope;
        copy.Likelihood = architecture.Likelihood;
        copy.GaussianVariance = architecture.GaussianVariance;
        copy.InputScaling = architecture.InputScaling;
        return copy;
    }

    /// <summary>
    /// <see cref="Validate"/>, that <see cref="Epochs"/> fits a model's history and that there are at most
    /// <see cref="MaxHiddenLayers"/> hidden layers. Not part of <see cref="Validate"/>: a saved model's options record the
    /// <see cref="Epochs"/> of the run that trained its weights, which early stopping may have cut short of a number beyond the cap, and models
    /// trained before the caps may be deeper, and loading must accept both.
    /// </summary>
    internal void ValidateForTraining()
    {
        Validate();
        CheckAtMost(Epochs, VaeTrainingHistory.MaxEpochs, nameof(Epochs), ", the longest training history a model zip holds.");
        CheckLayerCount(HiddenLayerSizes, nameof(HiddenLayerSizes));
        if (DecoderHiddenLayerSizes is { } decoder)
        {
            CheckLayerCount(decoder, nameof(DecoderHiddenLayerSizes));
        }
    }

    // The count is no value of the setting, so it is told in the message, not as the exception's actual value, which
    // callers show as the setting's ("--hidden 1001" would read as one layer of 1001 units).
    private static void CheckLayerCount(int[] sizes, string name)
    {
        if (sizes.Length > MaxHiddenLayers)
        {
            throw new ArgumentOutOfRangeException(
                name,
                string.Create(CultureInfo.InvariantCulture, $"{name} lists {sizes.Length} layers; training builds at most {MaxHiddenLayers}, as ONNX Runtime's time to load a graph grows with the square of its depth."));
        }
    }

    /// <summary>
    /// Checks every setting and throws an <see cref="ArgumentException"/> naming the first bad one. Training also caps
    /// <see cref="Epochs"/> at <see cref="VaeTrainingHistory.MaxEpochs"/> and the hidden layers at
    /// <see cref="MaxHiddenLayers"/>, which this leaves out because loading a model, whose options may pass them, runs it.
    /// </summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenLayerSizes, nameof(HiddenLayerSizes));
        CheckLayerSizes(HiddenLayerSizes, nameof(HiddenLayerSizes));
        if (DecoderHiddenLayerSizes is not null)
        {
            CheckLayerSizes(DecoderHiddenLayerSizes, nameof(DecoderHiddenLayerSizes));
        }

        CheckAtLeast(LatentDimension, 1, nameof(LatentDimension));
        CheckDefined(Activation, nameof(Activation));
        CheckDefined(Likelihood, nameof(Likelihood));
        CheckDefined(InputScaling, nameof(InputScaling));
        CheckDefined(Gemm, nameof(Gemm));
        if (Likelihood == VaeLikelihood.Bernoulli && InputScaling == VaeInputScaling.Standardize)
        {
            throw new ArgumentException(
                $"Standardized features leave [0, 1], which the {nameof(VaeLikelihood.Bernoulli)} likelihood needs; set {nameof(InputScaling)} to {nameof(VaeInputScaling.MinMax)} or {nameof(Likelihood)} to {nameof(VaeLikelihood.Gaussian)}.",
                nameof(InputScaling));
        }

        CheckFinite(LeakyReluSlope, nameof(LeakyReluSlope), min: 0f, max: 1f);
        CheckPositive(GaussianVariance, nameof(GaussianVariance));
        CheckFinite(Beta, nameof(Beta), min: 0f, max: float.MaxValue);
        CheckAtLeast(KLWarmupEpochs, 0, nameof(KLWarmupEpochs));
        CheckAtLeast(Epochs, 1, nameof(Epochs));
        CheckAtLeast(BatchSize, 1, nameof(BatchSize));
        CheckPositive(LearningRate, nameof(LearningRate));
        CheckFinite(AdamBeta1, nameof(AdamBeta1), min: 0f, max: 0.9999999f);
        CheckFinite(AdamBeta2, nameof(AdamBeta2), min: 0f, max: 0.9999999f);
        CheckPositive(AdamEpsilon, nameof(AdamEpsilon));
        CheckFinite(WeightDecay, nameof(WeightDecay), min: 0f, max: float.MaxValue);
        if (GradientClipNorm is { } clip)
        {
            CheckPositive(clip, nameof(GradientClipNorm));
        }

        CheckFinite(ValidationFraction, nameof(ValidationFraction), min: 0f, max: MaxValidationFraction);
        if (EarlyStoppingPatience is { } patience)
        {
            CheckAtLeast(patience, 1, nameof(EarlyStoppingPatience));
        }

        ThreadCounts.Check(NumberOfThreads, nameof(NumberOfThreads));
    }

    /// <summary>
    /// Refuses a <see cref="ValidationFraction"/> above 0 beside validation data, which takes the held-out rows' place.
    /// Not part of <see cref="Validate"/>: only a training run knows whether it is given validation data.
    /// </summary>
    /// <param name="validationDataName">The parameter that takes the validation data, which the exception names.</param>
    internal void RequireNoValidationFraction(string validationDataName)
    {
        if (ValidationFraction > 0f)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Validation rows come from the validation data or from {nameof(ValidationFraction)} (now {ValidationFraction}), not both: set {nameof(ValidationFraction)} to 0 to measure the validation data, or leave the validation data out to hold rows out."),
                validationDataName);
        }
    }

    /// <summary>
    /// Whether these options train only with validation data: <see cref="EarlyStoppingPatience"/> with no
    /// <see cref="ValidationFraction"/> to hold rows out. A model whose options say so was given validation data of its own,
    /// which it does not keep, so training it again needs that data too.
    /// </summary>
    internal bool NeedsValidationData => EarlyStoppingPatience is not null && ValidationFraction <= 0f;

    /// <summary>
    /// Refuses <see cref="EarlyStoppingPatience"/> with no validation rows to watch: no <see cref="ValidationFraction"/>
    /// above 0 and no validation data. Not part of <see cref="Validate"/>: only a training run knows whether it is given
    /// validation data, and a model trained with some keeps options whose fraction is 0.
    /// </summary>
    /// <param name="validationData">Whether the run is given validation data.</param>
    /// <param name="fitWithValidationData">The call that takes validation data, which the message offers.</param>
    internal void RequireValidationRowsForEarlyStopping(bool validationData, string fitWithValidationData)
    {
        if (!NeedsValidationData || validationData)
        {
            return;
        }

        throw new ArgumentException(
            $"{nameof(EarlyStoppingPatience)} needs validation rows: set {nameof(ValidationFraction)} above 0 (for example 0.1) to hold rows out, "
            + $"or pass validation data to {fitWithValidationData}.",
            nameof(EarlyStoppingPatience));
    }

    private static void CheckLayerSizes(int[] sizes, string name)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] < 1)
            {
                throw new ArgumentOutOfRangeException(name, sizes[i], string.Create(CultureInfo.InvariantCulture, $"Hidden layer {i} has size {sizes[i]}; every hidden layer needs at least one unit."));
            }
        }
    }
}
