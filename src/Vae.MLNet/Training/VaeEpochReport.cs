using System.Text.Json.Serialization;

namespace Vae.MLNet;

/// <summary>What one training epoch achieved. Losses are averages per row (sums over features and latent dimensions).</summary>
/// <param name="Epoch">1-based epoch number, counted over the model's whole training history.</param>
/// <param name="Loss">The objective trained on: reconstruction + β·KL.</param>
/// <param name="Reconstruction">
/// The reconstruction term −log p(x | z), with z sampled, on the training loss's scale (see <see cref="VaeEvaluation.Reconstruction"/>).
/// </param>
/// <param name="KullbackLeibler">KL(q(z | x) ‖ N(0, I)).</param>
/// <param name="Beta">The KL weight used this epoch (ramps up during warm-up).</param>
/// <param name="ValidationLoss">
/// The objective trained on, reconstruction + β·KL with this epoch's β, on the held-out rows, when there are any (the
/// negative ELBO when β is 1); comparable with <paramref name="Loss"/>. It is one draw of ε per row, with a seed
/// training derives from <see cref="VaeOptions.Seed"/>, the same every epoch, so
/// <see cref="VaeModel.Evaluate(Data.VaeDataset, bool, int)"/> on the same rows gives a close but different number
/// (its own draw, or z = μ). To rank models, use <see cref="VaeTrainingHistory.BestValidationLoss"/> where their
/// weights were chosen on the same validation rows, or <see cref="VaeModel.Evaluate(Data.VaeDataset, bool, int)"/> on
/// the same rows for every model, with <c>sampleLatent: false</c> for a deterministic comparison.
/// </param>
/// <param name="Seconds">
/// Wall-clock time of the epoch's training steps. It takes part in the report's equality, and so in a
/// <see cref="VaeTrainingHistory"/>'s: the reports of two bit-identical runs differ in it, so compare their losses.
/// </param>
public sealed record VaeEpochReport(
    int Epoch,
    double Loss,
    double Reconstruction,
    double KullbackLeibler,
    float Beta,
    double? ValidationLoss,
    double Seconds)
{
    /// <summary>
    /// How many latent dimensions are active on the held-out rows at this epoch's weights, when there are any: those
    /// whose latent mean varies across the rows with a variance above <see cref="VaeLatentActivity.ActiveVariance"/>,
    /// counted as <see cref="VaeModel.MeasureLatentActivity(Data.VaeDataset)"/> counts them, from the encoding that gives
    /// <see cref="ValidationLoss"/>. Watched from epoch to epoch, through a KL warm-up or a rising β, it shows dimensions
    /// coming into use or dropping back to the prior, and posterior collapse (none active) as it happens. Null with
    /// fewer than two validation rows, as one row's latent means have no spread and every dimension would read as
    /// inactive, and in the reports of models saved before it was recorded.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ValidationActiveDimensions { get; init; }
}
