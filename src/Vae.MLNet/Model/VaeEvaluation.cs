namespace Vae.MLNet;

/// <summary>Average per-row loss terms of a model on a dataset.</summary>
/// <param name="Rows">How many rows were scored.</param>
/// <param name="Reconstruction">Mean reconstruction term −log p(x | z).</param>
/// <param name="KullbackLeibler">Mean KL(q(z | x) ‖ N(0, I)).</param>
public sealed record VaeEvaluation(int Rows, double Reconstruction, double KullbackLeibler)
{
    /// <summary>Reconstruction + KL: the negative evidence lower bound per row (lower is better).</summary>
    public double NegativeElbo => Reconstruction + KullbackLeibler;
}
