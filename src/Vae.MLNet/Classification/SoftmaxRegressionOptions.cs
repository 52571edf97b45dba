using Vae.MLNet.Numerics;
using static Vae.MLNet.Model.SettingChecks;

namespace Vae.MLNet.Classification;

/// <summary>
/// Settings of <see cref="SoftmaxRegression"/>: mini-batch Adam on the mean cross-entropy plus an optional L2 penalty.
/// The defaults train a well-conditioned model on a few dozen standardized features or on MNIST's 784 pixels.
/// </summary>
public sealed class SoftmaxRegressionOptions
{
    /// <summary>
    /// Settings at the defaults each property gives; set the ones to change in an object initializer, such as
    /// <c>new SoftmaxRegressionOptions { Epochs = 50 }</c>.
    /// </summary>
    public SoftmaxRegressionOptions()
    {
    }

    /// <summary>Passes over the training rows. Default: 20.</summary>
    public int Epochs { get; set; } = 20;

    /// <summary>Rows per Adam step. Default: 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Adam step size. Default: 1e-3.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>
    /// Strength λ of the penalty (λ/2)·‖W‖² on the weights (those of the standardized features when
    /// <see cref="StandardizeFeatures"/> is set), not the biases; applied as
    /// Adam weight decay, as <c>torch.optim.Adam</c> does with <c>weight_decay=λ</c> on a parameter group holding the
    /// weight matrix alone. Default: 1e-4.
    /// </summary>
    public float L2Regularization { get; set; } = 1e-4f;

    /// <summary>Seed of the row shuffling; the same seed, data and thread count give identical weights. Default: 0.</summary>
    public int Seed { get; set; }

    /// <summary>Threads used for matrix products, 1 to <see cref="VaeOptions.MaxNumberOfThreads"/>; <see langword="null"/> uses every processor. Default: null.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>
    /// Whether each feature is shifted to mean 0 and scaled to standard deviation 1 (constant features are only shifted)
    /// before training. The model keeps the scaling and applies it to the rows it predicts on, so it takes unscaled rows. Default: true.
    /// </summary>
    public bool StandardizeFeatures { get; set; } = true;

    internal int EffectiveThreads => ThreadCounts.Resolve(NumberOfThreads);

    internal SoftmaxRegressionOptions Clone() => (SoftmaxRegressionOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting outside its range.</summary>
    internal void Validate()
    {
        CheckAtLeast(Epochs, 1, nameof(Epochs));
        CheckAtLeast(BatchSize, 1, nameof(BatchSize));
        CheckPositive(LearningRate, nameof(LearningRate));
        CheckFinite(L2Regularization, nameof(L2Regularization), min: 0f, max: float.MaxValue);

        ThreadCounts.Check(NumberOfThreads, nameof(NumberOfThreads));
    }
}
