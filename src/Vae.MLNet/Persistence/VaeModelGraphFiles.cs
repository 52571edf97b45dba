namespace Vae.MLNet.Persistence;

/// <summary>
/// The names of the ONNX graph files inside a model zip. A later writer may list further graphs in the same format
/// version; a reader ignores the ones it does not know.
/// </summary>
/// <param name="Encoder">The encoder graph, features → latent mean and log-variance.</param>
/// <param name="Decoder">The decoder graph, latent → reconstruction.</param>
/// <param name="Autoencoder">The one-pass graph, features → latent, reconstruction, reconstruction error and anomaly score.</param>
public sealed record VaeModelGraphFiles(string Encoder, string Decoder, string Autoencoder);
