using Google.Protobuf;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Slot names for a graph's output columns, in the form ML.NET's OnnxTransformer reads as each column's SlotNames
/// annotation: a node named <c>mlnet.{column}.SlotNames</c> whose <c>keys_strings</c> attribute holds them, as ML.NET's
/// own ONNX export writes it. The node is an ONNX-ML LabelEncoder of a one-string constant that nothing reads, so
/// scoring costs at most one lookup more, and the names stay in the graph a saved pipeline keeps.
/// </summary>
internal static class OnnxSlotNames
{
    private const string MachineLearningDomain = "ai.onnx.ml";

    // LabelEncoder's string keys and integer values came with version 2 of the ONNX-ML operator set.
    private const long MachineLearningOpset = 2;

    /// <summary>
    /// Gives <paramref name="model"/> <paramref name="names"/> as the slot names of each of <paramref name="columns"/>;
    /// leaves it as it is when there are no names or no columns.
    /// </summary>
    public static void Add(ModelProto model, IReadOnlyList<string> columns, IReadOnlyList<string>? names)
    {
        if (names is null || columns.Count == 0)
        {
            return;
        }

        ByteString[] keys = [.. names.Select(ByteString.CopyFromUtf8)];
        long[] values = [.. Enumerable.Range(0, names.Count).Select(i => (long)i)];
        foreach (string column in columns)
        {
            // The placeholders' names are those OnnxTransformer hides and the options refuse as column names.
            string constant = $"mlnet.{column}.unusedInput";
            model.Graph.Initializer.Add(new TensorProto
            {
                Name = constant,
                DataType = (int)TensorProto.Types.DataType.String,
                Dims = { 1 },
                StringData = { ByteString.CopyFromUtf8(column) },
            });
            model.Graph.Node.Add(new NodeProto
            {
                Name = $"mlnet.{column}.SlotNames",
                OpType = "LabelEncoder",
                Domain = MachineLearningDomain,
                Input = { constant },
                Output = { $"mlnet.{column}.unusedOutput" },
                Attribute =
                {
                    new AttributeProto { Name = "keys_strings", Type = AttributeProto.Types.AttributeType.Strings, Strings = { keys } },
                    new AttributeProto { Name = "values_int64s", Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } },
                },
            });
        }

        model.OpsetImport.Add(new OperatorSetIdProto { Domain = MachineLearningDomain, Version = MachineLearningOpset });
    }
}
