using System.Text;

namespace Vae.MLNet.Imaging;

/// <summary>
/// A tEXt chunk of a PNG: a keyword, such as Software or Title, and its text, both Latin-1, which a viewer may show and
/// every decoder may skip.
/// </summary>
internal sealed class PngText
{
    // The PNG specification's bounds on a keyword, which keep a file that holds the chunk valid.
    private const int MaxKeywordLength = 79;

    /// <summary>Creates the chunk's content.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="keyword"/> is not 1 to 79 Latin-1 characters, or either holds a NUL or a character beyond Latin-1.
    /// </exception>
    public PngText(string keyword, string text)
    {
        if (keyword.Length is < 1 or > MaxKeywordLength || !IsLatin1WithoutNul(keyword))
        {
            throw new ArgumentException($"A PNG text keyword is 1 to {MaxKeywordLength} Latin-1 characters other than NUL; '{keyword}' is not.", nameof(keyword));
        }

        if (!IsLatin1WithoutNul(text))
        {
            throw new ArgumentException("A PNG text is Latin-1 characters other than NUL; give such a text.", nameof(text));
        }

        Keyword = keyword;
        Text = text;
    }

    /// <summary>What the text is, such as Software or Title.</summary>
    public string Keyword { get; }

    /// <summary>The text itself.</summary>
    public string Text { get; }

    /// <summary>The chunk's data: the keyword, a NUL, and the text.</summary>
    public byte[] ChunkData() => [.. Encoding.Latin1.GetBytes(Keyword), 0, .. Encoding.Latin1.GetBytes(Text)];

    /// <summary>The text a tEXt chunk's <paramref name="data"/> holds, or null when it is not laid out as one.</summary>
    public static PngText? FromChunkData(ReadOnlySpan<byte> data)
    {
        int separator = data.IndexOf((byte)0);
        return separator is >= 1 and <= MaxKeywordLength && !data[(separator + 1)..].Contains((byte)0)
            ? new PngText(Encoding.Latin1.GetString(data[..separator]), Encoding.Latin1.GetString(data[(separator + 1)..]))
            : null;
    }

    private static bool IsLatin1WithoutNul(string value) => value.All(character => character is > '\0' and <= '\u00FF');
}
