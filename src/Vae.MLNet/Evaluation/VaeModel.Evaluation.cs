using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Model;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet;

/// <content>Likelihood estimation and anomaly scoring, which live with the rest of the evaluation code.</content>
public sealed partial class VaeModel
{
    /// <summary>
    /// Scores each row for anomaly detection with the latent mean z = μ: <paramref name="reconstructionError"/> gets
    /// −log p(x | z) and <paramref name="anomalyScore"/> that plus KL(q(z | x) ‖ N(0, I)), on the model's scaled features
    /// and without the likelihood constants, exactly as the training loss and <see cref="Evaluate(VaeDataset, bool, int)"/> define them. Higher
    /// means less typical of the training data. Decoding z = μ rather than a sampled z makes the anomaly score
    /// deterministic and a little lower than the negative ELBO, the loss with z sampled.
    /// </summary>
    /// <param name="features">Rows of D features, row-major, in original units.</param>
    /// <param name="reconstructionError">Receives one value per row.</param>
    /// <param name="anomalyScore">Receives one value per row.</param>
    /// <exception cref="ArgumentException">
    /// A span does not hold whole rows or the matching length, spans share memory, or a feature is not finite or, for a
    /// Bernoulli model without input scaling, lies outside [0, 1] by more than training accepts.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    public void ScoreRows(ReadOnlySpan<float> features, Span<float> reconstructionError, Span<float> anomalyScore)
    {
        RequireScoreRowsArguments(features, reconstructionError, anomalyScore, InputDimension, Likelihood, Scaling);
        using (ScoringWorkspaces.Workspace workspace = _workspaces.Rent())
        {
            AnomalyScores.Score(Network, Scaling, workspace.Gemm, workspace.Pass, features, anomalyScore, reconstructionError);
        }

        RequireFiniteScores(anomalyScore, reconstructionError);
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
    /// <param name="cancellationToken">Checked before each row.</param>
    /// <exception cref="ArgumentException">The data has no rows, not one label per row, not the model's number of features, or other <see cref="FeatureNames"/>.</exception>
    /// <exception cref="VaeDataException">
    /// A feature is NaN or infinite, or, for a Bernoulli model, not exactly 0 or 1 after the model's scaling; every row is
    /// checked before the first is estimated.
    /// </exception>
    /// <exception cref="VaeOverflowException">A row's log-likelihood came out NaN or infinite: it lies too far outside the training range for float32.</exception>
    public VaeLogLikelihoodEstimate EstimateLogLikelihood(
        VaeDataset data,
        int samples = 5000,
        int seed = 0,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        FeatureNaming.RequireFeaturesOf(data, InputDimension, FeatureNames, nameof(data));
        RequireRows(data, nameof(data));
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        UnscorableFeature.Require(this, data, UnscorableFeatureAdvice.Library);
        using ScoringWorkspaces.Workspace workspace = _workspaces.Rent();
        return ImportanceWeightedLikelihood.Estimate(Network, Scaling, workspace.Gemm, data, samples, seed, progress, cancellationToken);
    }
}
