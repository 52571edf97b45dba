using System.CommandLine;
using System.Globalization;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Onnx;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Sampling;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae export-onnx MODEL DIR</c>: the model's graphs as standalone ONNX files.</summary>
internal static class ExportOnnxCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        Argument<string> directory = OutputOptions.DirectoryNotStandardOutput(
            new Argument<string>("DIR") { Description = "Directory for encoder.onnx, decoder.onnx and autoencoder.onnx, created if missing." },
            "a directory of graphs");
        Option<bool> clipAndRound = ClipAndRoundOption.Create("the rows decoder.onnx decodes");
        var command = new Command("export-onnx", "Write the encoder, decoder and autoencoder as ONNX models for ONNX Runtime or ML.NET. "
            + "The graphs name no features or categories: those stay in the model zip's manifest.json (featureNames, categoricalFeatures), and the features' ranges in its feature-ranges.json.")
        {
            modelPath, directory, clipAndRound,
        };
        command.SetAction(parse =>
        {
            VaeModel model = ModelFile.Load(parse.GetRequiredValue(modelPath), parse, context.Cancellation);
            VaeFeatureRanges? ranges = ClipAndRoundOption.Ranges(parse, clipAndRound, model);
            OnnxTensorNames names = model.TensorNames;
            (string Name, byte[] Bytes)[] files =
            [
                ("encoder.onnx", model.ExportEncoderOnnx(names)),
                ("decoder.onnx", ranges is null ? model.ExportDecoderOnnx(names) : model.ExportDecoderOnnx(ranges, names)),
                ("autoencoder.onnx", model.ExportFullAutoencoderOnnx(names)),
            ];
            using var target = OutputDirectory.Create(parse.GetRequiredValue(directory), "DIR", parse.CommandResult);
            context.Cancellation.ThrowIfCancellationRequested();
            var written = new FileSet();
            foreach ((string name, byte[] bytes) in files)
            {
                string path = target.WritableFile(name);
                written.Add(path, stream => stream.Write(bytes), TerminalText.Visible(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({bytes.Length:N0} bytes)")));
            }

            written.Write(context.Output, context.Cancellation);
            return 0;
        });
        return command;
    }
}
