using System.Globalization;

namespace Vae.MLNet.Tests;

/// <summary>
/// Runs every test under a culture that writes numbers as de-DE does (1.5 as "1,5", 1500 as "1.500" in the N format,
/// infinity as "∞"): the library writes numbers in its files and messages as CSV files write them, whatever the user's
/// culture, so a number formatted with the current culture anywhere a test reaches fails that test's assertion. The
/// test process runs with invariant globalization, where no named culture has its own number format, so this one is
/// built from the invariant culture.
/// </summary>
[TestClass]
public static class DecimalCommaCulture
{
    [AssemblyInitialize]
    public static void UseForEveryTest(TestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decimalComma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        NumberFormatInfo numbers = decimalComma.NumberFormat;
        (numbers.NumberDecimalSeparator, numbers.NumberGroupSeparator) = (",", ".");
        (numbers.PercentDecimalSeparator, numbers.PercentGroupSeparator) = (",", ".");
        (numbers.PositiveInfinitySymbol, numbers.NegativeInfinitySymbol) = ("∞", "-∞");
        CultureInfo.DefaultThreadCurrentCulture = decimalComma;
        CultureInfo.CurrentCulture = decimalComma;
    }
}
