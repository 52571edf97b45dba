using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class NumberTextTests
{
    [TestMethod]
    [DataRow(96.56789, 3, "96.568")]
    [DataRow(-0.5, 4, "-0.5")]
    [DataRow(999_999_999.0, 3, "999999999")]
    [DataRow(20_719_156_483_870_600_000_000_000_000_000_000.0, 3, "2.072E+34")]
    [DataRow(-1.5e12, 4, "-1.5E+12")]
    [DataRow(double.NaN, 3, "NaN")]
    [DataRow(-0.00004, 3, "0")]
    [DataRow(-0.0, 3, "0")]
    [DataRow(-0.0006, 3, "-0.001")]
    public void ALossIsFixedPointWhileShortAndScientificBeyond(double value, int decimals, string expected) =>
        Assert.AreEqual(expected, NumberText.Of(value, decimals));
}
