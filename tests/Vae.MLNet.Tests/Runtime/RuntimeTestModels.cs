using Google.Protobuf;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

/// <summary>The ONNX files written by TestData/Runtime/make_models.py, and graphs built in the tests.</summary>
internal static class RuntimeTestModels
{
    public const string GemmRelu = "gemm_relu.onnx";
    public const string TwoInTwoOut = "two_in_two_out.onnx";
    public const string FixedBatch = "fixed_batch.onnx";
    public const string Int64Input = "int64_input.onnx";
    public const string Int64Output = "int64_output.onnx";

    public static byte[] Bytes(string fileName) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Runtime", fileName));

    public static OnnxSession Open(string fileName) => new(Bytes(fileName));

    /// <summary>The serialized model of <paramref name="graph"/>, at the IR version and opset the library exports.</summary>
    public static byte[] Bytes(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = OnnxExporter.IrVersion, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExporter.OpsetVersion });
        return model.ToByteArray();
    }

    /// <summary>A float tensor of <paramref name="dimensions"/>, each -1 standing for the symbolic dimension N.</summary>
    public static ValueInfoProto Tensor(string name, params long[] dimensions)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(dimensions.Select(dimension => dimension < 0
            ? new TensorShapeProto.Types.Dimension { DimParam = "N" }
            : new TensorShapeProto.Types.Dimension { DimValue = dimension }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>Deterministic inputs spanning both signs, so Relu clips some outputs and passes others.</summary>
    public static float[] Inputs(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 4 - 2);
        }

        return values;
    }
}
