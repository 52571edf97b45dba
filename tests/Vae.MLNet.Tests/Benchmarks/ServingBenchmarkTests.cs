using System.Text.Json.Nodes;
using Vae.MLNet.Benchmarks;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Benchmarks;

[TestClass]
public sealed class ServingBenchmarkTests
{
    [TestMethod]
    public void RequestsComeSpacedByThePauseAndTheirTimeInsideTheCallsIsPartOfTheRun()
    {
        using var temp = new TempDirectory();
        string modelPath = Path.Combine(temp.Path, "tiny.zip");
        TinyGaussianTraining.Fit(VaeDataset.FromArray([0, 1, 2, 3, 4, 5, 6, 7], 4)).Save(modelPath);

        JsonObject result = ServingBenchmark.Run(BenchmarkArguments.Parse(
            ["serving", "--model", modelPath, "--seconds", "1", "--warm-up-seconds", "0", "--pause-ms", "20", "--rows", "3", "--call", "ScoreRows", "--concurrent-runs", "1"]));

        Assert.AreEqual("serving", (string?)result["benchmark"]);
        Assert.AreEqual("score_rows", (string?)result["call"]);
        Assert.AreEqual(3, (int?)result["rows_per_request"]);
        Assert.AreEqual(1, (int?)result["concurrent_runs"]);

        // A request every 20 ms or more, in a second: tiny calls, so at least a few dozen, and no more than the pauses allow.
        int requests = (int)result["requests"]!;
        Assert.IsInRange(10, 51, requests);
        double elapsed = (double)result["elapsed_s"]!;
        double inside = (double)result["inside_calls_s"]!;
        Assert.IsGreaterThanOrEqualTo(1.0, elapsed);
        Assert.IsGreaterThan(0.0, inside);
        Assert.IsLessThan(elapsed - requests * 0.02, inside, "the pauses are not time inside the calls");
        Assert.IsGreaterThan(0.0, (double)result["process_cpu_s"]!);
    }

    [TestMethod]
    public void AMissingModelIsAskedFor()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => ServingBenchmark.Run(BenchmarkArguments.Parse(["serving", "--seconds", "1"])));

        Assert.AreEqual("--model names the model zip to serve, such as the model.zip the scoring benchmark writes.", error.Message);
    }
}
