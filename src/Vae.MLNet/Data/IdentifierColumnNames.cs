namespace Vae.MLNet.Data;

/// <summary>
/// The header names that say a column of text holds identifiers, one to a row, rather than categories: <c>id</c>,
/// <c>_id</c> (as MongoDB exports it), <c>uuid</c> and <c>guid</c>, in any case. A name merely ending in one, such as
/// <c>store_id</c>, may name a handful of categories, and <c>name</c> may name an event's kind, so neither counts: the
/// first row, all a text cell's refusal has read, shows no more than the name.
/// </summary>
internal static class IdentifierColumnNames
{
    private static readonly string[] Names = ["id", "_id", "uuid", "guid"];

    /// <summary>Whether <paramref name="name"/>, with any whitespace around it, is one of the names.</summary>
    public static bool Holds(string name) => Names.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);
}
