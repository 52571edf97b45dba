namespace Vae.MLNet.Numerics;

/// <summary>How much work another thread must get for handing it over to pay.</summary>
internal static class ThreadWork
{
    /// <summary>
    /// Multiply-adds below which work is too short for threads to meet over: about half a millisecond on one core here.
    /// A training step uses a thread only for this much of its own: a 100-256-8 model's steps (22 million) took 0.22 s
    /// an epoch on one thread and, on two, 0.15 s in most runs but 0.31 s in some on a quiet machine and 2.7-3.9 s on a
    /// busy one. A scoring model cuts a batch into ranges of at least this much, so that handing one to another thread
    /// and starting an ONNX Runtime run, tens of microseconds together, stays small beside its work.
    /// </summary>
    public const long MinMultiplyAdds = 16_000_000;
}
