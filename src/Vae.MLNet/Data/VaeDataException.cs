namespace Vae.MLNet.Data;

/// <summary>
/// Input data that cannot be used as it is: a malformed file, a non-numeric or non-finite cell, ragged rows, or values
/// outside what the model's likelihood accepts. <see cref="Row"/> and <see cref="Column"/> locate the first offending
/// value when there is one; the message says what to do about it.
/// </summary>
public sealed class VaeDataException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do, naming the file, row and column where known.</param>
    /// <param name="source">The file or stream description the data came from, if any.</param>
    /// <param name="row">Zero-based data row (not counting a header), if the problem is in one row.</param>
    /// <param name="column">Zero-based column, if the problem is in one cell.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public VaeDataException(string message, string? source = null, long? row = null, int? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        DataSource = source;
        Row = row;
        Column = column;
    }

    /// <summary>The file or stream description the data came from, if known.</summary>
    public string? DataSource { get; }

    /// <summary>Zero-based data row of the first offending value, if known.</summary>
    public long? Row { get; }

    /// <summary>Zero-based column of the first offending value, if known.</summary>
    public int? Column { get; }
}
