using System.Globalization;
using System.Numerics.Tensors;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Evaluation;

/// <summary>
/// The importance-weighted bound log p(x) ≥ E log (1/S) Σₛ p(x | zₛ) p(zₛ) / q(zₛ | x), zₛ ~ q(z | x) (Burda et al.),
/// with every density normalized. Each row is encoded once; its S samples are decoded in batches of at most
/// <see cref="BatchSize"/> through one <see cref="ForwardPass"/>, with other rows' samples when they fit one, and the
/// log-mean-exp runs in double with a running maximum. All buffers are allocated once per call.
/// </summary>
internal static class ImportanceWeightedLikelihood
{
    /// <summary>
    /// The most latent samples per decoder call: enough rows for the matrix products to run near full speed, while a
    /// pass for a 784-400-20 network stays a few megabytes.
    /// </summary>
    public const int BatchSize = 512;

    /// <summary>The estimate for <paramref name="data"/> that <see cref="UnscorableFeature.Require"/> accepted, with <paramref name="samples"/> ≥ 1.</summary>
    public static VaeLogLikelihoodEstimate Estimate(
        VaeNetwork network,
        FeatureScaling? scaling,
        IMatrixMultiplier gemm,
        VaeDataset data,
        int samples,
        int seed,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        int d = network.InputDimension;

        // Fewer rows than BatchSize where their buffers would pass BufferRows' bound, which a scoring pass keeps to: 512
        // rows of a million features would take 10 GB, and of over 2 097 151 more values than one array holds.
        int capacity = BufferRows.Fitting(ForwardPass.ScratchWidthOf(network), BatchSize);
        int headWidth = 2 * network.LatentDimension;
        var pass = new ForwardPass(network, capacity);
        var inputs = new float[capacity * d];
        var heads = new float[capacity * headWidth];
        var rowIndices = new int[capacity];
        var eps = new float[capacity * network.LatentDimension];
        var reconstruction = new float[capacity];
        var noise = new GaussianNoise(seed);
        double logJacobian = LogJacobian(network, scaling);
        var perRow = new double[data.RowCount];

        // Few samples a row would make thin products that read every decoder weight for a handful of rows: rows whose
        // samples fit one pass together share it.
        int rowsPerPass = Math.Max(1, capacity / samples);
        foreach ((int start, int n) in new RowRanges(perRow.Length, capacity))
        {
            for (int r = 0; r < n; r++)
            {
                rowIndices[r] = start + r;
            }

            Span<float> chunk = inputs.AsSpan(0, n * d);
            data.CopyRows(rowIndices.AsSpan(0, n), chunk);
            scaling?.Apply(chunk);

            // The encoder's head is kept aside because each row's sampling overwrites the pass's copy.
            pass.Encode(gemm, chunk, 0, n);
            pass.EncoderHead.AsSpan(0, n * headWidth).CopyTo(heads);
            foreach ((int first, int rows) in new RowRanges(n, rowsPerPass))
            {
                Span<double> values = perRow.AsSpan(start + first, rows);
                LogMeanWeights(
                    network, gemm, pass, noise, eps, reconstruction, chunk.Slice(first * d, rows * d), heads.AsSpan(first * headWidth, rows * headWidth), samples, values, cancellationToken);
                for (int r = 0; r < rows; r++)
                {
                    values[r] += logJacobian;
                    if (!double.IsFinite(values[r]))
                    {
                        throw VaeOverflowException.InRow(
                            start + first + r,
                            string.Create(CultureInfo.InvariantCulture, $"the log-likelihood came out as {values[r]} although the row's features are finite: it lies too far outside ")
                            + "what the model was trained on for float32. Leave such rows out or bring them back into range.");
                    }

                    progress?.Report(start + first + r + 1);
                }
            }
        }

        return Summarize(perRow, samples);
    }

    /// <summary>
    /// log (1/S) Σₛ wₛ for each of the rows whose scaled features are <paramref name="xs"/> and q(z | x) <paramref name="heads"/>,
    /// into <paramref name="results"/>: several rows only when all their samples fit one pass, which takes each row's in
    /// turn, as the noise stream gives them; one row's samples otherwise go through as many passes as they need.
    /// <paramref name="cancellationToken"/> is checked before each pass, since one row may take minutes.
    /// </summary>
    private static void LogMeanWeights(
        VaeNetwork network,
        IMatrixMultiplier gemm,
        ForwardPass pass,
        GaussianNoise noise,
        float[] noiseBuffer,
        float[] reconstruction,
        ReadOnlySpan<float> xs,
        ReadOnlySpan<float> heads,
        int samples,
        Span<double> results,
        CancellationToken cancellationToken)
    {
        int d = network.InputDimension;
        int k = network.LatentDimension;
        int rows = results.Length;
        int perRow = Math.Min(samples, pass.Capacity / rows);

        // SampleLatent and VaeLoss work row by row, so each row's x and q(z | x) are repeated across its samples' slots.
        for (int i = 0; i < rows * perRow; i++)
        {
            xs.Slice(i / perRow * d, d).CopyTo(pass.Input.AsSpan(i * d, d));
            heads.Slice(i / perRow * 2 * k, 2 * k).CopyTo(pass.EncoderHead.AsSpan(i * 2 * k, 2 * k));
        }

        // log p(z) − log q(z | x) = Σ −½z² + ½ε² + ½ log σ² for z = μ + σε: the (2π)^(−K/2) factors of the two Gaussians cancel.
        double reconstructionConstant = ReconstructionConstant(network);
        Span<double> max = stackalloc double[rows];
        Span<double> sum = stackalloc double[rows];
        max.Fill(double.NegativeInfinity);
        sum.Clear();

        // long: adding a batch to a count near int.MaxValue would wrap.
        for (long done = 0; done < samples; done += perRow)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int m = (int)Math.Min(perRow, samples - done);
            int slots = rows * m;
            Span<float> eps = noiseBuffer.AsSpan(0, slots * k);
            noise.Fill(eps);
            pass.SampleLatent(eps, 0, slots);
            pass.Decode(gemm, 0, slots);
            VaeLoss.Reconstruction(network, pass.Input, pass.DecoderHead, slots, reconstruction, default, 0f, pass.Scratch);
            for (int r = 0; r < rows; r++)
            {
                double halfLogVariance = 0.5 * TensorPrimitives.Sum(heads.Slice((r * 2 * k) + k, k));
                for (int s = r * m; s < (r + 1) * m; s++)
                {
                    double squares = 0;
                    for (int j = s * k; j < (s + 1) * k; j++)
                    {
                        squares += ((double)eps[j] * eps[j]) - ((double)pass.Latent[j] * pass.Latent[j]);
                    }

                    double logWeight = -(double)reconstruction[s] - reconstructionConstant + (0.5 * squares) + halfLogVariance;

                    // A weight of zero (p(x | z) below float's range) adds nothing; taken first, it would make the running
                    // maximum −∞ − (−∞), NaN, for every later sample.
                    if (double.IsNegativeInfinity(logWeight))
                    {
                        continue;
                    }

                    if (logWeight > max[r])
                    {
                        sum[r] = (sum[r] * Math.Exp(max[r] - logWeight)) + 1.0;
                        max[r] = logWeight;
                    }
                    else
                    {
                        sum[r] += Math.Exp(logWeight - max[r]);
                    }
                }
            }
        }

        for (int r = 0; r < rows; r++)
        {
            results[r] = max[r] + Math.Log(sum[r] / samples);
        }
    }

    /// <summary>
    /// What to add to a negative ELBO on the training loss's scale to make it nats of the data in its original units,
    /// the units of <see cref="Estimate"/>: the Gaussian normalizers the loss leaves out, less the scaling's Jacobian.
    /// Zero for a Bernoulli model.
    /// </summary>
    public static double LossToDensityOffset(VaeNetwork network, FeatureScaling? scaling) =>
        ReconstructionConstant(network) - LogJacobian(network, scaling);

    /// <summary>
    /// What <see cref="VaeLoss.Reconstruction"/> leaves out of −log p(x | z): the Gaussian normalizers ½ log(2πσ²) per
    /// numeric feature (½ log 2π when σ² is learned, whose ½ log σ² the loss already has). Bernoulli's and the
    /// categories' cross-entropies are exact.
    /// </summary>
    private static double ReconstructionConstant(VaeNetwork network) => network.Likelihood switch
    {
        VaeLikelihood.Bernoulli => 0,
        VaeLikelihood.Gaussian => 0.5 * network.Categories.NumericFeatureCount * Math.Log(2 * Math.PI * network.GaussianVariance),
        VaeLikelihood.GaussianLearnedVariance => 0.5 * network.Categories.NumericFeatureCount * Math.Log(2 * Math.PI),
        _ => throw new InvalidOperationException($"Unknown likelihood {network.Likelihood}."),
    };

    /// <summary>
    /// The model is a density over scaled features x' = (x − offset)·scale, so the density of the original x carries the
    /// change-of-variables factor Π |scale|; the scale of a categorical feature is 1 (<see cref="FeatureScaling.Leaving"/>).
    /// A Bernoulli model is a probability mass, which a one-to-one relabelling of the values leaves unchanged.
    /// </summary>
    private static double LogJacobian(VaeNetwork network, FeatureScaling? scaling)
    {
        if (scaling is null || network.Likelihood == VaeLikelihood.Bernoulli)
        {
            return 0;
        }

        double sum = 0;
        foreach (float scale in scaling.Scale)
        {
            sum += Math.Log(Math.Abs((double)scale));
        }

        return sum;
    }

    private static VaeLogLikelihoodEstimate Summarize(double[] perRow, int samples)
    {
        double mean = 0;
        foreach (double value in perRow)
        {
            mean += value;
        }

        mean /= perRow.Length;
        double? standardError = null;
        if (perRow.Length > 1)
        {
            double squares = 0;
            foreach (double value in perRow)
            {
                squares += (value - mean) * (value - mean);
            }

            standardError = Math.Sqrt(squares / (perRow.Length - 1) / perRow.Length);
        }

        return new VaeLogLikelihoodEstimate(mean, standardError, perRow, samples);
    }
}
