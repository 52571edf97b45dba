using Vae.MLNet.Text;

namespace Vae.MLNet.Tests.Text;

[TestClass]
public sealed class AccentFormsTests
{
    private const string Composed = "Gr\u00F6\u00DFe";

    private const string Decomposed = "Gro\u0308\u00DFe";

    [TestMethod]
    public void ADecomposedNameAgainstComposedOnesIsShownEscapedAndTold()
    {
        string hint = AccentForms.Hint([Decomposed], ["x", Composed], "the header's names");

        Assert.AreEqual(
            " \"Gro\\u0308\u00DFe\" writes its accents decomposed, each a letter followed by a combining mark (NFD, as macOS tools write them), but the header's names write them composed (NFC): "
            + "the two differ though they look alike; write both in one form (uconv -x NFC, or -x NFD, from icu-devtools, converts a file).",
            hint);
    }

    [TestMethod]
    public void AComposedNameAgainstDecomposedOnesShowsTheDecomposedOneEscaped()
    {
        string hint = AccentForms.Hint([Composed], ["x", Decomposed], "the model's categories");

        StringAssert.StartsWith(hint, $" \"{Composed}\" writes its accents composed (NFC), but the model's categories write them decomposed, each a letter followed by a combining mark, as \"Gro\\u0308\u00DFe\" (NFD");
    }

    [TestMethod]
    public void KanaWithASeparateSoundMarkIsTold()
    {
        StringAssert.Contains(AccentForms.Hint(["\u304B\u3099\u304D"], ["\u304C\u304D"], "the header's names"), "\"\u304B\\u3099\u304D\" writes its accents decomposed");
    }

    [TestMethod]
    [DataRow(new[] { Composed }, new[] { Composed, "x" }, DisplayName = "the same form")]
    [DataRow(new[] { "Grosse" }, new[] { Decomposed }, DisplayName = "no accent where the other has one")]
    [DataRow(new[] { Decomposed }, new[] { "x", "y" }, DisplayName = "no name alike")]
    [DataRow(new[] { "Gro\u0308sse" }, new[] { Composed }, DisplayName = "other letters")]
    [DataRow(new[] { "Cafe\u0301" }, new[] { "Cafe" }, DisplayName = "an accent the other lacks")]
    [DataRow(new[] { "\u0928\u092E" }, new[] { "\u0928\u093E\u092E", "\u0909\u092E\u094D\u0930" }, DisplayName = "Devanagari, a vowel sign left out")]
    [DataRow(new[] { "\u092E\u092E" }, new[] { "\u0928\u093E\u092E" }, DisplayName = "Devanagari, other letters without marks")]
    [DataRow(new[] { "\u0928\u093F\u092E" }, new[] { "\u0928\u093E\u092E" }, DisplayName = "Devanagari, both with marks")]
    [DataRow(new[] { "\u0E01\u0E34" }, new[] { "\u0E01\u0E35" }, DisplayName = "Thai")]
    public void NamesThatDifferInMoreThanTheFormOfTheirAccentsGetNoHint(string[] given, string[] known) =>
        Assert.AreEqual(string.Empty, AccentForms.Hint(given, known, "the header's names"));
}
