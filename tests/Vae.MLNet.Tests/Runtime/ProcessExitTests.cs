using System.Globalization;
using System.Reflection;

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

    // Rows enough for the runs of an MNIST-sized encoder to cut into some forty ranges, so that a runner thread wakes in
    // time to take some: with 200 rows, or a single row cut by weights, the calling thread often ran them all first.
    private const int HandlerRows = 2_000;

    // Loads a model zip with two concurrent runs, scores once, and scores again in a ProcessExit handler added after the
    // gate's, exiting by Environment.Exit or by returning from Main as args[2] says.
    private const string HandlerChild = """
        using System;
        using System.Diagnostics;
        using System.Globalization;
        using Vae.MLNet.Runtime;

        var model = VaeOnnxModel.Load(args[0], intraOpThreads: 1, concurrentRuns: 2);
        int rows = int.Parse(args[1], CultureInfo.InvariantCulture);
        var features = new float[rows * model.InputDimension];
        var mean = new float[rows * model.LatentDimension];
        var logVariance = new float[rows * model.LatentDimension];
        model.Encode(features, mean, logVariance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            var elapsed = Stopwatch.StartNew();
            model.Encode(features, mean, logVariance);
            Console.WriteLine(elapsed.Elapsed < TimeSpan.FromSeconds(3) ? "scored in the handler" : $"scored in the handler in {elapsed.ElapsedMilliseconds} ms");
        };
        if (args[2] == "exit")
        {
            Environment.Exit(5);
        }

        return 5;
        """;

    // Loads a model zip with args[2] concurrent runs and scores args[1] rows on a background thread, call after call, then
    // returns from Main; a ProcessExit handler added after the gate's disposes the model once the thread's next run has
    // had time to reach the gate and be refused.
    private const string DisposingChild = """
        using System;
        using System.Diagnostics;
        using System.Globalization;
        using System.Threading;
        using Vae.MLNet.Runtime;

        var model = VaeOnnxModel.Load(args[0], intraOpThreads: 1, concurrentRuns: int.Parse(args[2], CultureInfo.InvariantCulture));
        int rows = int.Parse(args[1], CultureInfo.InvariantCulture);
        var features = new float[rows * model.InputDimension];
        var mean = new float[rows * model.LatentDimension];
        var logVariance = new float[rows * model.LatentDimension];
        var scoring = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    model.Encode(features, mean, logVariance);
                }
            }
            catch (ObjectDisposedException)
            {
                // Disposed between two calls.
            }
        }) { IsBackground = true };
        scoring.Start();
        Thread.Sleep(300);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Thread.Sleep(200);
            var elapsed = Stopwatch.StartNew();
            model.Dispose();
            Console.WriteLine(elapsed.Elapsed < TimeSpan.FromSeconds(3) ? "disposed in the handler" : $"disposed in the handler in {elapsed.ElapsedMilliseconds} ms");
        };
        return 6;
        """;

    [TestMethod]
    public void EnvironmentExitWaitsForTheRunInFlightAndEndsWithItsExitCode()
    {
        using var temp = new TempDirectory();
        string encoder = temp.Write("encoder.onnx", UntrainedModel.Create(Features, hidden: 2048, Latent).ExportOnnx().Encoder);

        ChildProcess.Result run = CompiledProgram.Run(
            temp.Path,
            Child,
            [encoder, .. new[] { Rows, Features, Latent }.Select(n => n.ToString(CultureInfo.InvariantCulture))],
            TimeSpan.FromMinutes(1));

        // Before, the handler ran while the run still wrote, and exit() then freed ONNX Runtime under it: now and then SIGSEGV (139).
        Assert.AreEqual(("unwritten: 0" + Environment.NewLine, string.Empty, 7), (run.StandardOutput, run.StandardError, run.ExitCode));
    }

    [TestMethod]
    [DataRow("exit")]
    [DataRow("return")]
    public void AProcessExitHandlerScoresAtOnceThoughTheModelHasRunnerThreads(string exit)
    {
        using var temp = new TempDirectory();
        string zip = ModelZipForAChild(temp);

        ChildProcess.Result run = CompiledProgram.Run(
            temp.Path, HandlerChild, [zip, HandlerRows.ToString(CultureInfo.InvariantCulture), exit], TimeSpan.FromMinutes(1));

        // Before, the runner threads' runs were refused as other threads': 10 s later the handler threw InvalidOperationException.
        Assert.AreEqual(("scored in the handler" + Environment.NewLine, string.Empty, 5), (run.StandardOutput, run.StandardError, run.ExitCode));
    }

    // A single row on one run goes through a binding made once (SingleRowBindings); a batch on two runs, through the runners.
    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(HandlerRows, 2)]
    public void AProcessExitHandlerDisposesAtOnceThoughAnotherThreadsRunIsRefused(int rows, int concurrentRuns)
    {
        using var temp = new TempDirectory();
        string zip = ModelZipForAChild(temp);

        ChildProcess.Result run = CompiledProgram.Run(
            temp.Path,
            DisposingChild,
            [zip, rows.ToString(CultureInfo.InvariantCulture), concurrentRuns.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(1));

        // Before, Dispose waited the gate's 10 s for the refused run: it held the binding, or its batch held the runners.
        Assert.AreEqual(("disposed in the handler" + Environment.NewLine, string.Empty, 6), (run.StandardOutput, run.StandardError, run.ExitCode));
    }

    /// <summary>Saves an MNIST-sized model (784-400-20) into <paramref name="temp"/>, with what a child needs to read it.</summary>
    private static string ModelZipForAChild(TempDirectory temp)
    {
        string zip = Path.Combine(temp.Path, "model.zip");
        UntrainedModel.Create(Features, hidden: 400, Latent).Save(zip);

        // Reading a model zip needs the library's packages (Google.Protobuf and others), which CompiledProgram leaves out
        // (see MissingDependencyTests).
        foreach (AssemblyName dependency in typeof(VaeModel).Assembly.GetReferencedAssemblies())
        {
            string file = Path.Combine(AppContext.BaseDirectory, dependency.Name + ".dll");
            if (File.Exists(file))
            {
                File.Copy(file, Path.Combine(temp.Path, Path.GetFileName(file)));
            }
        }

        return zip;
    }
}
