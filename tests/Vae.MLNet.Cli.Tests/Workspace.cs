using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vae.MLNet.Cli.Tests;

/// <summary>A temporary directory with a small labelled CSV: two clusters of four features in [0, 1].</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("vae-cli-tests-").FullName;
        var random = new Random(7);
        var csv = new StringBuilder("a,b,c,d,label\n");
        for (int row = 0; row < 40; row++)
        {
            int label = row % 2;
            var cells = Enumerable.Range(0, 4).Select(_ =>
                Math.Clamp((label == 1 ? 0.8 : 0.2) + (0.1 * (random.NextDouble() - 0.5)), 0, 1).ToString("0.###", CultureInfo.InvariantCulture));
            csv.Append(string.Join(',', cells)).Append(',').Append(label).Append('\n');
        }

        File.WriteAllText(DataPath, csv.ToString());
    }

    public string Directory { get; }

    public string DataPath => PathOf("data.csv");

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Makes a FIFO named <paramref name="name"/> in the workspace; returns its path.</summary>
    public string MakeFifo(string name)
    {
        string fifo = PathOf(name);
        // An argument list, not a string of arguments split at spaces, as a TMPDIR may hold one.
        using Process mkfifo = Process.Start("mkfifo", [fifo]);
        mkfifo.WaitForExit();
        Assert.AreEqual(0, mkfifo.ExitCode, "mkfifo failed");
        return fifo;
    }

    /// <summary>Trains a model for one epoch on <see cref="DataPath"/> into <paramref name="name"/>; returns its path.</summary>
    public string TrainModel(string name = "model.zip")
    {
        string model = PathOf(name);
        CliRun run = CliRun.Of("train", DataPath, "--label-column", "label", "--epochs", "1", "--out", model);
        Assert.AreEqual(0, run.ExitCode, run.Error);
        return model;
    }

    /// <summary>The path of shapes.csv, which <see cref="TrainShapes"/> writes.</summary>
    public string ShapesPath => PathOf("shapes.csv");

    /// <summary>
    /// Writes <see cref="ShapesPath"/>: 30 rows of a measurement, a categorical colour, a further measurement and labels 0
    /// and 1; then trains shapes.zip on them with <paramref name="likelihood"/> and standardized inputs. Returns the model's path.
    /// </summary>
    public string TrainShapes(string likelihood)
    {
        File.WriteAllLines(
            ShapesPath,
            ["size,colour,weight,label", .. Enumerable.Range(0, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i * 0.37},{(i % 3 == 0 ? "red" : "blue")},{100 + (i % 7 * 12.5)},{i % 2}"))]);
        string model = PathOf("shapes.zip");
        CliRun training = CliRun.Of(
            "train", ShapesPath, "--categorical-columns", "colour", "--label-column", "label", "--likelihood", likelihood, "--scaling", "Standardize",
            "-e", "2", "--hidden", "4", "-k", "2", "--out", model);
        Assert.AreEqual(0, training.ExitCode, training.Error);
        return model;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
