using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxSessionConcurrencyTests
{
    [TestMethod]
    public void EightThreadsShareOneSession()
    {
        const int threadCount = 8;
        const int iterations = 200;
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        using var start = new Barrier(threadCount);
        var failures = new string?[threadCount];

        Thread[] threads = [.. Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            // Different batch sizes and data per thread, so a call reading another call's state would show.
            int rows = t + 1;
            float[] x = RuntimeTestModels.Inputs(rows * GemmReluReference.InputWidth, seed: 100 + t);
            float[] expected = GemmReluReference.Compute(x, rows);
            var y = new float[expected.Length];
            start.SignalAndWait();
            for (int i = 0; i < iterations && failures[t] is null; i++)
            {
                Array.Clear(y);
                session.Run(rows, "x", x, "y", y);
                for (int j = 0; j < y.Length; j++)
                {
                    if (Math.Abs(y[j] - expected[j]) > 1e-5f)
                    {
                        failures[t] = $"thread {t}, iteration {i}, element {j}: {y[j]} != {expected[j]}";
                        break;
                    }
                }
            }
        }))];

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.AreEqual(string.Empty, string.Join("; ", failures.Where(f => f is not null)));
    }
}
