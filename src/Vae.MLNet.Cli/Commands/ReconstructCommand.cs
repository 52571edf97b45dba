using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Sampling;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae reconstruct MODEL DATA</c>: each row decoded from its latent mean.</summary>
internal static class ReconstructCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => RowOutputCommand.Create(
        context,
        "reconstruct",
        "Reconstruct rows through z = μ: CSV of the input row (with --no-features only its --id-column cell and label) and its reconstruction, in the input's units, in the columns of the model's training file "
        + "(recon_ and each one's name, or recon_0… where the model has no names), a categorical column as its most likely category; with --log-variance, "
        + "then the decoder's log σ² of each numeric feature.",
        model => [new("recon", model.InputDimension, InModelColumns: true)],
        (model, features, _, outputs) => model.Reconstruct(
            features, outputs[0].AsSpan(0, features.Length), outputs is [_, float[] logVariances] ? logVariances.AsSpan(0, features.Length) : default, firstRow: 0),
        ClipAndRoundOption.Create("the reconstructions"),
        LogVarianceOption.Create("the reconstruction"));
}
