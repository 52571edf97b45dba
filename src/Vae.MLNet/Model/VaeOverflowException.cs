namespace Vae.MLNet;

/// <summary>
/// An output of a model came out NaN or infinite although every input was finite: float32 overflowed inside the
/// network, because the inputs lie too far outside what the model was trained on (features far outside the training
/// data's range, latent points far from the prior), or a generated row drawn from p(x | z) got noise too wide for
/// float32 in the feature's own units. <see cref="Row"/> locates the first such row; the message says what to do about it.
/// </summary>
public sealed class VaeOverflowException : OverflowException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What overflowed and what to do, naming the row where known.</param>
    /// <param name="row">Zero-based row of the first output that overflowed, among the rows passed, if known.</param>
    /// <param name="innerException">The overflow as first reported, when this one retells it.</param>
    public VaeOverflowException(string message, long? row = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Row = row;
    }

    /// <summary>Zero-based row of the first output that overflowed, among the rows passed (a dataset's or a span's), if known.</summary>
    public long? Row { get; }

    /// <summary>The message after the row's number ("Row N: ", "Generated row N: "), for a caller that tells the row by its place in a file.</summary>
    internal string? RowProblem { get; init; }

    /// <summary>Whether a generated row's drawn observation overflowed, not the decoder: its remedy is not the latent points'.</summary>
    internal bool InObservationDraw { get; init; }

    /// <summary>The overflow of row <paramref name="row"/>: "Row 3: the reconstruction overflowed …".</summary>
    /// <param name="row">Zero-based row.</param>
    /// <param name="problem">What overflowed and what to do, starting in lower case.</param>
    /// <param name="innerException">The overflow as first reported, when this one retells it for another row numbering.</param>
    internal static VaeOverflowException InRow(long row, string problem, Exception? innerException = null) =>
        new($"Row {row}: {problem}", row, innerException) { RowProblem = problem };
}
