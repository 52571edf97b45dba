namespace Vae.MLNet.Numerics;

/// <summary>
/// Each column's mean and population variance over rows added one at a time, in one pass. The sums are of differences
/// from each column's first value: a (nearly) constant column then sums (nearly) zeros, where plain sums of squares
/// would cancel to a spurious spread of about 1e-7 of its value.
/// </summary>
internal sealed class ColumnMoments
{
    private readonly double[] _shift;
    private readonly double[] _sum;
    private readonly double[] _sumOfSquares;

    public ColumnMoments(int columns)
    {
        _shift = new double[columns];
        _sum = new double[columns];
        _sumOfSquares = new double[columns];
    }

    /// <summary>The rows added so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Adds one row, a value per column.</summary>
    public void Add(ReadOnlySpan<float> row)
    {
        if (Rows == 0)
        {
            for (int j = 0; j < _shift.Length; j++)
            {
                _shift[j] = row[j];
            }
        }

        for (int j = 0; j < _shift.Length; j++)
        {
            double difference = row[j] - _shift[j];
            _sum[j] += difference;
            _sumOfSquares[j] += difference * difference;
        }

        Rows++;
    }

    /// <summary>The mean of <paramref name="column"/> over the rows added.</summary>
    public double Mean(int column) => _shift[column] + _sum[column] / Rows;

    /// <summary>The population variance of <paramref name="column"/> over the rows added.</summary>
    public double Variance(int column)
    {
        double meanDifference = _sum[column] / Rows;
        return Math.Max(0, _sumOfSquares[column] / Rows - meanDifference * meanDifference);
    }
}
