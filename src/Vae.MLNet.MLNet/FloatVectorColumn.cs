using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Checks that a column is what the ONNX graphs take: a known-size vector of <see cref="float"/>. OnnxTransformer
/// would refuse other columns too, but with messages about tensors rather than about the column the user named.
/// </summary>
internal static class FloatVectorColumn
{
    // The kind of ML.NET's annotation of slot names; its AnnotationUtils.Kinds, which names it, is internal.
    private const string SlotNamesKind = "SlotNames";

    // SchemaShape.Column's constructor, internal to ML.NET: name, vector kind, item type, whether a key, annotations.
    private static readonly ConstructorInfo? ColumnConstructor = typeof(SchemaShape.Column).GetConstructor(
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
        [typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape)]);

    /// <summary>
    /// Checks a promised column and returns it; throws <see cref="ArgumentOutOfRangeException"/> naming it when it is
    /// missing or of the wrong kind.
    /// </summary>
    public static SchemaShape.Column Require(SchemaShape inputSchema, string columnName, string role)
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
                throw new ArgumentOutOfRangeException(nameof(inputSchema), NotAFloatVector(Subject(role, columnName, viewName: null), Describe(column), Remedy(column.Kind, column.ItemType, column.IsKey)));
            }

            return column;
        }

        throw new ArgumentOutOfRangeException(nameof(inputSchema), Missing(role, columnName, viewName: null));
    }

    /// <summary>
    /// Adds <paramref name="outputColumnName"/> to <paramref name="inputSchema"/>, in place of any column of that name, as
    /// a known-size vector of <see cref="float"/>: what ML.NET's own ApplyOnnxModel estimator promises for a graph's float
    /// outputs. With <paramref name="withSlotNames"/> it has a SlotNames annotation too, a known-size vector of text, as
    /// ML.NET's estimators promise slot names, for a column whose graph holds them (<see cref="OnnxSlotNames"/>).
    /// </summary>
    public static SchemaShape Promise(SchemaShape inputSchema, string outputColumnName, bool withSlotNames)
    {
        SchemaShape? annotations = withSlotNames
            ? new SchemaShape([Column(SlotNamesKind, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance, annotations: null)])
            : null;
        Dictionary<string, SchemaShape.Column> columns = inputSchema.ToDictionary(column => column.Name, StringComparer.Ordinal);
        columns[outputColumnName] = Column(outputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, annotations);
        return new SchemaShape(columns.Values);
    }

    /// <summary>Whether a promised column promises slot names, in the form ML.NET's own estimators read them: a known-size vector of text.</summary>
    public static bool PromisesSlotNames(SchemaShape.Column column) =>
        column.Annotations.Any(annotation => annotation.Name == SlotNamesKind
            && annotation.Kind == SchemaShape.Column.VectorKind.Vector
            && annotation.ItemType is TextDataViewType);

    /// <summary>
    /// A promised column, made as ML.NET's estimators make theirs. Nothing public makes one with annotations: the
    /// constructor is reached by reflection, and a Microsoft.ML without it is named, for this package is built for 5.0.1.
    /// </summary>
    private static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, SchemaShape? annotations) =>
        ColumnConstructor?.Invoke([name, kind, itemType, false, annotations]) is SchemaShape.Column column
            ? column
            : throw new InvalidOperationException(
                $"The Microsoft.ML this application loads ({typeof(SchemaShape).Assembly.GetName().Version}) has no SchemaShape.Column constructor of "
                + "name, kind, item type, key and annotations, by which Vae.MLNet.MLNet describes the columns it adds; reference Microsoft.ML 5.0.1, which it is built for.");

    /// <summary>
    /// Checks an actual column and returns its vector size; throws <see cref="ArgumentOutOfRangeException"/> naming it
    /// otherwise, and naming <paramref name="viewName"/> where one is given, as "validation data" for the second view a
    /// method takes, so that the message, not only its parameter name, tells which view is wrong.
    /// </summary>
    public static int RequireSize(DataViewSchema schema, string columnName, string role, string parameterName, string? viewName = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        DataViewSchema.Column? found = schema.GetColumnOrNull(columnName);
        if (found is not { } column)
        {
            throw new ArgumentOutOfRangeException(parameterName, Missing(role, columnName, viewName));
        }

        if (column.Type is not VectorDataViewType vector || !vector.IsKnownSize || !NumberDataViewType.Single.Equals(vector.ItemType))
        {
            (SchemaShape.Column.VectorKind kind, DataViewType item) = column.Type is VectorDataViewType actual
                ? (actual.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector, actual.ItemType)
                : (SchemaShape.Column.VectorKind.Scalar, column.Type);
            throw new ArgumentOutOfRangeException(parameterName, NotAFloatVector(Subject(role, columnName, viewName), column.Type, Remedy(kind, item, item is KeyDataViewType)));
        }

        return vector.Size;
    }

    private static string Missing(string role, string columnName, string? viewName) => $"The {viewName ?? "input"} has no {role} column '{columnName}'.";

    private static string Subject(string role, string columnName, string? viewName) =>
        viewName is null ? $"The {role} column '{columnName}'" : $"The {viewName}'s {role} column '{columnName}'";

    private static string NotAFloatVector(string subject, object actualType, string remedy) =>
        $"{subject} must be a known-size vector of Single but is {actualType}; {remedy}.";

    /// <summary>How a column of this shape becomes a known-size vector of <see cref="float"/>, naming the ML.NET transform that does it.</summary>
    private static string Remedy(SchemaShape.Column.VectorKind kind, DataViewType item, bool isKey)
    {
        if (isKey)
        {
            return "it holds keys, so one-hot encode them with mlContext.Transforms.Categorical.OneHotEncoding, or map them back to their values with mlContext.Transforms.Conversion.MapKeyToValue";
        }

        if (item is TextDataViewType)
        {
            // FeaturizeText alone gives thousands of slots, and the VAE holds every row's slots dense and models each one.
            return "it holds text, so turn it into a few numbers first, as the VAE holds every slot of every row in memory: "
                + "mlContext.Transforms.Categorical.OneHotEncoding for categories (its maximumNumberOfKeys caps their slots), "
                + "mlContext.Transforms.Text.FeaturizeText then mlContext.Transforms.ProjectToPrincipalComponents for free text";
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
