using System.Globalization;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// Spots the numeric columns of a ';'-separated file whose numbers look like digits grouped into thousands by '.', as
/// spreadsheet programs of locales that write decimal commas (and so separate cells by ';') save 221560 as "221.560":
/// read culture-invariantly, that cell is 221.56, while "987" beside it stays 987. A column is told when
/// <list type="bullet">
/// <item>every cell of it that holds a '.' has the shape of grouped thousands: an optional sign, one to three digits
/// (the first not 0), a '.' and three digits;</item>
/// <item>some cell of it is a whole number, without a '.' or an exponent; and</item>
/// <item>some cell of it holding a '.' ends in 0, which a writer of decimals that writes whole numbers without a point
/// leaves off, or some whole number of it has four or more digits, as writers that group only from five digits leave them.</item>
/// </list>
/// Three-decimal data alone is not told: 0.125 starts with 0, 12.5 has one decimal, a column of 6.361 and 7 has
/// neither a trailing 0 nor a long whole number, and a writer of fixed decimals writes 987.000. A cell of two or more
/// groups (1.234.567) is no number, and refused as such.
/// </summary>
internal sealed class CsvThousandsGrouping
{
    private readonly Column[] _columns;

    /// <summary>Watches the <paramref name="featureColumns"/> feature columns of a layout, numbered as <see cref="Observe"/> numbers them.</summary>
    public CsvThousandsGrouping(int featureColumns)
    {
        _columns = new Column[featureColumns];
    }

    /// <summary>Takes in a cell of the feature column <paramref name="feature"/> that was read as a number.</summary>
    public void Observe(int feature, ReadOnlySpan<char> cell)
    {
        ref Column column = ref _columns[feature];
        if (column.RuledOut)
        {
            return;
        }

        ReadOnlySpan<char> text = cell.Trim();
        ReadOnlySpan<char> digits = text is ['+' or '-', .. var unsigned] ? unsigned : text;
        int point = digits.IndexOf('.');
        if (point < 0)
        {
            if (digits.IndexOfAnyExceptInRange('0', '9') < 0)
            {
                column.WholeNumber ??= text.ToString();
                column.Evidence |= digits.Length >= 4;
            }

            return;
        }

        bool grouped = point is >= 1 and <= 3 && digits[0] != '0' && digits.Length == point + 4
            && digits[..point].IndexOfAnyExceptInRange('0', '9') < 0 && digits[(point + 1)..].IndexOfAnyExceptInRange('0', '9') < 0;
        column.RuledOut = !grouped;
        column.Grouped ??= grouped ? text.ToString() : null;
        column.Evidence |= grouped && digits[^1] == '0';
    }

    /// <summary>
    /// What the columns whose numbers look grouped are read as, and what to do about it, for a warning that
    /// <paramref name="describe"/> names each feature column in; null when none do.
    /// </summary>
    public string? Warning(Func<int, string> describe)
    {
        int[] told = [.. Enumerable.Range(0, _columns.Length).Where(feature => _columns[feature] is { RuledOut: false, Grouped: not null, WholeNumber: not null, Evidence: true })];
        if (told.Length == 0)
        {
            return null;
        }

        Column first = _columns[told[0]];
        string readAs = float.Parse(first.Grouped!, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        string others = told.Length == 1 ? string.Empty : $" The numbers of {string.Join(", ", told.Skip(1).Select(describe))} look grouped too.";
        return $"{describe(told[0])}: \"{first.Grouped}\" is read as {readAs}, but the column's numbers look like digits grouped into thousands by '.', "
            + "as spreadsheet programs that write decimal commas save them: every cell of it holding a '.' has one to three digits before it and three after, "
            + $"beside whole numbers such as \"{ShortList.Cut(first.WholeNumber!)}\". If '.' groups thousands there, such cells are read a thousand times smaller than meant: "
            + $"remove the grouping (write {first.Grouped!.Replace(".", string.Empty, StringComparison.Ordinal)}).{others}";
    }

    /// <summary>What the cells of one column have shown so far.</summary>
    private struct Column
    {
        /// <summary>Whether a cell holding a '.' has not the shape of grouped thousands.</summary>
        public bool RuledOut;

        /// <summary>The first cell of the shape of grouped thousands.</summary>
        public string? Grouped;

        /// <summary>The first whole number without a '.'.</summary>
        public string? WholeNumber;

        /// <summary>Whether a grouped cell ends in 0 or a whole number has four or more digits.</summary>
        public bool Evidence;
    }
}
