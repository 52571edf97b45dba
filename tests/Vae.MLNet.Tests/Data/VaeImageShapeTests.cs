using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class VaeImageShapeTests
{
    [TestMethod]
    [DataRow("28x28", 28, 28)]
    [DataRow("14X56", 14, 56)]
    [DataRow("1x46341", 1, 46341)]
    public void TryParseReadsWidthThenHeight(string text, int width, int height)
    {
        Assert.IsTrue(VaeImageShape.TryParse(text, out VaeImageShape? shape));
        Assert.AreEqual(new VaeImageShape(width, height), shape);
    }

    [TestMethod]
    public void TryParseReadsWhatToStringWrites()
    {
        var shape = new VaeImageShape(56, 14);
        Assert.IsTrue(VaeImageShape.TryParse(shape.ToString(), out VaeImageShape? read));
        Assert.AreEqual(shape, read);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("28")]
    [DataRow("28x28x1")]
    [DataRow("0x28")]
    [DataRow("28x0")]
    [DataRow("-2x14")]
    [DataRow("+2x14")]
    [DataRow(" 28x28")]
    [DataRow("28 x 28")]
    [DataRow("2.5x4")]
    [DataRow("65536x65536")]
    [DataRow("99999999999x1")]
    public void TryParseRefusesWhatIsNoShape(string? text)
    {
        Assert.IsFalse(VaeImageShape.TryParse(text, out VaeImageShape? shape));
        Assert.IsNull(shape);
    }

    [TestMethod]
    public void TheConstructorRefusesAnEmptyOrOversizedImageNamingTheArgument()
    {
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(0, 4)).ParamName);
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(4, -1)).ParamName);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(65536, 65536)).Message, "give a smaller width or height");
    }
}
