using System.Buffers;
using System.Globalization;
using System.Text;

namespace Vae.MLNet.Text;

/// <summary>
/// Characters that a message cannot show as themselves, written as <c>\uXXXX</c> escapes where it quotes text from a
/// file or the command line: control characters (C0, DEL and C1), which could clear a terminal's screen, move its
/// cursor or retitle its window; spaces other than ' ', line and paragraph separators, and format characters (a byte
/// order mark, zero-width and direction marks, a soft hyphen), which print as a plain space or as nothing; the Hangul
/// fillers and the blank braille pattern, which print as nothing too; and half a surrogate pair, which prints as U+FFFD.
/// A cell "4.7" that ends in a no-break space, no number where "4.7 " is one, would otherwise read like the number.
/// </summary>
internal static class InvisibleCharacters
{
    private static readonly SearchValues<char> Fillers = SearchValues.Create("\u115F\u1160\u2800\u3164\uFFA0");

    /// <summary>The index of the first invisible character in <paramref name="text"/>, or −1 when it holds none.</summary>
    public static int IndexIn(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i += Length(text[i..]))
        {
            if (IsInvisible(text[i..]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><paramref name="text"/> with each invisible character written as its <c>\uXXXX</c> escape (<c>\UXXXXXXXX</c> beyond the BMP).</summary>
    public static string Escaped(string text)
    {
        int first = IndexIn(text);
        if (first < 0)
        {
            return text;
        }

        var visible = new StringBuilder(text.Length + 16).Append(text, 0, first);
        ReadOnlySpan<char> rest = text.AsSpan(first);
        while (!rest.IsEmpty)
        {
            int length = Length(rest);
            if (IsInvisible(rest))
            {
                visible.Append(EscapeOf(length == 2 ? char.ConvertToUtf32(rest[0], rest[1]) : rest[0]));
            }
            else
            {
                visible.Append(rest[..length]);
            }

            rest = rest[length..];
        }

        return visible.ToString();
    }

    /// <summary>The escape <see cref="Escaped"/> writes for <paramref name="codePoint"/>: <c>\uXXXX</c>, or <c>\UXXXXXXXX</c> beyond the BMP.</summary>
    public static string EscapeOf(int codePoint) =>
        codePoint > char.MaxValue ? string.Create(CultureInfo.InvariantCulture, $@"\U{codePoint:X8}") : string.Create(CultureInfo.InvariantCulture, $@"\u{codePoint:X4}");

    /// <summary><paramref name="text"/> without its invisible characters.</summary>
    public static string Without(ReadOnlySpan<char> text)
    {
        var kept = new StringBuilder(text.Length);
        while (!text.IsEmpty)
        {
            int length = Length(text);
            if (!IsInvisible(text))
            {
                kept.Append(text[..length]);
            }

            text = text[length..];
        }

        return kept.ToString();
    }

    /// <summary>The invisible character at <paramref name="index"/> of <paramref name="text"/> as a message names it: <c>a no-break space (U+00A0)</c>.</summary>
    public static string Describe(ReadOnlySpan<char> text, int index)
    {
        ReadOnlySpan<char> at = text[index..];
        if (Rune.DecodeFromUtf16(at, out Rune rune, out _) != OperationStatus.Done)
        {
            return string.Create(CultureInfo.InvariantCulture, $"half a surrogate pair (U+{(int)at[0]:X4})");
        }

        string name = rune.Value switch
        {
            0xA0 => "a no-break space",
            0x202F => "a narrow no-break space",
            0x2007 => "a figure space",
            0x2009 => "a thin space",
            0x3000 => "an ideographic space",
            0x200B => "a zero-width space",
            0x200C => "a zero-width non-joiner",
            0x200D => "a zero-width joiner",
            0x2060 => "a word joiner",
            0xFEFF => "a byte order mark",
            0xAD => "a soft hyphen",
            0x200E => "a left-to-right mark",
            0x200F => "a right-to-left mark",
            _ => Rune.GetUnicodeCategory(rune) switch
            {
                UnicodeCategory.Control => "a control character",
                UnicodeCategory.SpaceSeparator => "a space other than ' '",
                UnicodeCategory.LineSeparator => "a line separator",
                UnicodeCategory.ParagraphSeparator => "a paragraph separator",
                UnicodeCategory.Format => "a format character",
                _ => "a filler character",
            },
        };
        return string.Create(CultureInfo.InvariantCulture, $"{name} (U+{rune.Value:X4})");
    }

    // Whether the character that text starts with is invisible; half a surrogate pair is.
    private static bool IsInvisible(ReadOnlySpan<char> text)
    {
        if (Rune.DecodeFromUtf16(text, out Rune rune, out _) != OperationStatus.Done)
        {
            return true;
        }

        return rune.Value != ' '
            && (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format
                || (rune.IsBmp && Fillers.Contains((char)rune.Value)));
    }

    // The UTF-16 length of the character that text starts with: 2 for a surrogate pair, 1 otherwise (half a pair too).
    private static int Length(ReadOnlySpan<char> text) => text is [var high, var low, ..] && char.IsSurrogatePair(high, low) ? 2 : 1;
}
