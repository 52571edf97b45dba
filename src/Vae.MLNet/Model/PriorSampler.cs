using System.Globalization;
using Vae.MLNet.Training;

namespace Vae.MLNet.Model;

/// <summary>
/// Rows decoded from draws of the prior N(0, T²·I) and, when asked, drawn from p(x | z) around the decoded means, for
/// the in-process model and the ONNX Runtime decoder alike. Rows come a block at a time, and the latent and observation
/// draws each continue one seeded stream, so the draws are the same however the rows are split into blocks: a command
/// writing millions of rows holds one block, not all of them. So are the rows where the decoder sums each row alike in
/// any block, as the managed multiplier does; OpenBLAS picks its kernels by the matrices' shapes, which can change a
/// row's last bits.
/// </summary>
internal sealed class PriorSampler
{
    private readonly VaeModel _model;
    private readonly Decoding _decode;
    private readonly float _temperature;
    private readonly GaussianNoise _latentNoise;
    private readonly ObservationDraws? _observations;
    private float[] _latent = [];
    private float[] _logVariances = [];
    private long _rowsGenerated;

    /// <summary>Starts the draws of <paramref name="seed"/>.</summary>
    /// <param name="model">The model whose prior, likelihood and scaling the rows follow.</param>
    /// <param name="decode">The model's decoder, in process or through ONNX Runtime.</param>
    /// <param name="seed">Seed of the latent draws, and of the observations' when they are drawn.</param>
    /// <param name="temperature">Standard deviation T of the latent draws: finite and not negative.</param>
    /// <param name="sampleObservations">Whether each row is drawn from p(x | z) rather than being its mean.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is one <see cref="LatentPoints.RequireTemperature"/> refuses.</exception>
    public PriorSampler(VaeModel model, Decoding decode, int seed, float temperature, bool sampleObservations)
    {
        LatentPoints.RequireTemperature(temperature);
        _model = model;
        _decode = decode;
        _temperature = temperature;
        _latentNoise = new GaussianNoise(seed);
        _observations = sampleObservations ? new ObservationDraws(model, seed, ofGivenLatents: false) : null;
    }

    /// <summary>A decoder writing the means of p(x | z) and, when given room for them, the learned variance's log-variances.</summary>
    public delegate void Decoding(ReadOnlySpan<float> latent, Span<float> means, Span<float> logVariances);

    /// <summary>
    /// <paramref name="count"/> rows of <paramref name="model"/>, D values each, row-major: what the public
    /// <c>Generate</c> methods return, once they have checked their arguments with <see cref="LatentPoints.RequirePriorDraws"/>.
    /// </summary>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite.</exception>
    public static float[] Generate(VaeModel model, Decoding decode, int count, int seed, float temperature, bool sampleObservations)
    {
        var sampler = new PriorSampler(model, decode, seed, temperature, sampleObservations);
        float[] rows = new float[count * model.InputDimension];
        sampler.Next(rows);
        return rows;
    }

    /// <summary>Fills <paramref name="rows"/>, whole rows of D values, with the next rows; exceptions number the rows from the first ever generated.</summary>
    /// <exception cref="VaeOverflowException">
    /// An output came out NaN or infinite: the latent points lie too far from the prior for float32 (the message advises
    /// a lower temperature), or a drawn observation's noise is too wide for it.
    /// </exception>
    public void Next(Span<float> rows)
    {
        int count = rows.Length / _model.InputDimension;
        Span<float> latent = ReusedBuffer.Holding(ref _latent, count * _model.LatentDimension);
        LatentPoints.DrawFromPrior(_latentNoise, _temperature, latent);
        Span<float> logVariances = _observations is { DrawsFromLogVariances: true }
            ? ReusedBuffer.Holding(ref _logVariances, rows.Length)
            : default;
        long firstRow = _rowsGenerated;
        _rowsGenerated += count;
        try
        {
            _decode(latent, rows, logVariances);
        }
        catch (VaeOverflowException exception) when (exception.Row is { } row)
        {
            // The decoder numbers the rows of this block from 0, and its advice is for rows to score; these latent points
            // are drawn, and how far out they lie is the temperature's doing, but for a temperature of 1 or below, whose
            // points lie where the prior itself draws them: there the decoder is at fault.
            long generated = firstRow + row;
            throw new VaeOverflowException(
                _temperature > 1f
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"Generated row {generated}: decoding its latent point overflowed float32: drawn at temperature {_temperature}, it lies too far from the prior the model was trained on. Lower the temperature (now {_temperature}).")
                    : _temperature > 0f
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"Generated row {generated}: decoding its latent point overflowed float32, though drawn at temperature {_temperature} it lies where the prior itself draws: "
                        + $"the model's decoder gives values past float32's range there, which training on features near that range can leave. Lower the temperature (now {_temperature}) to draw nearer the prior's mean, where it may not overflow.")
                    : $"Generated row {generated}: decoding the prior's mean overflowed float32, so this model cannot generate rows: its decoder gives values past float32's range even at the center of the prior, which training on features near that range can leave.",
                generated,
                exception);
        }

        _observations?.Draw(rows, logVariances, firstRow);
    }
}
