using System.Globalization;

namespace Vae.MLNet.Tests.Runtime;

/// <summary>What a session's runs leave in the process's memory, measured in a process of its own.</summary>
[TestClass]
public sealed class OnnxSessionMemoryTests
{
    private const int Features = 784;
    private const int Hidden = 2048;
    private const int Latent = 20;

    // Rows whose hidden layer alone takes 64 MB, more than glibc ever serves from its heap, so memory ONNX Runtime
    // hands back is returned to the system at once.
    private const int Rows = 8_192;

    // Scores one row, then one large batch, and prints how many MiB the process's resident memory grew by over the batch.
    // Every buffer is written before the first reading, so the growth is ONNX Runtime's own.
    private const string Child = """
        using System;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using Vae.MLNet.Runtime;

        static long ResidentBytes() =>
            long.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

        using var session = new OnnxSession(File.ReadAllBytes(args[0]));
        int rows = int.Parse(args[1], CultureInfo.InvariantCulture);
        var features = new float[rows * int.Parse(args[2], CultureInfo.InvariantCulture)];
        var latent = new float[rows * int.Parse(args[3], CultureInfo.InvariantCulture)];
        Array.Fill(features, 0.5f);
        Array.Fill(latent, 1f);
        session.Run(1, "Features", features.AsSpan(0, features.Length / rows), "LatentMean", latent.AsSpan(0, latent.Length / rows));
        long before = ResidentBytes();
        session.Run(rows, "Features", features, "LatentMean", latent);
        Console.WriteLine((ResidentBytes() - before) >> 20);
        """;

    [TestMethod]
    public void ALargeBatchLeavesNoMemoryBehindOnceItIsScored()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The child reads its resident memory from /proc.");
        }

        using var temp = new TempDirectory();
        string encoder = temp.Write("encoder.onnx", UntrainedModel.Create(Features, Hidden, Latent).ExportOnnx().Encoder);

        ChildProcess.Result run = CompiledProgram.Run(
            temp.Path,
            Child,
            [encoder, .. new[] { Rows, Features, Latent }.Select(n => n.ToString(CultureInfo.InvariantCulture))],
            TimeSpan.FromMinutes(1));

        // Before, ONNX Runtime's memory arena kept the batch's peak, the 64 MB hidden layer and more, until the session was released.
        Assert.AreEqual((string.Empty, 0), (run.StandardError, run.ExitCode));
        long grownMiB = long.Parse(run.StandardOutput, CultureInfo.InvariantCulture);
        Assert.IsLessThan(16, grownMiB, $"resident memory grew by {grownMiB} MiB over the batch and stayed");
    }
}
