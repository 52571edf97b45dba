using System.Globalization;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Runtime;

/// <summary>A process that exits while another thread scores through ONNX Runtime, run as a process of its own.</summary>
[TestClass]
public sealed class ProcessExitTests
{
    private const int Features = 784;
    private const int Latent = 20;

    // A batch that one run scores in about half a second here: the exit, made as soon as the run is in ONNX Runtime,
    // comes in the middle of it.
    private const int Rows = 8_000;

    // Scores on a background thread, run after run, and calls Environment.Exit(7) once the gate counts the first run in
    // flight: a fixed sleep instead let the exit come before a slow JIT had the thread there, when the gate refuses the
    // run and nothing is written. The gate is internal to the library, so the child reads its count by reflection. Its
    // own ProcessExit handler, added after the session's, tells how much of the run's output was written by then.
    private const string Child = """
        using System;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Reflection;
        using System.Threading;
        using Vae.MLNet.Runtime;

        var session = new OnnxSession(File.ReadAllBytes(args[0]));
        int rows = int.Parse(args[1], CultureInfo.InvariantCulture);
        var features = new float[rows * int.Parse(args[2], CultureInfo.InvariantCulture)];
        var latent = new float[rows * int.Parse(args[3], CultureInfo.InvariantCulture)];
        Array.Fill(latent, float.NaN);
        Type gateType = typeof(OnnxSession).Assembly.GetType("Vae.MLNet.Runtime.OnnxRuntimeExitGate", throwOnError: true)!;
        object gate = gateType.GetProperty("Process", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        FieldInfo callsInFlight = gateType.GetField("_callsInFlight", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var scoring = new Thread(() =>
        {
            while (true)
            {
                session.Run(rows, "Features", features, "LatentMean", latent);
            }
        }) { IsBackground = true };
        scoring.Start();
        if (!SpinWait.SpinUntil(() => (int)callsInFlight.GetValue(gate)! > 0, TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("The scoring thread's run did not reach ONNX Runtime in 30 s.");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.WriteLine($"unwritten: {latent.Count(float.IsNaN)}");
        Environment.Exit(7);
        """;

    [TestMethod]
    public void EnvironmentExitWaitsForTheRunInFlightAndEndsWithItsExitCode()
    {
        using var temp = new TempDirectory();
        var options = new VaeOptions { HiddenLayerSizes = [2048], LatentDimension = Latent };
        var model = new VaeModel(
            VaeNetwork.Create(options, Features, new Random(3)), null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
        string encoder = temp.Write("encoder.onnx", model.ExportOnnx().Encoder);

        ChildProcess.Result run = CompiledProgram.Run(
            temp.Path,
            Child,
            [encoder, .. new[] { Rows, Features, Latent }.Select(n => n.ToString(CultureInfo.InvariantCulture))],
            TimeSpan.FromMinutes(1));

        // Before, the handler ran while the run still wrote, and exit() then freed ONNX Runtime under it: now and then SIGSEGV (139).
        Assert.AreEqual(("unwritten: 0" + Environment.NewLine, string.Empty, 7), (run.StandardOutput, run.StandardError, run.ExitCode));
    }
}
