using System.Globalization;

namespace Vae.MLNet.Model;

/// <summary>
/// The range checks of the options classes, so that every setting out of range is refused the same way: an
/// <see cref="ArgumentOutOfRangeException"/> named after the setting, whose message gives the range.
/// </summary>
internal static class SettingChecks
{
    public static void CheckAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
        }
    }

    public static void CheckAtMost(int value, int maximum, string name, string reason)
    {
        if (value > maximum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at most {maximum}{reason}");
        }
    }

    public static void CheckDefined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    public static void CheckPositive(float value, string name)
    {
        if (!float.IsFinite(value) || value <= 0f)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number greater than 0.");
        }
    }

    public static void CheckFinite(float value, string name, float min, float max)
    {
        if (!float.IsFinite(value) || value < min || value > max)
        {
            // A range up to float.MaxValue is a lower bound only, and 3.4028235E+38 would read as a limit to aim for.
            string range = max == float.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"of at least {min}") : string.Create(CultureInfo.InvariantCulture, $"in [{min}, {max}]");
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number {range}.");
        }
    }
}
