using Vae.MLNet.Cli.Commands;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Data;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// DATA read against the model that takes it: the refusals of images and CSV columns that are not the features the
/// model was trained on, before any scoring or training call fails on them or reads other features for them.
/// </summary>
internal static class DataAgainstModel
{
    /// <summary>
    /// Checks that images have the pixels the model takes, before any scoring call fails on span lengths; a CSV file's
    /// feature columns are counted as its header or first row is read (<see cref="OriginalColumns.CountOf"/>).
    /// </summary>
    public static void RequireMatchingImages(VaeModel model, string modelPath, LoadedData input)
    {
        if (input.Shape is { } shape && input.Data.FeatureCount != model.InputDimension)
        {
            throw new CommandLineException(
                $"{input.Path} holds {shape} images, {Counted.Of(input.Data.FeatureCount, "pixel")} each, but {modelPath} takes {Counted.Of(model.InputDimension, "feature")}; give it images of the size it was trained on.");
        }
    }

    /// <summary>
    /// Refuses images whose shape is not the one <paramref name="model"/> was trained on, if it recorded one: the same
    /// pixels laid out otherwise are other features, which a model scores as if they were its own, and which training
    /// further would learn anew.
    /// </summary>
    /// <param name="model">The model that reads the images.</param>
    /// <param name="modelPath">Its zip.</param>
    /// <param name="input">The images.</param>
    /// <param name="trainedFurther">Whether train reads them to train the model (its --init) further, rather than a command scoring them with MODEL.</param>
    public static void RequireRecordedImageShape(VaeModel model, string modelPath, LoadedData input, bool trainedFurther)
    {
        if (model.ImageShape is { } recorded && input.Shape is not null)
        {
            (string givenAs, string why) = trainedFurther
                ? (TrainCommand.InitName, "a model is trained further on images of the shape it was trained on")
                : (ModelFile.HelpName, "a model reads images of the shape it was trained on, the same pixels laid out otherwise being other features");
            ImageShapeInput.RequireSame(input.Path, input.Shape, $"{givenAs} {modelPath} was trained on", recorded, $"{why}, so give DATA images of that shape");
        }
    }

    /// <summary>The refusal of CSV data whose <paramref name="chosen"/> feature columns are not as many as the model reads.</summary>
    /// <param name="dataPath">The CSV file.</param>
    /// <param name="chosen">The feature columns the command line chose.</param>
    /// <param name="wanted">The feature columns the model reads: <see cref="OriginalColumns.CountOf"/>, and one per further category of a categorical column read from its one-hot columns.</param>
    /// <param name="labelled">Whether a label column was chosen too.</param>
    /// <param name="modelPath">The model's zip.</param>
    /// <param name="cause">The reader's refusal, which counted the columns.</param>
    public static CommandLineException FeatureColumnsMismatch(string dataPath, int chosen, int wanted, bool labelled, string modelPath, VaeDataException cause)
    {
        // One column too many, and no label column named, is most often the label read as a feature.
        string advice = !labelled && chosen == wanted + 1
            ? "if one of them is the label, name it with --label-column; otherwise choose the same columns as in training (--feature-columns, --exclude-columns)"
            : "choose the same columns as in training (--feature-columns, --exclude-columns)";
        return new CommandLineException(
            $"{dataPath} has {Counted.Of(chosen, "feature column")} but {modelPath} takes {wanted}; {advice}.{DataInput.CsvWording.Apply(cause.SeparatorAdvice)}", cause);
    }
}
