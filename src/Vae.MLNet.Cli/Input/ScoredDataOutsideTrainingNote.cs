using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The note for rows handed to a model with a scaling that puts some feature outside the data the model was first
/// trained on (<see cref="FeaturesOutsideTrainingData"/>): the model meets values unlike any it learned from, and what
/// it computes of them means little, while the command succeeds all the same. A file read with --no-header is matched
/// to a model's named features by position, so columns in another order do this too, which the note then says. Unlike
/// training, scoring takes a Bernoulli model's features beyond the range its min-max scaling was learned on, so such a
/// model gets the note too.
/// </summary>
/// <remarks>
/// Only the first chunk of rows (<see cref="VaeDataset.ChunkRowsOf"/>: 1024 rows, fewer only of rows wider than two
/// million features) is measured: that tells units or a column order as well as every row would, and the note comes
/// before the command's work at the cost of a chunk read from memory, whatever the rows.
/// </remarks>
internal static class ScoredDataOutsideTrainingNote
{
    /// <summary>
    /// The note for <paramref name="input"/>, read by position when <paramref name="readByPosition"/> (--no-header),
    /// scored by <paramref name="model"/>, loaded from <paramref name="modelPath"/>; or null.
    /// </summary>
    public static string? For(VaeModel model, string modelPath, LoadedData input, bool readByPosition)
    {
        int rows = Math.Min(input.Data.RowCount, VaeDataset.ChunkRowsOf(input.Data.FeatureCount));
        VaeDataset measured = rows == input.Data.RowCount ? input.Data : input.Data.Subset(Enumerable.Range(0, rows));
        if (FeaturesOutsideTrainingData.Find(model, input, measured) is not { } outside)
        {
            return null;
        }

        (string, string)? byPosition = readByPosition && model.FeatureNames is not null ? (input.Path, modelPath) : null;
        return $"{outside.Finding(input, modelPath, "its scaling")} {FeaturesOutsideTrainingData.Causes("are scored", byPosition)}";
    }
}
