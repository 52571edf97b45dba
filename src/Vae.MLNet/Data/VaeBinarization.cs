using System.Globalization;
using System.Text.Json.Serialization;

namespace Vae.MLNet.Data;

/// <summary>
/// How a <see cref="BinarizedDataset"/> turns features into 0 or 1 (<see cref="BinarizedDataset.Binarization"/>): what
/// a model's history records of its training data (<see cref="VaeTrainingHistory.Binarization"/>), so that other rows
/// can be binarized as those were before they are scored. Two are equal when they binarize alike.
/// </summary>
public sealed record VaeBinarization
{
    /// <summary>Describes a binarization; only <see cref="BinarizedDataset"/> and a model zip's manifest make one.</summary>
    /// <param name="kind">How features become 0 or 1.</param>
    /// <param name="threshold">The cut-off of <see cref="VaeBinarizationKind.Threshold"/>; null for the other kinds.</param>
    /// <param name="seed">The seed of the draws of the other kinds; null for <see cref="VaeBinarizationKind.Threshold"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is none of the kinds.</exception>
    /// <exception cref="ArgumentException">
    /// A threshold binarization has no finite threshold, or a seed; another kind has a threshold, or no seed.
    /// </exception>
    [JsonConstructor]
    internal VaeBinarization(VaeBinarizationKind kind, float? threshold = null, int? seed = null)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"A binarization is one of {string.Join(", ", Enum.GetNames<VaeBinarizationKind>())}.");
        }

        if (kind == VaeBinarizationKind.Threshold && (threshold is not { } cutOff || !float.IsFinite(cutOff) || seed is not null))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A threshold binarization has a finite threshold and no seed, not threshold {threshold?.ToString(CultureInfo.InvariantCulture) ?? "null"} and seed {seed?.ToString(CultureInfo.InvariantCulture) ?? "null"}."),
                threshold is { } given && float.IsFinite(given) ? nameof(seed) : nameof(threshold));
        }

        if (kind != VaeBinarizationKind.Threshold && (seed is null || threshold is not null))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A {kind} binarization has the seed of its draws and no threshold, not seed {seed?.ToString(CultureInfo.InvariantCulture) ?? "null"} and threshold {threshold?.ToString(CultureInfo.InvariantCulture) ?? "null"}."),
                seed is null ? nameof(seed) : nameof(threshold));
        }

        Kind = kind;
        Threshold = threshold;
        Seed = seed;
    }

    /// <summary>How features become 0 or 1.</summary>
    public VaeBinarizationKind Kind { get; }

    /// <summary>
    /// For <see cref="VaeBinarizationKind.Threshold"/>, the cut-off: a feature becomes 1 when it exceeds it. Null for the other kinds.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? Threshold { get; }

    /// <summary>
    /// For <see cref="VaeBinarizationKind.Stochastic"/> and <see cref="VaeBinarizationKind.Resampled"/>, the seed of the
    /// draws. Null for <see cref="VaeBinarizationKind.Threshold"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Seed { get; }
}
