using Vae.MLNet.Numerics;

namespace Vae.MLNet.Model;

/// <summary>
/// A model's pool of the scratch a scoring call works in: a forward pass and a matrix multiplier. Each call holds a
/// workspace of its own, so calls from several threads run side by side instead of queueing on one multiplier; the
/// pool grows to the number of calls ever in flight at once and reuses those workspaces after. A pass holds no more
/// rows than the calls so far have scored at once: a full pass of a wide model takes hundreds of megabytes, which a
/// call scoring a few rows should not need.
/// </summary>
/// <remarks>
/// The idle workspaces wait on a locked stack rather than a <c>ConcurrentBag</c>: a bag parks each item in the adding
/// thread's storage, and as a workspace refers back to its pool, a thread that outlives the model, such as a server's
/// pool thread, would keep the pool, its workspaces and the model's weights alive for as long as it runs.
/// </remarks>
internal sealed class ScoringWorkspaces(VaeNetwork network, GemmBackend backend, int threads, int rowsPerPass)
{
    private readonly Stack<Workspace> _idle = new();

    /// <summary>The threads each workspace's multiplier may use.</summary>
    public int Threads => threads;

    /// <summary>
    /// A workspace no other call holds, whose pass holds at least <paramref name="rows"/> rows, or <c>rowsPerPass</c>
    /// when that is fewer; disposing it hands it back.
    /// </summary>
    public Workspace Rent(int rows)
    {
        int capacity = Math.Clamp(rows, 1, rowsPerPass);
        Workspace? workspace;
        lock (_idle)
        {
            _idle.TryPop(out workspace);
        }

        if (workspace is null)
        {
            return new Workspace(this, new ForwardPass(network, capacity), MatrixMultipliers.CreatePreferring(backend, threads));
        }

        if (workspace.Pass.Capacity < capacity)
        {
            workspace.Pass = new ForwardPass(network, capacity);
        }

        return workspace;
    }

    /// <summary>One call's forward pass and multiplier, returned to the pool by <see cref="Dispose"/>.</summary>
    internal sealed class Workspace(ScoringWorkspaces pool, ForwardPass pass, IMatrixMultiplier gemm) : IDisposable
    {
        public ForwardPass Pass { get; set; } = pass;

        public IMatrixMultiplier Gemm { get; } = gemm;

        public void Dispose()
        {
            lock (pool._idle)
            {
                pool._idle.Push(this);
            }
        }
    }
}
