using System.Diagnostics;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class InterruptSignalsTests
{
    private static readonly long First = Stopwatch.GetTimestamp();

    [TestMethod]
    public void SigintsWithinTheWindowOfTheFirstAskOnceAndOneAfterItEndsTheProcess()
    {
        var interrupts = new InterruptSignals();

        bool[] endsAtOnce =
        [
            interrupts.EndsTheProcessAtOnce(First),
            interrupts.EndsTheProcessAtOnce(After(TimeSpan.FromMilliseconds(50))),
            interrupts.EndsTheProcessAtOnce(After(InterruptSignals.SameRequestWindow)),
            interrupts.EndsTheProcessAtOnce(After(InterruptSignals.SameRequestWindow + TimeSpan.FromMilliseconds(1))),
            interrupts.EndsTheProcessAtOnce(After(TimeSpan.FromSeconds(3))),
        ];

        CollectionAssert.AreEqual(new[] { false, false, false, true, true }, endsAtOnce);
    }

    [TestMethod]
    public void TheWindowIsCountedFromTheFirstSigintNotTheLast()
    {
        var interrupts = new InterruptSignals();
        TimeSpan step = InterruptSignals.SameRequestWindow * 0.6;

        bool[] endsAtOnce = [interrupts.EndsTheProcessAtOnce(First), interrupts.EndsTheProcessAtOnce(After(step)), interrupts.EndsTheProcessAtOnce(After(step * 2))];

        CollectionAssert.AreEqual(new[] { false, false, true }, endsAtOnce);
    }

    private static long After(TimeSpan time) => First + (long)(time.TotalSeconds * Stopwatch.Frequency);
}
