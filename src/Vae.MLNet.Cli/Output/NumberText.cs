using System.Globalization;

namespace Vae.MLNet.Cli.Output;

/// <summary>Numbers as the command line prints them.</summary>
internal static class NumberText
{
    // Past this a fixed-point loss is a line of digits (a diverging run's 2e34 took 35) that breaks its table's columns.
    private const double LargestFixed = 1e9;

    /// <summary><paramref name="value"/> with up to <paramref name="decimals"/> decimals: <c>96.568</c>, <c>2.072E+34</c>.</summary>
    public static string Of(double value, int decimals)
    {
        string digits = new('#', decimals);
        return value.ToString(Math.Abs(value) < LargestFixed ? $"0.{digits}" : $"0.{digits}E+0", CultureInfo.InvariantCulture);
    }

    /// <summary><paramref name="value"/> to four significant digits, for the figures of a note: <c>0.3455</c>, <c>1.384E+05</c>.</summary>
    public static string Significant(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
