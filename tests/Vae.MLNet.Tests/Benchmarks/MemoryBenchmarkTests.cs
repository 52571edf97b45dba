using Vae.MLNet.Benchmarks;

namespace Vae.MLNet.Tests.Benchmarks;

[TestClass]
public sealed class MemoryBenchmarkTests
{
    [TestMethod]
    public void EverySizeOutOfRangeIsNamedBeforeAnyIsMeasured()
    {
        // The first size is out of range, so a run that checked one size at a time would stop there too, without measuring.
        var error = Assert.ThrowsExactly<ArgumentException>(() => MemoryBenchmark.Run(BenchmarkArguments.Parse(["memory", "--kib", "1,636,63"])));

        StringAssert.StartsWith(error.Message, "--kib 1, 63 are outside 64 to ");
    }
}
