using System.Globalization;

namespace Vae.MLNet.Imaging;

/// <summary>
/// An axis range widened to round numbers, with ticks every 1, 2 or 5 × 10^k, so tick labels are short and easy to read.
/// </summary>
internal sealed class NiceAxis
{
    private NiceAxis(double min, double max, double step)
    {
        Min = min;
        Max = max;
        Step = step;
    }

    /// <summary>The lowest value on the axis, a multiple of <see cref="Step"/>.</summary>
    public double Min { get; }

    /// <summary>The highest value on the axis, a multiple of <see cref="Step"/>.</summary>
    public double Max { get; }

    /// <summary>The distance between ticks.</summary>
    public double Step { get; }

    /// <summary>Tick positions from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IEnumerable<double> Ticks
    {
        get
        {
            int count = (int)Math.Round((Max - Min) / Step) + 1;
            for (int i = 0; i < count; i++)
            {
                yield return Min + (i * Step);
            }
        }
    }

    /// <summary>Chooses an axis covering [<paramref name="dataMin"/>, <paramref name="dataMax"/>] with at most about <paramref name="maxTicks"/> ticks.</summary>
    /// <param name="dataMin">Smallest data value.</param>
    /// <param name="dataMax">Largest data value.</param>
    /// <param name="maxTicks">Desired upper bound on the tick count, at least 2.</param>
    /// <param name="integerSteps">Whether ticks must fall on whole numbers (epochs).</param>
    public static NiceAxis Create(double dataMin, double dataMax, int maxTicks, bool integerSteps)
    {
        if (dataMax - dataMin <= Math.Abs(dataMax) * 1e-9)
        {
            // A flat series still needs a visible range; centre it.
            double pad = dataMin == 0 ? 1 : Math.Abs(dataMin) * 0.1;
            dataMin -= pad;
            dataMax += pad;
        }

        double step = RoundStep((dataMax - dataMin) / Math.Max(1, maxTicks - 1));
        if (integerSteps)
        {
            step = Math.Max(1, step);
        }

        return new NiceAxis(Math.Floor(dataMin / step) * step, Math.Ceiling(dataMax / step) * step, step);
    }

    /// <summary>A tick label with just enough decimals to tell neighbouring ticks apart.</summary>
    public string Format(double value)
    {
        if (Math.Abs(value) < Step * 1e-6)
        {
            value = 0;
        }

        double magnitude = Math.Max(Math.Abs(Min), Math.Abs(Max));
        // Fixed point reads better, and no longer, for ticks far finer than values of 0.01 and more: 100.00002, not 1.0000002E+2.
        if (magnitude >= 1e6 || (Step < 1e-4 && magnitude < 1e-2))
        {
            // Ticks are multiples of the step's power of ten, so the mantissa needs a digit for every power of ten
            // between the largest tick's and the step's: with fewer, ticks of 1000000 and 1000004 both read 1E+6.
            int digits = Math.Clamp((int)Math.Floor(Math.Log10(magnitude)) - (int)Math.Floor(Math.Log10(Step)), 2, 15);
            return value.ToString("0." + new string('#', digits) + "E+0", CultureInfo.InvariantCulture);
        }

        int decimals = Step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(Step) - 1e-9);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double RoundStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
