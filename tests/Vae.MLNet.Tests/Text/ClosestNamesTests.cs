using Vae.MLNet.Text;

namespace Vae.MLNet.Tests.Text;

[TestClass]
public sealed class ClosestNamesTests
{
    [TestMethod]
    public void EditsAgreeWithTheFullTableUpToOneMoreThanTheMostASuggestionAllows()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 20_000; trial++)
        {
            string typed = RandomWord(random);
            string name = RandomWord(random);

            Assert.AreEqual(Math.Min(FullTableEdits(typed, name), 3), ClosestNames.Edits(typed, name), $"'{typed}' and '{name}'");
        }

        static string RandomWord(Random random) => new(Enumerable.Range(0, random.Next(0, 9)).Select(_ => (char)('a' + random.Next(3))).ToArray());
    }

    [TestMethod]
    public void LongNamesAreComparedWithoutATableOfTheirLengthsProduct()
    {
        string typed = new('y', 50_000);
        string name = new string('y', 49_999) + "b";

        long before = GC.GetAllocatedBytesForCurrentThread();
        string[] closest = ClosestNames.To(typed, [name, "b"]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        CollectionAssert.AreEqual(new[] { name }, closest);
        Assert.IsLessThan(4L << 20, allocated);
    }

    [TestMethod]
    public void AMistypedOptionGetsItsNameAndAnUnrelatedWordNothing()
    {
        CollectionAssert.AreEqual(new[] { "--epochs" }, ClosestNames.To("--epoch", ["--epochs", "--seed", "--beta"]));
        CollectionAssert.AreEqual(new[] { "train" }, ClosestNames.To("trian", ["train", "encode"]));
        Assert.IsEmpty(ClosestNames.To("z", ["a", "b"]));
    }

    [TestMethod]
    public void AWordEquallyCloseToManyNamesGetsNoGuess()
    {
        string[] pixels = [.. Enumerable.Range(0, 64).Select(i => $"pixel_{i / 8}_{i % 8}")];
        string[] options = ["--activation", "--adam-beta1", "--adam-beta2", "--adam-epsilon", "--batch-size", "--beta"];

        Assert.IsEmpty(ClosestNames.To("pixel_9_9", pixels));
        CollectionAssert.AreEqual(new[] { "pixel_7_7" }, ClosestNames.To("pixel_7_77", pixels));
        CollectionAssert.AreEqual(new[] { "--activation", "--adam-beta1", "--adam-beta2", "--adam-epsilon" }, ClosestNames.To("--a", options, prefixes: true));
        Assert.IsEmpty(ClosestNames.To("--", options, prefixes: true));
    }

    // Optimal string alignment distance over the whole table, as the bounded one must agree with.
    private static int FullTableEdits(string typed, string name)
    {
        var distances = new int[typed.Length + 1, name.Length + 1];
        for (int i = 0; i <= typed.Length; i++)
        {
            for (int j = 0; j <= name.Length; j++)
            {
                distances[i, j] = i == 0 ? j : j == 0 ? i
                    : Math.Min(Math.Min(distances[i - 1, j] + 1, distances[i, j - 1] + 1), distances[i - 1, j - 1] + (typed[i - 1] == name[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && typed[i - 1] == name[j - 2] && typed[i - 2] == name[j - 1])
                {
                    distances[i, j] = Math.Min(distances[i, j], distances[i - 2, j - 2] + 1);
                }
            }
        }

        return distances[typed.Length, name.Length];
    }
}
