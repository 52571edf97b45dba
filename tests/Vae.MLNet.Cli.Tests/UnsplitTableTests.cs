using Spectre.Console;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class UnsplitTableTests
{
    [TestMethod]
    public void ARowTooWideForItsTableBecomesARecordWrappedOnlyBetweenPairs()
    {
        string[] lines = Lines(Row(), width: 30);

        CollectionAssert.AreEqual(new[] { "", "epoch 1, loss 487.0284,", "    recon 7.6492, kl 12.5", "", "" }, lines, "set apart by blank lines, then the end of the last line");
    }

    /// <summary>Room was kept for a comma after every pair, the last too, which has none: a last pair that fitted went to a line of its own.</summary>
    [TestMethod]
    public void TheLastPairTakesTheRoomAPairBeforeAnotherKeepsForItsComma()
    {
        string[] lines = Lines(Row(), width: "    recon 7.6492, kl 12.5".Length);

        Assert.AreEqual("    recon 7.6492, kl 12.5", lines[2]);
    }

    private static UnsplitTable Row() => new UnsplitTable("epoch", "loss", "recon", "kl").AddRow("1", "487.0284", "7.6492", "12.5");

    private static string[] Lines(UnsplitTable table, int width)
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(table);
        return [.. output.ToString().Split('\n').Select(line => line.TrimEnd())];
    }
}
