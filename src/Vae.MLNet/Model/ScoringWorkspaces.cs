using System.Collections.Concurrent;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Model;

/// <summary>
/// A model's pool of the scratch a scoring call works in: a forward pass and a matrix multiplier. Each call holds a
/// workspace of its own, so calls from several threads run side by side instead of queueing on one multiplier; the
/// pool grows to the number of calls ever in flight at once and reuses those workspaces after.
/// </summary>
internal sealed class ScoringWorkspaces(VaeNetwork network, GemmBackend backend, int threads, int rowsPerPass)
{
    private readonly ConcurrentBag<Workspace> _idle = new();

    /// <summary>A workspace no other call holds; disposing it hands it back.</summary>
    public Workspace Rent() =>
        _idle.TryTake(out Workspace? workspace)
            ? workspace
            : new Workspace(this, new ForwardPass(network, rowsPerPass), MatrixMultipliers.CreatePreferring(backend, threads));

    /// <summary>One call's forward pass and multiplier, returned to the pool by <see cref="Dispose"/>.</summary>
    internal sealed class Workspace(ScoringWorkspaces pool, ForwardPass pass, IMatrixMultiplier gemm) : IDisposable
    {
        public ForwardPass Pass { get; } = pass;

        public IMatrixMultiplier Gemm { get; } = gemm;

        public void Dispose() => pool._idle.Add(this);
    }
}
