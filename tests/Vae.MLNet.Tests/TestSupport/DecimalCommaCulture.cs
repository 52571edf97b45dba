using System.Globalization;

namespace Vae.MLNet.Tests;

/// <summary>
/// Runs every test under a culture that writes numbers as de-DE does (1.5 as "1,5", 1500 as "1.500" in the N format,
/// infinity as "∞") and negative ones as sv-SE does, with a minus sign (U+2212) for "-": the library and the vae tool
/// write numbers in their files and messages as CSV files write them, whatever the user's culture, so a number
/// formatted with the current culture anywhere a test reaches fails that test's assertion. The test process runs with
/// invariant globalization, where no named culture has its own number format, so this one is built from the invariant
/// culture.
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
        (numbers.PositiveInfinitySymbol, numbers.NegativeInfinitySymbol) = ("∞", "\u2212∞");
        numbers.NegativeSign = "\u2212";
        CultureInfo.DefaultThreadCurrentCulture = decimalComma;
        CultureInfo.CurrentCulture = decimalComma;
    }
}
