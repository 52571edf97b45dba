using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet;

/// <content>Evaluation, likelihood estimation and anomaly scoring, which live with the rest of the evaluation code.</content>
public sealed partial class VaeModel
{
    /// <summary>
    /// The average reconstruction and KL terms over <paramref name="data"/>; by default decoded at z = μ, a deterministic
    /// loss, usually lower than the negative ELBO, so that its <see cref="VaeEvaluation.EvidenceLowerBound"/> bounds no
    /// log p(x) (the result's <see cref="VaeEvaluation.LatentsSampled"/> says which it holds). With
    /// <paramref name="sampleLatent"/> the decoder sees one z ~ q(z | x) per row (seeded by <paramref name="seed"/>),
    /// which estimates the negative ELBO and is what PyTorch's VAE example prints as its test loss (its test pass
    /// samples z too). A training history's <see cref="VaeEpochReport.ValidationLoss"/> is one draw
    /// of ε per row with a seed training derives from its options, so on the same rows this gives a close but different
    /// number; to rank models, evaluate the same rows with every one, without <paramref name="sampleLatent"/> for a
    /// deterministic comparison.
    /// </summary>
    /// <param name="data">Rows with the model's features, in original units; at least one.</param>
    /// <param name="sampleLatent">Whether the decoder sees one z ~ q(z | x) drawn per row, estimating the negative ELBO, rather than z = μ.</param>
    /// <param name="seed">Seed of the draws of z; unused without <paramref name="sampleLatent"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data has no rows, not one label per row, not the model's number of features, or other <see cref="FeatureNames"/>, <see cref="CategoricalFeatures"/> or, where both know it, <see cref="ImageShape"/>.</exception>
    /// <exception cref="VaeDataException">
    /// A feature the data hands out is NaN or infinite, or outside [0, 1] where the loss reads it as a probability: a
    /// one-hot feature of a categorical column, or any feature of a Bernoulli model without input scaling.
    /// </exception>
    /// <exception cref="VaeOverflowException">A row's loss came out NaN or infinite: its features lie too far outside the training range for float32.</exception>
    public VaeEvaluation Evaluate(VaeDataset data, bool sampleLatent = false, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireFeaturesOf(data, nameof(data));
        RequireRows(data, nameof(data));

        // The clip to [0, 1] would pass ±∞ off as 1 or 0, with a finite loss that hides it, and a feature read as a
        // probability must lie in [0, 1]; either way the data is read once first, naming the first feature refused for
        // either reason. Otherwise a non-finite feature shows as an overflowing loss, looked into below, so a dataset of
        // one's own is read again only when it has to be.
        if (Scaling is { ClipsToUnitInterval: true } || ReadsProbabilities(Network, Scaling))
        {
            RequireEveryFeature(data, chunk => IndexOfUnscorable(chunk, Network, Scaling), (feature, value) => OutsideProbabilityRangeProblem(value, feature, Network));
        }

        VaeEvaluation evaluation;
        int? overflowingRow;
        int rowCount = data.RowCount;
        using (ScoringWorkspaces.Workspace workspace = _workspaces.Rent(rowCount))
        {
            int[] rows = Enumerable.Range(0, rowCount).ToArray();
            evaluation = Evaluate(Network, Scaling, workspace.Gemm, workspace.Pass, data, rows, sampleLatent ? new GaussianNoise(seed) : null, latentMeans: null, out overflowingRow);
        }

        if (overflowingRow is int row)
        {
            // Looked for only now: a dataset of one's own can hand out NaN, which is the data's fault, not float32's.
            RequireEveryFeature(data, FiniteValues.IndexOfNonFinite, (_, _) => FiniteValues.Requirement);
            throw VaeOverflowException.InRow(
                row,
                "the loss overflowed float32 although every feature is finite: the row lies too far outside what the model " +
                "was trained on. Leave such rows out or bring them back into range; ScoreRows gives every row's loss.");
        }

        return evaluation;
    }

    /// <summary>
    /// The variance across the rows of <paramref name="data"/> of each latent dimension's mean, which tells the
    /// dimensions the model uses from those it leaves at the prior (see <see cref="VaeLatentActivity"/>), and each
    /// dimension's KL(q(z_u | x) ‖ N(0, 1)) averaged over the rows, from the same encoding of each row. The variances
    /// need rows as varied as the data the model is for: one row, or rows much alike, give about 0 for every dimension.
    /// </summary>
    /// <param name="data">Rows with the model's features, in original units, as varied as the data the model is for; at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data has no rows, not one label per row, not the model's number of features, or other <see cref="FeatureNames"/>, <see cref="CategoricalFeatures"/> or, where both know it, <see cref="ImageShape"/>.</exception>
    /// <exception cref="VaeDataException">A feature is not finite; the exception names its row and column.</exception>
    /// <exception cref="VaeOverflowException">A row's latent mean or its KL came out NaN or infinite: it lies too far outside the training range for float32.</exception>
    public VaeLatentActivity MeasureLatentActivity(VaeDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireFeaturesOf(data, nameof(data));
        RequireRows(data, nameof(data));

        // Each row gives its K means and its K dimensions' KL, so that one pass of the moments gives the means' variances
        // and the KL's averages, as training counts a validation epoch's active dimensions.
        int k = LatentDimension;
        int chunkRows = Math.Min(VaeDataset.ChunkRowsOf(Math.Max(InputDimension, k)), data.RowCount);
        var means = new float[chunkRows * k];
        var logVariances = new float[chunkRows * k];
        var meansAndKl = new float[2 * k];
        var moments = new ColumnMoments(2 * k);
        data.ForEachChunk(data.RowCount, InputDimension, (start, features) =>
        {
            RequireFiniteRows(features, start, InputDimension, data.FeatureNames);
            int rows = features.Length / InputDimension;
            Encode(features, means.AsSpan(0, rows * k), logVariances.AsSpan(0, rows * k), firstRow: start);
            for (int r = 0; r < rows; r++)
            {
                for (int u = 0; u < k; u++)
                {
                    double mean = means[r * k + u];
                    double logVariance = logVariances[r * k + u];
                    float kl = (float)(0.5 * (mean * mean + Math.Exp(logVariance) - 1 - logVariance));
                    if (!float.IsFinite(kl))
                    {
                        throw VaeOverflowException.InRow(
                            start + r,
                            string.Create(CultureInfo.InvariantCulture, $"the KL of latent dimension {u} overflowed float32 (its mean is {means[r * k + u]}): the row lies too far outside what the model was trained on. Leave such rows out or bring them back into range."));
                    }

                    meansAndKl[u] = means[r * k + u];
                    meansAndKl[k + u] = kl;
                }

                moments.Add(meansAndKl);
            }
        }, outputWidth: k);

        return new VaeLatentActivity([.. Enumerable.Range(0, k).Select(moments.Variance)], [.. Enumerable.Range(k, k).Select(moments.Mean)]);
    }

    /// <summary>
    /// For each of the model's <see cref="CategoricalFeatures"/>, how often the reconstruction of a row of
    /// <paramref name="data"/> at z = μ keeps the row's category (its most likely category is the row's), beside the share
    /// of the rows' most common category, the accuracy of always answering it, which no model ignoring the rows passes.
    /// For tabular data it says what the loss does not: which columns the model has learned and which it reconstructs as
    /// their most common value.
    /// </summary>
    /// <param name="data">Rows with the model's features, in original units; a row with no category in a column (its features of the column all 0) is left out of that column's counts.</param>
    /// <returns>One entry per categorical column, in feature order; none for a model without categorical features.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data has no rows, not one label per row, not the model's number of features, or other <see cref="FeatureNames"/>, <see cref="CategoricalFeatures"/> or, where both know it, <see cref="ImageShape"/>.</exception>
    /// <exception cref="VaeDataException">A feature is NaN or infinite; the message and <see cref="VaeDataException.Row"/> give its row in <paramref name="data"/>.</exception>
    /// <exception cref="VaeOverflowException">A row's reconstruction came out NaN or infinite: it lies too far outside the training range for float32.</exception>
    public IReadOnlyList<VaeCategoryAccuracy> MeasureCategoryAccuracy(VaeDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireFeaturesOf(data, nameof(data));
        RequireRows(data, nameof(data));
        if (CategoricalFeatures is not { } columns)
        {
            return [];
        }

        var matches = new CategoryMatches(columns);
        int rowCount = data.RowCount;
        var reconstructions = new float[Math.Min(VaeDataset.ChunkRowsOf(InputDimension), rowCount) * InputDimension];
        data.ForEachChunk(rowCount, InputDimension, (start, chunk) =>
        {
            RequireFiniteRows(chunk, start, InputDimension, data.FeatureNames);
            Span<float> reconstruction = reconstructions.AsSpan(0, chunk.Length);
            Reconstruct(chunk, reconstruction, default, firstRow: start);
            matches.Add(chunk, reconstruction, InputDimension);
        });

        return matches.Accuracies();
    }

    /// <summary>
    /// Sums the loss terms over the given rows in batches of the pass's capacity; <paramref name="noise"/> null decodes
    /// the latent means. Shared by <see cref="Evaluate(VaeDataset, bool, int)"/> and training's checks. Sets
    /// <paramref name="overflowingRow"/> to the dataset's index of the first of <paramref name="rows"/> whose loss is not
    /// finite, if any. Adds each row's latent means to <paramref name="latentMeans"/> when given, which the encoding for
    /// the loss yields at no further cost.
    /// </summary>
    internal static VaeEvaluation Evaluate(
        VaeNetwork network,
        FeatureScaling? scaling,
        IMatrixMultiplier gemm,
        ForwardPass pass,
        VaeDataset data,
        ReadOnlySpan<int> rows,
        GaussianNoise? noise,
        ColumnMoments? latentMeans,
        out int? overflowingRow)
    {
        overflowingRow = null;
        int k = network.LatentDimension;
        var rowReconstruction = new float[pass.Capacity];
        var rowKl = new float[pass.Capacity];
        float[] eps = noise is null ? [] : new float[pass.Capacity * k];
        double reconstruction = 0;
        double kl = 0;
        foreach ((int start, int n) in new RowRanges(rows.Length, pass.Capacity))
        {
            Span<float> input = pass.Input.AsSpan(0, n * network.InputDimension);
            data.CopyRows(rows.Slice(start, n), input);
            scaling?.Apply(input);
            Span<float> chunkNoise = noise is null ? default : eps.AsSpan(0, n * k);
            noise?.Fill(chunkNoise);
            pass.RowLosses(gemm, n, chunkNoise, rowReconstruction, rowKl);

            // Summed in double: rows' finite losses must not add up to a float32 overflow the rows do not have.
            for (int r = 0; r < n; r++)
            {
                latentMeans?.Add(pass.EncoderHead.AsSpan(r * 2 * k, k));
                reconstruction += rowReconstruction[r];
                kl += rowKl[r];
                if (overflowingRow is null && !(float.IsFinite(rowReconstruction[r]) && float.IsFinite(rowKl[r])))
                {
                    overflowingRow = rows[start + r];
                }
            }
        }

        return new VaeEvaluation(rows.Length, reconstruction / rows.Length, kl / rows.Length)
        {
            LatentsSampled = noise is not null,
            LossToDensityOffset = ImportanceWeightedLikelihood.LossToDensityOffset(network, scaling),
        };
    }

    /// <summary>
    /// Scores each row for anomaly detection with the latent mean z = μ: <paramref name="reconstructionError"/> gets
    /// −log p(x | z) and <paramref name="anomalyScore"/> that plus KL(q(z | x) ‖ N(0, I)), on the model's scaled features
    /// and without the likelihood constants, exactly as the training loss and <see cref="Evaluate(VaeDataset, bool, int)"/> define them. Higher
    /// means less typical of the training data. Decoding z = μ rather than a sampled z makes the anomaly score
    /// deterministic; it is usually lower than the negative ELBO, the loss with z sampled, though not on every dataset.
    /// </summary>
    /// <param name="features">Rows of D features, row-major, in original units.</param>
    /// <param name="reconstructionError">Receives one value per row; pass an empty span to skip it.</param>
    /// <param name="anomalyScore">Receives one value per row; pass an empty span to skip it.</param>
    /// <exception cref="ArgumentException">
    /// A span does not hold whole rows or the matching length, spans share memory, or a feature is not finite or lies
    /// outside [0, 1] by more than training accepts where the loss reads it as a probability: a one-hot feature of a
    /// categorical column, or any feature of a Bernoulli model without input scaling.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    public void ScoreRows(ReadOnlySpan<float> features, Span<float> reconstructionError, Span<float> anomalyScore)
    {
        RequireScoreRowsArguments(features, reconstructionError, anomalyScore, Network, Scaling);
        using (ScoringWorkspaces.Workspace workspace = _workspaces.Rent(features.Length / InputDimension))
        {
            AnomalyScores.Score(Network, Scaling, workspace.Gemm, workspace.Pass, features, reconstructionError, anomalyScore);
        }

        RequireFiniteScores(reconstructionError, anomalyScore);
    }

    /// <summary>
    /// Scores every row of <paramref name="data"/> as <see cref="ScoreRows(ReadOnlySpan{float}, Span{float}, Span{float})"/>
    /// does, reading it a chunk at a time, so a large dataset is never copied whole.
    /// </summary>
    /// <param name="data">Rows with the model's features, in original units.</param>
    /// <returns>One reconstruction error and one anomaly score per row, higher for rows less typical of the training data.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data has no rows, not one label per row, not the model's number of features, or other <see cref="FeatureNames"/>, <see cref="CategoricalFeatures"/> or, where both know it, <see cref="ImageShape"/>.</exception>
    /// <exception cref="VaeDataException">
    /// A feature is NaN or infinite or lies outside [0, 1] by more than training accepts where the loss reads it as a
    /// probability (a one-hot feature of a categorical column, or any feature of a Bernoulli model without input scaling);
    /// the message and <see cref="VaeDataException.Row"/> give its row in <paramref name="data"/>.
    /// </exception>
    /// <exception cref="VaeOverflowException">A row's score came out NaN or infinite: it lies too far outside the training range for float32.</exception>
    public VaeRowScores ScoreRows(VaeDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireFeaturesOf(data, nameof(data));
        RequireRows(data, nameof(data));

        int rowCount = data.RowCount;
        var scores = new VaeRowScores(new float[rowCount], new float[rowCount]);
        using (ScoringWorkspaces.Workspace workspace = _workspaces.Rent(rowCount))
        {
            data.ForEachChunk(rowCount, InputDimension, (start, chunk) =>
            {
                RequireScorableRows(chunk, start, Network, Scaling, data.FeatureNames);
                int rows = chunk.Length / InputDimension;
                Span<float> reconstructionError = scores.ReconstructionError.AsSpan(start, rows);
                Span<float> anomalyScore = scores.AnomalyScore.AsSpan(start, rows);
                AnomalyScores.Score(Network, Scaling, workspace.Gemm, workspace.Pass, chunk, reconstructionError, anomalyScore);
                RequireFiniteScores(reconstructionError, anomalyScore, start);
            });
        }

        return scores;
    }

    /// <summary>
    /// Estimates log p(x) per row with the importance-weighted bound of Burda et al. over <paramref name="samples"/>
    /// draws from q(z | x), using the full normalized densities. For the Gaussian likelihoods the value is the log-density
    /// of the data in its original units: the model's density over its scaled features plus Σ log |scale| (the change of
    /// variables). For the Bernoulli likelihood it is the log-probability of binary data, which every feature must be
    /// (see <see cref="BinarizedDataset"/>). The bound is below log p(x) in expectation and tightens as samples grow.
    /// </summary>
    /// <param name="data">Rows to score; their feature count must match the model.</param>
    /// <param name="samples">Importance samples per row, at least 1; 5000 is the usual benchmark setting.</param>
    /// <param name="seed">Fixes the samples, so a call is reproducible.</param>
    /// <param name="progress">Receives the number of rows finished after each row.</param>
    /// <param name="cancellationToken">
    /// Checked before each pass through the decoder, which decodes at most 512 samples, of one row or of several rows.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data has no rows, not one label per row, not the model's number of features, or other <see cref="FeatureNames"/>, <see cref="CategoricalFeatures"/> or, where both know it, <see cref="ImageShape"/>.</exception>
    /// <exception cref="VaeDataException">
    /// A feature is NaN or infinite, the model's scaling takes it beyond float32's range, or it is not exactly 0 or 1
    /// where the estimate needs it so: any feature of a Bernoulli model, after the model's scaling and before its clip to
    /// [0, 1] (which would score 7 as 1), unless it is a 0 or 1 of the data that the scaling and the clip leave as it is
    /// (a binarized pixel of a model trained on gray ones); and a one-hot feature of a categorical column, whatever the likelihood. Or a
    /// row holds none of a categorical column's categories (as <see cref="CsvDatasetOptions.UnknownCategoriesAsNone"/>
    /// reads an unseen one), whose estimate would be of its other columns only, or more than one. Every row is checked
    /// before the first is estimated; the message and <see cref="VaeDataException.Row"/> give the first such row in
    /// <paramref name="data"/>.
    /// </exception>
    /// <exception cref="VaeOverflowException">A row's log-likelihood came out NaN or infinite: it lies too far outside the training range for float32.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is less than 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public VaeLogLikelihoodEstimate EstimateLogLikelihood(
        VaeDataset data,
        int samples = 5000,
        int seed = 0,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireFeaturesOf(data, nameof(data));
        RequireRows(data, nameof(data));
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        UnscorableFeature.Require(this, data, UnscorableFeatureAdvice.Library);
        using ScoringWorkspaces.Workspace workspace = _workspaces.Rent(1);
        return ImportanceWeightedLikelihood.Estimate(Network, Scaling, workspace.Gemm, data, samples, seed, progress, cancellationToken);
    }
}
