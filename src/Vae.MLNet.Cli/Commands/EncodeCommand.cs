using System.CommandLine;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae encode MODEL DATA</c>: the parameters of q(z | x) per row.</summary>
internal static class EncodeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => RowOutputCommand.Create(
        context,
        "encode",
        "Encode rows: CSV of the input columns, mean_0… and logvar_0… of q(z | x).",
        (model, features, rows) =>
        {
            int k = model.LatentDimension;
            var means = new float[rows * k];
            var logVariances = new float[rows * k];
            model.Encode(features, means, logVariances);
            return [new("mean", means, k), new("logvar", logVariances, k)];
        });
}
