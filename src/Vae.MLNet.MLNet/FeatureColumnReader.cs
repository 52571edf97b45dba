using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Data;

namespace Vae.MLNet.MLNet;

/// <summary>Copies a known-size float vector column of an <see cref="IDataView"/> into a row-major <see cref="VaeDataset"/>.</summary>
internal static class FeatureColumnReader
{
    public static VaeDataset Read(IDataView input, string columnName, int featureCount, CancellationToken cancellationToken)
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
        return SlotNames(column) is { } names
            ? VaeDataset.FromArray(features, featureCount, labels: null, names)
            : VaeDataset.FromArray(features, featureCount);
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
