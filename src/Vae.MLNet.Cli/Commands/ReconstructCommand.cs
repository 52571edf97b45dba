using System.CommandLine;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae reconstruct MODEL DATA</c>: each row decoded from its latent mean.</summary>
internal static class ReconstructCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => RowOutputCommand.Create(
        context,
        "reconstruct",
        "Reconstruct rows through z = μ: CSV of the input columns and recon_0…, in the input's units.",
        (model, features, _) =>
        {
            var reconstructions = new float[features.Length];
            model.Reconstruct(features, reconstructions);
            return [new("recon", reconstructions, model.InputDimension)];
        });
}
