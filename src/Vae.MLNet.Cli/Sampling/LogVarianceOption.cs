using System.CommandLine;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Sampling;

/// <summary>
/// <c>--log-variance</c>: after decoded rows, the decoder's log σ² of each numeric feature in the data's own units, for
/// the commands that write a GaussianLearnedVariance model's decoded rows as CSV. A categorical column, a softmax, has
/// no variance and no column.
/// </summary>
internal static class LogVarianceOption
{
    /// <summary>What the log-variance columns are named after: logvar_ and each numeric column's name, or logvar_N by its place among the row's columns.</summary>
    public const string ColumnPrefix = "logvar";

    /// <summary>The option, described as it follows <paramref name="rows"/>.</summary>
    public static Option<bool> Create(string rows) => new("--log-variance")
    {
        Description = $"After {rows}, write the decoder's log σ² of each numeric feature, in the data's own units: {ColumnPrefix}_ and the column's name "
            + $"({ColumnPrefix}_N, N its place among the row's columns, where they are numbered). --likelihood GaussianLearnedVariance models only; "
            + "categorical columns, a softmax, have none.",
    };

    /// <summary>Whether <paramref name="option"/> was given.</summary>
    /// <exception cref="CommandLineException">The option was given for a model of another likelihood, whose decoder learns no variance.</exception>
    public static bool Requested(ParseResult parse, Option<bool> option, VaeModel model, string modelPath)
    {
        if (!parse.GetValue(option))
        {
            return false;
        }

        if (model.Likelihood != VaeLikelihood.GaussianLearnedVariance)
        {
            throw new CommandLineException(
                $"{option.Name} applies to --likelihood {nameof(VaeLikelihood.GaussianLearnedVariance)} models only, and {modelPath} was trained with "
                + $"--likelihood {model.Likelihood}, whose decoder learns no variance; leave {option.Name} out.");
        }

        return true;
    }
}
