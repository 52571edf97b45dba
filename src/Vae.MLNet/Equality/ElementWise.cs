namespace Vae.MLNet.Equality;

/// <summary>
/// Equality and hash codes of a record's list and array members by their elements: a record's generated equality
/// compares them by reference, so two results of the same rows, or two reads of one file, would never be equal.
/// </summary>
internal static class ElementWise
{
    /// <summary>Whether <paramref name="first"/> and <paramref name="second"/> hold equal elements in the same order, or are both null.</summary>
    public static bool Equal<T>(IReadOnlyList<T>? first, IReadOnlyList<T>? second) =>
        ReferenceEquals(first, second) || (first is not null && second is not null && first.SequenceEqual(second));

    /// <summary>A hash code of <paramref name="values"/>' elements, equal for lists <see cref="Equal"/> calls equal.</summary>
    public static int HashOf<T>(IReadOnlyList<T>? values)
    {
        if (values is null)
        {
            return 0;
        }

        var hash = new HashCode();
        foreach (T value in values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
