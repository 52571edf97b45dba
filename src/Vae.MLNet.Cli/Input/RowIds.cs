using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Input;

/// <summary>Each row's cell of the --id-column column, copied into per-row output so that it joins back to the data.</summary>
/// <param name="Name">The column's header name; <c>id</c> for a file without a header.</param>
/// <param name="Texts">Each row's cell, unquoted but otherwise as written, in row order.</param>
internal sealed record RowIds(string Name, IReadOnlyList<string> Texts)
{
    /// <summary>
    /// The column's name in an output header: its own when <paramref name="named"/>, else <c>id</c>, for the header whose
    /// features are numbered because names came twice (<see cref="CsvFormat.NamedUnlessClashing"/>).
    /// </summary>
    public string ColumnName(bool named) => named ? CsvFormat.Quoted(Name) : "id";
}
