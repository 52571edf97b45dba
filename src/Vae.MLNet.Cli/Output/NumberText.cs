using System.Globalization;

namespace Vae.MLNet.Cli.Output;

/// <summary>Losses as the command line prints them: fixed-point while that is short, in scientific notation beyond.</summary>
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
}
