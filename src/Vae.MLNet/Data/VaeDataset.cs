using System.Globalization;
using System.Numerics;
using Vae.MLNet.Model;

namespace Vae.MLNet.Data;

/// <summary>
/// Rows of numeric features, read in batches by row index. Implementations may store rows compactly (MNIST keeps its
/// pixels as bytes) and convert only the rows a batch asks for, so a dataset costs little more than its file. A dataset
/// must not change while the library reads it: one that reports another <see cref="RowCount"/> or <see cref="FeatureCount"/>
/// than the library read from it first, while the library still reads it (within a pass, between a training run's
/// epochs, or, for <see cref="BinarizedDataset.Resampled"/>, from when the view was made), is refused with
/// <see cref="InvalidOperationException"/>.
/// </summary>
public abstract class VaeDataset
{
    /// <summary>
    /// Starts a dataset of a subclass's rows: it gives their counts and features through <see cref="RowCount"/>,
    /// <see cref="FeatureCount"/> and <see cref="CopyRows"/>, and may describe them through the virtual members.
    /// </summary>
    protected VaeDataset()
    {
    }

    /// <summary>Number of rows.</summary>
    public abstract int RowCount { get; }

    /// <summary>Number of features in every row.</summary>
    public abstract int FeatureCount { get; }

    /// <summary>
    /// Integer class label of each row, when the source had one; otherwise <see langword="null"/>. Where the source names
    /// the classes (<see cref="LabelNames"/>), a label is the index of its class's name.
    /// </summary>
    public virtual IReadOnlyList<int>? Labels => null;

    /// <summary>
    /// The classes' names when the source's labels are text, as a CSV label column of <c>&lt;=50K</c> and <c>&gt;50K</c>
    /// is: label i names class <c>LabelNames[i]</c>, the names in ordinal order, or in the order they were given
    /// (<see cref="CsvDatasetOptions.LabelNames"/>); otherwise <see langword="null"/>, the labels being class ids of
    /// their own. The ids of names read from a file are its own: read a test file with the training file's names, so
    /// that a class the test file lacks does not shift the others' ids.
    /// </summary>
    public virtual IReadOnlyList<string>? LabelNames => null;

    /// <summary>
    /// The name of each feature when the source names them, as a CSV header does; otherwise <see langword="null"/>. A
    /// model trained on named features keeps their names, and refuses named data whose names differ or come in another order.
    /// </summary>
    public virtual IReadOnlyList<string>? FeatureNames => null;

    /// <summary>
    /// The width and height of the images the rows are, when the source knows them, as an IDX images file does
    /// (<see cref="IdxImageDataset"/>); otherwise <see langword="null"/>. Its <see cref="VaeImageShape.Pixels"/> must be
    /// <see cref="FeatureCount"/>. A model trained on the data keeps it (<see cref="VaeModel.ImageShape"/>), and refuses
    /// images of another shape: to be trained further or validated on, or to score.
    /// </summary>
    public virtual VaeImageShape? ImageShape => null;

    /// <summary>
    /// The features that stand for text categories, one-hot, when the source read some columns as categories
    /// (<see cref="CsvDatasetOptions.CategoricalColumnNames"/>) or was given them; otherwise <see langword="null"/>. A model
    /// trained on them models each column by a softmax over its categories and keeps them, as <see cref="VaeModel.CategoricalFeatures"/>.
    /// </summary>
    public virtual IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => null;

    /// <summary>
    /// Writes the features of the given rows, one after another, into the start of <paramref name="destination"/>, which
    /// must hold at least <c>rowIndices.Length × FeatureCount</c> values; any beyond them are left as they were.
    /// </summary>
    /// <param name="rowIndices">
    /// The rows to copy, each in [0, <see cref="RowCount"/>), in the order to write them; empty copies nothing.
    /// </param>
    /// <param name="destination">
    /// Receives <see cref="FeatureCount"/> features per row of <paramref name="rowIndices"/>, row-major, from its start; it may be longer.
    /// </param>
    public abstract void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination);

    /// <summary>
    /// How the rows were binarized, for a <see cref="BinarizedDataset"/> and this library's views of one (a
    /// <see cref="Subset"/>, <see cref="WithLabelNames"/>); null otherwise. Training records it in the model's history
    /// (<see cref="VaeTrainingHistory.Binarization"/>).
    /// </summary>
    internal virtual VaeBinarization? RowBinarization => null;

    /// <summary>
    /// This dataset, or, for one that draws its rows anew at every read, a view of it fixed at its draw number
    /// <paramref name="draw"/>, 0 being the first. The trainer reads each epoch's rows at the draw the model's epoch
    /// number gives, so that training a model further goes on with the draws after its epochs whatever the view read
    /// before, and the held-out rows at the first, so that epochs' validation losses differ by the model and not by the draws.
    /// </summary>
    /// <param name="draw">Which draw to read, from 0.</param>
    internal virtual VaeDataset WithFixedRows(int draw) => this;

    /// <summary>
    /// <see cref="WithFixedRows"/> for a view over <paramref name="source"/>: the same view over the source's rows fixed
    /// at <paramref name="draw"/>, or this view itself when the source's rows are fixed already.
    /// </summary>
    /// <param name="source">The dataset this view reads its rows from.</param>
    /// <param name="draw">Which draw to read, from 0.</param>
    /// <param name="sameViewOver">Makes this view over another source.</param>
    internal VaeDataset WithFixedRowsOf(VaeDataset source, int draw, Func<VaeDataset, VaeDataset> sameViewOver) =>
        source.WithFixedRows(draw) is var fixedSource && fixedSource != source ? sameViewOver(fixedSource) : this;

    /// <summary>Wraps row-major features without copying them; every value is checked to be finite.</summary>
    /// <param name="features">Row-major values, <c>rowCount × featureCount</c> of them, read in place: changing them later changes the dataset.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="labels">Optional class label per row, copied: changing the array later changes nothing.</param>
    /// <exception cref="ArgumentException">
    /// There are no rows, the values do not make whole rows of <paramref name="featureCount"/>, or there is not one label per row.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is below 1.</exception>
    /// <exception cref="VaeDataException">A value is NaN or infinite; the exception names its row and feature.</exception>
    public static VaeDataset FromArray(float[] features, int featureCount, int[]? labels = null) =>
        new ArrayDataset(features, featureCount, labels, featureNames: null);

    /// <summary>
    /// Wraps row-major features with the name of each feature, as <see cref="FromArray(float[], int, int[])"/> does; every
    /// value is checked to be finite.
    /// </summary>
    /// <param name="features">Row-major values, <c>rowCount × featureCount</c> of them, read in place: changing them later changes the dataset.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="labels">Optional class label per row, copied: changing the array later changes nothing.</param>
    /// <param name="featureNames">
    /// One distinct, non-blank, well-formed (no half surrogate pair) name per feature, taking at most 8 MiB together as
    /// the model zip's manifest writes them (see <see cref="FeatureNames"/>), copied; or null for features without names.
    /// </param>
    /// <exception cref="ArgumentException">
    /// There are no rows, the values do not make whole rows of <paramref name="featureCount"/>, there is not one label per row, or the names break the rules above.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is below 1.</exception>
    /// <exception cref="VaeDataException">A value is NaN or infinite; the exception names its row and feature.</exception>
    public static VaeDataset FromArray(float[] features, int featureCount, int[]? labels, IReadOnlyList<string>? featureNames) =>
        new ArrayDataset(features, featureCount, labels, featureNames);

    /// <summary>
    /// Wraps row-major features some of which are the one-hot features of categorical columns; every value is checked
    /// to be finite. A model trained on the data models each such column by a softmax over its categories, reconstructs
    /// and generates it as the categories' probabilities, and keeps the columns (<see cref="VaeModel.CategoricalFeatures"/>).
    /// Training and the model's losses need those features in [0, 1]: 1 for a row's category and 0 for the others.
    /// </summary>
    /// <param name="features">Row-major values, <c>rowCount × featureCount</c> of them, read in place: changing them later changes the dataset.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="labels">Optional class label per row, copied: changing the array later changes nothing.</param>
    /// <param name="featureNames">
    /// Optional names, as for <see cref="FromArray(float[], int, int[], IReadOnlyList{string})"/>; a categorical column
    /// with a name has its features named <c>column=category</c>.
    /// </param>
    /// <param name="categoricalFeatures">
    /// The categorical columns, in feature order, none overlapping the next and each within the row; none (an empty
    /// list) leaves the data without <see cref="CategoricalFeatures"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> or <paramref name="categoricalFeatures"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// As for <see cref="FromArray(float[], int, int[], IReadOnlyList{string})"/>; or a categorical column is null,
    /// overlaps the one before it, reaches beyond the row or disagrees with the feature names, or the categories and names
    /// together take more than the 8 MiB of the model's manifest.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is below 1.</exception>
    /// <exception cref="VaeDataException">A value is NaN or infinite; the exception names its row and feature.</exception>
    public static VaeDataset FromArray(
        float[] features, int featureCount, int[]? labels, IReadOnlyList<string>? featureNames, IReadOnlyList<VaeCategoricalFeature> categoricalFeatures)
    {
        ArgumentNullException.ThrowIfNull(categoricalFeatures);
        return new ArrayDataset(features, featureCount, labels, featureNames, categoricalFeatures);
    }

    /// <summary>A view of the given rows, in the given order, that shares this dataset's storage.</summary>
    /// <param name="rowIndices">Rows to keep; each must lie in [0, <see cref="RowCount"/>) and at least one is needed.</param>
    /// <exception cref="ArgumentException"><paramref name="rowIndices"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row index lies outside [0, <see cref="RowCount"/>).</exception>
    /// <exception cref="InvalidOperationException">This dataset's <see cref="Labels"/> do not hold one label per row.</exception>
    public VaeDataset Subset(IEnumerable<int> rowIndices)
    {
        ArgumentNullException.ThrowIfNull(rowIndices);
        int[] rows = rowIndices.ToArray();
        if (rows.Length == 0)
        {
            throw new ArgumentException("A subset needs at least one row.", nameof(rowIndices));
        }

        foreach (int row in rows)
        {
            if ((uint)row >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(rowIndices), row, $"Row indices must lie in [0, {RowCount}).");
            }
        }

        if (LabelProblem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        return new SubsetDataset(this, rows);
    }

    /// <summary>
    /// A view of this dataset whose labels name their classes: label i is the class <c>labelNames[i]</c>, in place of
    /// any <see cref="LabelNames"/> the data has. Views of it (<see cref="Subset"/>) and its latent features
    /// (<see cref="LatentFeatures.EncodeMeans"/>) keep the names. It shares this dataset's storage; the names are copied.
    /// </summary>
    /// <param name="labelNames">One distinct name per class, for every label the rows hold: at least the largest label + 1 names.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="labelNames"/> is empty, holds a null or a name twice, or has no name for some row's label.
    /// </exception>
    /// <exception cref="InvalidOperationException">This dataset has no <see cref="Labels"/>, or not one label per row.</exception>
    public VaeDataset WithLabelNames(IReadOnlyList<string> labelNames)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        if (labelNames.Count == 0)
        {
            throw new ArgumentException("No class names were given; give one name per class.", nameof(labelNames));
        }

        ClassNames.RequireNamedOnce(labelNames, nameof(labelNames));
        IReadOnlyList<int> labels = Labels ?? throw new InvalidOperationException(
            $"The data has no {nameof(Labels)} for {nameof(labelNames)} to name; read or wrap it with one label per row first.");
        if (labels.Count != RowCount)
        {
            throw new InvalidOperationException(LabelProblem());
        }

        int unnamed = FirstRowWithoutName(labels, labelNames.Count);
        if (unnamed >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Row {unnamed}'s label is {labels[unnamed]}, but the {labelNames.Count} names given name labels 0 to {labelNames.Count - 1}; give a name for every class."),
                nameof(labelNames));
        }

        return new LabelNamedDataset(this, Array.AsReadOnly(labelNames.ToArray()));
    }

    /// <summary>
    /// What is wrong when <see cref="Labels"/> does not hold one label per row, or one that is no index into
    /// <see cref="LabelNames"/>, as a dataset of one's own may hand out; null when they do or there are none.
    /// </summary>
    internal string? LabelProblem()
    {
        IReadOnlyList<int>? labels = Labels;
        if (labels is not null && labels.Count != RowCount)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The data reports {RowCount} rows but {labels.Count} labels; its {nameof(Labels)} must hold one label per row.");
        }

        if (LabelNames is not { } names)
        {
            return null;
        }

        if (labels is null)
        {
            return $"The data has {nameof(LabelNames)} but no {nameof(Labels)}; give both or neither.";
        }

        int unnamed = FirstRowWithoutName(labels, names.Count);
        return unnamed < 0 ? null
            : string.Create(CultureInfo.InvariantCulture, $"Row {unnamed}'s label is {labels[unnamed]}, but a label is the index of its class's name among the {names.Count} {nameof(LabelNames)}, 0 to {names.Count - 1}.");
    }

    /// <summary>The first row whose label is no index into <paramref name="nameCount"/> class names, or −1 when every label is.</summary>
    private static int FirstRowWithoutName(IReadOnlyList<int> labels, int nameCount)
    {
        for (int row = 0; row < labels.Count; row++)
        {
            if ((uint)labels[row] >= (uint)nameCount)
            {
                return row;
            }
        }

        return -1;
    }

    /// <summary>Copies all rows into one row-major array.</summary>
    /// <exception cref="InvalidOperationException">
    /// The dataset reports a negative number of rows or features, or more values than one array holds, or reports other
    /// counts while it is read.
    /// </exception>
    public float[] ToArray()
    {
        int rowCount = RowCount;
        int featureCount = FeatureCount;
        long values = (long)rowCount * featureCount;
        if (rowCount < 0 || featureCount < 0 || values > Array.MaxLength)
        {
            throw new InvalidOperationException(
                rowCount < 0 || featureCount < 0
                    ? string.Create(CultureInfo.InvariantCulture, $"The dataset reports {rowCount} rows of {featureCount} features; neither can be negative.")
                    : string.Create(CultureInfo.InvariantCulture, $"The dataset's {rowCount} rows of {featureCount} features are {values} values, more than one array holds ({Array.MaxLength}); ")
                        + $"copy it in parts, for example Subset(rows).ToArray() for ranges of rows.");
        }

        var all = new float[values];
        ForEachChunk(rowCount, featureCount, (firstRow, rows) => rows.CopyTo(all.AsSpan(firstRow * featureCount)));
        return all;
    }

    /// <summary>Rows per chunk of <see cref="ForEachChunk"/>, unless rows are too wide for that many in one array (<see cref="ChunkRowsOf"/>).</summary>
    internal const int ChunkRows = 1024;

    /// <summary>
    /// Rows per chunk of <see cref="ForEachChunk"/> for rows of <paramref name="featureCount"/> values:
    /// <see cref="ChunkRows"/>, or where that many would pass one array, the largest power of two that fits (at least 1),
    /// so that chunks still tile blocks of <see cref="ChunkRows"/> rows, as <see cref="DatasetMap"/>'s do.
    /// </summary>
    internal static int ChunkRowsOf(int featureCount) =>
        featureCount <= Array.MaxLength / ChunkRows ? ChunkRows : 1 << BitOperations.Log2((uint)(Array.MaxLength / featureCount));

    /// <summary>
    /// Reads the rows in order, as many at a time as <see cref="ChunkRowsOf"/> gives for their width or, when wider,
    /// <paramref name="outputWidth"/>, so that a chunk's rows of outputs fit in one array too, and hands each chunk (its
    /// first row index and its row-major values, which the action may overwrite) to <paramref name="action"/>; one buffer,
    /// of no more rows than the data has, serves every chunk, so a large dataset is never materialized as floats.
    /// </summary>
    /// <param name="rowCount">The <see cref="RowCount"/> the caller read, and sized its own buffers by.</param>
    /// <param name="featureCount">The <see cref="FeatureCount"/> the caller read.</param>
    /// <param name="action">Takes each chunk's first row index and its values.</param>
    /// <param name="outputWidth">The width of the rows the caller makes of each chunk's, if wider than its features.</param>
    /// <exception cref="InvalidOperationException">The dataset reports other counts before or while it is read.</exception>
    internal void ForEachChunk(int rowCount, int featureCount, Action<int, Span<float>> action, int outputWidth = 0)
    {
        RequireUnchanged(rowCount, featureCount);
        int chunkRows = ChunkRowsOf(Math.Max(featureCount, outputWidth));
        var indices = new int[Math.Min(chunkRows, rowCount)];
        var chunk = new float[indices.Length * featureCount];
        foreach ((int start, int rows) in new RowRanges(rowCount, chunkRows))
        {
            for (int i = 0; i < rows; i++)
            {
                indices[i] = start + i;
            }

            CopyRows(indices.AsSpan(0, rows), chunk);
            RequireUnchanged(rowCount, featureCount);
            action(start, chunk.AsSpan(0, rows * featureCount));
        }
    }

    /// <summary>
    /// Refuses a dataset that no longer reports the counts a reader took from it, as one of one's own wrapping a list
    /// another thread still fills may: the reader's buffers and row indices were sized by them.
    /// </summary>
    /// <param name="rowCount">The <see cref="RowCount"/> the reader read first.</param>
    /// <param name="featureCount">The <see cref="FeatureCount"/> the reader read first.</param>
    /// <exception cref="InvalidOperationException">Either count is now another.</exception>
    internal void RequireUnchanged(int rowCount, int featureCount)
    {
        if (RowCount is var rowsNow && rowsNow != rowCount)
        {
            throw Changed("row count", rowCount, rowsNow);
        }

        if (FeatureCount is var featuresNow && featuresNow != featureCount)
        {
            throw Changed("feature count", featureCount, featuresNow);
        }

        static InvalidOperationException Changed(string count, int before, int now) => new(string.Create(
            CultureInfo.InvariantCulture,
            $"The dataset's {count} changed from {before} to {now} while it was being read; a {nameof(VaeDataset)} must not change while the library reads it."));
    }

    /// <summary>Checks that <paramref name="destination"/> fits the requested rows; implementations call it first.</summary>
    /// <param name="rowIndices">The rows <see cref="CopyRows"/> was asked for.</param>
    /// <param name="destination">The buffer <see cref="CopyRows"/> was given.</param>
    protected void CheckCopyArguments(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        if (destination.Length < (long)rowIndices.Length * FeatureCount)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} values but {rowIndices.Length} rows of {FeatureCount} features need {(long)rowIndices.Length * FeatureCount}.",
                nameof(destination));
        }

        foreach (int row in rowIndices)
        {
            if ((uint)row >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(rowIndices), row, $"Row indices must lie in [0, {RowCount}).");
            }
        }
    }
}
