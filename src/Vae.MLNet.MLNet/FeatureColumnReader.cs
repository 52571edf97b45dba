using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Data;

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
    /// <param name="cancellationToken">Checked between rows.</param>
    public static VaeDataset Read(IDataView input, string columnName, int featureCount, bool categoricalSlots, CancellationToken cancellationToken)
    {
        DataViewSchema.Column column = input.Schema[columnName];

        // Sized from the row count when the view knows it, so that the rows are neither regrown nor copied at the end.
        var rows = input.GetRowCount() is long known && known > 0 && known <= Array.MaxLength / featureCount
            ? new ArrayBufferWriter<float>((int)known * featureCount)
            : new ArrayBufferWriter<float>();
        VBuffer<float> row = default;
        using (DataViewRowCursor cursor = input.GetRowCursor(new[] { column }))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                getter(ref row);
                if (rows.WrittenCount > Array.MaxLength - featureCount)
                {
                    throw new InvalidOperationException(
                        $"The feature column '{columnName}' holds more than {rows.WrittenCount / featureCount} rows of {featureCount} values, more than "
                        + "one array holds, and the VAE trains on rows held in memory; train on a sample of the rows (e.g. mlContext.Data.TakeRows).");
                }

                // Sparse rows (e.g. from one-hot encodings) densify here; the trainer takes dense rows only.
                row.CopyTo(rows.GetSpan(featureCount));
                rows.Advance(featureCount);
            }
        }

        if (rows.WrittenCount == 0)
        {
            throw new InvalidOperationException($"The feature column '{columnName}' has no rows to train on.");
        }

        bool filled = MemoryMarshal.TryGetArray(rows.WrittenMemory, out ArraySegment<float> written)
            && written.Offset == 0 && written.Count == written.Array!.Length;
        float[] features = filled ? written.Array! : rows.WrittenSpan.ToArray();
        string[]? names = SlotNames(column);
        return VaeDataset.FromArray(features, featureCount, labels: null, names, categoricalSlots ? CategoricalSlots(column, columnName, names, featureCount) : []);
    }

    /// <summary>
    /// The ranges of one-hot slots the column's CategoricalSlotRanges annotation marks, flattened pairs of first and
    /// last slot, as categorical features without a column name (their slots' names are ML.NET's, not column=category).
    /// A range's categories are its slot names less the prefix "source." that Concatenate gives them all, or the slot
    /// names themselves, or without names the slots' indices in the range.
    /// </summary>
    /// <exception cref="InvalidOperationException">The annotation is not pairs of ranges in order within the column.</exception>
    private static VaeCategoricalFeature[] CategoricalSlots(DataViewSchema.Column column, string columnName, string[]? names, int featureCount)
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
                    $"The feature column '{columnName}' has a {CategoricalSlotRangesKind} annotation ({string.Join(", ", bounds)}) that is not pairs of first and last slot, "
                    + $"in order and within its {featureCount} slots; fix the transform that set it, or set {nameof(VaeEstimator.Options.UseCategoricalSlotRanges)} to false.");
            }

            features.Add(new VaeCategoricalFeature(columnName: null, first, Categories(names?[first..(last + 1)], last - first + 1)));
        }

        return [.. features];
    }

    private static string[] Categories(string[]? slotNames, int count)
    {
        if (slotNames is null)
        {
            return [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        }

        int dot = slotNames[0].IndexOf('.', StringComparison.Ordinal);
        string prefix = dot > 0 ? slotNames[0][..(dot + 1)] : string.Empty;
        bool prefixed = prefix.Length > 0 && slotNames.All(name => name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal));
        string[] stripped = prefixed ? [.. slotNames.Select(name => name[prefix.Length..])] : slotNames;
        return FeatureNaming.FirstUnfit(stripped) is null ? stripped : slotNames;
    }

    /// <summary>
    /// The column's slot names when they can name its features (see FeatureNaming.RuleBroken), as Concatenate gives the
    /// names of the columns it joins: the trained model keeps them, so that it reads CSV files by column name.
    /// </summary>
    private static string[]? SlotNames(DataViewSchema.Column column)
    {
        if (!column.HasSlotNames())
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> slots = default;
        column.GetSlotNames(ref slots);
        string[] names = slots.DenseValues().Select(slot => slot.ToString()).ToArray();
        return FeatureNaming.RuleBroken(names) is null ? names : null;
    }
}
