using System.Text;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Tests;

/// <summary>Standard output a terminal, which runs the escape sequences it is sent.</summary>
[TestClass]
public sealed class TerminalOutputTests
{
    private const string ClearScreen = "\u001B[2J\u001B[31mCLEARED";
    private const string WriteClipboard = "\u001B]52;c;ZXZpbA==\u0007osc52";
    private const string Retitle = "\u001B]0;title\u0007t";

    private static Workspace _workspace = null!;
    private static string _data = null!;
    private static string _model = null!;

    [ClassInitialize]
    public static void TrainOnEscapedNames(TestContext context)
    {
        _workspace = new Workspace();
        _data = _workspace.PathOf("escapes.csv");
        var csv = new StringBuilder($"id,\"{ClearScreen}\",\"{WriteClipboard}\",\"{Retitle}\",plain\n");
        for (int row = 0; row < 20; row++)
        {
            csv.Append($"\"row\b{row}\u009B2J\",0.{row % 9},0.{(row + 3) % 9},0.5,0.{(row + 5) % 9}\n");
        }

        File.WriteAllText(_data, csv.ToString());
        _model = _workspace.PathOf("escapes.zip");
        CliRun run = CliRun.Of("train", _data, "--exclude-columns", "id", "--hidden", "4", "--latent-dim", "2", "--epochs", "1", "--out", _model);
        Assert.AreEqual(0, run.ExitCode, run.Error);
    }

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void ATableReachesATerminalWithItsControlCharactersEscaped()
    {
        var terminal = new StringWriter();

        int code = VaeCli.Run(["encode", _model, _data, "--id-column", "id", "--exclude-columns", "id"], new TerminalWriter(terminal), TextWriter.Null);

        Assert.AreEqual(0, code);
        string shown = terminal.ToString();
        string[] lines = shown.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(@"id,\u001B[2J\u001B[31mCLEARED,\u001B]52;c;ZXZpbA==\u0007osc52,\u001B]0;title\u0007t,plain,mean_0,mean_1,logvar_0,logvar_1", lines[0]);
        StringAssert.StartsWith(lines[1], @"row\u00080\u009B2J,");
        Assert.AreEqual(21, lines.Length);
        Assert.IsFalse(shown.Any(c => char.IsControl(c) && c != '\n'), shown);
    }

    [TestMethod]
    public void ATableOtherwiseKeepsEveryCharacter()
    {
        var stream = new RecordingStream();

        int code = VaeCli.Run(["generate", _model, "--count", "1"], new RedirectedOutputWriter(stream), TextWriter.Null);

        Assert.AreEqual(0, code);
        StringAssert.StartsWith(Encoding.UTF8.GetString(stream.Written), $"{ClearScreen},{WriteClipboard},{Retitle},plain\n");
    }
}
