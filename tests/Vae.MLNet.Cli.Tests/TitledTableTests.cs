using Spectre.Console;
using Spectre.Console.Rendering;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class TitledTableTests
{
    private const string LongTitle = "history (Managed GEMM on Vector512, 1 thread, stopped early, best epoch 2, kept by validation loss 2.2451)";

    /// <summary>Spectre wrapped a title to its table's width, so on a pipe a title wider than the cells was split and grep missed its phrases.</summary>
    [TestMethod]
    public void ATitleWiderThanItsTableStaysOnOneLineWhereTheConsoleHasRoom()
    {
        string[] lines = Lines(new TitledTable(LongTitle, Narrow()), PipedWidth.Unlimited);

        Assert.AreEqual(LongTitle, lines[0]);
        StringAssert.Contains(lines[2], "epoch");
    }

    [TestMethod]
    public void ATitleWiderThanTheConsoleWrapsAtTheConsolesWidth()
    {
        string[] lines = Lines(new TitledTable(LongTitle, Narrow()), 60);

        Assert.IsTrue(lines.All(line => line.Length <= 60), string.Join('\n', lines));
        Assert.AreEqual(LongTitle, $"{lines[0].TrimEnd()} {lines[1].TrimEnd()}");
    }

    [TestMethod]
    public void OnATerminalATitleThatFitsIsPlacedAsSpectrePlacesATablesOwnTitle()
    {
        string[] titled = Lines(new TitledTable("short", Narrow()), 80, interactive: true);
        string[] spectre = Lines(Narrow().Title("short"), 80, interactive: true);

        CollectionAssert.AreEqual(spectre, titled);
    }

    /// <summary>Redirected, a table is as wide as its widest cell, and centring put hundreds of spaces before the title.</summary>
    [TestMethod]
    public void ElsewhereATitleStartsItsLine()
    {
        string[] lines = Lines(new TitledTable("short", Narrow()), PipedWidth.Unlimited);

        Assert.AreEqual("short", lines[0]);
    }

    /// <summary>Spectre's silver title was barely visible on a light background; bold in the terminal's colour is seen on any.</summary>
    [TestMethod]
    public void OnAColourTerminalATitleIsBoldInTheTerminalsOwnColour()
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.EightBit,
            Interactive = InteractionSupport.Yes,
        });
        console.Write(new TitledTable("short", Narrow()));

        StringAssert.Contains(output.ToString(), "\u001b[1mshort\u001b[0m");
    }

    private static Table Narrow() => new Table { Border = TableBorder.Simple }.AddColumn("epoch").AddColumn("loss").AddRow("1", "2.5");

    private static string[] Lines(IRenderable renderable, int width, bool interactive = false)
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(renderable);
        return output.ToString().Split('\n');
    }
}
