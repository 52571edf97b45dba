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
        string positive = Math.Abs(value) < LargestFixed ? $"0.{digits}" : $"0.{digits}E+0";

        // A third section formats what rounds to zero, which the first two would print "-0" for a small negative value,
        // as a learned-variance Gaussian's loss near zero can be.
        return value.ToString($"{positive};-{positive};0", CultureInfo.InvariantCulture);
    }

    /// <summary><paramref name="value"/> to four significant digits, for the figures of a note: <c>0.3455</c>, <c>1.384E+05</c>.</summary>
    public static string Significant(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
