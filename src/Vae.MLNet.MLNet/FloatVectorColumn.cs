using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Checks that a column is what the ONNX graphs take: a known-size vector of <see cref="float"/>. OnnxTransformer
/// would refuse other columns too, but with messages about tensors rather than about the column the user named.
/// </summary>
internal static class FloatVectorColumn
{
    /// <summary>Checks a promised column; throws <see cref="ArgumentOutOfRangeException"/> naming it when it is missing or of the wrong kind.</summary>
    public static void Require(SchemaShape inputSchema, string columnName, string role)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (SchemaShape.Column column in inputSchema)
        {
            if (!string.Equals(column.Name, columnName, StringComparison.Ordinal))
            {
                continue;
            }

            bool isFloatVector = column.Kind == SchemaShape.Column.VectorKind.Vector
                && !column.IsKey
                && NumberDataViewType.Single.Equals(column.ItemType);
            if (!isFloatVector)
            {
                throw new ArgumentOutOfRangeException(nameof(inputSchema), NotAFloatVector(role, columnName, Describe(column), Remedy(column.Kind, column.ItemType, column.IsKey)));
            }

            return;
        }

        throw new ArgumentOutOfRangeException(nameof(inputSchema), Missing(role, columnName));
    }

    /// <summary>
    /// Adds <paramref name="outputColumnName"/> to <paramref name="inputSchema"/> as a known-size vector of
    /// <see cref="float"/> without annotations, computed from <paramref name="inputColumnName"/>: what ML.NET's own
    /// ApplyOnnxModel estimator promises for a graph's float outputs.
    /// </summary>
    public static SchemaShape Promise(SchemaShape inputSchema, string outputColumnName, string inputColumnName)
    {
        // SchemaShape.Column's constructor is internal to ML.NET. The principal-component estimator promises exactly
        // this kind of column from a known-size Single vector and only describes it here; nothing is fitted. Creating it
        // registers it with a context, which draws from the context's random generator: on the user's context that would
        // change what every later unseeded component of theirs draws, depending on how often the schema was checked, and
        // a context kept for the process would keep a reference to every component registered with it. So each
        // description gets a context of its own.
        return new MLContext(seed: 0).Transforms.ProjectToPrincipalComponents(outputColumnName, inputColumnName).GetOutputSchema(inputSchema);
    }

    /// <summary>Checks an actual column and returns its vector size; throws <see cref="ArgumentOutOfRangeException"/> naming it otherwise.</summary>
    public static int RequireSize(DataViewSchema schema, string columnName, string role, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        DataViewSchema.Column? found = schema.GetColumnOrNull(columnName);
        if (found is not { } column)
        {
            throw new ArgumentOutOfRangeException(parameterName, Missing(role, columnName));
        }

        if (column.Type is not VectorDataViewType vector || !vector.IsKnownSize || !NumberDataViewType.Single.Equals(vector.ItemType))
        {
            (SchemaShape.Column.VectorKind kind, DataViewType item) = column.Type is VectorDataViewType actual
                ? (actual.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector, actual.ItemType)
                : (SchemaShape.Column.VectorKind.Scalar, column.Type);
            throw new ArgumentOutOfRangeException(parameterName, NotAFloatVector(role, columnName, column.Type, Remedy(kind, item, item is KeyDataViewType)));
        }

        return vector.Size;
    }

    private static string Missing(string role, string columnName) => $"The input has no {role} column '{columnName}'.";

    private static string NotAFloatVector(string role, string columnName, object actualType, string remedy) =>
        $"The {role} column '{columnName}' must be a known-size vector of Single but is {actualType}; {remedy}.";

    /// <summary>How a column of this shape becomes a known-size vector of <see cref="float"/>, naming the ML.NET transform that does it.</summary>
    private static string Remedy(SchemaShape.Column.VectorKind kind, DataViewType item, bool isKey)
    {
        if (isKey)
        {
            return "it holds keys, so one-hot encode them with mlContext.Transforms.Categorical.OneHotEncoding, or map them back to their values with mlContext.Transforms.Conversion.MapKeyToValue";
        }

        if (item is TextDataViewType)
        {
            return "it holds text, so turn it into numbers first: mlContext.Transforms.Categorical.OneHotEncoding for categories, mlContext.Transforms.Text.FeaturizeText for free text";
        }

        string convert = NumberDataViewType.Single.Equals(item) ? string.Empty : "convert it to Single with mlContext.Transforms.Conversion.ConvertType, then ";
        return kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => $"{convert}gather the scalar columns into one vector with mlContext.Transforms.Concatenate",
            SchemaShape.Column.VectorKind.VariableVector =>
                $"{convert}give it a known size: mark its property with [VectorType(size)], or load it as a TextLoader column over a range of source columns",
            _ => "convert it to Single with mlContext.Transforms.Conversion.ConvertType",
        };
    }

    private static string Describe(SchemaShape.Column column)
    {
        string item = column.IsKey ? $"Key<{column.ItemType}>" : $"{column.ItemType}";
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Vector => $"a vector of {item}",
            SchemaShape.Column.VectorKind.VariableVector => $"a variable-size vector of {item}",
            _ => $"a scalar {item}",
        };
    }
}
