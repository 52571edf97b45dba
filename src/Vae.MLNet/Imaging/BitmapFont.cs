namespace Vae.MLNet.Imaging;

/// <summary>
/// A 5×7 pixel font for printable ASCII (32–126), enough for chart titles, tick labels and legends without a font
/// file. Characters outside that range render as '?'.
/// </summary>
internal static class BitmapFont
{
    /// <summary>Glyph width in font pixels.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 7;

    /// <summary>Horizontal distance between glyph origins: the glyph plus one blank column.</summary>
    public const int Advance = GlyphWidth + 1;

    private const char First = ' ';
    private const char Last = '~';
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    // Seven base-32 digits per glyph, one per row from the top; each digit's five bits are the row's pixels with the
    // most significant bit leftmost. Glyphs are in ASCII order starting at the space.
    private const string Glyphs =
        "00000004444404AA00000AAVAVAA4FKE5U4OP248J3CIK8LID4480000" + //   ! " # $ % & '
        "2488842842224804LEL40044V4400000C48000V00000000CC01248G0" + // ( ) * + , - . /
        "EHJLPHE4C4444EEH1248VV2421HE26AIV22VGU11HE68GUHHEV124888" + // 0 1 2 3 4 5 6 7
        "EHHEHHEEHHF12C0CC0CC00CC0C48248G84200V0V008421248EH12404" + // 8 9 : ; < = > ?
        "EHNLNGEEHHVHHHUHHUHHUEHGGGHEUHHHHHUVGGUGGVVGGUGGGEHGNHHF" + // @ A B C D E F G
        "HHHVHHHE44444E72222ICHIKOKIHGGGGGGVHRLLHHHHHPLJHHEHHHHHE" + // H I J K L M N O
        "UHHUGGGEHHHLIDUHHUKIHFGGE11UV444444HHHHHHEHHHHHA4HHHLLLA" + // P Q R S T U V W
        "HHA4AHHHHA4444V1248GVE88888E0G84210E22222E4AH0000000000V" + // X Y Z [ \ ] ^ _
        "842000000E1FHFGGMPHHU00EGGHE11DJHHF00EHVGE698S8880FHHF1E" + // ` a b c d e f g
        "GGMPHHH40C444E20622ICGGIKOKIC44444E00QLLHH00MPHHH00EHHHE" + // h i j k l m n o
        "00UHUGG00DJF1100MPGGG00EGE1U88S889600HHHJD00HHHA400HHLLA" + // p q r s t u v w
        "00HA4AH00HHF1E00V248V244844244444448442448008L200";          // x y z { | } ~

    /// <summary>Whether the font pixel at (<paramref name="column"/>, <paramref name="row"/>) of the glyph is ink.</summary>
    public static bool IsInk(char c, int column, int row)
    {
        if (c < First || c > Last)
        {
            c = '?';
        }

        int rowBits = Digits.IndexOf(Glyphs[((c - First) * GlyphHeight) + row], StringComparison.Ordinal);
        return (rowBits & (1 << (GlyphWidth - 1 - column))) != 0;
    }

    /// <summary>Pixel width of a single line of text drawn at <paramref name="scale"/>; no trailing blank column.</summary>
    public static int MeasureWidth(string text, int scale) => (int)Width(text, scale);

    /// <summary>
    /// <see cref="MeasureWidth"/> in double, which holds every width up to <see cref="int.MaxValue"/> exactly and
    /// cannot overflow, for a caller that must know whether the width fits an int.
    /// </summary>
    public static double Width(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * (double)Advance) - 1) * scale;
}
