using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Samples.Common;

namespace Vae.MLNet.Benchmarks;

/// <summary>The benchmark's command line: a mode followed by <c>--name value</c> pairs.</summary>
internal sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> _values;

    private BenchmarkArguments(string mode, Dictionary<string, string> values)
    {
        Mode = mode;
        _values = values;
    }

    public string Mode { get; }

    public static BenchmarkArguments Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("Name a benchmark first: mnist, likelihood, scoring, gemm, cores, memory or serving.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--option value' pairs after the mode, got '{args[i]}'.");
            }

            if (!values.TryAdd(args[i][2..], args[i + 1]))
            {
                throw RepeatedOption.Error(args, firstOption: 1, args[i]);
            }

            i++;
        }

        return new BenchmarkArguments(args[0], values);
    }

    public string? OptionalText(string name) => _values.GetValueOrDefault(name);

    /// <summary>The MNIST folder, <c>--data</c>, by default the shared data beside the repository.</summary>
    public string MnistDirectory() => _values.TryGetValue("data", out string? data) ? data : Path.GetFullPath(SampleArguments.SharedData("mnist"));

    /// <summary>
    /// The images and labels of MNIST's <paramref name="split"/> (<c>train</c> or <c>t10k</c>) in <see cref="MnistDirectory"/>,
    /// the first <paramref name="maxRows"/> of them if given. A missing folder or file is told as the samples tell it,
    /// with the advice to pass <c>--data</c>.
    /// </summary>
    public IdxImageDataset ReadMnist(string split, int? maxRows = null)
    {
        string directory = Path.GetFullPath(MnistDirectory());
        SampleArguments.RequireDataFiles(directory, "mnist", [IdxSplits.ImagesFile(split), IdxSplits.LabelsFile(split)]);
        return IdxSplits.Read(directory, split, maxRows);
    }

    /// <summary>The seed of initialization, shuffling and draws, <c>--seed</c>; any whole number.</summary>
    public int Seed() => Integer("seed", 1, minimum: int.MinValue);

    /// <summary>The threads each side may use, <c>--threads</c>.</summary>
    public int Threads() => Integer("threads", 2, minimum: 1, maximum: VaeOptions.MaxNumberOfThreads);

    /// <summary>
    /// A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>, checked here so that a value the run
    /// cannot use fails before its training rather than after.
    /// </summary>
    public int Integer(string name, int fallback, int minimum = 1, int maximum = int.MaxValue)
    {
        if (!_values.TryGetValue(name, out string? text))
        {
            return fallback;
        }

        string range = (minimum, maximum) switch
        {
            (int.MinValue, _) => "a whole number",
            (_, int.MaxValue) => $"a whole number of at least {minimum}",
            _ => $"a whole number from {minimum} to {maximum}",
        };
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum
            ? value
            : throw new ArgumentException($"--{name} takes {range}, got '{text}'.");
    }

    /// <summary>A comma-separated list of positive whole numbers, such as layer sizes.</summary>
    public int[] Sizes(string name, int[] fallback)
    {
        if (!_values.TryGetValue(name, out string? text))
        {
            return fallback;
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size > 0)
            ? parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray()
            : throw new ArgumentException($"--{name} takes comma-separated positive whole numbers such as 500,500, got '{text}'.");
    }

    /// <summary>One of <typeparamref name="T"/>'s names, in any case; not a number, which would name a member by its value.</summary>
    public T Choice<T>(string name, T fallback)
        where T : struct, Enum
    {
        if (!_values.TryGetValue(name, out string? text))
        {
            return fallback;
        }

        string[] names = Enum.GetNames<T>();
        return names.FirstOrDefault(known => string.Equals(known, text, StringComparison.OrdinalIgnoreCase)) is { } match
            ? Enum.Parse<T>(match)
            : throw new ArgumentException($"--{name} takes one of {string.Join(", ", names)}, got '{text}'.");
    }

    /// <summary>Fails on options this mode does not know, so a typo is not silently ignored.</summary>
    public void RequireOnly(params string[] known)
    {
        string? unknown = _values.Keys.FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null)
        {
            string takes = known.Length == 0 ? "no options" : string.Join(", ", known.Select(k => "--" + k));
            throw new ArgumentException($"Unknown option --{unknown} for '{Mode}'; it takes {takes}.");
        }
    }
}
