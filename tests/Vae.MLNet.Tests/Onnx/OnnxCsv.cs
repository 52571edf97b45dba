using System.Globalization;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>The CSV files eval_graph.py reads its inputs from and writes its outputs to, with round-trip float precision.</summary>
internal static class OnnxCsv
{
    public static void Write(string path, float[][] rows) =>
        File.WriteAllLines(path, rows.Select(row => string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));

    public static float[][] Read(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
}
