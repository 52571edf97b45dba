using System.Globalization;
using System.Numerics.Tensors;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Decomposition;

/// <summary>
/// Principal component analysis: the directions of largest variance of a dataset, and the projection of rows onto them.
/// Components are unit eigenvectors of the sample covariance, in descending order of eigenvalue, each signed so that its
/// largest-magnitude entry is positive (of entries whose magnitudes agree to a millionth, the first), so the sign does not
/// depend on the seed or the solver. All methods of a fitted instance are safe to call from several threads at once.
/// </summary>
public sealed class Pca
{
    /// <summary>Subspace iteration is used while its block of vectors is under 1/8 of the features; see <see cref="Leading"/>.</summary>
    private const int DenseBlockFraction = 8;

    /// <summary>
    /// How many iterations of subspace iteration, times block / d, take as long as solving the whole d×d covariance: 3.0–3.8
    /// at d = 300, 784 and 1568 here (<see cref="SymmetricEigenSolver"/> against iterations with blocks of 26, 56 and 116).
    /// </summary>
    private const int SubspaceIterationsPerDenseSolution = 4;

    /// <summary>
    /// Entries of a component whose magnitudes differ by less than this share are tied when choosing its sign: features
    /// such as x and −x, or a one-hot pair, give entries equal but for the solvers' error (about 1e-9), which would
    /// otherwise pick the sign by the seed.
    /// </summary>
    private const double TiedMagnitude = 1e-6;

    // The projection (x − mean)·Cᵀ is taken as (x − centre)·Cᵀ − δ·Cᵀ: rows are centred on the mean rounded to float32
    // (the centre) before the product, whose weights are Cᵀ (D×K), and the bias −δ·Cᵀ takes back what rounding left,
    // δ = mean − centre. Folding the whole mean into the bias instead, x·Cᵀ − mean·Cᵀ, cancelled two terms as large as the
    // mean in float32: a feature at 1e6 lost every digit of a spread of 1/16.
    private readonly DenseLayer _projection;
    private readonly Lazy<IMatrixMultiplier> _gemm;
    private readonly float[] _mean;
    private readonly double[] _explainedVariance;
    private readonly double[] _explainedVarianceRatio;

    private Pca(DenseLayer projection, float[] mean, double[] explainedVariance, double[] explainedVarianceRatio, string[]? featureNames, int threads)
    {
        _projection = projection;
        FeatureNames = featureNames is null ? null : Array.AsReadOnly(featureNames);
        _mean = mean;
        _explainedVariance = explainedVariance;
        _explainedVarianceRatio = explainedVarianceRatio;
        _gemm = new Lazy<IMatrixMultiplier>(() => MatrixMultipliers.Create(GemmBackend.Auto, threads));
    }

    /// <summary>Number of features D of the rows it projects.</summary>
    public int FeatureCount => _projection.InputSize;

    /// <summary>Number of components K, the width of projected rows.</summary>
    public int ComponentCount => _projection.OutputSize;

    /// <summary>
    /// The name of each feature when the data it was fitted on named them (<see cref="VaeDataset.FeatureNames"/>) so as to
    /// tell every feature apart; otherwise <see langword="null"/>. <see cref="Transform(VaeDataset)"/> refuses named data
    /// whose names differ or come in another order.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>The per-feature mean subtracted before projecting.</summary>
    public IReadOnlyList<float> Mean => Array.AsReadOnly(_mean);

    /// <summary>
    /// The variance along each component (the covariance eigenvalues, with the rows − 1 divisor), descending. The products
    /// behind them are taken in float32, so a variance below about a millionth of the first is as much rounding as signal:
    /// read such components as explaining next to nothing, not as measured.
    /// </summary>
    public IReadOnlyList<double> ExplainedVariance => Array.AsReadOnly(_explainedVariance);

    /// <summary>Each component's share of the total variance (the covariance trace).</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio => Array.AsReadOnly(_explainedVarianceRatio);

    /// <summary>Finds the <paramref name="componentCount"/> leading principal components of <paramref name="data"/>.</summary>
    /// <param name="data">At least two rows.</param>
    /// <param name="componentCount">Components to keep, 1 to <see cref="VaeDataset.FeatureCount"/>.</param>
    /// <param name="seed">
    /// Seed of the starting subspace when few components of many features are found by subspace iteration (while
    /// 2K + 16 &lt; D/8 for K components of D features); results agree across seeds to that solver's tolerance.
    /// Otherwise, or where the leading variances lie too close together for it to converge soon, every eigenpair is
    /// computed directly and the seed plays no part.
    /// </param>
    /// <param name="numberOfThreads">Threads for the products and the eigensolver, 1 to <see cref="VaeOptions.MaxNumberOfThreads"/>; <see langword="null"/> uses every processor.</param>
    /// <exception cref="ArgumentException">
    /// The data has fewer than two rows, no features, not one label per row, feature names that are not one per feature,
    /// or so many features (over 46 000) that their covariance matrix does not fit one array.
    /// </exception>
    /// <exception cref="VaeDataException">
    /// A feature is not finite; or the features are so large that projecting rows within their ranges, the data's own
    /// among them, could overflow float32 (the message says by how much to divide them).
    /// </exception>
    public static Pca Fit(VaeDataset data, int componentCount, int seed = 0, int? numberOfThreads = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount < 2)
        {
            throw new ArgumentException($"The dataset has {data.RowCount} row(s); a covariance needs at least two.", nameof(data));
        }

        ScoringArguments.RequireRows(data, nameof(data));

        ArgumentOutOfRangeException.ThrowIfLessThan(componentCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentCount, data.FeatureCount);
        ThreadCounts.Check(numberOfThreads, nameof(numberOfThreads));
        int threads = ThreadCounts.Resolve(numberOfThreads);
        // Kept only when they tell the features apart, as a CSV reading keeps a header's: a PCA has no manifest to refuse them for.
        string[]? featureNames = null;
        if (data.FeatureNames is { } names)
        {
            FeatureNaming.RequireOnePerFeature(names, data.FeatureCount, nameof(data));
            featureNames = FeatureNaming.RuleBroken(names) is null ? names.ToArray() : null;
        }

        int d = data.FeatureCount;
        if ((long)d * d > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The data has {d} features, whose {d} × {d} covariance matrix is larger than one array can hold ({Array.MaxLength} values); "
                + "reduce the features first, for example with a VAE's latent means.",
                nameof(data));
        }

        (FeatureStatistics statistics, double[] covariance) = Covariance.Compute(data, MatrixMultipliers.Create(GemmBackend.Auto, threads));
        double[] mean = statistics.Mean;
        double totalVariance = 0;
        for (int i = 0; i < d; i++)
        {
            totalVariance += covariance[i * d + i];
        }

        (double[] values, double[][] vectors) = Leading(covariance, d, componentCount, seed, threads);
        float[] centre = mean.Select(m => (float)m).ToArray();
        var projection = new DenseLayer(d, componentCount);
        var ratios = new double[componentCount];
        for (int c = 0; c < componentCount; c++)
        {
            double[] vector = vectors[c];
            double sign = OrientingSign(vector);
            double bias = 0;
            for (int j = 0; j < d; j++)
            {
                double weight = sign * vector[j];
                projection.Weights[j * componentCount + c] = (float)weight;
                bias -= (mean[j] - centre[j]) * weight;
            }

            projection.Bias[c] = (float)bias;

            // Eigenvalues of a covariance are ≥ 0; a tiny negative one is rounding.
            values[c] = Math.Max(0, values[c]);
            ratios[c] = totalVariance > 0 ? values[c] / totalVariance : 0;
        }

        RequireFiniteProjections(statistics, centre, projection);
        return new Pca(projection, centre, values, ratios, featureNames, threads);
    }

    /// <summary>
    /// Refuses data that rows within its features' ranges, its own rows among them, could project past float32:
    /// <see cref="Project"/> centres each value and sums its products with a component in float32, so a value further
    /// from the centre than float32's largest value, or a sum past it, comes out infinite, and <see cref="Transform(VaeDataset)"/>
    /// would refuse the very rows fitted on, blaming them for lying outside the training data. The bound takes each
    /// feature at its end furthest from the centre; each of the d + 2 roundings of a projection (the centring, the product
    /// and the d additions, the bias's among them) grows it by a factor of at most 1 + 2⁻²⁴, which 1 + (d + 2)·2⁻²³ covers.
    /// </summary>
    private static void RequireFiniteProjections(FeatureStatistics statistics, float[] centre, DenseLayer projection)
    {
        int d = centre.Length;
        int k = projection.OutputSize;
        double[] furthest = [.. Enumerable.Range(0, d).Select(j => Math.Max(statistics.Max[j] - (double)centre[j], centre[j] - (double)statistics.Min[j]))];
        double reach = furthest.Max();
        for (int c = 0; c < k; c++)
        {
            double sum = Math.Abs(projection.Bias[c]);
            for (int j = 0; j < d; j++)
            {
                sum += Math.Abs(projection.Weights[(j * k) + c]) * furthest[j];
            }

            reach = Math.Max(reach, sum);
        }

        reach *= 1 + ((d + 2) * Math.ScaleB(1.0, -23));
        if (reach > float.MaxValue)
        {
            double divisor = Math.Pow(10, Math.Ceiling(Math.Log10(reach / float.MaxValue)));
            throw new VaeDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"The features are so large that a row within their ranges could project to {reach:G3} (centred on the mean, then summed along a component), past float32's largest value ({float.MaxValue}), "
                + $"so projections, those of the rows fitted on among them, would overflow float32; divide the features by {divisor} or more before fitting."));
        }
    }

    /// <summary>The sign that makes the first of <paramref name="vector"/>'s largest-magnitude entries positive.</summary>
    private static double OrientingSign(double[] vector)
    {
        double largest = TensorPrimitives.MaxMagnitude<double>(vector);
        foreach (double entry in vector)
        {
            if (Math.Abs(entry) >= (1 - TiedMagnitude) * Math.Abs(largest))
            {
                return entry < 0 ? -1 : 1;
            }
        }

        return 1;
    }

    /// <summary>
    /// The <paramref name="count"/> largest eigenpairs of the d×d covariance: by subspace iteration, whose cost grows
    /// with its block of about 2·count vectors, while the block is under d/8, and otherwise by solving the whole
    /// covariance, whose cost grows as d³ whatever the count. That is where the two met on MNIST at 784 and at 3136
    /// features (each image upsampled twice): at 784, subspace iteration took 0.2–0.4 s for 20 components, 0.6 s for 50,
    /// 1.6 s for 100 and 4 s for 300, the whole covariance 0.4–0.6 s; at 3136, 15 s for 100 components, 43 s for 200,
    /// the whole covariance 36–48 s (those times when every pair's residual was held to a share of λ₁). Subspace
    /// iteration converges in 9–20 iterations on the MNIST and Fashion-MNIST covariances for 5 to 40 components (9–15
    /// held to λ₁), but only slowly where the leading eigenvalues lie close together, or where a small pair lies among
    /// others close to it far below λ₁: it is given up for the whole covariance after iterations that cost about twice
    /// what the whole covariance does, so such data costs at most three times that.
    /// </summary>
    private static (double[] Values, double[][] Vectors) Leading(double[] covariance, int d, int count, int seed, int threads)
    {
        int block = SubspaceIteration.BlockSize(d, count);
        if (block * DenseBlockFraction < d
            && SubspaceIteration.Largest(covariance, d, count, 2 * SubspaceIterationsPerDenseSolution * d / block, new SeededRandom(seed), threads) is { } leading)
        {
            return leading;
        }

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(covariance, d, threads);
        return (values[..count], Enumerable.Range(0, count).Select(r => vectors.AsSpan(r * d, d).ToArray()).ToArray());
    }

    /// <summary>The components as rows: <see cref="ComponentCount"/> × <see cref="FeatureCount"/> values, row-major.</summary>
    public float[] GetComponents()
    {
        int k = ComponentCount;
        var components = new float[k * FeatureCount];
        for (int j = 0; j < FeatureCount; j++)
        {
            for (int c = 0; c < k; c++)
            {
                components[c * FeatureCount + j] = _projection.Weights[j * k + c];
            }
        }

        return components;
    }

    /// <summary>Projects rows onto the components: (x − mean)·Cᵀ.</summary>
    /// <param name="features">Rows of <see cref="FeatureCount"/> values, row-major.</param>
    /// <param name="destination">Receives rows × <see cref="ComponentCount"/> values.</param>
    /// <exception cref="ArgumentException">
    /// A span does not hold whole rows or the matching length, the two share memory, or a feature is not finite.
    /// </exception>
    /// <exception cref="VaeOverflowException">A projection came out infinite: features far larger than those fitted on.</exception>
    public void Transform(ReadOnlySpan<float> features, Span<float> destination)
    {
        int rows = ScoringArguments.RowCount(features, FeatureCount, nameof(features));
        ScoringArguments.RequireLength(destination, rows, ComponentCount, nameof(destination));
        ScoringArguments.RequireSeparate(features, nameof(features), destination, nameof(destination));
        ScoringArguments.RequireFinite(features, FeatureCount, "feature", nameof(features));
        Project(features, rows, destination, CentringBuffer(rows));
        ScoringArguments.RequireFiniteOutput(destination, ComponentCount, "projection", ScoringArguments.FeaturesFarOutside);
    }

    /// <summary>Projects every row of <paramref name="data"/> into a new in-memory dataset with the same labels.</summary>
    /// <param name="data">
    /// Rows with <see cref="FeatureCount"/> features and, where both name them, the <see cref="FeatureNames"/> in their order.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The data has no rows, not one label per row, not <see cref="FeatureCount"/> features, or other <see cref="FeatureNames"/>.
    /// </exception>
    /// <exception cref="VaeDataException">A feature is not finite; the exception names its row and column.</exception>
    /// <exception cref="VaeOverflowException">A projection came out infinite: features far larger than those fitted on.</exception>
    public VaeDataset Transform(VaeDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        FeatureNaming.RequireFeaturesOf(data, FeatureCount, FeatureNames, nameof(data), "the PCA");
        ScoringArguments.RequireRows(data, nameof(data));

        float[] centred = CentringBuffer(Math.Min(data.RowCount, VaeDataset.ChunkRows));
        return DatasetMap.Apply(
            data,
            ComponentCount,
            (start, features, projections) =>
            {
                // Checked here rather than by the span overload, whose ArgumentException names no dataset's row; the
                // buffers are the map's own, whole rows apart.
                ScoringArguments.RequireFiniteRows(features, start, FeatureCount, data.FeatureNames);
                Project(features, features.Length / FeatureCount, projections, centred);
                ScoringArguments.RequireFiniteOutput(projections, ComponentCount, "projection", ScoringArguments.FeaturesFarOutside, start);
            });
    }

    /// <summary>
    /// A buffer for <see cref="Project"/> to centre up to <paramref name="rows"/> rows in, as many at a time as fit 16M
    /// values; each call takes its own, so that threads can project at once.
    /// </summary>
    private float[] CentringBuffer(int rows) => new float[Math.Min(rows, BufferRows.Fitting(FeatureCount, VaeDataset.ChunkRows)) * FeatureCount];

    /// <summary>
    /// Writes the projections of <paramref name="rows"/> checked rows, centring as many as <paramref name="centred"/>
    /// holds at a time and projecting them with one matrix product.
    /// </summary>
    private void Project(ReadOnlySpan<float> features, int rows, Span<float> destination, float[] centred)
    {
        int d = FeatureCount;
        int chunkRows = centred.Length / d;
        foreach ((int start, int n) in new RowRanges(rows, chunkRows))
        {
            for (int r = 0; r < n; r++)
            {
                TensorPrimitives.Subtract(features.Slice((start + r) * d, d), _mean, centred.AsSpan(r * d, d));
            }

            ForwardPass.Dense(_gemm.Value, _projection, centred.AsSpan(0, n * d), n, destination.Slice(start * ComponentCount, n * ComponentCount));
        }
    }
}
