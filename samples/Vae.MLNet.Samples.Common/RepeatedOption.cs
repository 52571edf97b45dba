namespace Vae.MLNet.Samples.Common;

/// <summary>
/// The error for an option given twice in '--option value' pairs, which the samples and the benchmarks refuse: a second
/// value would silently replace the first, so which one a run used would depend on the order typed.
/// </summary>
public static class RepeatedOption
{
    /// <summary>
    /// The error for <paramref name="option"/> given more than once among the pairs of <paramref name="args"/> that start
    /// at <paramref name="firstOption"/>, saying how many times.
    /// </summary>
    public static ArgumentException Error(IReadOnlyList<string> args, int firstOption, string option)
    {
        ArgumentNullException.ThrowIfNull(args);
        int times = args.Where((arg, position) => position >= firstOption && (position - firstOption) % 2 == 0 && arg == option).Count();
        return new ArgumentException($"{option} is given {times} times; give it once.");
    }
}
