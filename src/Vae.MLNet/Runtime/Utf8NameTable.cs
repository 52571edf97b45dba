using System.Runtime.InteropServices;
using System.Text;

namespace Vae.MLNet.Runtime;

/// <summary>
/// NUL-terminated UTF-8 copies of a session's input and output names in one native block, so that every
/// <c>Run</c> can hand ONNX Runtime name pointers without encoding or allocating anything.
/// </summary>
/// <remarks>Layout: one pointer per name, then the encoded names those pointers point into.</remarks>
internal sealed unsafe class Utf8NameTable : SafeHandle
{
    /// <summary>Encodes <paramref name="names"/> into native memory.</summary>
    /// <param name="names">The names, in the order <see cref="this[int]"/> will index them.</param>
    public Utf8NameTable(IReadOnlyList<string> names)
        : base(0, ownsHandle: true)
    {
        nuint pointerBytes = (nuint)(names.Count * sizeof(byte*));
        nuint total = pointerBytes;
        foreach (string name in names)
        {
            total += (nuint)Encoding.UTF8.GetByteCount(name) + 1;
        }

        byte* block = (byte*)NativeMemory.Alloc(total);
        SetHandle((nint)block);

        byte** pointers = (byte**)block;
        byte* next = block + pointerBytes;
        for (int i = 0; i < names.Count; i++)
        {
            pointers[i] = next;
            int written = Encoding.UTF8.GetBytes(names[i], new Span<byte>(next, (int)(block + total - next)));
            next[written] = 0;
            next += written + 1;
        }
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>The encoded name at <paramref name="index"/>; valid while the table is referenced.</summary>
    /// <param name="index">Position in the list given to the constructor.</param>
    public byte* this[int index] => ((byte**)handle)[index];

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMemory.Free((void*)handle);
        return true;
    }
}
