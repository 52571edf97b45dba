using Microsoft.ML;
using Vae.MLNet.Onnx;
using Vae.MLNet.Text;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Extension methods that put variational autoencoders into ML.NET's <see cref="TransformsCatalog"/>, so that
/// <c>mlContext.Transforms.Vae(...)</c> and <c>mlContext.Transforms.VaeDecoder(...)</c> read like the built-in transforms.
/// </summary>
public static class VaeCatalog
{
    /// <summary>The simple <c>Vae</c> overload's parameters, by the option each one sets.</summary>
    private static readonly Dictionary<string, string> ParameterBySetting = new(StringComparer.Ordinal)
    {
        [nameof(VaeEstimator.Options.FeatureColumnName)] = "featureColumnName",
        [nameof(VaeEstimator.Options.HiddenLayerSizes)] = "hiddenLayerSizes",
        [nameof(VaeEstimator.Options.Likelihood)] = "likelihood",
        [nameof(VaeEstimator.Options.InputScaling)] = "inputScaling",
        [nameof(VaeEstimator.Options.LatentDimension)] = "latentDimension",
        [nameof(VaeEstimator.Options.Epochs)] = "epochs",
        [nameof(VaeEstimator.Options.GpuDeviceId)] = "gpuDeviceId",
    };

    /// <summary>
    /// Creates a <see cref="VaeEstimator"/> that trains a variational autoencoder on <paramref name="featureColumnName"/>
    /// and adds the columns LatentMean, LatentLogVar, Reconstruction and AnomalyScore.
    /// </summary>
    /// <param name="catalog">The transform's catalog.</param>
    /// <param name="featureColumnName">Known-size vector of <see cref="float"/> to train on and encode.</param>
    /// <param name="latentDimension">Dimension K of the latent space.</param>
    /// <param name="hiddenLayerSizes">Encoder hidden layer sizes, input side first; <see langword="null"/> keeps [400].</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="likelihood">Observation model of the decoder; Bernoulli needs features in [0, 1].</param>
    /// <param name="inputScaling">Per-feature scaling learned from the training data and baked into the ONNX graphs.</param>
    /// <param name="seed">
    /// Seed of initialization, shuffling and sampling. The <c>MLContext</c>'s seed does not reach the VAE, as ML.NET
    /// keeps a catalog's context from components outside ML.NET: the same seed trains the same weights under any context.
    /// </param>
    /// <param name="gpuDeviceId">GPU device number (0 or more) for ONNX Runtime's scoring; <see langword="null"/> takes <c>MLContext.GpuDeviceId</c> when that is set, else the CPU.</param>
    /// <param name="fallbackToCpu">Whether to fall back to the CPU when the GPU cannot be used.</param>
    public static VaeEstimator Vae(
        this TransformsCatalog catalog,
        string featureColumnName = VaeEstimator.Options.DefaultFeatureColumnName,
        int latentDimension = VaeOptions.DefaultLatentDimension,
        int[]? hiddenLayerSizes = null,
        int epochs = VaeOptions.DefaultEpochs,
        VaeLikelihood likelihood = VaeLikelihood.Bernoulli,
        VaeInputScaling inputScaling = VaeInputScaling.None,
        int seed = 0,
        int? gpuDeviceId = null,
        bool fallbackToCpu = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(featureColumnName);
        var options = new VaeEstimator.Options
        {
            FeatureColumnName = featureColumnName,
            LatentDimension = latentDimension,
            Epochs = epochs,
            Likelihood = likelihood,
            InputScaling = inputScaling,
            Seed = seed,
            GpuDeviceId = gpuDeviceId,
            FallbackToCpu = fallbackToCpu,
        };
        if (hiddenLayerSizes is not null)
        {
            options.HiddenLayerSizes = hiddenLayerSizes;
        }

        return new VaeEstimator(
            catalog, options, error => InSimpleOverloadNames(error, options), message => ArgumentMessages.RenameSettings(message, SimpleOverloadWording(options)));
    }

    /// <summary>
    /// <paramref name="error"/>, thrown by a check of <paramref name="options"/> when the estimator is made or fitted, told
    /// in the simple overload's names: the checks name the options' properties, which that overload's caller never wrote.
    /// Null when it names none of the settings the overload sets.
    /// </summary>
    private static ArgumentException? InSimpleOverloadNames(ArgumentException error, VaeEstimator.Options options)
    {
        if (error.ParamName is not { } setting)
        {
            return null;
        }

        // This overload leaves the output columns their default names, distinct and usable ones, so a clash with one of
        // them is the feature column's.
        bool outputClash = options.RequestedOutputs().Any(output => output.Output.OptionName() == setting);
        string? parameter = outputClash ? ParameterBySetting[nameof(VaeEstimator.Options.FeatureColumnName)] : ParameterBySetting.GetValueOrDefault(setting);
        if (parameter is null)
        {
            return null;
        }

        // The first line leaves out the parameter's name and the value .NET appends, which the new exception appends again.
        string message = ArgumentMessages.RenameSettings(ArgumentMessages.WithoutAppendix(error), SimpleOverloadWording(options));

        // A feature column named like an output is what a second VAE on the first one's LatentMean has, and this overload
        // cannot rename that output: the options overload can, which the caller may not know of.
        if (outputClash)
        {
            message += $" This overload keeps the output columns' default names, so rename the feature column, or keep it and rename the output column through the options overload: "
                + $"Vae(new {nameof(VaeEstimator)}.{nameof(VaeEstimator.Options)} {{ {nameof(VaeEstimator.Options.FeatureColumnName)} = \"{options.FeatureColumnName}\", {setting} = \"…\" }}).";
        }

        return error is ArgumentOutOfRangeException range ? new ArgumentOutOfRangeException(parameter, range.ActualValue, message) : new ArgumentException(message, parameter, error);
    }

    /// <summary>
    /// What the simple overload's caller calls each setting an options check may name: a parameter by its name, and an
    /// output column property, which the overload does not offer, as the column it adds ("the LatentMean output column").
    /// </summary>
    private static Dictionary<string, string> SimpleOverloadWording(VaeEstimator.Options options)
    {
        var wording = new Dictionary<string, string>(ParameterBySetting, StringComparer.Ordinal);
        foreach ((string column, VaeAutoencoderOutputs output) in options.RequestedOutputs())
        {
            wording[output.OptionName()] = $"the {column} output column";
        }

        return wording;
    }

    /// <summary>Creates a <see cref="VaeEstimator"/> with every architecture, training and column setting.</summary>
    /// <param name="catalog">The transform's catalog.</param>
    /// <param name="options">The settings; they are copied, so later changes do not affect the estimator.</param>
    public static VaeEstimator Vae(this TransformsCatalog catalog, VaeEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new VaeEstimator(catalog, options);
    }

    /// <summary>
    /// Creates a <see cref="VaeDecoderEstimator"/> that decodes the latent vectors in <paramref name="latentColumnName"/>
    /// into generated rows in <paramref name="outputColumnName"/> with the decoder of <paramref name="model"/>.
    /// </summary>
    /// <param name="catalog">The transform's catalog.</param>
    /// <param name="model">A trained model, e.g. <see cref="VaeEstimator.TrainedModel"/>.</param>
    /// <param name="outputColumnName">The generated rows: probabilities (Bernoulli) or means (Gaussian) in the units of the training data.</param>
    /// <param name="latentColumnName">Known-size vector of <see cref="float"/> with K = <see cref="VaeModel.LatentDimension"/> slots.</param>
    /// <param name="gpuDeviceId">GPU device number (0 or more) for ONNX Runtime; <see langword="null"/> takes <c>MLContext.GpuDeviceId</c> when that is set, else the CPU.</param>
    /// <param name="fallbackToCpu">Whether to fall back to the CPU when the GPU cannot be used.</param>
    /// <remarks>The output column comes before the input column, as in ML.NET's own one-column transforms.</remarks>
    public static VaeDecoderEstimator VaeDecoder(
        this TransformsCatalog catalog,
        VaeModel model,
        string outputColumnName = VaeDecoderEstimator.DefaultOutputColumnName,
        string latentColumnName = VaeDecoderEstimator.DefaultLatentColumnName,
        int? gpuDeviceId = null,
        bool fallbackToCpu = false)
    {
        var options = new VaeDecoderEstimator.Options
        {
            LatentColumnName = latentColumnName,
            OutputColumnName = outputColumnName,
            GpuDeviceId = gpuDeviceId,
            FallbackToCpu = fallbackToCpu,
        };
        return new VaeDecoderEstimator(catalog, model, options, (nameof(latentColumnName), nameof(outputColumnName), nameof(gpuDeviceId)));
    }

    /// <summary>Creates a <see cref="VaeDecoderEstimator"/> with every column and scoring setting.</summary>
    /// <param name="catalog">The transform's catalog.</param>
    /// <param name="model">A trained model, e.g. <see cref="VaeEstimator.TrainedModel"/>.</param>
    /// <param name="options">The settings; they are copied, so later changes do not affect the estimator.</param>
    public static VaeDecoderEstimator VaeDecoder(this TransformsCatalog catalog, VaeModel model, VaeDecoderEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new VaeDecoderEstimator(
            catalog,
            model,
            options.Clone(),
            (nameof(VaeDecoderEstimator.Options.LatentColumnName), nameof(VaeDecoderEstimator.Options.OutputColumnName), nameof(VaeDecoderEstimator.Options.GpuDeviceId)));
    }
}
