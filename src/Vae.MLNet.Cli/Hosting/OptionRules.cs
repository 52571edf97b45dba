using System.CommandLine;
using System.Globalization;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Range rules checked while the command line is parsed, so a value no command could use is a usage error (exit 2)
/// reported before any file is read or any work is done. Each rule is the option's parser: a text that is not a number
/// at all gets <see cref="OptionValues"/>' message, and the rule is checked only on a number.
/// </summary>
internal static class OptionRules
{
    /// <summary>Refuses a value below <paramref name="minimum"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum, string? reason = null)
    {
        option.CustomParser = result => OptionValues.WholeNumber(result, option.Name, minimum, reason: reason) ?? default;
        return option;
    }

    /// <summary>Refuses a given value below <paramref name="minimum"/>; leaving the option out stays allowed.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.CustomParser = result => OptionValues.WholeNumber(result, option.Name, minimum);
        return option;
    }

    /// <summary>Refuses a value outside [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<int> Between(this Option<int> option, int minimum, int maximum)
    {
        option.CustomParser = result => OptionValues.WholeNumber(result, option.Name, minimum, maximum) ?? default;
        return option;
    }

    /// <summary>Refuses a given value outside [<paramref name="minimum"/>, <paramref name="maximum"/>]; leaving the option out stays allowed.</summary>
    public static Option<int?> Between(this Option<int?> option, int minimum, int maximum)
    {
        option.CustomParser = result => OptionValues.WholeNumber(result, option.Name, minimum, maximum);
        return option;
    }

    /// <summary>Refuses a value that is not a finite number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<float> FiniteBetween(this Option<float> option, float minimum, float maximum)
    {
        option.CustomParser = result =>
        {
            string range = $"a finite number from {Invariant(minimum)} to {Invariant(maximum)}";
            float? value = OptionValues.FiniteNumber(result, option.Name, range);
            if (value < minimum || value > maximum)
            {
                result.AddError($"{option.Name} {OptionValues.Text(result)} must be {range}.");
            }

            return value ?? default;
        };
        return option;
    }

    private static string Invariant(float value) => value.ToString(CultureInfo.InvariantCulture);
}
