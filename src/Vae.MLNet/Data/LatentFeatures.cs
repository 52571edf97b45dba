using Vae.MLNet.Model;

namespace Vae.MLNet.Data;

/// <summary>Turns a dataset into the latent means a trained <see cref="VaeModel"/> gives its rows, for use as features.</summary>
public static class LatentFeatures
{
    /// <summary>
    /// Encodes every row of <paramref name="data"/> and returns a dataset of the latent means μ(x)
    /// (<see cref="VaeModel.LatentDimension"/> features per row) with the same labels and <see cref="VaeDataset.LabelNames"/>, in the same order.
    /// </summary>
    /// <param name="model">The trained model whose encoder maps the rows.</param>
    /// <param name="data">Rows with <see cref="VaeModel.InputDimension"/> features, in the units the model was trained on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The data has no rows, not one label per row, not the model's number of features, or other feature names, categorical features or image shape than the model's.
    /// </exception>
    /// <exception cref="VaeDataException">A feature is not finite; the exception names its row and column.</exception>
    /// <exception cref="VaeOverflowException">A row's latent mean came out NaN or infinite: it lies too far outside the training range for float32.</exception>
    public static VaeDataset EncodeMeans(VaeModel model, VaeDataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        model.RequireFeaturesOf(data, nameof(data));
        ScoringArguments.RequireRows(data, nameof(data));

        return DatasetMap.Apply(
            data,
            model.LatentDimension,
            (start, features, means) =>
            {
                // Checked here rather than by Encode, whose ArgumentException names no dataset's row.
                ScoringArguments.RequireFiniteRows(features, start, model.InputDimension, data.FeatureNames);
                model.Encode(features, means, default, firstRow: start);
            });
    }
}
