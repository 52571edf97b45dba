using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>The rules a list of class names keeps, wherever one is given: a name for each class, and no class twice.</summary>
internal static class ClassNames
{
    /// <summary>Refuses a null entry or a name given twice (ordinal comparison), naming the entry.</summary>
    /// <exception cref="ArgumentException">An entry is null, or a name appears twice.</exception>
    public static void RequireNamedOnce(IReadOnlyList<string?> names, string parameterName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] is not { } name)
            {
                throw new ArgumentException($"{parameterName} entry {i} is null; give each class's name.", parameterName);
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"{parameterName} holds \"{ShortList.Cut(name)}\" twice; give each class once.", parameterName);
            }
        }
    }
}
