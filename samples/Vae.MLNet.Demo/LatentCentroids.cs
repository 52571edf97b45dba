using Vae.MLNet.Data;

namespace Vae.MLNet.Demo;

/// <summary>
/// A nearest-centroid classifier on latent means: a quick measure of how much class structure the encoder found
/// without ever seeing a label.
/// </summary>
internal static class LatentCentroids
{
    public static double Accuracy(VaeModel model, VaeDataset train, VaeDataset test)
    {
        int k = model.LatentDimension;
        IReadOnlyList<int> trainLabels = train.Labels ?? throw new ArgumentException("The training rows need labels.", nameof(train));
        IReadOnlyList<int> testLabels = test.Labels ?? throw new ArgumentException("The test rows need labels.", nameof(test));
        float[] trainMeans = LatentFeatures.EncodeMeans(model, train).ToArray();
        int classes = trainLabels.Max() + 1;
        var centroids = new double[classes * k];
        var counts = new int[classes];
        for (int row = 0; row < train.RowCount; row++)
        {
            int label = trainLabels[row];
            counts[label]++;
            for (int j = 0; j < k; j++)
            {
                centroids[label * k + j] += trainMeans[row * k + j];
            }
        }

        for (int c = 0; c < classes; c++)
        {
            for (int j = 0; j < k; j++)
            {
                centroids[c * k + j] /= Math.Max(1, counts[c]);
            }
        }

        float[] testMeans = LatentFeatures.EncodeMeans(model, test).ToArray();
        int correct = 0;
        for (int row = 0; row < test.RowCount; row++)
        {
            int nearest = Enumerable.Range(0, classes).MinBy(c => Enumerable.Range(0, k).Sum(j => Math.Pow(testMeans[row * k + j] - centroids[c * k + j], 2)));
            correct += nearest == testLabels[row] ? 1 : 0;
        }

        return correct / (double)test.RowCount;
    }
}
