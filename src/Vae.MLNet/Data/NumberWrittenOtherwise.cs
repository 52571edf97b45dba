namespace Vae.MLNet.Data;

/// <summary>
/// The cells that hold one number written otherwise than a culture-invariant one is, as spreadsheet programs and people
/// write them: its digits grouped in threes after a first group of one to three, all by the same one of
/// <c>,</c> <c>.</c> <c>'</c> (Swiss) <c>_</c> or a space (French, also no-break), as in <c>1,234,567</c>,
/// <c>1'234</c> and <c>1 234</c>; a decimal comma, as in <c>1,5</c> and <c>1.234,5</c>; a currency symbol before or
/// after it, as in <c>$5.00</c>, <c>-$5</c> and <c>5,00 €</c>; or a percent sign after it, as in <c>12%</c>. Under
/// the first row's text such a column is one of numbers, which read as categories would make a category of each
/// number. A cell such as <c>5'10</c> (feet and inches) or <c>3 4</c> (two numbers) is no such number: its groups are
/// not of three digits.
/// </summary>
internal static class NumberWrittenOtherwise
{
    /// <summary>Whether <paramref name="cell"/>, with any whitespace around it, is such a number.</summary>
    public static bool Is(ReadOnlySpan<char> cell)
    {
        ReadOnlySpan<char> text = WithoutSign(cell.Trim());
        if (text is [var before, .. var after] && IsCurrencySymbol(before))
        {
            // The sign may come before the symbol or after it: -$5 and $-5.
            text = WithoutSign(after.TrimStart());
        }
        else if (text is [.. var number, var last] && (last == '%' || IsCurrencySymbol(last)))
        {
            text = number.TrimEnd();
        }

        return IsUnsignedNumber(text);
    }

    private static ReadOnlySpan<char> WithoutSign(ReadOnlySpan<char> text) => text is ['+' or '-', .. var unsigned] ? unsigned : text;

    private static bool IsCurrencySymbol(char c) => c is '$' or '€' or '£' or '¥';

    private static bool IsGroupSeparator(char c) => c is ',' or '.' or '\'' or '_' or ' ' or '\u00A0' or '\u202F';

    // Whether text is digits grouped in threes after a first group of one to three, by one separator throughout, or
    // digits without groups, either followed by a fraction after a decimal point or comma other than that separator.
    private static bool IsUnsignedNumber(ReadOnlySpan<char> text)
    {
        int end = text.IndexOfAnyExceptInRange('0', '9') is var notDigit and >= 0 ? notDigit : text.Length;
        char? separator = null;
        if (end is >= 1 and <= 3)
        {
            // A group is a separator and three digits that no further digit follows.
            while (end + 4 <= text.Length && IsGroupSeparator(text[end]) && (separator ?? text[end]) == text[end]
                && text.Slice(end + 1, 3).IndexOfAnyExceptInRange('0', '9') < 0 && (end + 4 == text.Length || !char.IsAsciiDigit(text[end + 4])))
            {
                separator = text[end];
                end += 4;
            }
        }

        if (end == text.Length)
        {
            return end > 0;
        }

        ReadOnlySpan<char> fraction = text[(end + 1)..];
        return text[end] is '.' or ',' && text[end] != separator && fraction.Length > 0 && fraction.IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
