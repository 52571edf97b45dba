using Vae.MLNet.Text;

namespace Vae.MLNet.Tests.Text;

[TestClass]
public sealed class InvisibleCharactersTests
{
    [TestMethod]
    [DataRow("4.7\u00A0", @"4.7\u00A0")]
    [DataRow("1\u202F234.5", @"1\u202F234.5")]
    [DataRow("\uFEFFa", @"\uFEFFa")]
    [DataRow("a\u200Bb\u2060c\u00ADd", @"a\u200Bb\u2060c\u00ADd")]
    [DataRow("right\u200Fleft\u202Eto", @"right\u200Fleft\u202Eto")]
    [DataRow("a\u001B[2J\u0007\u0085", @"a\u001B[2J\u0007\u0085")]
    [DataRow("\u3164\u2800\u2028", @"\u3164\u2800\u2028")]
    [DataRow("tag\U000E0041", @"tag\U000E0041")]
    public void CharactersThatPrintAsNothingOrAsAPlainSpaceAreEscaped(string text, string escaped) =>
        Assert.AreEqual(escaped, InvisibleCharacters.Escaped(text));

    [TestMethod]
    [DataRow("plain text, with spaces")]
    [DataRow("Bär, Köln, 東京, café")]
    [DataRow("emoji \U0001F600")]
    public void VisibleTextIsLeftAsItIs(string text) => Assert.AreSame(text, InvisibleCharacters.Escaped(text));

    [TestMethod]
    [DataRow("4.7\u00A0", 3, "a no-break space (U+00A0)")]
    [DataRow("1\u202F234", 1, "a narrow no-break space (U+202F)")]
    [DataRow("\uFEFF1", 0, "a byte order mark (U+FEFF)")]
    [DataRow("1\u2002", 1, "a space other than ' ' (U+2002)")]
    [DataRow("1\u0007", 1, "a control character (U+0007)")]
    public void TheFirstInvisibleCharacterIsFoundAndNamed(string text, int index, string description)
    {
        Assert.AreEqual(index, InvisibleCharacters.IndexIn(text));
        Assert.AreEqual(description, InvisibleCharacters.Describe(text, index));
    }

    [TestMethod]
    public void HalfASurrogatePairIsEscapedAndNamed()
    {
        // Built here: an attribute's strings are stored as UTF-8, which makes U+FFFD of half a pair.
        string text = "x" + '\uD800' + "y";

        Assert.AreEqual(@"x\uD800y", InvisibleCharacters.Escaped(text));
        Assert.AreEqual(1, InvisibleCharacters.IndexIn(text));
        Assert.AreEqual("half a surrogate pair (U+D800)", InvisibleCharacters.Describe(text, 1));
    }

    [TestMethod]
    public void WithoutThemOnlyTheVisibleCharactersRemain()
    {
        Assert.AreEqual("1234.5", InvisibleCharacters.Without("\uFEFF1\u202F234.5\u00A0"));
        Assert.AreEqual(-1, InvisibleCharacters.IndexIn("1 234.5 \U0001F600"));
    }

    [TestMethod]
    public void AQuotedTextIsEscapedOnceCutShort()
    {
        string text = new string('a', ShortList.CharactersShown - 1) + "\u00A0bc";

        Assert.AreEqual(new string('a', ShortList.CharactersShown - 1) + @"\u00A0…", ShortList.Cut(text));
    }
}
