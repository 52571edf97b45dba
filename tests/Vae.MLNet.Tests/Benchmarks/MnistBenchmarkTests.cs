using System.Text.Json.Nodes;
using Vae.MLNet.Numerics;
using Vae.MLNet.Samples.Common;
using Vae.MLNet.Tests.Data;

namespace Vae.MLNet.Tests.Benchmarks;

/// <summary>
/// The training benchmark on a few made-up images, in a process of its own: OpenBLAS reads OPENBLAS_CORETYPE once, when
/// it loads, and this process may have loaded it already.
/// </summary>
[TestClass]
public sealed class MnistBenchmarkTests
{
    private const string Pinned = "OPENBLAS_CORETYPE=Haswell is set, so OpenBLAS runs its ";

    [TestMethod]
    public void OpenBlasPinnedByTheEnvironmentIsWarnedOfAndItsKernelsRecorded()
    {
        if (!MatrixMultipliers.IsOpenBlasAvailable)
        {
            Assert.Inconclusive("OpenBLAS is not installed.");
        }

        (string output, _, JsonObject result) = RunPinned("OpenBlas");

        string core = (string?)result["openblas_core"] ?? "unnamed";
        StringAssert.Contains(
            output,
            Pinned + core + " kernels instead of those it picks for this CPU; "
            + "to measure its own choice, run env -u OPENBLAS_CORETYPE dotnet run -c Release --project tests/Vae.MLNet.Benchmarks -- mnist ...");
        Assert.AreEqual("OpenBlas", (string?)result["gemm"]);
    }

    [TestMethod]
    public void TheManagedKernelIsNotWarnedOfOrGivenAnOpenBlasCore()
    {
        (string output, _, JsonObject result) = RunPinned("Managed");

        Assert.DoesNotContain(Pinned, output);
        Assert.IsFalse(result.ContainsKey("openblas_core"), result.ToJsonString());
    }

    [TestMethod]
    [DataRow("Prescott", "Managed", "DOTNET_EnableAVX512", "0", DisplayName = "SSE kernels on an AVX2 CPU, as a release older than the CPU runs")]
    [DataRow("Haswell", "OpenBlas", "DOTNET_EnableAVX512", "0", DisplayName = "the CPU's own AVX2 kernels")]
    [DataRow("Haswell", "OpenBlas", "DOTNET_PreferredVectorBitWidth", "256", DisplayName = "AVX2 kernels where .NET leaves an AVX-512 CPU's 512-bit vectors unaccelerated")]
    public void AutoTakesOpenBlasWithoutAvx512OnlyWhereItsKernelsUseTheCpusInstructions(string coreType, string gemm, string setting, string value)
    {
        if (!MatrixMultipliers.IsOpenBlasAvailable || !System.Runtime.Intrinsics.X86.Avx2.IsSupported || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            Assert.Inconclusive("This needs OpenBLAS and a CPU with AVX2 and FMA.");
        }

        (_, _, JsonObject result) = RunPinned("Auto", coreType, new() { [setting] = value });

        Assert.AreEqual(gemm, (string?)result["gemm"], result.ToJsonString());
    }

    [TestMethod]
    public void TrainingAskedToUseOpenBlasOnFallbackKernelsSaysTheManagedKernelIsTheFaster()
    {
        if (!MatrixMultipliers.IsOpenBlasAvailable || !System.Runtime.Intrinsics.X86.Avx2.IsSupported || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            Assert.Inconclusive("This needs OpenBLAS and a CPU with AVX2 and FMA.");
        }

        (_, string error, JsonObject result) = RunPinned("OpenBlas", "Prescott", new() { ["DOTNET_EnableAVX512"] = "0" });

        Assert.AreEqual("OpenBlas", (string?)result["gemm"], "asked for, it is used all the same");
        StringAssert.Contains(
            error,
            "runs its Prescott kernels on this CPU, narrower than the managed matrix multiplier's AVX2 ones, so training with it is the slower; "
            + "the automatic choice trains with the managed one.");
        (_, string onItsOwn, _) = RunPinned("OpenBlas", "Haswell", new() { ["DOTNET_EnableAVX512"] = "0" });
        Assert.DoesNotContain("the automatic choice", onItsOwn);
    }

    [TestMethod]
    public void RoundsTrainInTurnAndTheMedianEpochIsTheRoundsMedian()
    {
        (string output, _, JsonObject result) = RunPinned("Managed", arguments: ["--rounds", "3"]);

        Assert.AreEqual(3, (int)result["rounds"]!);
        double[] medians = [.. result["median_epoch_seconds_rounds"]!.AsArray().Select(median => (double)median!)];
        Assert.HasCount(3, medians);
        Assert.AreEqual(medians.Order().ElementAt(1), (double)result["median_epoch_seconds"]!);
        StringAssert.Contains(output, "round 3: median epoch ");
        StringAssert.Contains(output, "(the rounds' median)");
    }

    /// <summary>
    /// One epoch of <c>mnist --gemm <paramref name="gemm"/></c> with OPENBLAS_CORETYPE=<paramref name="coreType"/> and
    /// <paramref name="environment"/>, given <paramref name="arguments"/> too: what it printed, and its JSON line.
    /// </summary>
    private static (string Output, string Error, JsonObject Result) RunPinned(
        string gemm, string coreType = "Haswell", Dictionary<string, string?>? environment = null, string[]? arguments = null)
    {
        using var temp = new TempDirectory();
        foreach ((string split, int count) in new[] { ("train", 32), ("t10k", 8) })
        {
            temp.Write(IdxSplits.ImagesFile(split), IdxFixture.Gzip(IdxFixture.Images(count, height: 28, width: 28)));
            temp.Write(IdxSplits.LabelsFile(split), IdxFixture.Gzip(IdxFixture.Labels(count)));
        }

        ChildProcess.Result run = ChildProcess.Run(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Vae.MLNet.Benchmarks.dll"), "mnist", "--data", temp.Path, "--epochs", "1", "--threads", "1", "--gemm", gemm, "--peer", "none", .. arguments ?? []],
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?>(environment ?? []) { ["OPENBLAS_CORETYPE"] = coreType });

        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        string[] lines = run.StandardOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        return (run.StandardOutput, run.StandardError, JsonNode.Parse(lines[^1])!.AsObject());
    }
}
