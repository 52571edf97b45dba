using System.Runtime.CompilerServices;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class SharedGraphExportTests
{
    [TestMethod]
    public void SessionsMadeTogetherShareOneExportWhichNoOneKeepsAfterwards()
    {
        int exports = 0;
        var shared = new SharedGraphExport(() =>
        {
            Interlocked.Increment(ref exports);
            return new byte[1 << 20];
        });

        bool allShared = GetTogether(shared);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int exportsWhileHeld = exports;
        shared.Get();

        Assert.IsTrue(allShared);
        Assert.AreEqual(1, exportsWhileHeld);
        Assert.AreEqual(2, exports, "exported again once nothing held the bytes");
    }

    // Not inlined, so that no reference to the bytes outlives it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GetTogether(SharedGraphExport shared)
    {
        var graphs = new byte[8][];
        Parallel.For(0, graphs.Length, i => graphs[i] = shared.Get());
        return graphs.All(graph => ReferenceEquals(graph, graphs[0]));
    }
}
