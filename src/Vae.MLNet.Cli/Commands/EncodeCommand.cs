using System.CommandLine;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae encode MODEL DATA</c>: the parameters of q(z | x) per row.</summary>
internal static class EncodeCommand
{
    /// <summary>What the columns of the latent means are named after: mean_0…, which 'vae decode' reads back by these names.</summary>
    public const string MeanColumnPrefix = "mean";

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => RowOutputCommand.Create(
        context,
        "encode",
        "Encode rows: CSV of the input row, in the columns of the model's training file (with --no-features only its --id-column cell and label), then mean_0… and logvar_0… of q(z | x).",
        model => [new(MeanColumnPrefix, model.LatentDimension), new("logvar", model.LatentDimension)],
        (model, features, rows, outputs) =>
        {
            int values = rows * model.LatentDimension;
            model.Encode(features, outputs[0].AsSpan(0, values), outputs[1].AsSpan(0, values));
        });
}
