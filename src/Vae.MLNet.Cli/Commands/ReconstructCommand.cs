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
        model => [new("recon", model.InputDimension)],
        (model, features, _, outputs) => model.Reconstruct(features, outputs[0].AsSpan(0, features.Length)));
}
