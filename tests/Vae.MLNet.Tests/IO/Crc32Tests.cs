using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.IO;

[TestClass]
public sealed class Crc32Tests
{
    // The values zlib.crc32 gives, the checksum zip entries and PNG chunks carry.
    [TestMethod]
    public void ComputeMatchesZlibOnShortAndLongInputs()
    {
        Assert.AreEqual(0x00000000u, Crc32.Compute([]));
        Assert.AreEqual(0xE8B7BE43u, Crc32.Compute("a"u8));
        Assert.AreEqual(0xCBF43926u, Crc32.Compute("123456789"u8), "the standard CRC-32 check value");
        Assert.AreEqual(0x414FA339u, Crc32.Compute("The quick brown fox jumps over the lazy dog"u8));
        Assert.AreEqual(0x8902161Eu, Crc32.Compute(Pattern(1000)));
        Assert.AreEqual(0xA738EA1Cu, Crc32.Compute(new byte[1 << 20]));
    }

    // Entries are checked as they arrive in reads of any length, so eight-byte steps must carry across every split.
    [TestMethod]
    public void UpdateInPiecesMatchesComputeAtEverySplitAndOffset()
    {
        byte[] data = Pattern(41);
        for (int start = 0; start < 9; start++)
        {
            ReadOnlySpan<byte> block = data.AsSpan(start);
            uint whole = Crc32.Compute(block);
            for (int split = 0; split <= block.Length; split++)
            {
                uint pieces = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, block[..split]), block[split..]));
                Assert.AreEqual(whole, pieces, $"from byte {start}, split at {split}");
            }
        }
    }

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) + 7)).ToArray();
}
