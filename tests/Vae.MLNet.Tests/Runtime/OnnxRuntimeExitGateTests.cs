using System.Diagnostics;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxRuntimeExitGateTests
{
    [TestMethod]
    public void AnotherThreadsCallAfterTheExitBeganWaitsThenThrowsSayingTheProcessIsExiting()
    {
        var gate = new OnnxRuntimeExitGate(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
        gate.BeginExit();

        Exception? refused = null;
        var elapsed = Stopwatch.StartNew();
        var other = new Thread(() => refused = Record(gate.Enter));
        other.Start();
        other.Join();

        Assert.IsInstanceOfType<InvalidOperationException>(refused);
        StringAssert.StartsWith(refused.Message, "The process is exiting");
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190), elapsed.Elapsed);
    }

    [TestMethod]
    public void TheExitingThreadStillCalls()
    {
        var gate = new OnnxRuntimeExitGate(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        gate.BeginExit();

        Assert.IsTrue(gate.TryEnter());
        gate.Leave();
    }

    [TestMethod]
    public void TheExitWaitsForACallInFlight()
    {
        var gate = new OnnxRuntimeExitGate(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        gate.Enter();
        var call = new Thread(() =>
        {
            Thread.Sleep(300);
            gate.Leave();
        });
        var elapsed = Stopwatch.StartNew();
        call.Start();

        gate.BeginExit();

        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290), elapsed.Elapsed);
        Assert.IsLessThan(TimeSpan.FromSeconds(5), elapsed.Elapsed);
        call.Join();
    }

    [TestMethod]
    public void TheExitGivesUpOnACallInFlightAfterItsWait()
    {
        var gate = new OnnxRuntimeExitGate(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        gate.Enter();
        var elapsed = Stopwatch.StartNew();

        gate.BeginExit();

        Assert.IsLessThan(TimeSpan.FromSeconds(2), elapsed.Elapsed);
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
#pragma warning disable CA1031 // The test inspects whatever the call threw.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }
    }
}
