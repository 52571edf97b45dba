using System.Globalization;

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
            throw new ArgumentException("Name a benchmark first: mnist, likelihood, scoring, gemm, cores or memory.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--option value' pairs after the mode, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        return new BenchmarkArguments(args[0], values);
    }

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string? OptionalText(string name) => _values.GetValueOrDefault(name);

    public int Integer(string name, int fallback) =>
        _values.TryGetValue(name, out string? text)
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw new ArgumentException($"--{name} takes a whole number, got '{text}'.")
            : fallback;

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

    public T Choice<T>(string name, T fallback)
        where T : struct, Enum =>
        _values.TryGetValue(name, out string? text)
            ? Enum.TryParse(text, ignoreCase: true, out T value) && Enum.IsDefined(value)
                ? value
                : throw new ArgumentException($"--{name} takes one of {string.Join(", ", Enum.GetNames<T>())}, got '{text}'.")
            : fallback;

    /// <summary>Fails on options this mode does not know, so a typo is not silently ignored.</summary>
    public void RequireOnly(params string[] known)
    {
        string? unknown = _values.Keys.FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null)
        {
            throw new ArgumentException($"Unknown option --{unknown} for '{Mode}'; it takes {string.Join(", ", known.Select(k => "--" + k))}.");
        }
    }
}
