using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Training;
using Vae.MLNet.Data;
using Vae.MLNet.Persistence;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae train DATA</c>: fits a model and saves it as a zip.</summary>
internal static class TrainCommand
{
    /// <summary>The option naming the model training continues from, which the check of files read finds it by.</summary>
    public const string InitName = "--init";

    /// <summary>The option naming the file of validation rows, which the check of files read finds it by.</summary>
    public const string ValidationDataName = "--validation-data";

    /// <summary>The option that makes --out a checkpoint, which inspect names where a model has no optimizer state.</summary>
    public const string KeepOptimizerStateName = "--keep-optimizer-state";

    // Going on with --init repeats the longer run's epochs, not its choice among them: the interrupted message and the
    // --out line of a checkpoint both say so.
    private const string EarlyStoppingAfresh =
        "--early-stopping starts its patience afresh and keeps the best of the weights it starts from and the epochs it trains, not of this run's earlier epochs";

    // The library names the backends by its enum, where the command line has --gemm.
    private static readonly LibraryWording GemmWording = new(
        ("GemmBackend.OpenBlas needs", "--gemm OpenBlas needs"),
        ("choose GemmBackend.Auto or GemmBackend.Managed", "choose --gemm Auto or --gemm Managed"));

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var data = new DataInput(forTraining: true);
        var training = new TrainingOptions();
        Option<string> output = OutputOptions.FileNotStandardOutput(
            new Option<string>(OutputOptions.OutName, "-o")
            {
                Description = "The model zip to write; replaced only when training completes. Ctrl+C after an epoch keeps the epochs completed in NAME.interrupted.zip beside it instead.",
                HelpName = "FILE",
                DefaultValueFactory = _ => "model.zip",
            },
            "the model zip");
        var initial = new Option<string?>(InitName)
        {
            Description = "Continue training this model zip: its architecture and input scaling are kept, and the options given here (epochs, learning rate, …) set the rest. Adam goes on from the step count and moments a checkpoint keeps (--out written with " + KeepOptimizerStateName + ", or the NAME.interrupted.zip, NAME.last-good.zip or NAME.unsaved.zip train writes when it stops early, unless its 'wrote' line says it is without Adam's state, or a note says a newer build kept the state in a layout this one does not read), exactly as the run would have (--early-stopping aside, whose patience starts afresh); from a zip --out wrote without " + KeepOptimizerStateName + " they start afresh, so its first steps move every weight by about the learning rate.",
            HelpName = ModelFile.HelpName,
        };
        var validation = new Option<string?>(ValidationDataName)
        {
            Description = "A file of validation rows, never trained on, whose loss is shown after every epoch (val) and watched by --early-stopping, "
                + "in place of --validation-fraction: read as DATA is, with the same options (not --labels), into DATA's features, so it must be laid out as DATA is; "
                + "where a header or --feature-columns chooses the features, its label and excluded columns may be left out.",
            HelpName = "FILE",
        };
        var keepOptimizerState = new Option<bool>(KeepOptimizerStateName)
        {
            Description = "Write --out as a checkpoint, with Adam's step count and moments beside the model (about twice the bytes), so that --init from it goes on as one longer run would; "
                + "every command loads it as a model zip. A model with no state to keep (early stopping kept an earlier epoch's weights) is written plain, as its 'wrote' line says.",
        };
        Option<bool> noProgress = ProgressBars.NoProgressOption("Each epoch's line is then followed by an ETA, as when the output is redirected.");
        Option<string?> plots = OutputOptions.DirectoryNotNamedAsFile(
            OutputOptions.DirectoryNotStandardOutput(
                new Option<string?>("--plots")
                {
                    Description = "Directory to write training-curves.png into (created if missing; a new one cannot be named like a file, as curves.png is).",
                    HelpName = "DIR",
                },
                "a directory of pictures"),
            "the training curves");

        var command = new Command("train", "Train a variational autoencoder on a CSV or IDX file and save it as a model zip.");
        data.AddTo(command);
        training.AddTo(command, architectureSource: initial, validationSource: validation);
        command.Add(validation);
        command.Add(output);
        command.Add(keepOptimizerState);
        command.Add(initial);
        command.Add(plots);
        command.Add(noProgress);
        command.Validators.Add(result =>
        {
            // Only --init's model and the model a --validation-data file is read for can lack a category of the data.
            if (data.ReadsUnknownCategoriesAsNone(result) && result.GetValue(initial) is null && result.GetValue(validation) is null)
            {
                result.AddError("--unknown-categories-as-none reads categories a model's categorical columns lack, but no model reads this data (training learns every category the file holds); leave it out.");
            }

            // Training would end by writing one over the other, or by failing to write the model into the directory.
            if (result.GetValue(plots) is { Length: > 0 } directory && result.GetValue(output) is { Length: > 0 } model)
            {
                string curves = Path.Combine(directory, TrainingCurvesPicture.FileName);
                string? clash = InputOutputClashes.SameFile(model, directory) ? "the --plots directory"
                    : InputOutputClashes.SameFile(model, curves) ? $"the {curves} that --plots writes"
                    : null;
                if (clash is not null)
                {
                    result.AddError($"--out {model} is {clash}; write the model to another file.");
                }
            }
        });
        // A pipe's reader gone, as Ctrl+C takes tee from 'vae train … | tee log', stops training as a signal does, so the
        // epochs completed are kept; the context shadowed is the one with standard output so guarded. Once training has
        // ended only a signal stops the command, as a reader gone by itself then asks nothing the model's --out cannot give.
        command.SetAction(parse => StoppingOutputWriter.Run(context, (context, signalled) =>
        {
            VaeOptions options = training.Build(parse.CommandResult);
            string modelPath = parse.GetRequiredValue(output);
            OutputOptions.RequireWritableFile(modelPath, OutputOptions.OutName);
            KeptModelFile.RequireRoomBeside(modelPath);
            using OutputDirectory? plotDirectory = parse.GetValue(plots) is { } plotPath ? OutputDirectory.Create(plotPath, "--plots", parse.CommandResult) : null;
            string? curvesPath = plotDirectory?.WritableFile(TrainingCurvesPicture.FileName);

            string? initialPath = parse.GetValue(initial);
            ModelArchiveContents? initialContents = initialPath is null ? null : ModelFile.Read(initialPath, parse, context.Cancellation);
            VaeModel? start = initialContents?.Model;
            if (start is not null)
            {
                RequireRoomInHistory(start, initialPath!, options.Epochs, training);
            }

            (VaeModel, string)? takenBy = start is null ? null : (start, initialPath!);
            string? validationPath = parse.GetValue(validation);
            LoadedData input = data.Load(parse, context, takenBy);
            LoadedData? validationInput = validationPath is null ? null : data.LoadValidation(validationPath, input, parse, context, takenBy);

            if (start is not null)
            {
                foreach (string note in ContinuationNotes(initialContents!, input, options, training, parse.CommandResult, initialPath!))
                {
                    context.Output.WriteLine(TerminalText.Visible(note));
                }
            }
            else
            {
                if (IdentifierLikeColumnsWarning.For(input) is { } warning)
                {
                    context.Error.WriteLine(TerminalText.Visible(warning));
                }

                foreach (string note in NewModelNotes(options, input))
                {
                    context.Output.WriteLine(TerminalText.Visible(note));
                }
            }

            // A run going on from a model this one saves leaves them out, as --init refuses them.
            string[] fixedByInit = [.. training.ExplicitArchitectureOptions(parse.CommandResult)];

            VaeOptions architecture = start?.Options ?? options;
            context.Output.WriteLine(TerminalText.Visible(
                $"{(start is null ? "training" : $"continuing {initialPath} ({Counted.Of(start.History.Epochs.Count, "epoch")} so far)")} on {input.Path}: " +
                $"{Counted.Of(input.Data.RowCount, "row")} × {Counted.Of(input.Data.FeatureCount, "feature")}, latent dimension {architecture.LatentDimension}, {architecture.Likelihood} likelihood"));

            var trainer = new VaeTrainer(options);
            VaeModel model;
            try
            {
                model = TrainingDisplay.Fit(
                    context,
                    options.Epochs,
                    architecture.LatentDimension,
                    parse.GetValue(noProgress),
                    progress => validationInput is null
                        ? trainer.Fit(input.Data, start, progress, context.Cancellation)
                        : trainer.Fit(input.Data, validationInput.Data, start, progress, context.Cancellation));
            }
            catch (VaeDataException exception) when (LoadedData.IsUnplaced(exception))
            {
                throw (exception.InValidationData ? validationInput! : input).Explain(exception, training.InCommandLineTerms);
            }
            catch (ArgumentException exception) when (exception.ParamName == "validationData")
            {
                // Reading gives the file DATA's features, its columns by position refused there when too few or too many;
                // what the library still finds differs is told against the file.
                throw new CommandLineException($"{ValidationDataName} {validationInput!.Path}: {ArgumentMessages.Describe(exception)}", exception);
            }
            catch (DllNotFoundException exception) when (options.Gemm == GemmBackend.OpenBlas)
            {
                throw new CommandLineException(GemmWording.Apply(exception.Message), exception);
            }
            catch (VaeTrainingDivergedException exception)
            {
                throw Diverged(exception, start, modelPath, training, fixedByInit, context.Output);
            }
            catch (VaeTrainingStalledException exception)
            {
                throw Stalled(exception, start, modelPath, training, fixedByInit, context.Output);
            }
            catch (VaeTrainingCanceledException exception)
            {
                throw Interrupted(exception.LastCompletedModel, exception.BestModel, start, trainingEnded: false, options.Epochs, modelPath, curvesPath, fixedByInit, context.Output, exception);
            }
            catch (ArgumentOutOfRangeException exception) when (exception.ParamName is { } setting && training.OptionFor(setting) is not null)
            {
                // A layer too large for the data's width, which only training can judge.
                throw new CommandLineException(training.Describe(exception, parse.CommandResult), exception);
            }

            // The warm-up's epochs weigh the KL less, so their validation losses are often lower and were not compared.
            // This run's warm-up, not the model's options: weights kept from the start carry the options of the run that trained them.
            int startingEpochs = start?.History.Epochs.Count ?? 0;
            int warmup = options.KLWarmupEpochs;
            string afterWarmup = startingEpochs + 1 < warmup ? " after the KL warm-up" : string.Empty;

            // Said whenever the weights are not the last epoch's, stopped early or not: otherwise a run whose every epoch
            // was worse held out would hand back the starting weights without a word.
            if (model.History.BestEpoch is int best && best < model.History.Epochs.Count)
            {
                string stopped = model.History.StoppedEarly ? "stopped early; " : string.Empty;

                // Their epoch's progress line showed the loss an earlier run measured on its own validation rows.
                string wonBy = model.History.BestValidationLoss is { } loss ? $" than their {NumberText.Of(loss, 3)} on this run's validation rows" : string.Empty;
                context.Output.WriteLine(best <= startingEpochs
                    ? $"{stopped}kept the weights it started from (epoch {best} of the model's history), as no epoch of this run{afterWarmup} had a lower validation loss{wonBy}"
                    : $"{stopped}kept the weights of {EpochOfRun(best, start)}, whose validation loss was the lowest{afterWarmup}");
            }

            if (WarmupOutlastingNote(options, model.History, start) is { } warmupNote)
            {
                context.Output.WriteLine(warmupNote);
            }

            foreach (string line in LatentActivityText.Lines(LatentActivityText.Measure(model, input.Data), input.Data, table: false))
            {
                context.Output.WriteLine(line);
            }

            if (start is null)
            {
                foreach (string note in ActiveCountNotes(options, input))
                {
                    context.Output.WriteLine(TerminalText.Visible(note));
                }
            }

            // A signal during the last epoch's end or the pass above only set the token, which training no longer reads.
            if (signalled.IsCancellationRequested)
            {
                throw Interrupted(model, best: null, start, trainingEnded: true, options.Epochs, modelPath, curvesPath, fixedByInit, context.Output, cause: null);
            }

            // One set: curves that cannot be written (a full disk) must not leave the model replaced without a word.
            // Curves that cannot be drawn are told once the model is written, as they are no reason to lose the training.
            var written = new FileSet();
            (Action<Stream> writeModel, string modelReport) = OutModel(model, modelPath, parse.GetValue(keepOptimizerState), options, start);
            written.Add(modelPath, writeModel, modelReport);
            string? undrawable = null;
            if (curvesPath is not null && TrainingCurvesPicture.Draw(model.History, out undrawable) is { } curves)
            {
                ImageFiles.AddTo(written, curves, curvesPath, []);
            }

            try
            {
                written.Write(context.Output, signalled);
            }
            catch (OperationCanceledException exception) when (signalled.IsCancellationRequested)
            {
                // A signal while the set was written left --out as it was; the trained model is kept as after the last epoch.
                throw Interrupted(model, best: null, start, trainingEnded: true, options.Epochs, modelPath, curvesPath, fixedByInit, context.Output, exception);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // The set was left as it was, --out with it, and the training with them unless the model is kept elsewhere.
                (string kept, string? failure) = KeptModelFile.KeepInTemporaryDirectory(model, modelPath, context.Output);
                throw new CommandLineException(
                    failure is null
                        ? $"{ErrorReporter.Describe(exception)} The trained model is kept in {kept}: move it to {modelPath} once that can be written, or use it where it is."
                        : $"{ErrorReporter.Describe(exception)} Keeping the trained model in {kept} failed too ({failure}), so this run's training is lost.",
                    exception);
            }

            if (undrawable is not null)
            {
                throw new CommandLineException(
                    $"--plots {curvesPath} was not drawn: {undrawable} The trained model is complete in {modelPath}; 'vae inspect {modelPath}' lists its losses, and leaving out --plots trains without the curves.");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Refuses, before DATA is read, an --epochs that the history of the --init model has no room for, which training
    /// would refuse only once the data is read; a history with no room left refuses the model whatever --epochs says.
    /// </summary>
    private static void RequireRoomInHistory(VaeModel start, string initialPath, int epochs, TrainingOptions training)
    {
        int room = start.History.EpochsLeft;
        if (epochs <= room)
        {
            return;
        }

        string trained = $"{InitName} {initialPath} has trained {Counted.Of(start.History.Epochs.Count, "epoch")} of the {VaeTrainingHistory.MaxEpochs} a model's history holds";
        if (room == 0)
        {
            throw new CommandLineException($"{trained}, so it cannot be trained further; train a new model.");
        }

        string option = training.OptionFor(nameof(VaeOptions.Epochs))!;
        throw new CommandLineUsageException($"{trained}, so {option} can be at most {room} (got {epochs}).");
    }

    /// <summary>
    /// The command line's report of a diverged training, as <see cref="Stopped"/> makes it; the weights the run diverged
    /// from themselves, before any update of the next epoch, are not kept, as no gentler setting mends them.
    /// </summary>
    private static CommandLineException Diverged(
        VaeTrainingDivergedException exception, VaeModel? start, string modelPath, TrainingOptions training, IReadOnlyList<string> fixedByInit, TextWriter output) =>
        Stopped(
            exception.AtRunEnd
                ? $"training diverged by the end of {EpochOfRun(exception.Epoch, start)}: {exception.Cause}."
                : $"training diverged in {EpochOfRun(exception.Epoch, start)}, batch {exception.Batch + 1}: {exception.Cause}.",
            (exception.Remedy, exception.GoingOn),
            exception.LastGoodModelDiverges ? null : exception.LastGoodModel,
            exception.BestModel,
            start,
            modelPath,
            training,
            fixedByInit,
            output,
            exception);

    /// <summary>The command line's report of a training whose epoch changed no weight, as <see cref="Stopped"/> makes it.</summary>
    private static CommandLineException Stalled(
        VaeTrainingStalledException exception, VaeModel? start, string modelPath, TrainingOptions training, IReadOnlyList<string> fixedByInit, TextWriter output) =>
        Stopped(
            $"training stalled in {EpochOfRun(exception.Epoch, start)}: {exception.Cause}.",
            (exception.Remedy, exception.GoingOn),
            exception.LastCompletedModel,
            exception.BestModel,
            start,
            modelPath,
            training,
            fixedByInit,
            output,
            exception);

    /// <summary>
    /// The command line's report of a training the library stopped, <paramref name="what"/> saying why and
    /// <paramref name="advice"/> what to change, and for going on from <paramref name="lastGood"/>, in
    /// <see cref="VaeOptions"/> names: when this run completed an epoch before, the weights of that epoch
    /// (<paramref name="lastGood"/>, null when they cannot be trained further) are saved beside --out, so that training
    /// can go on from them with those settings. Early stopping's best weights so far, when they are an earlier epoch's,
    /// are saved beside them, as <see cref="KeptBest"/> says.
    /// </summary>
    private static CommandLineException Stopped(
        string what,
        (string Remedy, string GoingOn) advice,
        VaeModel? lastGood,
        VaeModel? best,
        VaeModel? start,
        string modelPath,
        TrainingOptions training,
        IReadOnlyList<string> fixedByInit,
        TextWriter output,
        Exception exception)
    {
        if (lastGood is null || lastGood.History.Epochs.Count == (start?.History.Epochs.Count ?? 0))
        {
            // No epoch of this run completed, so there are no new weights to keep, or those it completed cannot be trained further.
            return new CommandLineException($"{what} {training.InCommandLineTerms(advice.Remedy)}{KeptBest(best, start, modelPath, trainFrom: null, output)}", exception);
        }

        string settings = training.InCommandLineTerms(advice.GoingOn);

        string kept = $"the weights after {EpochOfRun(lastGood.History.Epochs.Count, start)}";
        if (KeptModelFile.Beside(modelPath, KeptModelFile.LastGood) is not { } lastGoodPath)
        {
            return new CommandLineException($"{what} --out {modelPath} is not a file, so {kept} were not kept; train again with {settings}.", exception);
        }

        if (KeptModelFile.Save(lastGood, lastGoodPath, output).Failure is { } failure)
        {
            return new CommandLineException(
                $"{what} Saving {kept} to {lastGoodPath} failed ({failure}); train again with {settings}.{KeptBest(best, start, modelPath, trainFrom: null, output)}", exception);
        }

        return new CommandLineException(
            $"{what} Saved {kept} to {lastGoodPath}; go on from them with --init {lastGoodPath} and {settings}{LeavingOut(fixedByInit)}.{KeptBest(best, start, modelPath, lastGoodPath, output)}",
            exception);
    }

    /// <summary>
    /// The command line's report of a run stopped by Ctrl+C, SIGTERM or SIGHUP once an epoch of it had completed: rather
    /// than lose that training, the model it had reached is saved beside --out, which stays as it was, so that training
    /// can go on from it. Before an epoch completed the plain cancellation is told, as nothing new is there to keep.
    /// A signal once training ended cancelled only the writing of the outputs: the model kept is then the complete one
    /// --out would have held, to be used as it is. Early stopping's <paramref name="best"/> weights so far, when they are
    /// an earlier epoch's, are saved beside it, as <see cref="KeptBest"/> says.
    /// </summary>
    private static CancelledCommandException Interrupted(
        VaeModel model, VaeModel? best, VaeModel? start, bool trainingEnded, int requestedEpochs, string modelPath, string? curvesPath, IReadOnlyList<string> fixedByInit, TextWriter output, Exception? cause)
    {
        int completed = model.History.Epochs.Count;
        string when = trainingEnded ? "cancelled after training ended" : $"cancelled after {EpochOfRun(completed, start)}";
        string kept = trainingEnded ? "the trained model" : "its weights";
        if (KeptModelFile.Beside(modelPath, KeptModelFile.Interrupted) is not { } interrupted)
        {
            return new CancelledCommandException($"{when}; --out {modelPath} is not a file, so nothing was kept beside it.", cause);
        }

        (string? failure, bool keptOptimizerState) = KeptModelFile.Save(model, interrupted, output);
        if (failure is not null)
        {
            return new CancelledCommandException(
                $"{when}; saving {kept} to {interrupted} failed ({failure}), and --out {modelPath} was not written.{KeptBest(best, start, modelPath, trainFrom: null, output)}", cause);
        }

        if (trainingEnded)
        {
            // The file is named interrupted though its training was not: unsaid, the complete model would be trained again.
            string outputs = curvesPath is null ? $"--out {modelPath} was" : $"--out {modelPath} and {curvesPath} were";
            string curves = curvesPath is null ? string.Empty : "; 'vae pictures' draws its training curves";
            return new CancelledCommandException(
                $"{when}, before {outputs} written; the trained model is complete, saved to {interrupted}: rename it to {modelPath} to use it{curves}.", cause);
        }

        int remaining = requestedEpochs - (completed - (start?.History.Epochs.Count ?? 0));
        // The run going on trains as this one would have, but early stopping starts its patience afresh and chooses
        // among the weights it starts from and its own epochs, not this run's earlier ones.
        string goesOn = model.Options.EarlyStoppingPatience is null
            ? "it keeps Adam's state, so training goes on as if uninterrupted"
            : $"it keeps Adam's state, so training goes on as if uninterrupted, but {EarlyStoppingAfresh}";
        return new CancelledCommandException(
            $"{when}; saved {kept} to {interrupted}, and --out {modelPath} was not written; go on from them with "
            + $"'vae train DATA --init {interrupted} --epochs {remaining}' and this run's other options{LeavingOut(fixedByInit)}{(keptOptimizerState ? $" ({goesOn})" : string.Empty)}."
            + KeptBest(best, start, modelPath, interrupted, output),
            cause);
    }

    /// <summary>
    /// How --out holds <paramref name="model"/>, and the line saying where it was written: the plain zip, to deploy, or
    /// with <paramref name="keepOptimizerState"/> a checkpoint, told as keeping Adam's state. Weights early stopping kept
    /// in place of the last epoch's carry the state they were trained with, if any: an earlier epoch's none, as training
    /// does not keep it; those of <paramref name="start"/>, its own. Without state the plain zip is written all the same,
    /// told as without it as the kept files are, since the user asked to go on exactly and --init from it starts Adam's
    /// moments afresh; with the start's, the checkpoint is told as going on from the start's weights and state, as a
    /// longer run would not: this run's epochs stay in its history, and the run going on numbers its own after them, so
    /// its rows and ε are not those of a run going on from the start. Early stopping is judged by this run's
    /// <paramref name="options"/>, which a run going on repeats.
    /// </summary>
    private static (Action<Stream> Write, string Report) OutModel(VaeModel model, string modelPath, bool keepOptimizerState, VaeOptions options, VaeModel? start)
    {
        if (!keepOptimizerState)
        {
            return (model.Save, TerminalText.Visible($"wrote {modelPath}"));
        }

        bool keptStart = model.History.BestEpoch is { } best && best <= (start?.History.Epochs.Count ?? 0);
        if (!model.HasOptimizerState)
        {
            return (model.Save, KeptModelFile.WroteWithoutState(
                modelPath,
                keptStart ? "the weights early stopping kept, those it started from, came without it" : "early stopping kept an earlier epoch's weights, whose state training does not keep"));
        }

        if (keptStart)
        {
            return (model.SaveCheckpoint, TerminalText.Visible(
                $"wrote {modelPath} with the Adam state of the weights it started from, which early stopping kept; --init from it goes on from those weights and that state, "
                + "but not as one longer run would, as this run's epochs stay in its history"));
        }

        string goesOn = options.EarlyStoppingPatience is null ? string.Empty : $", but {EarlyStoppingAfresh}";
        return (model.SaveCheckpoint, TerminalText.Visible($"wrote {modelPath} with Adam's state, so --init from it with this run's options goes on as one longer run would{goesOn}"));
    }

    /// <summary>
    /// Saves <paramref name="best"/>, early stopping's best weights so far of a run that stopped after a later epoch, beside
    /// --out as NAME.best.zip: the model --out would hold had the run ended there, to be used as it is, where the
    /// model <paramref name="trainFrom"/>, if it was kept, is the one to train further from.
    /// </summary>
    /// <returns>
    /// The sentence that says which weights were saved where, or why they were not; without them, that a NAME.best.zip
    /// already there is an earlier run's, as it would otherwise pass for this one's; else empty.
    /// </returns>
    private static string KeptBest(VaeModel? best, VaeModel? start, string modelPath, string? trainFrom, TextWriter output)
    {
        if (KeptModelFile.Beside(modelPath, KeptModelFile.Best) is not { } path)
        {
            return string.Empty;
        }

        if (best?.History.BestEpoch is not int epoch)
        {
            return File.Exists(path) ? $" {path} is an earlier run's, not this one's." : string.Empty;
        }

        string weights = epoch <= (start?.History.Epochs.Count ?? 0)
            ? $"the weights it started from (epoch {epoch} of the model's history), which no epoch of this run bettered on the validation rows,"
            : $"the weights of {EpochOfRun(epoch, start)}, whose validation loss was the lowest so far,";
        if (KeptModelFile.Save(best, path, output).Failure is { } failure)
        {
            return $" Saving {weights} to {path} failed ({failure}).";
        }

        string goOn = trainFrom is null ? string.Empty : $", and go on training from {trainFrom}";
        return $" Saved {weights} to {path}, the model --out would hold had the run ended there: use it as it is{goOn}.";
    }

    /// <summary>The advice to leave out <paramref name="fixedByInit"/> when going on with --init, which refuses them; empty when there are none.</summary>
    private static string LeavingOut(IReadOnlyList<string> fixedByInit) =>
        fixedByInit.Count == 0 ? string.Empty : $", leaving out the options the {InitName} model fixes ({string.Join(", ", fixedByInit)})";

    /// <summary>Every note on the data that applies to a new model of <paramref name="options"/> on <paramref name="input"/>, in one order.</summary>
    private static IEnumerable<string> NewModelNotes(VaeOptions options, LoadedData input) =>
        new[] { UnscaledFeaturesNote.For(options, input), PixelNoiseNote.For(options, input), TwoValuedFeaturesNote.For(options, input) }.OfType<string>();

    /// <summary>
    /// The notes on how far the count of active latent dimensions says something of the data, told below it once a new
    /// model has trained: a run the data refuses, as the Bernoulli likelihood refuses measurements, has no count to read.
    /// </summary>
    private static IEnumerable<string> ActiveCountNotes(VaeOptions options, LoadedData input) =>
        new[] { WideLatentCodeNote.For(options, input), FewStepsNote.For(options, input) }.OfType<string>();

    /// <summary>
    /// Notes for <c>--init</c> where a setting of this run differs from what the run that trained the model's weights
    /// would have gone on with, left at its default rather than given: continuing a β-VAE without <c>--beta</c> trains a
    /// plain VAE, and one without <c>--validation-fraction</c> trains on the rows it held out. The warm-up counts the
    /// model's epochs, so one that has ended makes no difference.
    /// Then the notes of <see cref="HeldOutRowsNote"/>, <see cref="ContinuedBinarizationNote"/> and <see cref="ContinuedScalingNote"/>, if any.
    /// </summary>
    private static IEnumerable<string> ContinuationNotes(ModelArchiveContents initial, LoadedData input, VaeOptions now, TrainingOptions training, SymbolResult parse, string initialPath)
    {
        VaeModel start = initial.Model;
        VaeOptions before = start.Options;
        int firstEpoch = start.History.Epochs.Count + 1;
        (string Property, object Before, object Now, bool Differs)[] settings =
        [
            (nameof(VaeOptions.Beta), before.Beta, now.Beta, before.Beta != now.Beta),
            (nameof(VaeOptions.KLWarmupEpochs), before.KLWarmupEpochs, now.KLWarmupEpochs,
                before.KLWarmupFractionAt(firstEpoch) != now.KLWarmupFractionAt(firstEpoch)),
            (nameof(VaeOptions.LearningRate), before.LearningRate, now.LearningRate, before.LearningRate != now.LearningRate),
            (nameof(VaeOptions.BatchSize), before.BatchSize, now.BatchSize, before.BatchSize != now.BatchSize),
            (nameof(VaeOptions.WeightDecay), before.WeightDecay, now.WeightDecay, before.WeightDecay != now.WeightDecay),
            (nameof(VaeOptions.ValidationFraction), before.ValidationFraction, now.ValidationFraction, before.ValidationFraction != now.ValidationFraction),
            (nameof(VaeOptions.Seed), before.Seed, now.Seed, before.Seed != now.Seed),
        ];
        foreach ((string property, object was, object value, bool differs) in settings)
        {
            if (differs && !training.Gives(parse, property) && training.OptionFor(property) is { } option)
            {
                yield return string.Create(
                    CultureInfo.InvariantCulture,
                    $"note: {option} is {value}, its default, where {initialPath} was trained with {was}; give {option} {was} to keep that.");
            }
        }

        if (HeldOutRowsNote(before, now, initialPath) is { } heldOut)
        {
            yield return heldOut;
        }

        if (ContinuedBinarizationNote.For(start, input, initialPath) is { } binarization)
        {
            yield return binarization;
        }

        if (ContinuedScalingNote.For(start, input, initialPath) is { } scaling)
        {
            yield return scaling;
        }

        if (initial.HasNewerOptimizerState)
        {
            yield return $"note: {initialPath} keeps Adam's state in a newer layout than this build of Vae.MLNet reads, so Adam's moments start afresh and the first steps move every weight by about the learning rate; the build that wrote it, or a later one, goes on from it exactly.";
        }
    }

    /// <summary>
    /// Says when this run holds out other rows than the run that trained the model's weights did: on the data that run
    /// trained on, most of them were trained on, and their loss flatters the model, early stopping's comparisons included.
    /// </summary>
    private static string? HeldOutRowsNote(VaeOptions before, VaeOptions now, string initialPath)
    {
        if (now.ValidationFraction == 0 || (before.ValidationFraction == now.ValidationFraction && before.Seed == now.Seed))
        {
            return null;
        }

        return before.ValidationFraction == 0
            ? $"note: {initialPath} was trained on every row, so on the same data the rows held out now were trained on, and their validation loss flatters the model."
            : string.Create(
                CultureInfo.InvariantCulture,
                $"note: {initialPath} held out its validation rows with --seed {before.Seed} --validation-fraction {before.ValidationFraction}; on the same data, other settings hold out rows it trained on, whose validation loss flatters the model: give those two to hold out the same rows.");
    }

    /// <summary>
    /// Says when the KL warm-up of this run's <paramref name="options"/>, counted over the model's whole history, ends
    /// after this run's last epoch: the model never trained at the full --beta, and early stopping, which starts when the
    /// warm-up ends, watched no epoch.
    /// </summary>
    private static string? WarmupOutlastingNote(VaeOptions options, VaeTrainingHistory history, VaeModel? start)
    {
        IReadOnlyList<VaeEpochReport> epochs = history.Epochs;
        if (options.KLWarmedUpAt(epochs.Count))
        {
            return null;
        }

        // Under --beta 0 the warm-up scales nothing, so only early stopping's wait is left to tell.
        string[] missed =
        [
            .. options.Beta > 0 ? [$"β reached only {NumberText.Significant(epochs[^1].Beta)} of --beta {NumberText.Significant(options.Beta)}"] : Array.Empty<string>(),
            .. options.EarlyStoppingPatience is not null ? ["early stopping, which starts then, watched no epoch"] : Array.Empty<string>(),
        ];
        return missed.Length == 0
            ? null
            : $"note: the KL warm-up outlasts this run, ending at {EpochOfRun(options.KLWarmupEpochs, start)}: {string.Join(", and ", missed)}; give more --epochs or a shorter --kl-warmup.";
    }

    /// <summary>
    /// An epoch of the model's history, <paramref name="modelEpoch"/>, as the progress lines count it: from the start of
    /// this run, which after <c>--init</c> follows the epochs of the model it started from.
    /// </summary>
    private static string EpochOfRun(int modelEpoch, VaeModel? start) => start?.History.Epochs.Count is > 0 and int before
        ? $"this run's epoch {modelEpoch - before} (epoch {modelEpoch} of the model's history)"
        : $"epoch {modelEpoch}";
}
