using Vae.MLNet.Model;

namespace Vae.MLNet.Training;

/// <summary>
/// What Adam carries from one step to the next: how many steps it has taken, which its bias correction counts, and each
/// layer's first and second moments of its weights and of its bias, in the order of the network's
/// <see cref="VaeNetwork.Layers"/>. A model holds the state that belongs to its weights, so that training it further goes
/// on as one longer run would have; the hyperparameters are not part of it, and those of the run going on apply.
/// </summary>
internal sealed class AdamState
{
    /// <param name="step">The steps taken, at least 1.</param>
    /// <param name="weightMoments">Per layer, the first and second moments of its weights.</param>
    /// <param name="biasMoments">Per layer, the first and second moments of its bias.</param>
    public AdamState(long step, (float[] First, float[] Second)[] weightMoments, (float[] First, float[] Second)[] biasMoments)
    {
        Step = step;
        WeightMoments = weightMoments;
        BiasMoments = biasMoments;
    }

    /// <summary>The steps taken so far.</summary>
    public long Step { get; private set; }

    /// <summary>Per layer, the first and second moments of its weights, each as long as the layer's weights.</summary>
    public (float[] First, float[] Second)[] WeightMoments { get; }

    /// <summary>Per layer, the first and second moments of its bias, each as long as the layer's bias.</summary>
    public (float[] First, float[] Second)[] BiasMoments { get; }

    /// <summary>The moments of every layer, weights' then bias's, each with the length a layer of the network needs.</summary>
    public IEnumerable<float[]> Arrays =>
        WeightMoments.Zip(BiasMoments).SelectMany(layer => new[] { layer.First.First, layer.First.Second, layer.Second.First, layer.Second.Second });

    /// <summary>The state before any step: zero moments shaped like <paramref name="layers"/>.</summary>
    public static AdamState Zero(IReadOnlyList<DenseLayer> layers) => new(
        0,
        [.. layers.Select(l => (new float[l.Weights.Length], new float[l.Weights.Length]))],
        [.. layers.Select(l => (new float[l.Bias.Length], new float[l.Bias.Length]))]);

    /// <summary>Whether this state has a layer of moments for each of <paramref name="layers"/>, each of its size.</summary>
    public bool Fits(IReadOnlyList<DenseLayer> layers) =>
        WeightMoments.Length == layers.Count
        && BiasMoments.Length == layers.Count
        && layers.Select((layer, i) =>
            WeightMoments[i].First.Length == layer.Weights.Length && WeightMoments[i].Second.Length == layer.Weights.Length
            && BiasMoments[i].First.Length == layer.Bias.Length && BiasMoments[i].Second.Length == layer.Bias.Length).All(fits => fits);

    /// <summary>Counts one more step.</summary>
    public void Advance() => Step++;

    /// <summary>A copy that shares no array with this state.</summary>
    public AdamState Clone() => new(
        Step,
        [.. WeightMoments.Select(m => ((float[])m.First.Clone(), (float[])m.Second.Clone()))],
        [.. BiasMoments.Select(m => ((float[])m.First.Clone(), (float[])m.Second.Clone()))]);

    /// <summary>
    /// Makes this state equal to <paramref name="source"/>, which has the same shapes, without allocating: training
    /// does it once an epoch, and its steps allocate nothing.
    /// </summary>
    public void CopyFrom(AdamState source)
    {
        Step = source.Step;
        for (int i = 0; i < WeightMoments.Length; i++)
        {
            source.WeightMoments[i].First.CopyTo(WeightMoments[i].First, 0);
            source.WeightMoments[i].Second.CopyTo(WeightMoments[i].Second, 0);
            source.BiasMoments[i].First.CopyTo(BiasMoments[i].First, 0);
            source.BiasMoments[i].Second.CopyTo(BiasMoments[i].Second, 0);
        }
    }
}
