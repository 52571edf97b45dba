using Spectre.Console;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class DurationTextTests
{
    [TestMethod]
    [DataRow(0.4, "00:00:00")]
    [DataRow(3_723.0, "01:02:03")]
    [DataRow(86_399.6, "1d 00:00:00")]
    [DataRow(11_000_000.0, "127d 07:33:20")]
    [DataRow(1e30, "53375995583650d 07:45:04")]
    public void AnEstimateKeepsItsDaysHoweverLong(double seconds, string expected) =>
        Assert.AreEqual(expected, DurationText.Of(seconds));

    [TestMethod]
    public void TheProgressBarsTimeColumnsKeepTheirDaysToo()
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        var task = new ProgressTask(1, "training", maxValue: 10);

        console.Write(new TimeColumn(_ => TimeSpan.FromHours(40)).Render(null!, task, TimeSpan.Zero));
        console.Write(new TimeColumn(_ => null).Render(null!, task, TimeSpan.Zero));

        Assert.AreEqual("1d 16:00:00--:--:--", output.ToString());
    }
}
