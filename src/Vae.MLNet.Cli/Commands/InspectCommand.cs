using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using Spectre.Console;
using Vae.MLNet.Data;
using Vae.MLNet.Onnx;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Training;
using Vae.MLNet.Persistence;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae inspect MODEL</c>: what a model zip holds.</summary>
internal static class InspectCommand
{
    // Files in a zip beside the model's own are listed up to this many; more are summed on one row.
    private const int OtherFilesShown = ShortList.ItemsShown;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var allCategories = new Option<bool>("--all-categories")
        {
            Description = $"List every category of each categorical column, not the first {ShortList.ItemsShown} and how many more.",
        };
        var command = new Command(
            "inspect",
            "Show a model zip's manifest: library, dimensions, columns, categories, likelihood, the ONNX graphs' input and output names, options, training history and files.") { modelPath, allCategories };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(modelPath);
            using Stream zip = OpenSeekable(path, context.Cancellation);
            ModelArchiveContents contents = ModelFile.Read(zip, path, parse);
            VaeModelManifest manifest = contents.Manifest;
            zip.Position = 0;

            var columns = new DecodedRows(contents.Model);
            IAnsiConsole console = context.CreateConsole();
            console.Write(Summary(path, manifest, contents.Model, contents.HasNewerOptimizerState, columns));
            if (contents.Model.CategoricalFeatures is { } categorical)
            {
                console.Write(Categories(categorical, columns, parse.GetValue(allCategories)));
            }

            console.Write(Graphs(manifest));
            console.Write(Options(manifest.Options, manifest.History));
            console.Write(History(manifest.History, manifest.Options));
            console.Write(Files(zip, manifest));
            return 0;
        });
        return command;
    }

    private static TitledTable Summary(string path, VaeModelManifest manifest, VaeModel model, bool newerOptimizerState, DecodedRows columns) => new(
        Markup.Escape(TerminalText.Visible(path)),
        Table("model", "value")
            .AddRow("library", Markup.Escape(TerminalText.Visible($"{manifest.Library.Name} {manifest.Library.Version}")))
            .AddRow("format version", Text(manifest.FormatVersion))
            .AddRow("input dimension", Text(manifest.InputDimension))
            .AddRow("image shape", model.ImageShape is { } shape ? $"{shape} (width x height)" : "none recorded (the training data were no images of known shape, or the model was saved before shapes were kept)")
            .AddRow("feature names", manifest.FeatureNames is { } names ? Markup.Escape(TerminalText.Visible(string.Join(", ", names.Select(name => $"\"{name}\"")))) : "none recorded (the training data named none, or the model was saved before names were kept)")
            .AddRow("feature ranges", model.FeatureRanges is not { } ranges
                ? "none (saved before ranges were kept)"
                : $"{Markup.Escape(TerminalText.Visible(manifest.FeatureRangesFile!))} ({ranges.WholeNumbers.Count(whole => whole)} of {Counted.Of(ranges.FeatureCount, "feature")} in whole numbers)")
            .AddRow("optimizer state", model.OptimizerState is { } state
                ? $"Adam, step {Text(state.Step)} ({Markup.Escape(TerminalText.Visible(manifest.OptimizerStateFile!))}: --init goes on from it exactly)"
                : newerOptimizerState
                    ? $"present but unread ({Markup.Escape(TerminalText.Visible(manifest.OptimizerStateFile!))} is in a newer layout than this build reads: --init starts Adam's moments afresh, where the build that wrote it or a later one goes on exactly)"
                    : $"none (--init starts Adam's moments afresh; train keeps it in --out with {TrainCommand.KeepOptimizerStateName}, and in the NAME.interrupted.zip and NAME.last-good.zip it writes beside --out when it stops early)")
            .AddRow("columns", Columns(columns))
            .AddRow("categories", model.CategoricalFeatures is { } categorical
                ? Markup.Escape(TerminalText.Visible(string.Join(", ", categorical.Select((column, i) => $"{CategoricalColumnName(column, columns, i)} ({FeatureSpanText.Of(column)}, {column.Categories.Count} {(column.Categories.Count == 1 ? "category" : "categories")})"))))
                  + (model.Network.Categories.IsEmpty ? $"; learned as numbers by the {manifest.Likelihood} likelihood (saved before categories were modelled by a softmax)" : "; a softmax each")
                : "none (the training data read none)")
            .AddRow("latent dimension", Text(manifest.LatentDimension))
            .AddRow("likelihood", manifest.Likelihood.ToString())
            .AddRow("activation", manifest.Activation.ToString())
            .AddRow("input scaling", manifest.InputScaling.ToString()));

    // What a consumer of the exported graphs (ONNX Runtime, ML.NET's OnnxTransformer) fetches them by: the zip's names,
    // which export-onnx writes too, with the shapes the graph contract gives them.
    private static TitledTable Graphs(VaeModelManifest manifest)
    {
        OnnxTensorNames names = manifest.TensorNames;
        bool learnedVariance = manifest.Likelihood == VaeLikelihood.GaussianLearnedVariance;
        string features = Tensor(names.Features, manifest.InputDimension);
        string[] latentOutputs = [Tensor(names.LatentMean, manifest.LatentDimension), Tensor(names.LatentLogVar, manifest.LatentDimension)];
        string[] decoderOutputs =
        [
            Tensor(names.Reconstruction, manifest.InputDimension),
            .. learnedVariance ? [Tensor(names.ReconstructionLogVar, manifest.InputDimension)] : Array.Empty<string>(),
        ];
        return new TitledTable(
            "ONNX graphs (the names of their inputs and outputs, as export-onnx writes them)",
            Table("graph", "inputs", "outputs")
                .AddRow(Markup.Escape(TerminalText.Visible(manifest.Graphs.Encoder)), features, string.Join(", ", latentOutputs))
                .AddRow(Markup.Escape(TerminalText.Visible(manifest.Graphs.Decoder)), Tensor(names.Latent, manifest.LatentDimension), string.Join(", ", decoderOutputs))
                .AddRow(
                    Markup.Escape(TerminalText.Visible(manifest.Graphs.Autoencoder)),
                    features,
                    string.Join(", ", [.. latentOutputs, .. decoderOutputs, Tensor(names.ReconstructionError, width: null), Tensor(names.AnomalyScore, width: null)])));
    }

    // A tensor as the graph contract writes it: its name and float[N, width], or float[N] for one value per row.
    private static string Tensor(string name, int? width) =>
        Markup.Escape(TerminalText.Visible(name) + (width is int columns ? $" float[N, {Text(columns)}]" : " float[N]"));

    // Without names, x_N counts the columns the model reads, not the file's: with a label or an excluded column before
    // it, x_2 is not the file's column 2, which is what a reader of a headerless file's indices would take it for.
    private static string Columns(DecodedRows columns) => columns.Names is null
        ? $"{columns.ColumnCount}, written and read back as x_0…x_{columns.ColumnCount - 1}: numbered in the order the model takes them "
            + "(each categorical column one), not by the training file's column indices, which count the label and excluded columns too"
        : $"{columns.ColumnCount}, named as the training file's header names them";

    // A named column as its header names it, in quotes; an unnamed one by the number generate's header gives it.
    private static string CategoricalColumnName(VaeCategoricalFeature column, DecodedRows columns, int categorical) =>
        column.ColumnName is { } name ? $"\"{name}\"" : columns.ColumnName(categorical);

    private static TitledTable Categories(IReadOnlyList<VaeCategoricalFeature> categorical, DecodedRows columns, bool all)
    {
        Table table = Table("column", "features", "categories");
        for (int i = 0; i < categorical.Count; i++)
        {
            VaeCategoricalFeature column = categorical[i];
            string categories = all
                ? string.Join(", ", column.Categories.Select(category => $"\"{category}\""))
                : ShortList.Of(column.Categories, category => $"\"{ShortList.Cut(category)}\"");
            table.AddRow(
                Markup.Escape(TerminalText.Visible(CategoricalColumnName(column, columns, i))),
                FeatureSpanText.Of(column),
                Markup.Escape(TerminalText.Visible($"{column.Categories.Count}: {categories}")));
        }

        return new TitledTable(
            all ? "categorical columns" : $"categorical columns (the first {ShortList.ItemsShown} categories of each; --all-categories lists every one)",
            table);
    }

    // Reflection keeps the listing complete as VaeOptions gains settings. Training continued with --init keeps the
    // architecture but takes the rest anew, so the table describes the run that trained the weights, which the title
    // says: the last run, unless its early stopping kept the weights it started from. The history records how that
    // run's data was binarized, which its losses depend on as much as on the settings. A setting the model does not use
    // gets no option, as train refuses one that would have no effect: the options shown can be pasted back. Early
    // stopping without a validation fraction watched a file of its own, which the zip does not keep, so its option is
    // shown with the placeholder train's help gives it, as without it the options pasted back would be refused.
    private static TitledTable Options(VaeOptions options, VaeTrainingHistory history)
    {
        var train = new TrainingOptions();
        VaeBinarization? binarization = history.Binarization;
        var table = new UnsplitTable("setting", "train option", "value");
        foreach (PropertyInfo property in typeof(VaeOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            (string option, string value) = TrainingOptions.ConditionToApply(property.Name, options) is null
                ? (train.OptionFor(property.Name) ?? "none", Format(property.GetValue(options)))
                : ("none", "not used");
            table.AddRow(property.Name, option, Markup.Escape(value));
        }

        table
            .AddRow(nameof(VaeTrainingHistory.Binarization), "--binarize", binarization is null ? "none recorded" : BinarizationText.Value(binarization))
            .AddRow($"{nameof(VaeTrainingHistory.Binarization)}.{nameof(VaeBinarization.Seed)}", "--binarize-seed", Format(binarization?.Seed));
        if (options.NeedsValidationData)
        {
            table.AddRow("ValidationData", TrainCommand.ValidationDataName, "FILE (not kept in the zip)");
        }

        return new TitledTable(
            history.RunStartEpochs is { Count: > 1 } && WeightsRun(history) is { } run
                ? $"options of run {run.Number} ({EpochSpan(run.FirstEpoch, run.LastEpoch)}), which trained the weights"
                : "options of the run that trained the weights",
            table);
    }

    // The run that trained the weights the model holds, whose options the zip keeps: of a model trained more than once,
    // the epochs of the others were trained with settings it does not keep. Null without an epoch, or when the history
    // does not say where its runs began.
    private static (int Number, int FirstEpoch, int LastEpoch)? WeightsRun(VaeTrainingHistory history)
    {
        if (history.RunStartEpochs is not { Count: > 0 } starts || history.WeightsEpoch is not { } weightsEpoch)
        {
            return null;
        }

        int run = starts.Count(start => start <= weightsEpoch);
        return (run, starts[run - 1], run < starts.Count ? starts[run] - 1 : history.Epochs.Count);
    }

    private static string EpochSpan(int first, int last) => first == last ? $"epoch {first}" : $"epochs {first} to {last}";

    // The kernel and the threads decide the weights' last bits, so they are what reproducing the model needs. A model
    // trained more than once numbers each epoch's run, as their settings may differ.
    private static TitledTable History(VaeTrainingHistory history, VaeOptions options)
    {
        string[] facts =
        [
            $"{history.GemmBackend} GEMM{(history.GemmKernel is { } kernel ? $" on {TerminalText.Visible(kernel)}" : string.Empty)}",
            history.NumberOfThreadsUsed is { } threads ? Counted.Of(threads, "thread") : "threads not recorded",
            .. history.Interrupted ? [Interruption(history, options)] : Array.Empty<string>(),
            .. history.StoppedEarly ? ["stopped early"] : Array.Empty<string>(),
            .. history.BestEpoch is { } best ? [$"best epoch {best}{(history.BestValidationLoss is { } loss ? $", kept by validation loss {Text(loss)}" : string.Empty)}"] : Array.Empty<string>(),
        ];
        IReadOnlyList<int>? runStarts = history.RunStartEpochs is { Count: > 1 } starts ? starts : null;
        bool activeCounted = history.Epochs.Any(epoch => epoch.ValidationActiveDimensions is not null);
        // Short headings leave an 80-column terminal room for the numbers, which are never split.
        var table = new UnsplitTable([
                .. runStarts is null ? Array.Empty<string>() : ["run"],
                "epoch", "loss", "recon.", "KL", "β", "valid.", .. activeCounted ? ["active"] : Array.Empty<string>(), "seconds"]);
        int run = 0;
        foreach (VaeEpochReport epoch in history.Epochs)
        {
            if (runStarts is not null && run < runStarts.Count && runStarts[run] == epoch.Epoch)
            {
                run++;
            }

            table.AddRow(
                [.. runStarts is null ? Array.Empty<string>() : [Text(run)],
                Text(epoch.Epoch),
                Text(epoch.Loss),
                Text(epoch.Reconstruction),
                Text(epoch.KullbackLeibler),
                Text(epoch.Beta),
                epoch.ValidationLoss is { } v ? Text(v) : "none",
                .. activeCounted ? [epoch.ValidationActiveDimensions is { } active ? Text(active) : "none"] : Array.Empty<string>(),
                epoch.Seconds.ToString("0.00", CultureInfo.InvariantCulture)]);
        }

        return new TitledTable(Markup.Escape($"history ({string.Join(", ", facts)})"), table);
    }

    // An interrupted model's weights and options are those of the run that stopped: the last run, unless a later one's
    // early stopping kept them. That run stopped after its last epoch, though the weights may be an earlier one's its
    // early stopping kept (a NAME.best.zip's, named by the best epoch). Its Epochs, counted from where that run began,
    // are the epoch it was to reach; a history saved before runs were recorded does not say where that was.
    private static string Interruption(VaeTrainingHistory history, VaeOptions options)
    {
        string stopped = WeightsRun(history) is { } weightsRun ? $"interrupted after epoch {weightsRun.LastEpoch}"
            : history.WeightsEpoch is { } epoch ? $"interrupted after epoch {epoch}"
            : "interrupted before epoch 1";
        if (history.RunStartEpochs is null)
        {
            return stopped;
        }

        int epochsBefore = WeightsRun(history) is { } run ? run.FirstEpoch - 1 : 0;
        return $"{stopped} of {epochsBefore + options.Epochs}";
    }

    // The manifest and the file listing are read from one opening of the file: a pipe or a FIFO gives its content only
    // once, so that content is kept in memory to be read twice.
    private static Stream OpenSeekable(string path, CancellationToken cancellation)
    {
        Stream file = ModelFile.OpenRead(path, cancellation);
        if (file.CanSeek)
        {
            return file;
        }

        using (file)
        {
            var content = new MemoryStream();
            file.CopyTo(content);
            content.Position = 0;
            return content;
        }
    }

    /// <summary>
    /// The zip's files the manifest names, and the first <see cref="OtherFilesShown"/> others, in the zip's order; any
    /// further ones are summed on one row. A zip may hold a million empty entries beside the model's, which the loader
    /// passes over, and a row for each took gigabytes to lay out.
    /// </summary>
    private static UnsplitTable Files(Stream zipStream, VaeModelManifest manifest)
    {
        var table = new UnsplitTable("file", "bytes", "compressed");
        HashSet<string> named = [ModelArchive.ManifestFile, .. manifest.EntryFiles.Select(entry => entry.File)];
        int others = 0;
        long otherBytes = 0, otherCompressed = 0;
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            if (named.Contains(entry.FullName) || others++ < OtherFilesShown)
            {
                table.AddRow(Markup.Escape(TerminalText.Visible(entry.FullName)), Text(entry.Length), Text(entry.CompressedLength));
            }
            else
            {
                otherBytes += entry.Length;
                otherCompressed += entry.CompressedLength;
            }
        }

        if (others > OtherFilesShown)
        {
            int summed = others - OtherFilesShown;
            table.AddRow($"and {summed} other {(summed == 1 ? "entry" : "entries")}", Text(otherBytes), Text(otherCompressed));
        }

        return table;
    }

    private static Table Table(params string[] columns)
    {
        var table = new Table { Border = HeaderRuleBorder.Instance };
        foreach (string column in columns)
        {
            table.AddColumn(column);
        }

        return table;
    }

    private static string Format(object? value) => value switch
    {
        // Not "none", which --hidden and --decoder-hidden take for no hidden layer; a setting not set is left out when pasting back.
        null => "not set",
        string text => text,
        // The settings' only lists are layer sizes, shown as --hidden takes them, so the value can be pasted back.
        int[] layerSizes => ListParsing.LayerSizesText(layerSizes),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Text(IFormattable value) => value switch
    {
        double d => NumberText.Of(d, 4),
        float f => NumberText.Of(f, 4),
        _ => value.ToString(null, CultureInfo.InvariantCulture),
    };
}
