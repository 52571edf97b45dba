using Vae.MLNet.Cli.Training;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class TrainingDisplayTests
{
    [TestMethod]
    [DataRow(0.4, "00:00:00")]
    [DataRow(3_723.0, "01:02:03")]
    [DataRow(86_399.6, "1d 00:00:00")]
    [DataRow(11_000_000.0, "127d 07:33:20")]
    [DataRow(1e30, "53375995583650d 07:45:04")]
    public void An_estimate_keeps_its_days_however_long(double seconds, string expected) =>
        Assert.AreEqual(expected, TrainingDisplay.Duration(seconds));
}
