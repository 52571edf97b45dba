using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class NumberWrittenOtherwiseTests
{
    [TestMethod]
    [DataRow("1,234,567.5", DisplayName = "Commas grouping")]
    [DataRow("1'234'567", DisplayName = "Swiss grouping")]
    [DataRow("1 234", DisplayName = "French grouping")]
    [DataRow("1\u202F234,5", DisplayName = "French grouping by a narrow no-break space, with a decimal comma")]
    [DataRow("1.234.567,89", DisplayName = "Points grouping, with a decimal comma")]
    [DataRow("1_000_000", DisplayName = "Underscores grouping")]
    [DataRow("1,5", DisplayName = "A decimal comma")]
    [DataRow(" -$5.00 ", DisplayName = "A currency before the number, its sign before the currency")]
    [DataRow("$-1,234", DisplayName = "A currency before the number, its sign after the currency")]
    [DataRow("5,00\u00A0€", DisplayName = "A currency after the number")]
    [DataRow("12 %", DisplayName = "A percent sign")]
    public void ANumberWithItsDigitsGroupedInThreesADecimalCommaACurrencyOrAPercentSignIsOne(string cell)
    {
        Assert.IsTrue(NumberWrittenOtherwise.Is(cell));
    }

    /// <summary>Each of these once read as a number with its grouping left out: 510, 34, 123.</summary>
    [TestMethod]
    [DataRow("5'10", DisplayName = "Feet and inches")]
    [DataRow("3 4", DisplayName = "Two numbers")]
    [DataRow("1,2,3", DisplayName = "A list")]
    [DataRow("1'2345", DisplayName = "A group of four")]
    [DataRow("1234'567", DisplayName = "A first group of four")]
    [DataRow("1,234 567", DisplayName = "Two separators grouping")]
    [DataRow("1,234,5", DisplayName = "A fraction after the grouping separator")]
    [DataRow("$5$", DisplayName = "Two currency symbols")]
    [DataRow("%", DisplayName = "A percent sign alone")]
    public void DigitsNotGroupedInThreesAreNoNumber(string cell)
    {
        Assert.IsFalse(NumberWrittenOtherwise.Is(cell));
    }
}
