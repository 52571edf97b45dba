using System.Text;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Tests;

/// <summary>A terminal whose locale's encoding is Latin-1, which has no α, β or box-drawing characters.</summary>
[TestClass]
public sealed class NarrowEncodingTerminalTests
{
    private static Workspace _workspace = null!;
    private static string _data = null!;
    private static string _model = null!;

    [ClassInitialize]
    public static void TrainOnGreekNames(TestContext context)
    {
        _workspace = new Workspace();
        _data = _workspace.PathOf("dαta.csv");
        var csv = new StringBuilder("aβb,c\n");
        for (int row = 0; row < 20; row++)
        {
            csv.Append($"0.{row % 9},0.{(row + 4) % 9}\n");
        }

        File.WriteAllText(_data, csv.ToString());
        _model = _workspace.PathOf("greek.zip");
        CliRun run = CliRun.Of("train", _data, "--hidden", "4", "--latent-dim", "1", "--epochs", "1", "--out", _model);
        Assert.AreEqual(0, run.ExitCode, run.Error);
    }

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void AnErrorNamesTheFileWithTheCharactersTheTerminalLacksEscaped()
    {
        var terminal = new MemoryStream();

        int code = VaeCli.Run(["evaluate", _model, _data, "--label-column", "nope"], TextWriter.Null, Latin1Terminal(terminal));

        Assert.AreNotEqual(0, code);
        string shown = Encoding.Latin1.GetString(terminal.ToArray());
        StringAssert.Contains(shown, @"d\u03B1ta.csv, line 1 (header)");
        StringAssert.Contains(shown, @"""a\u03B2b""");
        Assert.IsFalse(shown.Contains('?', StringComparison.Ordinal), shown);
    }

    [TestMethod]
    public void TrainingShowsBetaAsAnEscape()
    {
        var terminal = new MemoryStream();

        int code = VaeCli.Run(["train", _data, "--hidden", "4", "--latent-dim", "1", "--epochs", "1", "--beta", "0.5", "--out", _workspace.PathOf("beta.zip")],
            Latin1Terminal(terminal), TextWriter.Null);

        Assert.AreEqual(0, code);
        StringAssert.Contains(Encoding.Latin1.GetString(terminal.ToArray()), @"(\u03B2 0.5)");
    }

    [TestMethod]
    public void InspectEscapesFeatureNamesAndRulesItsTablesInAscii()
    {
        var terminal = new MemoryStream();

        int code = VaeCli.Run(["inspect", _model], Latin1Terminal(terminal), TextWriter.Null);

        Assert.AreEqual(0, code);
        string shown = Encoding.Latin1.GetString(terminal.ToArray());
        StringAssert.Contains(shown, @"""a\u03B2b""");
        Assert.IsFalse(shown.Contains('?', StringComparison.Ordinal), shown);
        Assert.IsFalse(shown.Contains(@"\u2500", StringComparison.Ordinal), shown);
        Assert.IsTrue(shown.Split('\n').Any(line => line.Trim().Length > 10 && line.Trim().All(c => c == '-')), shown);
    }

    private static TerminalWriter Latin1Terminal(Stream stream) =>
        new(new StreamWriter(stream, Encoding.Latin1, leaveOpen: true) { AutoFlush = true });
}
