using System.Diagnostics;

namespace Vae.MLNet.Tests.Imaging;

/// <summary>
/// Reads a PNG with code we did not write: the system Python's zlib checks every chunk CRC and Pillow decodes the
/// pixels. Tests call <see cref="Assert.Inconclusive(string)"/> when that Python or Pillow is missing.
/// </summary>
internal static class IndependentPngReader
{
    private const string PythonPath = "/usr/bin/python3";

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
        if (!File.Exists(PythonPath))
        {
            Assert.Inconclusive($"{PythonPath} is not installed; no independent PNG decoder to check against.");
        }

        var start = new ProcessStartInfo(PythonPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(pngPath);
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(30_000), "python timed out");
        Assert.AreEqual(0, process.ExitCode, stderr.Result);
        string[] fields = stdout.Result.Trim().Split(' ');
        if (fields[0] == "NOPIL")
        {
            Assert.Inconclusive("python3-pil is not installed; chunk CRCs were verified but pixels could not be decoded independently.");
        }

        return (fields[0], int.Parse(fields[1]), int.Parse(fields[2]), Convert.FromHexString(fields.Length > 3 ? fields[3] : ""));
    }
}
