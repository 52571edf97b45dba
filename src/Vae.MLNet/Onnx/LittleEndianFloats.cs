using System.Runtime.InteropServices;

namespace Vae.MLNet.Onnx;

/// <summary>
/// ONNX stores float tensors as little-endian float32, which is how every platform this library runs on (x64, Arm64)
/// holds floats in memory: tensor bytes are used in place, where converting them value by value took copies as large as
/// the model's weights.
/// </summary>
internal static class LittleEndianFloats
{
    /// <summary>The floats <paramref name="bytes"/> hold, without copying them; a trailing partial float is left out.</summary>
    public static ReadOnlySpan<float> View(ReadOnlySpan<byte> bytes)
    {
        RequireLittleEndian();
        return MemoryMarshal.Cast<byte, float>(bytes);
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX graphs are read and written in place as little-endian floats, and this platform is big-endian.");
        }
    }
}
