using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Data;
using Vae.MLNet.Text;

namespace Vae.MLNet.MLNet;

/// <summary>Copies a known-size float vector column of an <see cref="IDataView"/> into a row-major <see cref="VaeDataset"/>.</summary>
internal static class FeatureColumnReader
{
    // The kind of ML.NET's annotation of one-hot slot ranges; its AnnotationUtils.Kinds, which names it, is internal.
    private const string CategoricalSlotRangesKind = "CategoricalSlotRanges";

    /// <param name="input">The data.</param>
    /// <param name="columnName">The feature column, a known-size vector of float.</param>
    /// <param name="featureCount">Its size.</param>
    /// <param name="categoricalSlots">Whether the slots its CategoricalSlotRanges annotation marks become the dataset's categorical features.</param>
    /// <param name="validationData">Whether <paramref name="input"/> is the validation data, which the messages then name.</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    public static VaeDataset Read(IDataView input, string columnName, int featureCount, bool categoricalSlots, bool validationData, CancellationToken cancellationToken)
    {
        DataViewSchema.Column column = input.Schema[columnName];
        string theColumn = TheColumn(columnName, validationData);
        (string[]? names, VaeCategoricalFeature[] categorical) = FeaturesOf(input.Schema, columnName, featureCount, categoricalSlots, validationData);

        // In blocks that the dataset reads in place, so that a view that does not know its row count (a text loader's,
        // a filter's, a split's) costs the rows once, as one that does: one array regrown as it filled held up to four
        // times their values, a cursor pass to count them first would run the upstream transforms twice.
        var rows = new RowBlocks(featureCount);
        VBuffer<float> row = default;
        using (DataViewRowCursor cursor = input.GetRowCursor(new[] { column }))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                getter(ref row);

                // ML.NET does not hold a row to its column's size (LoadFromEnumerable takes arrays of any length under
                // [VectorType(n)]): a short row would be padded with zeros and a long one cut into the next.
                if (row.Length != featureCount)
                {
                    throw new InvalidOperationException(
                        $"{VaeEstimator.FittedRow(rows.Count / featureCount, validationData)} holds {row.Length} values in the feature column '{columnName}', but the column's type says {featureCount}; "
                        + "fix the data source so that every row has that many (every array given to LoadFromEnumerable must have its [VectorType] length).");
                }

                if (rows.Count > Array.MaxLength - featureCount)
                {
                    throw new InvalidOperationException(
                        $"{theColumn} holds more than {rows.Count / featureCount} rows of {featureCount} values, more than "
                        + "one array holds, and the VAE holds the rows it reads in memory; use a sample of the rows (e.g. mlContext.Data.TakeRows).");
                }

                // Sparse rows (e.g. from one-hot encodings) densify here; the trainer takes dense rows only.
                row.CopyTo(rows.AddRow());
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"{theColumn} has no rows {(validationData ? "to measure" : "to train on")}.");
        }

        try
        {
            return new ArrayDataset(rows.Blocks(), featureCount, labels: null, names, categoricalFeatures: categorical);
        }
        catch (VaeDataException e) when (validationData)
        {
            // The dataset checks the values it is given, which it does not know for validation data.
            throw e.InTheValidationData();
        }
    }

    /// <summary>
    /// The names and categorical columns the feature column gives its features, read from its annotations, not its rows:
    /// so they are checked, and compared between two views, before any row is read.
    /// </summary>
    /// <param name="schema">The data's schema.</param>
    /// <param name="columnName">The feature column, a known-size vector of float.</param>
    /// <param name="featureCount">Its size.</param>
    /// <param name="categoricalSlots">Whether the slots its CategoricalSlotRanges annotation marks become categorical features.</param>
    /// <param name="validationData">Whether the schema is the validation data's, which the messages then name.</param>
    /// <exception cref="InvalidOperationException">The one-hot slots the annotation marks cannot be kept as categorical columns.</exception>
    public static (string[]? Names, VaeCategoricalFeature[] Categorical) FeaturesOf(
        DataViewSchema schema, string columnName, int featureCount, bool categoricalSlots, bool validationData)
    {
        DataViewSchema.Column column = schema[columnName];
        string[]? slotNames = SlotNames(column);
        string[]? names = AbleToName(slotNames);
        if (!categoricalSlots)
        {
            return (names, []);
        }

        try
        {
            VaeCategoricalFeature[] categorical = CategoricalSlots(schema, column, slotNames, featureCount, TheColumn(columnName, validationData));
            return (names, VaeCategoricalFeature.Validated(categorical, featureCount, names, "categoricalFeatures") ?? []);
        }
        catch (ArgumentException e) when (e.ParamName is "categoricalFeatures" or "categories")
        {
            // The ranges are in order within the column, so it is their categories' size in the model's manifest or
            // categories that the CSV reader could not tell apart.
            throw new InvalidOperationException(
                $"{TheColumn(columnName, validationData)}: the one-hot slots its {CategoricalSlotRangesKind} annotation marks cannot be kept as categorical columns: {ArgumentMessages.Describe(e)} "
                + $"Set {nameof(VaeEstimator.Options.UseCategoricalSlotRanges)} to false to model them as numbers.",
                e);
        }
    }

    private static string TheColumn(string columnName, bool validationData) =>
        validationData ? $"The validation data's feature column '{columnName}'" : $"The feature column '{columnName}'";

    /// <summary>
    /// The ranges of one-hot slots the column's CategoricalSlotRanges annotation marks, flattened pairs of first and
    /// last slot, as categorical features without a column name (their slots' names are ML.NET's, not column=category).
    /// Each range is named from its own slots, <paramref name="slotNames"/> being the column's whether or not they
    /// name every feature: a vector without slot names elsewhere in the column leaves a range's names intact.
    /// </summary>
    /// <exception cref="InvalidOperationException">The annotation is not pairs of ranges in order within the column.</exception>
    private static VaeCategoricalFeature[] CategoricalSlots(DataViewSchema schema, DataViewSchema.Column column, string[]? slotNames, int featureCount, string theColumn)
    {
        if (column.Annotations.Schema.GetColumnOrNull(CategoricalSlotRangesKind) is null)
        {
            return [];
        }

        VBuffer<int> annotation = default;
        column.Annotations.GetValue(CategoricalSlotRangesKind, ref annotation);
        int[] bounds = annotation.DenseValues().ToArray();
        var features = new List<VaeCategoricalFeature>();
        for (int i = 0; i < bounds.Length; i += 2)
        {
            (int first, int last) = (bounds[i], i + 1 < bounds.Length ? bounds[i + 1] : -1);
            int next = features.Count == 0 ? 0 : features[^1].FirstFeature + features[^1].Categories.Count;
            if (first < next || last < first || last >= featureCount)
            {
                throw new InvalidOperationException(
                    $"{theColumn} has a {CategoricalSlotRangesKind} annotation ({string.Join(", ", bounds)}) that is not pairs of first and last slot, "
                    + $"in order and within its {featureCount} slots; fix the transform that set it, or set {nameof(VaeEstimator.Options.UseCategoricalSlotRanges)} to false.");
            }

            features.Add(new VaeCategoricalFeature(columnName: null, first, Categories(schema, slotNames?[first..(last + 1)], last - first + 1)));
        }

        return [.. features];
    }

    /// <summary>
    /// A range's categories: the slot names of the column Concatenate took it from, where the range's slot names are
    /// that column's name, a dot and its slot names (as OneHotEncoding names its slots by category); else the range's
    /// slot names themselves; else, without names that tell its slots apart, the slots' indices in the range.
    /// </summary>
    private static string[] Categories(DataViewSchema schema, string[]? rangeSlotNames, int count)
    {
        if (AbleToName(rangeSlotNames) is not { } slotNames)
        {
            return [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        }

        // Either side of the dot may hold dots of its own: the longest name of a column that fits is the source.
        for (int dot = slotNames[0].LastIndexOf('.'); dot > 0; dot = slotNames[0].LastIndexOf('.', dot - 1))
        {
            string source = slotNames[0][..dot];
            if (schema.GetColumnOrNull(source) is { } sourceColumn && AbleToName(SlotNames(sourceColumn)) is { } sourceSlots && sourceSlots.Length == count
                && sourceSlots.Select((slot, i) => slotNames[i] == $"{source}.{slot}").All(same => same))
            {
                return sourceSlots;
            }
        }

        return slotNames;
    }

    /// <summary>
    /// The column's slot names, as Concatenate gives the names of the columns it joins, blank for a vector without slot
    /// names; null when it has none at all.
    /// </summary>
    private static string[]? SlotNames(DataViewSchema.Column column)
    {
        if (!column.HasSlotNames())
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> slots = default;
        column.GetSlotNames(ref slots);
        return [.. slots.DenseValues().Select(slot => slot.ToString())];
    }

    /// <summary>
    /// <paramref name="slotNames"/> when they can name features (see FeatureNaming.RuleBroken): the trained model keeps
    /// the feature column's, so that it reads CSV files by column name; else null.
    /// </summary>
    private static string[]? AbleToName(string[]? slotNames) =>
        slotNames is not null && FeatureNaming.RuleBroken(slotNames) is null ? slotNames : null;
}
