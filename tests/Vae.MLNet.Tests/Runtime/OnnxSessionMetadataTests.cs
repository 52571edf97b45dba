using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxSessionMetadataTests
{
    [TestMethod]
    public void ReportsNamesShapesAndTypes()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.TwoInTwoOut);

        CollectionAssert.AreEqual(new[] { "a", "b" }, session.Inputs.Select(t => t.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "sum", "rowsum" }, session.Outputs.Select(t => t.Name).ToArray());
        CollectionAssert.AreEqual(new long[] { -1, 3 }, session.Inputs[1].Shape.ToArray());
        CollectionAssert.AreEqual(new long[] { -1, 1 }, session.Outputs[1].Shape.ToArray());
        Assert.IsTrue(session.Inputs.Concat(session.Outputs).All(t => t.ElementType == OnnxElementType.Float));
    }

    [TestMethod]
    public void ReportsFixedDimensionsAndOtherElementTypes()
    {
        using OnnxSession fixedBatch = RuntimeTestModels.Open(RuntimeTestModels.FixedBatch);
        using OnnxSession int64 = RuntimeTestModels.Open(RuntimeTestModels.Int64Input);

        CollectionAssert.AreEqual(new long[] { 2, 3 }, fixedBatch.Outputs[0].Shape.ToArray());
        Assert.AreEqual(OnnxElementType.Int64, int64.Inputs[0].ElementType);
        Assert.AreEqual(OnnxElementType.Float, int64.Outputs[0].ElementType);
    }

    [TestMethod]
    public void LoadsTheFetchedRuntimeVersion()
    {
        Assert.AreEqual("1.30.0", OrtApi.Instance.Version);
    }
}
