using Spectre.Console;
using Spectre.Console.Rendering;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Spectre's simple border, a rule under the headings and nothing around the cells, drawn with '-' where the terminal
/// has no box-drawing characters (a Latin-1 locale): Spectre's own has no ASCII form, so there the rule came out as a
/// row of '?' or of <c>\u2500</c> escapes.
/// </summary>
internal sealed class HeaderRuleBorder : TableBorder
{
    private const char BoxDrawingRule = '─';

    private static readonly HeaderRuleBorder AsciiForm = new(ascii: true);

    private readonly bool _ascii;

    private HeaderRuleBorder(bool ascii) => _ascii = ascii;

    /// <summary>The border, which Spectre swaps for its ASCII form on a console whose profile lacks Unicode.</summary>
    public static TableBorder Instance { get; } = new HeaderRuleBorder(ascii: false);

    public override TableBorder? SafeBorder => _ascii ? null : AsciiForm;

    public override string GetPart(TableBorderPart part)
    {
        string simple = Simple.GetPart(part);
        return _ascii ? simple.Replace(BoxDrawingRule, '-') : simple;
    }
}
