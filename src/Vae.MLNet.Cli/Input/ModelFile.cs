using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.IO;
using Vae.MLNet.Persistence;

namespace Vae.MLNet.Cli.Input;

/// <summary>The MODEL argument and loading the zip it names.</summary>
internal static class ModelFile
{
    /// <summary>What help calls a model zip on the command line, in the MODEL argument and in options taking one.</summary>
    public const string HelpName = "MODEL";

    /// <summary>What a failure to read a model zip calls it, as MODEL or as train's --init.</summary>
    public const string Role = "the model";

    /// <summary>A new MODEL argument; each command needs its own instance.</summary>
    public static Argument<string> CreateArgument() => new(HelpName) { Description = "A model zip written by 'vae train'." };

    /// <summary>Loads the model, naming the file in format errors, which do not know where their bytes came from.</summary>
    /// <param name="path">The model zip.</param>
    /// <param name="parse">The command line, whose usage a file that is no model zip is told with.</param>
    /// <param name="cancellation">Stops a wait for a FIFO's or a pipe's writer, as for DATA.</param>
    public static VaeModel Load(string path, ParseResult parse, CancellationToken cancellation) => Read(path, parse, cancellation).Model;

    /// <summary>Reads and checks the zip once: its manifest and the model; format errors name the file, as in <see cref="Load"/>.</summary>
    public static ModelArchiveContents Read(string path, ParseResult parse, CancellationToken cancellation)
    {
        using Stream file = OpenRead(path, cancellation);
        return Read(file, path, parse);
    }

    /// <summary>
    /// Opens the model zip as <see cref="InterruptibleInput.OpenRead"/> does; a folder of an unzipped model's files is
    /// refused saying how to zip it, as the library's loader refuses it.
    /// </summary>
    public static Stream OpenRead(string path, CancellationToken cancellation)
    {
        UnzippedModelFolder.Refuse(path, nameof(path));
        return InterruptibleInput.OpenRead(path, nameof(path), Role, bufferSize: 1 << 16, cancellation);
    }

    // The library's advice names its saving method and streams; here models come from 'vae train', which saves only what
    // it trains, as files.
    private static readonly LibraryWording ZipWording = new(
        ("VaeModel.Save", "'vae train'"),
        ("VaeModel.ExportDecoderOnnx(featureRanges)", "'vae export-onnx --clip-and-round'"),
        ("one that VaeModel.ExportOnnx writes", "one that 'vae export-onnx' writes without --clip-and-round"),
        (", or a stream holding only that zip from its position", string.Empty),
        ("; the stream must hold the zip alone, from its position to its end", string.Empty),
        ("save the model again", "train the model again"),
        ("Save the model again", "Train the model again"));

    /// <summary>Reads and checks a zip given as <paramref name="content"/>; format errors name <paramref name="path"/>, as in <see cref="Load"/>.</summary>
    public static ModelArchiveContents Read(Stream content, string path, ParseResult parse)
    {
        (FileContent sniffed, Stream fromStart) = FileContent.Sniff(content);
        if (sniffed.MisplacedForModel("'vae export-onnx'") is { } holds)
        {
            throw new CommandLineException(
                $"{path} holds {holds}, not a model zip; {HelpName} takes the model zip written by 'vae train', as in: {VaeCli.Usage(parse.CommandResult.Command, optionsTaking: HelpName)}.");
        }

        try
        {
            return ModelArchive.Read(fromStart);
        }
        catch (VaeModelFormatException exception)
        {
            string advice = ZipWording.Apply(exception.Message);
            throw new CommandLineException($"{path}: {advice}", exception);
        }
    }
}
