using Vae.MLNet.Cli.Input;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Sampling;

/// <summary>
/// Decodes the latent vectors of a file a chunk at a time, drawing each row from p(x | z) when given the draws, which
/// go on from chunk to chunk as one stream; an overflow is told with the row's line in the file. With
/// <paramref name="keepLogVariances"/>, for a GaussianLearnedVariance model, it hands over the decoder's log-variances too.
/// </summary>
internal sealed class LatentDecoder(VaeModel model, LoadedData input, ObservationDraws? draws, bool keepLogVariances = false)
{
    /// <summary>
    /// Receives the rows decoded from row <c>firstRow</c> on: the first <c>count</c> rows of <c>block</c>, and of
    /// <c>logVariances</c> their log-variances where the decoder kept them (else it is empty); the next chunk overwrites both.
    /// </summary>
    public delegate void DecodedBlock(int firstRow, float[] block, float[] logVariances, int count);

    /// <summary>Decodes every latent vector, in order, handing each chunk's rows to <paramref name="decoded"/>.</summary>
    public void DecodeAll(DecodedBlock decoded)
    {
        VaeDataset data = input.Data;
        int d = model.InputDimension;
        int rowCount = data.RowCount;
        int width = data.FeatureCount;
        int chunkRows = Math.Min(VaeDataset.ChunkRowsOf(Math.Max(width, d)), rowCount);
        var latent = new float[chunkRows * width];
        var rows = new float[chunkRows * d];
        float[] logVariances = keepLogVariances || draws is { DrawsFromLogVariances: true } ? new float[rows.Length] : [];
        data.ForEachChunk(
            rowCount,
            width,
            (firstRow, chunk) =>
            {
                int count = chunk.Length / width;
                chunk.CopyTo(latent);
                input.Scoring(
                    () =>
                    {
                        Span<float> means = rows.AsSpan(0, count * d);
                        Span<float> variances = logVariances.AsSpan(0, Math.Min(logVariances.Length, means.Length));
                        model.Decode(latent.AsSpan(0, count * width), means, variances);

                        // Numbered from the chunk's first row, as the decoder numbers its rows and Scoring retells them.
                        draws?.Draw(means, variances, firstRow: 0);
                    },
                    firstRow);
                decoded(firstRow, rows, keepLogVariances ? logVariances : [], count);
            },
            outputWidth: d);
    }
}
