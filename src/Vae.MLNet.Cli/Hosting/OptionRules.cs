using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Range rules checked while the command line is parsed, so a value no command could use is a usage error (exit 2)
/// reported before any file is read or any work is done.
/// </summary>
internal static class OptionRules
{
    /// <summary>Refuses a value below <paramref name="minimum"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum, string? reason = null)
    {
        option.Validators.Add(result => RequireAtLeast(result, result.GetValueOrDefault<int>(), minimum, reason));
        return option;
    }

    /// <summary>Refuses a given value below <paramref name="minimum"/>; leaving the option out stays allowed.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value)
            {
                RequireAtLeast(result, value, minimum, reason: null);
            }
        });
        return option;
    }

    /// <summary>Refuses a value outside [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<int> Between(this Option<int> option, int minimum, int maximum)
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum || value > maximum)
            {
                result.AddError($"{option.Name} {value} must be between {minimum} and {maximum}.");
            }
        });
        return option;
    }

    /// <summary>Refuses a value that is not a finite number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<float> FiniteBetween(this Option<float> option, float minimum, float maximum)
    {
        option.Validators.Add(result =>
        {
            float value = result.GetValueOrDefault<float>();
            if (!float.IsFinite(value) || value < minimum || value > maximum)
            {
                result.AddError(
                    $"{option.Name} {value.ToString(CultureInfo.InvariantCulture)} must be a finite number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }

    private static void RequireAtLeast(OptionResult result, int value, int minimum, string? reason)
    {
        if (value < minimum)
        {
            result.AddError($"{result.Option.Name} {value} must be at least {minimum}{(reason is null ? "." : $", {reason}.")}");
        }
    }
}
