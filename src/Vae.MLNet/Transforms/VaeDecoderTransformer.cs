using Vae.MLNet.Data;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Transforms;

/// <summary>
/// The decoder half of a trained VAE, scored by ONNX Runtime: turns latent points into rows in the original feature
/// units (Bernoulli probabilities or Gaussian means) or rows drawn from p(x | z) around them, draws new rows from the
/// prior, and walks between latent points.
/// Made by <see cref="VaeTransformer.CreateDecoder"/>. It shares the transformer's ONNX Runtime sessions; they are
/// released once both are disposed, in either order. All methods are safe to call from several threads at once; once
/// disposed, each throws <see cref="ObjectDisposedException"/> whatever its arguments.
/// </summary>
public sealed class VaeDecoderTransformer : IDisposable
{
    private readonly VaeOnnxModelShare _share;

    internal VaeDecoderTransformer(VaeOnnxModelShare share)
    {
        _share = share;
        VaeOnnxModel model = share.Get(this);
        InputDimension = model.InputDimension;
        LatentDimension = model.LatentDimension;
        FeatureRanges = model.FeatureRanges;
        CategoricalFeatures = model.CategoricalFeatures;
        ColumnNames = model.ColumnNames;
    }

    /// <summary>Number of features D of each decoded row.</summary>
    public int InputDimension { get; }

    /// <summary>Dimension K of each latent point.</summary>
    public int LatentDimension { get; }

    /// <summary>
    /// The range of each feature over the training data, and which features held whole numbers only (see
    /// <see cref="VaeModel.FeatureRanges"/>):
    /// <see cref="VaeFeatureRanges.Apply(Span{float}, IReadOnlyList{VaeCategoricalFeature})"/>, passed
    /// <see cref="CategoricalFeatures"/>, keeps generated rows to them.
    /// <see langword="null"/> for a model saved before ranges were kept.
    /// </summary>
    public VaeFeatureRanges? FeatureRanges { get; }

    /// <summary>
    /// The features that stand for text categories, one-hot (see <see cref="VaeModel.CategoricalFeatures"/>), whose
    /// <see cref="VaeCategoricalFeature.CategoryOf"/> reads a generated row's categories; null when the training data
    /// read no column as categories.
    /// </summary>
    public IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures { get; }

    /// <summary>
    /// The names of the columns <see cref="ToColumnValues"/> gives and <see cref="FromColumnValues"/> takes, in their order (see <see cref="VaeModel.ColumnNames"/>);
    /// <see langword="null"/> where the model has no feature names, or a categorical column has no name of its own.
    /// </summary>
    public IReadOnlyList<string>? ColumnNames { get; }

    /// <summary>Decodes rows of latent points (K values each) into D values per row.</summary>
    /// <param name="latent">Latent points, row-major.</param>
    /// <param name="reconstruction">Receives the decoded rows, row-major.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a latent value is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The decoder has been disposed.</exception>
    public void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction) => _share.Get(this).Decode(latent, reconstruction);

    /// <summary>
    /// Decodes like <see cref="Decode(ReadOnlySpan{float}, Span{float})"/> and, for
    /// <see cref="VaeLikelihood.GaussianLearnedVariance"/>, writes the per-feature log-variances of p(x | z) into
    /// <paramref name="reconstructionLogVariance"/>, as <see cref="VaeModel.Decode(ReadOnlySpan{float}, Span{float}, Span{float})"/>
    /// does, to ONNX Runtime's rounding. The features of categorical columns, which a softmax models, have none: theirs are 0.
    /// </summary>
    /// <param name="latent">Latent points, K values each, row-major.</param>
    /// <param name="reconstruction">Receives the decoded rows, D values each, row-major.</param>
    /// <param name="reconstructionLogVariance">
    /// Receives the log-variances of p(x | z) in the original feature units, D values per row, row-major; empty to skip them, which
    /// a model of another likelihood, having none, requires.
    /// </param>
    /// <exception cref="ArgumentException">
    /// A span does not hold whole rows or the matching length, the spans share memory, a latent value is not finite, or
    /// <paramref name="reconstructionLogVariance"/> is not empty and the model's likelihood is not
    /// <see cref="VaeLikelihood.GaussianLearnedVariance"/>.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The decoder has been disposed.</exception>
    public void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance) =>
        _share.Get(this).Decode(latent, reconstruction, reconstructionLogVariance);

    /// <summary>
    /// Generates <paramref name="count"/> new rows by decoding latent points drawn from N(0, T²·I), T being
    /// <paramref name="temperature"/>. The same seed and temperature give the same rows; T below 1 trades variety for
    /// typical-looking rows, and T = 0 decodes the prior's mean z = 0 for every row.
    /// </summary>
    /// <param name="count">Rows to generate, at least 1.</param>
    /// <param name="seed">Seed of the latent draws, and of the observations' when they are drawn.</param>
    /// <param name="temperature">Standard deviation T of the draws: finite, not negative and at most float.MaxValue / 8.572 (about 3.9697e37), past which a draw could overflow float32.</param>
    /// <param name="sampleObservations">
    /// Whether each row is drawn from p(x | z) rather than being its mean, as <see cref="VaeModel.Generate"/> draws them:
    /// the same seed gives the same rows there and here, to ONNX Runtime's rounding.
    /// </param>
    /// <returns><paramref name="count"/> × D values, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="count"/> is below 1 or too large for one array, or <paramref name="temperature"/> is negative, not finite, or above float.MaxValue / 8.572 (about 3.9697e37), where a draw could overflow float32.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32, or a drawn observation's noise is too wide for it.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The decoder has been disposed.</exception>
    public float[] Generate(int count, int seed = 0, float temperature = 1f, bool sampleObservations = false) =>
        _share.Get(this).Generate(count, seed, temperature, sampleObservations);

    /// <summary>
    /// Decodes rows of latent points (K values each) and draws each row from p(x | z), as
    /// <see cref="VaeModel.SampleObservations"/> does: the same latent points and seed give the same rows there and here,
    /// to ONNX Runtime's rounding. Each call starts its seed's draws afresh, so calls with one seed draw their rows' noise
    /// alike: pass the latent points at once, or a seed for each call.
    /// </summary>
    /// <param name="latent">Latent points, K values each, row-major: chosen, or encoded from rows.</param>
    /// <param name="observations">Receives the drawn rows, D values each, row-major.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, the spans share memory, or a latent value is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32, or a drawn observation's noise is too wide for it.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The decoder has been disposed.</exception>
    public void SampleObservations(ReadOnlySpan<float> latent, Span<float> observations, int seed = 0) =>
        _share.Get(this).SampleObservations(latent, observations, seed);

    /// <summary>
    /// Decodes <paramref name="steps"/> evenly spaced points on the straight line from <paramref name="latentA"/> to
    /// <paramref name="latentB"/>: point i is (1 − t)·a + t·b with t = i / (steps − 1), so the first row decodes exactly
    /// <paramref name="latentA"/> and the last exactly <paramref name="latentB"/>.
    /// </summary>
    /// <param name="latentA">The starting latent point, K values.</param>
    /// <param name="latentB">The final latent point, K values.</param>
    /// <param name="steps">Points to decode, both ends included: at least 2.</param>
    /// <returns><paramref name="steps"/> × D values, row-major, from <paramref name="latentA"/> to <paramref name="latentB"/>.</returns>
    /// <exception cref="ArgumentException">A latent point does not hold K values, or holds a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 2 or too large for one array.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The decoder has been disposed.</exception>
    public float[] Interpolate(ReadOnlySpan<float> latentA, ReadOnlySpan<float> latentB, int steps) =>
        _share.Get(this).Interpolate(latentA, latentB, steps);

    /// <summary>
    /// Turns a decoded or generated row back into the columns of the data the model was trained on, as
    /// <see cref="VaeModel.ToColumnValues"/> does: each categorical column as the <see cref="string"/> of its category
    /// (<see langword="null"/> for a row of none), each other feature as its <see cref="float"/>.
    /// </summary>
    /// <param name="row">One whole row of <see cref="InputDimension"/> features, as <see cref="Decode(ReadOnlySpan{float}, Span{float})"/> or <see cref="Generate"/> gives them.</param>
    /// <returns>One value per column, in the order of <see cref="ColumnNames"/>.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="row"/> does not hold <see cref="InputDimension"/> values, or a categorical column's features hold NaN.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The decoder has been disposed.</exception>
    public object?[] ToColumnValues(ReadOnlySpan<float> row) => _share.Get(this).ToColumnValues(row);

    /// <summary>
    /// Turns the values of one row of the data the model was trained on, in the order of <see cref="ColumnNames"/>, into
    /// a row of <see cref="InputDimension"/> features, as <see cref="VaeModel.FromColumnValues"/> does: the inverse of
    /// <see cref="ToColumnValues"/>, to set a given row beside decoded ones feature by feature.
    /// </summary>
    /// <param name="values">One value per column: a category's text for a categorical column, a finite number for the others.</param>
    /// <param name="unknownCategoriesAsNone">Whether a category the model was not trained on, or <see langword="null"/>, leaves all its column's features 0 rather than being refused.</param>
    /// <returns>A new row of <see cref="InputDimension"/> features.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> does not hold one value per column, a categorical column's value is not one of its
    /// categories, or another column's value is not a number finite as a <see cref="float"/>, or is a nonzero
    /// <see cref="double"/> nearer 0 than a <see cref="float"/> holds.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The decoder has been disposed.</exception>
    public float[] FromColumnValues(IReadOnlyList<object?> values, bool unknownCategoriesAsNone = false) =>
        _share.Get(this).FromColumnValues(values, unknownCategoriesAsNone);

    /// <summary>Releases this decoder's share of the ONNX Runtime sessions. Repeated calls do nothing.</summary>
    public void Dispose() => _share.Dispose();
}
