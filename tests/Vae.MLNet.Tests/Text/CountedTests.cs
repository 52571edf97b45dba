using Vae.MLNet.Text;

namespace Vae.MLNet.Tests.Text;

[TestClass]
public sealed class CountedTests
{
    [TestMethod]
    [DataRow(0L, "0 rows")]
    [DataRow(1L, "1 row")]
    [DataRow(2L, "2 rows")]
    public void OnlyACountOfOneTakesTheSingular(long count, string expected) => Assert.AreEqual(expected, Counted.Of(count, "row"));
}
