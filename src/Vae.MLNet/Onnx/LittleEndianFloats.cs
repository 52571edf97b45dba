using System.Buffers;
using System.Runtime.InteropServices;
using Google.Protobuf;

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

    /// <summary>The bytes of <paramref name="values"/> as a protobuf byte string that shares the array's memory.</summary>
    public static ByteString Bytes(float[] values)
    {
        RequireLittleEndian();
        return UnsafeByteOperations.UnsafeWrap(new ArrayBytes(values).Memory);
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX graphs are read and written in place as little-endian floats, and this platform is big-endian.");
        }
    }

    /// <summary>A float array's memory seen as bytes, which <see cref="Memory{T}"/> cannot express by itself.</summary>
    private sealed unsafe class ArrayBytes(float[] values) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan());

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = GCHandle.Alloc(values, GCHandleType.Pinned);
            return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle);
        }

        // The handle Pin returns frees its GCHandle itself, and the array is the garbage collector's, so there is nothing
        // else to release.
        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
