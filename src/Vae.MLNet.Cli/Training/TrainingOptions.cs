using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Numerics;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// One option per setting of <see cref="VaeOptions"/>, with the library's defaults, so the command line can express every
/// model the library can train. Errors from <see cref="VaeOptions.Validate"/> are reported under the option's name.
/// </summary>
internal sealed class TrainingOptions
{
    private static readonly VaeOptions Defaults = new();

    private readonly Dictionary<string, string> _optionByProperty = [];
    private readonly List<Option> _options = [];

    private readonly Option<int[]> _hidden;
    private readonly Option<int[]?> _decoderHidden;
    private readonly Option<int> _latent;
    private readonly Option<VaeActivation> _activation;
    private readonly Option<float> _leakySlope;
    private readonly Option<VaeLikelihood> _likelihood;
    private readonly Option<float> _gaussianVariance;
    private readonly Option<VaeInputScaling> _scaling;
    private readonly Option<float> _beta;
    private readonly Option<int> _klWarmup;
    private readonly Option<int> _epochs;
    private readonly Option<int> _batchSize;
    private readonly Option<float> _learningRate;
    private readonly Option<float> _adamBeta1;
    private readonly Option<float> _adamBeta2;
    private readonly Option<float> _adamEpsilon;
    private readonly Option<float> _weightDecay;
    private readonly Option<float?> _clipNorm;
    private readonly Option<int> _seed;
    private readonly Option<float> _validation;
    private readonly Option<int?> _patience;
    private readonly Option<int?> _threads;
    private readonly Option<GemmBackend> _gemm;

    /// <summary>Creates the options.</summary>
    public TrainingOptions()
    {
        _hidden = Add(nameof(VaeOptions.HiddenLayerSizes), new Option<int[]>("--hidden")
        {
            Description = $"Encoder hidden layer sizes, input side first, or {ListParsing.NoLayers} for no hidden layer; the decoder mirrors them.",
            HelpName = "SIZES",
            DefaultValueFactory = _ => Defaults.HiddenLayerSizes,
            CustomParser = ListParsing.LayerSizes,
        });
        _decoderHidden = Add(nameof(VaeOptions.DecoderHiddenLayerSizes), new Option<int[]?>("--decoder-hidden")
        {
            Description = $"Decoder hidden layer sizes, latent side first, or {ListParsing.NoLayers} for no hidden layer. Default: --hidden reversed.",
            HelpName = "SIZES",
            CustomParser = ListParsing.LayerSizes,
        });
        _latent = Add(nameof(VaeOptions.LatentDimension), new Option<int>("--latent-dim", "-k")
        {
            Description = "Dimension K of the latent space.",
            DefaultValueFactory = _ => Defaults.LatentDimension,
        });
        _activation = Add(nameof(VaeOptions.Activation), new Option<VaeActivation>("--activation")
        {
            Description = "Hidden-layer nonlinearity.",
            DefaultValueFactory = _ => Defaults.Activation,
        });
        _leakySlope = Add(nameof(VaeOptions.LeakyReluSlope), new Option<float>("--leaky-relu-slope")
        {
            Description = "Negative slope of LeakyRelu.",
            DefaultValueFactory = _ => Defaults.LeakyReluSlope,
        });
        _likelihood = Add(nameof(VaeOptions.Likelihood), new Option<VaeLikelihood>("--likelihood")
        {
            Description = "Decoder observation model; Bernoulli needs features in [0, 1] (or --scaling MinMax), and GaussianLearnedVariance keeps log σ² within [−9, 9], so give it features of unit scale: --scaling Standardize for measurements, pixels in [0, 1] as they are (standardizing blows the pixels that barely vary in training up to hundreds of standard deviations in new images).",
            DefaultValueFactory = _ => Defaults.Likelihood,
        });
        _gaussianVariance = Add(nameof(VaeOptions.GaussianVariance), new Option<float>("--gaussian-variance")
        {
            Description = "Fixed variance σ² of the Gaussian likelihood, in the units of the features after --scaling: under Standardize 1 is noise as wide as each feature's own standard deviation, under MinMax a share of each feature's range squared (0.01: a standard deviation of a tenth of the range), under None each feature's own units squared.",
            DefaultValueFactory = _ => Defaults.GaussianVariance,
        });
        _scaling = Add(nameof(VaeOptions.InputScaling), new Option<VaeInputScaling>("--scaling")
        {
            Description = "Per-feature input scaling learned from the training data.",
            DefaultValueFactory = _ => Defaults.InputScaling,
        });
        _beta = Add(nameof(VaeOptions.Beta), new Option<float>("--beta")
        {
            Description = "Weight of the KL term (β-VAE); 1 trains the ELBO.",
            DefaultValueFactory = _ => Defaults.Beta,
        });
        _klWarmup = Add(nameof(VaeOptions.KLWarmupEpochs), new Option<int>("--kl-warmup")
        {
            Description = "Epochs over which the KL weight ramps up to --beta: epoch e of the first EPOCHS uses --beta × e/EPOCHS (0 or 1: the full --beta from the start).",
            HelpName = "EPOCHS",
            DefaultValueFactory = _ => Defaults.KLWarmupEpochs,
        });
        _epochs = Add(nameof(VaeOptions.Epochs), new Option<int>("--epochs", "-e")
        {
            Description = "Passes over the training data.",
            DefaultValueFactory = _ => Defaults.Epochs,
        });
        _batchSize = Add(nameof(VaeOptions.BatchSize), new Option<int>("--batch-size", "-b")
        {
            Description = "Rows per gradient step.",
            DefaultValueFactory = _ => Defaults.BatchSize,
        });
        _learningRate = Add(nameof(VaeOptions.LearningRate), new Option<float>("--learning-rate", "--lr")
        {
            Description = "Adam step size.",
            DefaultValueFactory = _ => Defaults.LearningRate,
        });
        _adamBeta1 = Add(nameof(VaeOptions.AdamBeta1), new Option<float>("--adam-beta1")
        {
            Description = "Adam's first-moment decay.",
            DefaultValueFactory = _ => Defaults.AdamBeta1,
        });
        _adamBeta2 = Add(nameof(VaeOptions.AdamBeta2), new Option<float>("--adam-beta2")
        {
            Description = "Adam's second-moment decay.",
            DefaultValueFactory = _ => Defaults.AdamBeta2,
        });
        _adamEpsilon = Add(nameof(VaeOptions.AdamEpsilon), new Option<float>("--adam-epsilon")
        {
            Description = "Adam's denominator term.",
            DefaultValueFactory = _ => Defaults.AdamEpsilon,
        });
        _weightDecay = Add(nameof(VaeOptions.WeightDecay), new Option<float>("--weight-decay")
        {
            Description = "L2 penalty on weights, against the gradient of the mean loss per row (PyTorch code that sums its loss over the batch takes this times the batch size as its weight_decay).",
            DefaultValueFactory = _ => Defaults.WeightDecay,
        });
        _clipNorm = Add(nameof(VaeOptions.GradientClipNorm), new Option<float?>("--clip-norm")
        {
            Description = "Rescale each step's gradient to at most this global L2 norm. Default: no clipping.",
        });
        _seed = Add(nameof(VaeOptions.Seed), new Option<int>("--seed")
        {
            Description = "Seed of initialization, shuffling, validation split and noise.",
            DefaultValueFactory = _ => Defaults.Seed,
        });
        _validation = Add(nameof(VaeOptions.ValidationFraction), new Option<float>("--validation-fraction")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"Fraction of rows held out for a validation loss each epoch, from 0 to {VaeOptions.MaxValidationFraction}; 0 with --validation-data."),
            DefaultValueFactory = _ => Defaults.ValidationFraction,
        });
        _patience = Add(nameof(VaeOptions.EarlyStoppingPatience), new Option<int?>("--early-stopping")
        {
            Description = "Stop after this many epochs without a better validation loss and keep the best weights (with --init, those it started from count). Needs --validation-fraction or --validation-data.",
            HelpName = "PATIENCE",
        });
        _threads = Add(nameof(VaeOptions.NumberOfThreads), new Option<int?>("--threads")
        {
            Description = string.Create(
                CultureInfo.InvariantCulture,
                $"The most threads for matrix products; a small model, with under {ThreadWork.MinMultiplyAdds / 1_000_000} million multiply-adds a step for each, trains on fewer. Default: every processor."),
        });
        _gemm = Add(nameof(VaeOptions.Gemm), new Option<GemmBackend>("--gemm")
        {
            Description = "Matrix-product implementation.",
            DefaultValueFactory = _ => Defaults.Gemm,
        });
    }

    /// <summary>
    /// Adds every option to <paramref name="command"/>, with a check of the settings while the command line is parsed, so
    /// that a bad one is a usage error reported before any data is read.
    /// </summary>
    /// <param name="command">The command taking these options.</param>
    /// <param name="architectureSource">
    /// An option naming a model whose architecture replaces this command line's (train's --init); when it is given, an
    /// architecture option is refused as fixed by that model, and the architecture's defaults are not checked against
    /// one another, since they are not what will be trained.
    /// </param>
    /// <param name="validationSource">
    /// An option naming a file of validation rows (train's --validation-data), which takes the place of --validation-fraction
    /// and gives --early-stopping rows to watch.
    /// </param>
    public void AddTo(Command command, Option<string?>? architectureSource = null, Option<string?>? validationSource = null)
    {
        _options.ForEach(command.Add);
        command.Validators.Add(result =>
        {
            bool architectureFixed = architectureSource is not null && result.GetResult(architectureSource) is { Implicit: false };
            if (architectureFixed)
            {
                foreach (string fixedOption in ExplicitArchitectureOptions(result))
                {
                    result.AddError($"{fixedOption} is fixed by the {architectureSource!.Name} model; leave it out.");
                }
            }

            try
            {
                // With a model's architecture in place of the command line's, only the training settings are judged here.
                VaeOptions options = architectureFixed ? Validated(Read(result).WithArchitectureOf(Defaults), result) : Build(result);
                if (!architectureFixed)
                {
                    RequireApplicable(result, options);
                }

                RequireOneSourceOfValidationRows(options, validationSource is not null && result.GetValue(validationSource) is not null, validationSource?.Name);
            }
            catch (CommandLineException exception)
            {
                result.AddError(exception.Message);
            }
        });
    }

    /// <summary>
    /// Refuses validation rows both from a file (<paramref name="validationOption"/>) and held out by --validation-fraction,
    /// which training refuses too, and --early-stopping with neither, which would have no validation loss to watch.
    /// </summary>
    private void RequireOneSourceOfValidationRows(VaeOptions options, bool validationFile, string? validationOption)
    {
        string fraction = OptionFor(nameof(VaeOptions.ValidationFraction))!;
        if (validationFile && options.ValidationFraction > 0f)
        {
            throw new CommandLineException(
                $"{validationOption} and {fraction} both give validation rows: measure the file with {fraction} 0 (its default), or leave {validationOption} out to hold rows out.");
        }

        if (options.EarlyStoppingPatience is not null && options.ValidationFraction <= 0f && !validationFile)
        {
            string file = validationOption is null ? string.Empty : $", or give {validationOption} FILE";
            throw new CommandLineException(
                $"{OptionFor(nameof(VaeOptions.EarlyStoppingPatience))} needs validation rows: set {fraction} above 0 (for example 0.1){file}.");
        }
    }

    /// <summary>Refuses an option given explicitly where it would have no effect, which would leave the user believing it had.</summary>
    private void RequireApplicable(SymbolResult parse, VaeOptions options)
    {
        foreach ((string property, string option) in _optionByProperty)
        {
            if (ConditionToApply(property, options) is { } condition && parse.GetResult(option) is OptionResult { Implicit: false })
            {
                throw new CommandLineException($"{option} applies only with {condition}, so it would have no effect here.");
            }
        }
    }

    /// <summary>
    /// The options that would make the setting <paramref name="property"/> of <paramref name="options"/> take effect, such
    /// as "--likelihood Gaussian" for <see cref="VaeOptions.GaussianVariance"/> under another likelihood; null when it
    /// takes effect. train refuses such a setting's option given explicitly, and inspect offers none to paste back.
    /// </summary>
    public static string? ConditionToApply(string property, VaeOptions options) => property switch
    {
        nameof(VaeOptions.LeakyReluSlope) when options.Activation != VaeActivation.LeakyRelu => "--activation LeakyRelu",
        nameof(VaeOptions.GaussianVariance) when options.Likelihood != VaeLikelihood.Gaussian => "--likelihood Gaussian",
        _ => null,
    };

    /// <summary>
    /// The options fixing the model's architecture that the command line gave explicitly, which beside --init are refused,
    /// and so left out of a run that goes on from this one's model.
    /// </summary>
    public IEnumerable<string> ExplicitArchitectureOptions(SymbolResult parse) =>
        new Option[] { _hidden, _decoderHidden, _latent, _activation, _leakySlope, _likelihood, _gaussianVariance, _scaling }
            .Where(option => parse.GetResult(option) is { Implicit: false })
            .Select(option => option.Name);

    /// <summary>The validated options; a bad value is reported with the option that set it.</summary>
    public VaeOptions Build(SymbolResult parse) => Validated(Read(parse), parse);

    private VaeOptions Read(SymbolResult parse) => new()
    {
        HiddenLayerSizes = OptionValues.WithDefault(parse, _hidden)!,
        // Array options read as empty, not null, when absent; null mirrors the encoder.
        DecoderHiddenLayerSizes = parse.GetResult(_decoderHidden) is null ? null : OptionValues.WithDefault(parse, _decoderHidden),
        LatentDimension = OptionValues.WithDefault(parse, _latent),
        Activation = OptionValues.WithDefault(parse, _activation),
        LeakyReluSlope = OptionValues.WithDefault(parse, _leakySlope),
        Likelihood = OptionValues.WithDefault(parse, _likelihood),
        GaussianVariance = OptionValues.WithDefault(parse, _gaussianVariance),
        InputScaling = OptionValues.WithDefault(parse, _scaling),
        Beta = OptionValues.WithDefault(parse, _beta),
        KLWarmupEpochs = OptionValues.WithDefault(parse, _klWarmup),
        Epochs = OptionValues.WithDefault(parse, _epochs),
        BatchSize = OptionValues.WithDefault(parse, _batchSize),
        LearningRate = OptionValues.WithDefault(parse, _learningRate),
        AdamBeta1 = OptionValues.WithDefault(parse, _adamBeta1),
        AdamBeta2 = OptionValues.WithDefault(parse, _adamBeta2),
        AdamEpsilon = OptionValues.WithDefault(parse, _adamEpsilon),
        WeightDecay = OptionValues.WithDefault(parse, _weightDecay),
        GradientClipNorm = OptionValues.WithDefault(parse, _clipNorm),
        Seed = OptionValues.WithDefault(parse, _seed),
        ValidationFraction = OptionValues.WithDefault(parse, _validation),
        EarlyStoppingPatience = OptionValues.WithDefault(parse, _patience),
        NumberOfThreads = OptionValues.WithDefault(parse, _threads),
        Gemm = OptionValues.WithDefault(parse, _gemm),
    };

    private VaeOptions Validated(VaeOptions options, SymbolResult parse)
    {
        try
        {
            options.ValidateForTraining();
        }
        catch (ArgumentException exception)
        {
            string message = Describe(exception, parse);
            string option = exception.ParamName is { } name && _optionByProperty.TryGetValue(name, out string? found) ? found : "option";
            throw new CommandLineException(message.StartsWith(option, StringComparison.Ordinal) ? message : $"{option}: {message}", exception);
        }

        return options;
    }

    /// <summary>
    /// The library's message about a setting in this command's terms; an out-of-range value follows its option, as the
    /// parser's own range errors put it ("--beta -1 must be a finite number of at least 0.").
    /// </summary>
    public string Describe(ArgumentException exception, SymbolResult parse)
    {
        if (exception is not ArgumentOutOfRangeException { ParamName: { } setting, ActualValue: { } actual })
        {
            return InCommandLineTerms(ArgumentMessages.Describe(exception));
        }

        // The number refused is the float read, which the user may not have typed: 1e-50 reads as 0, 0.99999999 as 1.
        if (actual is float read
            && OptionFor(setting) is { } option
            && parse.GetResult(option) is OptionResult { Implicit: false, Tokens: [.., var typed] }
            && OptionValues.Rounding(typed.Value, read) is { } rounding)
        {
            return $"{option} {typed.Value} {rounding}; {InCommandLineTerms(ArgumentMessages.WithoutAppendix(exception))}";
        }

        return WithValue(exception, Convert.ToString(actual, CultureInfo.InvariantCulture)!) ?? InCommandLineTerms(ArgumentMessages.Describe(exception));
    }

    /// <summary>
    /// The library's message about a setting out of range, with <paramref name="value"/> after the option that sets it, or
    /// null when the message does not open with that option.
    /// </summary>
    private string? WithValue(ArgumentException exception, string value) =>
        exception is ArgumentOutOfRangeException { ParamName: { } setting }
        && OptionFor(setting) is { } option
        && InCommandLineTerms(ArgumentMessages.WithoutAppendix(exception)) is { } message
        && message.StartsWith($"{option} ", StringComparison.Ordinal)
            ? $"{option} {value}{message[option.Length..]}"
            : null;

    /// <summary>
    /// The whole number the option for <paramref name="property"/> gives. One beyond an int's range is refused with the
    /// library's reason for refusing the nearest int, where it has one, so that --epochs -99999999999 is told that epochs
    /// start at 1 rather than where ints end.
    /// </summary>
    private int? WholeNumberSetting(ArgumentResult result, string property, string option)
    {
        string text = OptionValues.Text(result);
        if (OptionValues.IsWholeNumber(text, out BigInteger whole)
            && (whole < int.MinValue || whole > int.MaxValue)
            && LibraryRefusal(property, whole < 0 ? int.MinValue : int.MaxValue, text) is { } refusal)
        {
            result.AddError(refusal);
            return null;
        }

        return OptionValues.WholeNumber(result, option);
    }

    /// <summary>What training says to <paramref name="property"/> set to <paramref name="value"/>, told as <paramref name="shown"/>; null when it takes it.</summary>
    private string? LibraryRefusal(string property, int value, string shown)
    {
        var probe = new VaeOptions();
        typeof(VaeOptions).GetProperty(property)!.SetValue(probe, value);
        try
        {
            probe.ValidateForTraining();
            return null;
        }
        catch (ArgumentOutOfRangeException exception) when (exception.ParamName == property)
        {
            return WithValue(exception, shown);
        }
    }

    /// <summary>The option that sets the <see cref="VaeOptions"/> property <paramref name="property"/>, or null when none does.</summary>
    public string? OptionFor(string property) => _optionByProperty.GetValueOrDefault(property);

    /// <summary>Whether the command line gives the option that sets <paramref name="property"/>, rather than leaving it at its default.</summary>
    public bool Gives(SymbolResult parse, string property) =>
        OptionFor(property) is { } name && parse.GetResult(name) is OptionResult { Implicit: false };

    /// <summary>
    /// <paramref name="message"/>, from the library, with each <see cref="VaeOptions"/> setting it names replaced by the
    /// option that sets it here: "set InputScaling to MinMax" becomes "set --scaling to MinMax".
    /// </summary>
    public string InCommandLineTerms(string message) => ArgumentMessages.RenameSettings(message, _optionByProperty);

    private Option<T> Add<T>(string property, Option<T> option)
    {
        switch (option)
        {
            case Option<int> whole:
                whole.CustomParser = result => WholeNumberSetting(result, property, whole.Name) ?? default;
                break;
            case Option<int?> optionalWhole:
                optionalWhole.CustomParser = result => WholeNumberSetting(result, property, optionalWhole.Name);
                break;
        }

        _optionByProperty[property] = option.Name;
        _options.Add(option);
        return option;
    }
}
