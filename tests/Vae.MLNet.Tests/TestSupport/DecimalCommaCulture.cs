using System.Globalization;

namespace Vae.MLNet.Tests;

/// <summary>
/// Makes the current thread's culture write 1.5 as "1,5" until disposed: the test process runs with invariant
/// globalization, where no named culture such as de-DE has its own number format.
/// </summary>
internal sealed class DecimalCommaCulture : IDisposable
{
    private readonly CultureInfo _before = CultureInfo.CurrentCulture;

    public DecimalCommaCulture()
    {
        var decimalComma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        decimalComma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = decimalComma;
    }

    public void Dispose() => CultureInfo.CurrentCulture = _before;
}
