using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// The check that a model trained in stages, each run going on with --init from the file the one before wrote, is the
/// model one longer run trains, as Adam's state kept in a checkpoint promises.
/// </summary>
internal static class OneLongerRun
{
    /// <summary>
    /// Asserts that the zip at <paramref name="continued"/> holds what the zip at <paramref name="longer"/> holds, byte
    /// for byte, but its manifest, and that their histories give the same losses. The graphs' bytes are the weights, and
    /// a checkpoint's optimizer-state.bin Adam's step count and moments; the manifest differs by the run's --epochs, the
    /// epoch each run started at, and the epochs' times, which no two runs share.
    /// </summary>
    public static void AssertMatches(string longer, string continued)
    {
        Dictionary<string, byte[]> expected = ModelZip.Entries(File.ReadAllBytes(longer));
        Dictionary<string, byte[]> actual = ModelZip.Entries(File.ReadAllBytes(continued));
        CollectionAssert.AreEquivalent(expected.Keys, actual.Keys, "the same entries");
        foreach (string name in expected.Keys.Where(name => name != "manifest.json"))
        {
            CollectionAssert.AreEqual(expected[name], actual[name], name);
        }

        CollectionAssert.AreEqual(Losses(longer), Losses(continued), "each epoch's losses");
    }

    /// <summary>The reports of the epochs of the model at <paramref name="path"/>, but for their times.</summary>
    private static VaeEpochReport[] Losses(string path) =>
        [.. VaeModel.Load(path).History.Epochs.Select(report => report with { Seconds = 0 })];
}
