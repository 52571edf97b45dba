using System.Buffers.Binary;
using Vae.MLNet.Persistence;
using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Persistence;

[TestClass]
public sealed class ZipExtentTests
{
    [TestMethod]
    public void AFileOfManyNestedZipsIsReadAsAModelOnceMoreAtMostWhenItFailsToLoad()
    {
        // One manifest, then copies of its directory record each followed by an end record giving that copy's position:
        // every copy ends a complete zip of the bytes before it. Each was once read as a model after the load failed,
        // 300 copies of a manifest padded to 20 MiB taking 17 s.
        byte[] manifestOnly = ModelZip.Build([new("manifest.json", ModelZip.Entries(ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 1)))["manifest.json"])]);
        int endRecord = manifestOnly.AsSpan().LastIndexOf("PK\x05\x06"u8);
        int directory = BinaryPrimitives.ReadInt32LittleEndian(manifestOnly.AsSpan(endRecord + 16));
        using var file = new MemoryStream();
        file.Write(manifestOnly, 0, directory);
        const int Copies = 40;
        for (int copy = 0; copy < Copies; copy++)
        {
            int position = (int)file.Length;
            file.Write(manifestOnly, directory, endRecord - directory);
            byte[] end = manifestOnly.AsSpan(endRecord).ToArray();
            BinaryPrimitives.WriteInt32LittleEndian(end.AsSpan(16), position);
            file.Write(end);
        }

        byte[] bytes = file.ToArray();
        int reads = 0;

        long? earlier = ZipExtent.EndOfEarlierZip(new MemoryStream(bytes, writable: false), _ =>
        {
            reads++;
            return false;
        });
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(bytes));

        Assert.IsNull(earlier);
        Assert.AreEqual(1, reads, "only the first zip the file holds is read as a model");
        StringAssert.Contains(error.Message, "The zip has no 'encoder.onnx'");
        Assert.AreEqual("encoder", error.ModelPart);
    }
}
