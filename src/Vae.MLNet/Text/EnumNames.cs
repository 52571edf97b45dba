namespace Vae.MLNet.Text;

/// <summary>Enum members read from files by name, where only the names the library writes are accepted.</summary>
internal static class EnumNames
{
    /// <summary>
    /// The member <paramref name="name"/> names, spelled exactly; null for anything else, including the other casings,
    /// numbers and comma-joined lists <see cref="Enum.Parse(Type, string)"/> would accept.
    /// </summary>
    public static TEnum? Exact<TEnum>(string? name)
        where TEnum : struct, Enum =>
        name is not null && Enum.GetNames<TEnum>().Contains(name, StringComparer.Ordinal) ? Enum.Parse<TEnum>(name) : null;
}
