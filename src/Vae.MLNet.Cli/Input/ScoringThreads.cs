using System.CommandLine;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The <c>--threads</c> option of the commands that score with a model, and loading the model with it: a model scores
/// with the threads it was trained with, which suit the machine and the run it was trained in, not necessarily this one.
/// </summary>
internal sealed class ScoringThreads
{
    private readonly Option<int?> _threads = new Option<int?>("--threads")
    {
        Description = "The most threads for the model's matrix products. Default: the count it was trained with, every processor unless 'vae train --threads' set one.",
    }.Between(1, VaeOptions.MaxNumberOfThreads);

    /// <summary>Adds the option to <paramref name="command"/>.</summary>
    public void AddTo(Command command) => command.Add(_threads);

    /// <summary>Loads the model as <see cref="ModelFile.Load"/> does, scoring with the threads the option gives, if any.</summary>
    public VaeModel Load(string path, ParseResult parse, CancellationToken cancellation)
    {
        VaeModel model = ModelFile.Load(path, parse, cancellation);
        return parse.GetValue(_threads) is { } threads ? model.WithNumberOfThreads(threads) : model;
    }
}
