using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Makes an <see cref="IDataView"/> of latent vectors drawn from the prior N(0, I), so generating rows is one
/// pipeline call: <c>mlContext.Transforms.VaeDecoder(model).Fit(latents).Transform(latents)</c>.
/// </summary>
public static class VaeLatentSampler
{
    /// <summary>Draws <paramref name="rowCount"/> latent vectors of <paramref name="latentDimension"/> floats from N(0, temperature² I).</summary>
    /// <param name="catalog">The data catalog, <c>mlContext.Data</c>.</param>
    /// <param name="latentDimension">K, the model's <see cref="VaeModel.LatentDimension"/>.</param>
    /// <param name="rowCount">How many vectors to draw.</param>
    /// <param name="columnName">
    /// Name of the column holding the vectors, a known-size vector of <see cref="float"/>: one <see cref="VaeDecoderEstimator"/>
    /// can read, so not a name it refuses as a graph's placeholder.
    /// </param>
    /// <param name="seed">Seed of the draws; the same seed gives the same vectors.</param>
    /// <param name="temperature">Standard deviation of the draws; below 1 trades variety for typical-looking rows, 0 gives the prior mean.</param>
    public static IDataView SampleVaeLatents(
        this DataOperationsCatalog catalog,
        int latentDimension,
        int rowCount,
        string columnName = VaeDecoderEstimator.DefaultLatentColumnName,
        int seed = 0,
        float temperature = 1f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentDimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(latentDimension, Array.MaxLength);
        ArgumentException.ThrowIfNullOrWhiteSpace(columnName);
        VaeOutputNames.RequireUsableInput(columnName, nameof(columnName));

        // The same draws as VaeModel.Generate and VaeDecoderTransformer.Generate with this seed and temperature.
        float[] latents = LatentPoints.FromPrior(rowCount, latentDimension, seed, temperature, nameof(rowCount));
        var rows = new LatentRow[rowCount];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new LatentRow { Latent = latents.AsSpan(i * latentDimension, latentDimension).ToArray() };
        }

        // The vector size is only known at run time, so it goes into the schema definition instead of a VectorType attribute.
        SchemaDefinition definition = SchemaDefinition.Create(typeof(LatentRow));
        SchemaDefinition.Column column = definition[nameof(LatentRow.Latent)];
        column.ColumnName = columnName;
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, latentDimension);
        return catalog.LoadFromEnumerable(rows, definition);
    }
}
