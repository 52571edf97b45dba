using System.Numerics.Tensors;

namespace Vae.MLNet.Runtime;

/// <summary>
/// What the ranges of one scoring call found as they were scored: a range's input rows the call refuses, or outputs
/// that came out NaN or infinite. Each range looks at its own rows on the thread that scores them, while they are in
/// that core's cache, rather than the calling thread reading the whole batch before and after the runs while the other
/// runs wait, which took about a twentieth of the time of a batch of 1000 MNIST rows (docs/benchmarks.md). A finding only says that
/// something is wrong: the caller then runs its whole-batch check, which names the first such value, so the message
/// does not depend on which range a thread happened to take first.
/// </summary>
/// <remarks>Ranges on different threads may record a finding at once; they only ever set a flag, and the call reads the flags after its runs have met.</remarks>
internal sealed class RangeFindings
{
    private readonly Func<ReadOnlySpan<float>, bool> _acceptsInput;

    /// <param name="acceptsInput">Whether rows of the input may be scored; every value finite when null.</param>
    public RangeFindings(Func<ReadOnlySpan<float>, bool>? acceptsInput = null)
    {
        _acceptsInput = acceptsInput ?? TensorPrimitives.IsFiniteAll;
    }

    /// <summary>Some rows of the input were refused.</summary>
    public bool InputRefused { get; private set; }

    /// <summary>Some output came out NaN or infinite.</summary>
    public bool OutputNotFinite { get; private set; }

    public void LookAtInput(ReadOnlySpan<float> rows)
    {
        if (!_acceptsInput(rows))
        {
            InputRefused = true;
        }
    }

    public void LookAtOutput(ReadOnlySpan<float> rows)
    {
        if (!TensorPrimitives.IsFiniteAll(rows))
        {
            OutputNotFinite = true;
        }
    }
}
