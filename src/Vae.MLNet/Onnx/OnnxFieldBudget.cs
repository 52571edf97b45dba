using Google.Protobuf;
using Google.Protobuf.Reflection;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Counts the protobuf fields of a graph file at every depth, as <see cref="ModelProto"/>'s schema reads them, without
/// building the model, and refuses a file holding more than a budget. Parsing makes an object of some hundred bytes of
/// many a field of two (an empty node is a message with three lists), so a file of a few megabytes of such fields
/// would take gigabytes before anything in it could be checked.
/// </summary>
internal static class OnnxFieldBudget
{
    /// <summary>Reads <paramref name="content"/> to its end, counting its fields.</summary>
    /// <param name="content">The graph file's bytes.</param>
    /// <param name="maxFields">The most fields the file may hold.</param>
    /// <param name="refusal">The exception to throw, given the budget, once the file holds a field more.</param>
    /// <returns>How many fields the file holds.</returns>
    /// <exception cref="VaeModelFormatException">The file holds more fields than <paramref name="maxFields"/>.</exception>
    /// <exception cref="InvalidProtocolBufferException">The bytes are no protobuf message.</exception>
    public static long Require(byte[] content, long maxFields, Func<long, VaeModelFormatException> refusal)
    {
        var tally = new Tally(maxFields, refusal);
        // Counting stops where parsing does, at the end or at an end-group tag, on which parsing then fails.
        new FieldCounter(ModelProto.Descriptor, tally).MergeFrom(new CodedInputStream(content));
        return tally.Fields;
    }

    private sealed class Tally(long maxFields, Func<long, VaeModelFormatException> refusal)
    {
        public long Fields { get; private set; }

        public void Add(long fields)
        {
            Fields += fields;
            if (Fields > maxFields)
            {
                throw refusal(maxFields);
            }
        }
    }

    /// <summary>
    /// A message of the type <c>type</c> describes, or an unknown group where that is null. It is read through
    /// <see cref="CodedInputStream.ReadMessage"/>, which holds a nested message to its length and the stream's
    /// recursion limit as parsing would; it is never written.
    /// </summary>
    private sealed class FieldCounter(MessageDescriptor? type, Tally tally) : IMessage
    {
        public MessageDescriptor Descriptor => type ?? throw new NotSupportedException("An unknown group has no descriptor.");

        public void MergeFrom(CodedInputStream input)
        {
            uint tag;
            while ((tag = input.ReadTag()) != 0 && WireFormat.GetTagWireType(tag) != WireFormat.WireType.EndGroup)
            {
                tally.Add(1);
                FieldDescriptor? field = type?.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
                switch (WireFormat.GetTagWireType(tag))
                {
                    case WireFormat.WireType.LengthDelimited when field?.FieldType == FieldType.Message:
                        input.ReadMessage(new FieldCounter(field.MessageType, tally));
                        break;
                    case WireFormat.WireType.LengthDelimited when field is { IsRepeated: true } && IsVarint(field.FieldType):
                        // A packed list parses to a long or an int per value, where a value takes as little as a byte.
                        tally.Add(VarintCount(input.ReadBytes().Span));
                        break;
                    case WireFormat.WireType.StartGroup:
                        // Parsing keeps an unknown group's fields, one by one.
                        input.ReadGroup(new FieldCounter(null, tally));
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }

        public void WriteTo(CodedOutputStream output) => throw new NotSupportedException("A field count is read, never written.");

        public int CalculateSize() => throw new NotSupportedException("A field count is read, never written.");

        private static bool IsVarint(FieldType type) => type is FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64
            or FieldType.SInt32 or FieldType.SInt64 or FieldType.Bool or FieldType.Enum;

        /// <summary>How many varints end in <paramref name="bytes"/>: each ends at a byte without its high bit.</summary>
        private static int VarintCount(ReadOnlySpan<byte> bytes)
        {
            int count = 0;
            foreach (byte b in bytes)
            {
                count += b >> 7 ^ 1;
            }

            return count;
        }
    }
}
