using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class PipedWidthTests
{
    [TestMethod]
    [DataRow("200", 200)]
    [DataRow(null, PipedWidth.Unlimited, DisplayName = "unset")]
    [DataRow("", PipedWidth.Unlimited)]
    [DataRow("0", PipedWidth.Unlimited)]
    [DataRow("-40", PipedWidth.Unlimited)]
    [DataRow("wide", PipedWidth.Unlimited)]
    public void ColumnsGivesTheWidthOnlyWhenItIsOne(string? columns, int width) => Assert.AreEqual(width, PipedWidth.Of(columns));
}
