using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Training;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Makes an <see cref="IDataView"/> of latent vectors drawn from the prior N(0, I), so generating rows is one
/// pipeline call: <c>mlContext.Transforms.VaeDecoder(model).Fit(latents).Transform(latents)</c>.
/// </summary>
public static class VaeLatentSampler
{
    /// <summary>
    /// Makes a data view of <paramref name="rowCount"/> latent vectors of <paramref name="latentDimension"/> floats from
    /// N(0, temperature² I), drawn as its rows are read: it holds no more than the row being read, and every cursor reads
    /// the same rows, those <c>VaeModel.Generate</c> and <c>VaeDecoderTransformer.Generate</c> decode for this seed and temperature.
    /// </summary>
    /// <param name="catalog">The data catalog, <c>mlContext.Data</c>.</param>
    /// <param name="latentDimension">K, the model's <see cref="VaeModel.LatentDimension"/>.</param>
    /// <param name="rowCount">How many vectors to draw, at least 1.</param>
    /// <param name="columnName">
    /// Name of the column holding the vectors, a known-size vector of <see cref="float"/>: one every <see cref="VaeDecoderEstimator"/>
    /// can read, so not a name it refuses as a graph's placeholder, nor one starting with a scope where decoder graphs name
    /// their own values, which it refuses for the models whose graph has a value of that name: decoder., reconstruction.,
    /// scaling., categories. or feature_ranges.
    /// </param>
    /// <param name="seed">Seed of the draws; the same seed gives the same vectors.</param>
    /// <param name="temperature">
    /// Standard deviation of the draws, at most float.MaxValue / 8.572 (about 3.9697e37), past which a draw could overflow float32; below 1 trades variety
    /// for typical-looking rows, 0 gives the prior mean.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="columnName"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="latentDimension"/> is below 1 or more than an array holds, <paramref name="rowCount"/> is below 1, or
    /// <paramref name="temperature"/> is negative, not finite or above float.MaxValue / 8.572 (about 3.9697e37).
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="columnName"/> is blank or a name <see cref="VaeDecoderEstimator"/> refuses.</exception>
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
        VaeOutputNames.RequireFreeInEveryDecoder(columnName, nameof(columnName));
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 1);
        LatentPoints.RequireTemperature(temperature);

        // The vector size is only known at run time, so it goes into the schema definition instead of a VectorType attribute.
        SchemaDefinition definition = SchemaDefinition.Create(typeof(LatentRow));
        SchemaDefinition.Column column = definition[nameof(LatentRow.Latent)];
        column.ColumnName = columnName;
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, latentDimension);
        return catalog.LoadFromEnumerable(Draws(latentDimension, rowCount, seed, temperature), definition);
    }

    /// <summary>
    /// The latent draws the Generate methods decode (<see cref="PriorSampler"/>'s), one row at a time. Each
    /// enumeration, one a cursor, starts the seed's stream again and refills one row, which ML.NET copies as it is read.
    /// </summary>
    private static IEnumerable<LatentRow> Draws(int latentDimension, int rowCount, int seed, float temperature)
    {
        var noise = new GaussianNoise(seed);
        var row = new LatentRow { Latent = new float[latentDimension] };
        for (int i = 0; i < rowCount; i++)
        {
            LatentPoints.DrawFromPrior(noise, temperature, row.Latent);
            yield return row;
        }
    }
}
