namespace Vae.MLNet.Tests.Imaging;

/// <summary>
/// Reads a PNG with code we did not write: the system Python's zlib checks every chunk CRC and Pillow decodes the
/// pixels. Tests call <see cref="Assert.Inconclusive(string)"/> when that Python or Pillow is missing.
/// </summary>
internal static class IndependentPngReader
{
    private const string Script = """
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
        pos = 8
        while pos < len(data):
            n, = struct.unpack('>I', data[pos:pos + 4])
            body = data[pos + 4:pos + 8 + n]
            crc, = struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])
            assert zlib.crc32(body) & 0xffffffff == crc, 'crc of ' + body[:4].decode()
            pos += 12 + n
        try:
            from PIL import Image
        except ImportError:
            print('NOPIL'); sys.exit(0)
        im = Image.open(sys.argv[1]); im.load()
        print(im.mode, im.size[0], im.size[1], im.tobytes().hex())
        """;

    /// <summary>Returns Pillow's mode, size and raw pixel bytes for the file.</summary>
    public static (string Mode, int Width, int Height, byte[] Pixels) Read(string pngPath)
    {
        if (!Python3.IsInstalled)
        {
            Assert.Inconclusive($"{Python3.Path} is not installed; no independent PNG decoder to check against.");
        }

        string output = Python3.RunToSuccess(["-c", Script, pngPath], TimeSpan.FromSeconds(30));
        string[] fields = output.Trim().Split(' ');
        if (fields[0] == "NOPIL")
        {
            Assert.Inconclusive("python3-pil is not installed; chunk CRCs were verified but pixels could not be decoded independently.");
        }

        return (fields[0], int.Parse(fields[1]), int.Parse(fields[2]), Convert.FromHexString(fields.Length > 3 ? fields[3] : ""));
    }
}
