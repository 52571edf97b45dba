using System.Buffers;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Presents memory the caller has already pinned (a span inside a <c>fixed</c> block) as <see cref="Memory{T}"/>, so a
/// span can be handed to <see cref="OnnxSession.Run(int, ReadOnlySpan{OnnxInput}, ReadOnlySpan{OnnxOutput})"/> without
/// copying it. Valid only while the <c>fixed</c> block that produced the pointer is running.
/// </summary>
internal sealed unsafe class PinnedSpanMemory(float* pointer, int length) : MemoryManager<float>
{
    public override Span<float> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)length, nameof(elementIndex));
        return new MemoryHandle(pointer + elementIndex);
    }

    // The caller's fixed block owns the pin.
    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
