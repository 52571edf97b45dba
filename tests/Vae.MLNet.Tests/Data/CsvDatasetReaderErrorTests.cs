using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class CsvDatasetReaderErrorTests
{
    private const string Source = "cells.csv";
    private static readonly CsvDatasetOptions WithTarget = new() { LabelColumnName = "target" };
    private const int ShortListCharacters = Vae.MLNet.Text.ShortList.CharactersShown;

    private static VaeDataException ReadFails(string text, CsvDatasetOptions? options = null) =>
        Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(new StringReader(text), options, Source));

    private static void AssertAt(VaeDataException error, int line, long row, int column)
    {
        Assert.Contains($"{Source}, line {line}, column {column + 1}", error.Message);
        Assert.AreEqual(Source, error.DataSource);
        Assert.AreEqual(row, error.Row);
        Assert.AreEqual(column, error.Column);
    }

    [TestMethod]
    public void NonNumericCellIsQuotedAndLocated()
    {
        var error = ReadFails("a,b,target\n1,2,0\n3,abc,1\n", WithTarget);

        AssertAt(error, line: 3, row: 1, column: 1);
        Assert.Contains("(\"b\"): the cell \"abc\" is not a number", error.Message);
    }

    [TestMethod]
    [DataRow("workclass,race\nPrivate,White\nworkclass,race\nState-gov,Black\n", "", DisplayName = "Categorical columns")]
    [DataRow("age,target\n39,0\nage,target\n50,1\n", "target", DisplayName = "A numeric column and a label")]
    [DataRow("age,income\n39,<=50K\n\"age\", income \n50,>50K\n", "income", DisplayName = "A text label, the repeat quoted and spaced")]
    public void AHeaderRepeatedBelowAsFromConcatenatedFilesIsRefusedNamingTheLine(string text, string label)
    {
        var options = new CsvDatasetOptions
        {
            LabelColumnName = label.Length == 0 ? null : label,
            CategoricalColumnNames = label.Length == 0 ? ["workclass", "race"] : null,
        };

        var error = ReadFails(text, options);

        StringAssert.StartsWith(error.Message, $"{Source}, line 3: the line repeats the header line (line 1); were files with headers concatenated? Remove the repeated header lines");
        Assert.AreEqual(1L, error.Row);
    }

    /// <summary>Each file saved with a byte order mark brings one, which the decoder takes off only at the start of the text.</summary>
    [TestMethod]
    public void AHeaderRepeatedBehindAJoinedFilesByteOrderMarkIsRefusedToo()
    {
        var error = ReadFails("age,target\n39,0\n\uFEFFage,target\n50,1\n", WithTarget);

        StringAssert.StartsWith(error.Message, $"{Source}, line 3: the line repeats the header line (line 1)");
        StringAssert.EndsWith(error.Message, "If the line is a row of data, rename a column, so that the header no longer reads as one.");
    }

    [TestMethod]
    public void ARowEqualToAHeaderOfNumbersIsRead()
    {
        // A headerless file read with a header takes its first row for names, and that row may well recur.
        VaeDataset data = CsvDatasetReader.Read(new StringReader("0,1\n0,1\n1,1\n"));

        Assert.AreEqual(2, data.RowCount);
    }

    [TestMethod]
    [DataRow("?")]
    [DataRow("NA")]
    [DataRow(" n/a ")]
    [DataRow("#N/A")]
    [DataRow("NULL")]
    [DataRow("None")]
    [DataRow("-")]
    [DataRow(".")]
    public void AMissingValueMarkerUnderNumbersIsToldAsAMissingValueNotAsText(string marker)
    {
        var error = ReadFails($"a,b,target\n1,2,0\n3,{marker},1\n", WithTarget);

        AssertAt(error, line: 3, row: 1, column: 1);
        Assert.Contains($"(\"b\"): the cell \"{marker}\" looks like a missing value, the column's cells above it being numbers; every feature must be a number (impute or drop missing values first).", error.Message);
        Assert.DoesNotContain(nameof(CsvDatasetOptions.CategoricalColumnNames), error.Message);
    }

    [TestMethod]
    [DataRow("4.7\u00A0", @"4.7\u00A0", "a no-break space (U+00A0)")]
    [DataRow("1\u202F234.5", @"1\u202F234.5", "a narrow no-break space (U+202F)")]
    [DataRow("\u200B5", @"\u200B5", "a zero-width space (U+200B)")]
    public void ANumberThatOnlyAnInvisibleCharacterKeepsFromReadingIsToldThatCharacter(string cell, string shown, string named)
    {
        var error = ReadFails($"a,b,target\n1,2,0\n3,{cell},1\n", WithTarget);

        AssertAt(error, line: 3, row: 1, column: 1);
        Assert.Contains(
            $"(\"b\"): the cell \"{shown}\" is not a number only because it holds {named}: a number may have ordinary spaces around it, but no such character "
            + "(as spreadsheet programs of some cultures write to group digits or after a number); remove it from the file's numbers.",
            error.Message);
        Assert.AreEqual(1, CsvDatasetReader.Read(new StringReader("a\n 4.7 \n"), null, Source).RowCount, "ordinary spaces are read past");
    }

    [TestMethod]
    public void InvisibleCharactersInQuotedCellsAndNamesAreShownEscaped()
    {
        var notANumber = ReadFails("a,b\n1,\uFEFFa\n");
        var category = ReadFails(
            "c\nMale\u200B\n", new CsvDatasetOptions { CategoricalColumnNames = ["c"], Categories = [new VaeCategoricalFeature("c", 0, ["Male", "Female"])] });
        var noColumn = ReadFails("a\u00A0b,c\n1,2\n", new CsvDatasetOptions { FeatureColumnNames = ["a b"] });

        Assert.Contains(@"column 2 (""b""): the cell ""\uFEFFa"" is not a number; write numbers culture-invariantly", notANumber.Message);
        Assert.Contains(@"column 1 (""c""): the category ""Male\u200B"" is not among those", category.Message);
        Assert.Contains(@"did you mean ""a\u00A0b""? The 2 columns are ""a\u00A0b"", ""c"".", noColumn.Message);
    }

    [TestMethod]
    [DataRow("a,b,target\n1,2,0\n3,unknown,1\n", 3, "unknown", "")]
    [DataRow("a,b,target\n1,?,0\n3,4,1\n", 2, "?", "")]
    [DataRow("a,b,target\n1,cat,0\n3,dog,1\n", 2, "cat", " The line holds text in no other feature column: CategoricalColumnNames = [\"b\"] reads this one as categories.")]
    public void TextOrAMarkerWithNoNumberAboveItGetsTheAdviceToReadTheColumnAsCategories(string text, int line, string cell, string firstRowColumns)
    {
        var error = ReadFails(text, WithTarget);

        AssertAt(error, line, row: line - 2, column: 1);
        Assert.AreEqual(
            $"{Source}, line {line}, column 2 (\"b\"): the cell \"{cell}\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + $"and leave text columns out of the features (ExcludedColumnNames) or read them as categories (CategoricalColumnNames).{firstRowColumns}",
            error.Message);
    }

    [TestMethod]
    public void WithoutAHeaderTheAdviceForTextNamesTheOptionsThatChooseColumnsByIndex()
    {
        var error = ReadFails("1,2,0\n3,abc,1\n", new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 2 });

        AssertAt(error, line: 2, row: 1, column: 1);
        Assert.Contains("the cell \"abc\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, and leave text columns out of the features (ExcludedColumnIndices) or read them as categories (CategoricalColumnIndices).", error.Message);
        Assert.AreEqual(1, CsvDatasetReader.Read(new StringReader("1,2,0\n3,abc,1\n"), new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 2, ExcludedColumnIndices = [1] }).FeatureCount, "following the advice reads the file");
    }

    [TestMethod]
    public void TextInTheFirstRowIsToldWithEveryFeatureColumnOfTextInItAsTheCategoricalColumnsToSet()
    {
        // UCI Adult's columns but fewer, with a note left out, an id and a label of text, none of them to be listed.
        const string Adult = "39, State-gov, 77516, Bachelors, 13, seen twice, P1, Male, <=50K\n50, Self-emp-not-inc, 83311, HS-grad, 13, new, P2, Female, >50K\n";
        var options = new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 8, ExcludedColumnIndices = [5], IdColumnIndex = 6 };

        var error = ReadFails(Adult, options);
        VaeDataset read = CsvDatasetReader.Read(new StringReader(Adult), options with { CategoricalColumnIndices = [1, 3, 7] });

        AssertAt(error, line: 1, row: 0, column: 1);
        Assert.AreEqual(
            $"{Source}, line 1, column 2 (index 1): the cell \" State-gov\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + "and leave text columns out of the features (ExcludedColumnIndices) or read them as categories (CategoricalColumnIndices). "
            + "The line holds text in 3 feature columns: CategoricalColumnIndices = [1, 3, 7] reads them all as categories.",
            error.Message);
        CollectionAssert.AreEqual(new[] { "1", "3", "7" }, error.CategoricalColumnsToRead!.ToArray());
        Assert.AreEqual("CategoricalColumnIndices = [1, 3, 7]", error.CategoricalColumnsSetting);
        Assert.AreEqual(3 + 2 + 2 + 2, read.FeatureCount, "the columns listed read the file");
    }

    [TestMethod]
    public void WithAHeaderTheCategoricalColumnsToSetAreNamedAsCSharpWritesTheStrings()
    {
        const string Text = "age,workclass,fnlwgt,\"edu \"\"level\"\"\",dir\\name,income\n39,State-gov,77516,Bachelors,a,<=50K\n";

        var error = ReadFails(Text, new CsvDatasetOptions { LabelColumnName = "income" });

        AssertAt(error, line: 2, row: 0, column: 1);
        Assert.AreEqual(
            $"{Source}, line 2, column 2 (\"workclass\"): the cell \"State-gov\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + "and leave text columns out of the features (ExcludedColumnNames) or read them as categories (CategoricalColumnNames). "
            + "The line holds text in 3 feature columns: CategoricalColumnNames = [\"workclass\", \"edu \\\"level\\\"\", \"dir\\\\name\"] reads them all as categories.",
            error.Message);
        CollectionAssert.AreEqual(new[] { "workclass", "edu \"level\"", "dir\\name" }, error.CategoricalColumnsToRead!.ToArray());
    }

    [TestMethod]
    [DataRow("a,b,2,c,d", "0,3", 1, "no other feature column, the categorical ones aside: CategoricalColumnIndices = [0, 1, 3] reads this one as categories too, listing the categorical ones with it.")]
    [DataRow("1,b,2,c,d", "1", 3, "2 feature columns besides the categorical one: CategoricalColumnIndices = [1, 3, 4] reads them as categories too, listing the categorical one with them.")]
    public void TheCategoricalColumnsToSetListThoseGivenWithTheNewOnes(string firstRow, string given, int column, string expected)
    {
        // Column 4, left out in the first case, holds text that is then not listed.
        var options = new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [.. given.Split(',').Select(int.Parse)], ExcludedColumnIndices = column == 1 ? [4] : null };

        var error = ReadFails($"{firstRow}\ne,f,3,g,h\n", options);

        AssertAt(error, line: 1, row: 0, column);
        Assert.AreEqual(
            $"{Source}, line 1, column {column + 1} (index {column}): the cell \"{firstRow.Split(',')[column]}\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + $"and leave text columns out of the features (ExcludedColumnIndices) or read them as categories (CategoricalColumnIndices). The line holds text in {expected}",
            error.Message);
    }

    [TestMethod]
    public void TheCategoricalColumnsGivenByNameAreListedWithTheNewOnesInFeatureOrder()
    {
        var error = ReadFails("age,workclass,education\n39,State-gov,Bachelors\n", new CsvDatasetOptions { CategoricalColumnNames = ["education"] });

        Assert.AreEqual(
            $"{Source}, line 2, column 2 (\"workclass\"): the cell \"State-gov\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + "and leave text columns out of the features (ExcludedColumnNames) or read them as categories (CategoricalColumnNames). "
            + "The line holds text in no other feature column, the categorical one aside: CategoricalColumnNames = [\"workclass\", \"education\"] reads this one as categories too, "
            + "listing the categorical one with it.",
            error.Message);
    }

    [TestMethod]
    [DataRow("a,a,b\n1,x,y\n", false, DisplayName = "A name the header repeats")]
    [DataRow("a,,b\n1,x,y\n", false, DisplayName = "A column the header leaves unnamed")]
    [DataRow("a,b\u00A0c\n1,x\n", false, DisplayName = "A name a message shows escaped")]
    [DataRow("a,b\n1,2\n3,x\n", false, DisplayName = "Text below the first row")]
    [DataRow("a,b\nx,y\n", true, DisplayName = "A first row without a header that looks like one")]
    [DataRow("a,b\nNA,x\n", false, DisplayName = "A missing-value marker")]
    [DataRow("a,b\n\"1,234.50\",x\n", false, DisplayName = "A number written with grouping")]
    [DataRow("1,5;red;2,25\n3,5;blue;4,75\n", true, DisplayName = "Cells a wrong separator left joined")]
    public void NoCategoricalColumnsAreSetWhereNoSettingCouldNameThemOrTheyAreUnlikelyColumnsOfCategories(string text, bool headerless)
    {
        var error = ReadFails(text, new CsvDatasetOptions { HasHeader = !headerless });

        Assert.DoesNotContain("The line holds text", error.Message);
        Assert.IsNull(error.CategoricalColumnsToRead);
        Assert.IsNull(error.CategoricalColumnsSetting);
    }

    /// <summary>
    /// A missing value, or a number written with grouping, a currency or a percent sign, in another column of the row is
    /// no category: read as categories, a column of numbers would make a category of each, silently. Each is named, to be
    /// cleaned in the same go.
    /// </summary>
    [TestMethod]
    public void TheCategoricalColumnsToSetLeaveOutCellsThatAreNoCategories()
    {
        var error = ReadFails(
            "age,workclass,children,amount,price,rate\n39,State-gov,NA,\"1,234.50\",$5.00,12%\n",
            new CsvDatasetOptions());

        Assert.EndsWith(
            "The line holds text of categories in no other feature column: CategoricalColumnNames = [\"workclass\"] reads this one as categories. "
                + "It leaves out \"NA\" in column 3 (\"children\"), \"1,234.50\" in column 4 (\"amount\"), \"$5.00\" in column 5 (\"price\") and \"12%\" in column 6 (\"rate\"), "
                + "as no categories: a missing value, a number written otherwise or cells left joined.",
            error.Message);
    }

    /// <summary>A height in feet and inches, or two numbers, once read as a number written with grouping, and was left out.</summary>
    [TestMethod]
    public void TextWhoseDigitsAreNotGroupedInThreesIsListedAsACategory()
    {
        var error = ReadFails("kind,height,pair,amount\nred,5'10,3 4,1'234\n", new CsvDatasetOptions());

        Assert.EndsWith(
            "The line holds text of categories in 3 feature columns: CategoricalColumnNames = [\"kind\", \"height\", \"pair\"] reads them all as categories. "
                + "It leaves out \"1'234\" in column 4 (\"amount\"), as no categories: a missing value, a number written otherwise or cells left joined.",
            error.Message);
    }

    /// <summary>
    /// A column of identifiers read as categories makes a feature of each row's, which no other row shares: it was listed
    /// with the categories, and is now told to be left out instead, its header name being one that says so.
    /// </summary>
    [TestMethod]
    public void AColumnNamedLikeAnIdentifierIsToldToBeLeftOutRatherThanListed()
    {
        var error = ReadFails("id,age,workclass,education\nA0001,39,State-gov,Bachelors\nA0002,50,Private,HS-grad\n", new CsvDatasetOptions());

        AssertAt(error, line: 2, row: 0, column: 0);
        Assert.AreEqual(
            $"{Source}, line 2, column 1 (\"id\"): the cell \"A0001\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
                + "and leave text columns out of the features (ExcludedColumnNames) or read them as categories (CategoricalColumnNames). "
                + "The line holds text of categories in 2 other feature columns: CategoricalColumnNames = [\"workclass\", \"education\"] reads them all as categories. "
                + "By its name, column 1 (\"id\") holds identifiers, no categories: read as categories, each would add a feature no other row shares; "
                + "leave it out of the features (ExcludedColumnNames = [\"id\"]).",
            error.Message);
        CollectionAssert.AreEqual(new[] { "workclass", "education" }, error.CategoricalColumnsToRead!.ToArray());
        CollectionAssert.AreEqual(new[] { "id" }, error.ExcludedColumnsToSet!.ToArray());
        Assert.AreEqual("ExcludedColumnNames = [\"id\"]", error.ExcludedColumnsSetting);
    }

    [TestMethod]
    [DataRow("ID", true)]
    [DataRow("_id", true)]
    [DataRow("UUID", true)]
    [DataRow("Guid", true)]
    [DataRow("store_id", false, DisplayName = "A name ending in one, which may name a few stores")]
    [DataRow("name", false, DisplayName = "A name, which may name an event's kind")]
    public void OnlyTheNamesThatSayAColumnHoldsIdentifiersKeepItOutOfTheCategoricalColumnsToSet(string name, bool identifier)
    {
        var error = ReadFails($"kind,age,{name}\nred,3,A1\n", new CsvDatasetOptions());

        CollectionAssert.AreEqual(identifier ? new[] { "kind" } : new[] { "kind", name }, error.CategoricalColumnsToRead!.ToArray());
        Assert.AreEqual(identifier, error.Message.EndsWith($"By its name, column 3 (\"{name}\") holds identifiers, no categories: read as categories, "
            + $"each would add a feature no other row shares; leave it out of the features (ExcludedColumnNames = [\"{name}\"]).", StringComparison.Ordinal));
    }

    [TestMethod]
    public void IdentifiersAloneAreToldToBeLeftOutWithNoCategoricalColumnsToSet()
    {
        var error = ReadFails("ID,age,uuid\nA1,3,x-y\n", new CsvDatasetOptions());

        Assert.EndsWith(
            "or read them as categories (CategoricalColumnNames). By their names, column 1 (\"ID\") and column 3 (\"uuid\") hold identifiers, no categories: "
                + "read as categories, each would add a feature no other row shares; leave them out of the features (ExcludedColumnNames = [\"ID\", \"uuid\"]).",
            error.Message);
        Assert.IsNull(error.CategoricalColumnsToRead);
        Assert.IsNull(error.CategoricalColumnsSetting);
        CollectionAssert.AreEqual(new[] { "ID", "uuid" }, error.ExcludedColumnsToSet!.ToArray());
    }

    /// <summary>The setting replaces the one given, as the categorical one does, so it lists the columns already excluded, in the same terms.</summary>
    [TestMethod]
    [DataRow(false, "ExcludedColumnNames = [\"note\", \"id\"]")]
    [DataRow(true, "ExcludedColumnIndices = [3, 1]")]
    public void TheIdentifierColumnsToLeaveOutAreSetWithTheColumnsAlreadyExcluded(bool byIndex, string setting)
    {
        var options = byIndex ? new CsvDatasetOptions { ExcludedColumnIndices = [3] } : new CsvDatasetOptions { ExcludedColumnNames = ["note"] };

        var error = ReadFails("kind,id,age,note\nred,A1,3,x\n", options);

        Assert.EndsWith($"leave it out of the features ({setting}).", error.Message);
        Assert.AreEqual(setting, error.ExcludedColumnsSetting);
    }

    /// <summary>Where the refused cell is the identifier, the one column of categories was counted as "1 other feature column".</summary>
    [TestMethod]
    public void TheOneColumnOfCategoriesBesideARefusedIdentifierIsAnotherFeatureColumn()
    {
        var error = ReadFails("id,age,kind\nA1,3,red\n", new CsvDatasetOptions());

        StringAssert.Contains(
            error.Message,
            "The line holds text of categories in another feature column: CategoricalColumnNames = [\"kind\"] reads it as categories. By its name, column 1 (\"id\")");
    }

    /// <summary>
    /// Where the refused cell is an identifier and the row holds no category elsewhere, the cells that are no categories
    /// were not told, so leaving the identifiers out met a refusal of the first of them in the run that followed.
    /// </summary>
    [TestMethod]
    public void LeavingIdentifiersOutIsToldWithTheCellsThatAreNoCategoriesWhereTheRowHoldsNoCategory()
    {
        var error = ReadFails("id,amount,b,children\nA0001,\"1,234\",2,NA\n", new CsvDatasetOptions());

        Assert.EndsWith(
            "leave it out of the features (ExcludedColumnNames = [\"id\"]). "
                + "That leaves \"1,234\" in column 2 (\"amount\") and \"NA\" in column 4 (\"children\"), no categories either: "
                + "a missing value, a number written otherwise or cells left joined.",
            error.Message);
        Assert.IsNull(error.CategoricalColumnsToRead);
    }

    [TestMethod]
    public void ManyCellsLeftOutAreToldByTheFirstFew()
    {
        string header = string.Join(',', ["kind", .. Enumerable.Range(0, 20).Select(i => $"m{i}")]);
        string row = string.Join(',', ["cat", .. Enumerable.Repeat("NA", 20)]);

        var error = ReadFails($"{header}\n{row}\n", new CsvDatasetOptions());

        Assert.EndsWith(
            "It leaves out \"NA\" in column 2 (\"m0\"), \"NA\" in column 3 (\"m1\"), \"NA\" in column 4 (\"m2\"), \"NA\" in column 5 (\"m3\"), \"NA\" in column 6 (\"m4\"), "
                + "\"NA\" in column 7 (\"m5\"), \"NA\" in column 8 (\"m6\"), \"NA\" in column 9 (\"m7\") and 12 more, as no categories: a missing value, a number written otherwise or cells left joined.",
            error.Message);
    }

    /// <summary>Another separator within a category's own text, with no number among its parts, is the category's punctuation, not cells left joined.</summary>
    [TestMethod]
    public void ACategoryHoldingAnotherSeparatorBetweenWordsIsStillListed()
    {
        var error = ReadFails("39\tMarried\tWashington, DC\t5\n", new CsvDatasetOptions { HasHeader = false, Separator = '\t' });

        Assert.EndsWith("The line holds text in 2 feature columns: CategoricalColumnIndices = [1, 2] reads them all as categories.", error.Message);
    }

    [TestMethod]
    public void NoCategoricalColumnsAreSetWhereTheCategoriesAreGiven()
    {
        var options = new CsvDatasetOptions { CategoricalColumnNames = ["c"], Categories = [new VaeCategoricalFeature("c", 1, ["x", "y"])] };

        var error = ReadFails("a,c\nabc,x\n", options);

        Assert.EndsWith("or read them as categories (CategoricalColumnNames).", error.Message);
        Assert.IsNull(error.CategoricalColumnsToRead);
    }

    [TestMethod]
    [DataRow("target,a,b,target", null, "the label column name \"target\" is ambiguous: columns 1 and 4 both have it")]
    [DataRow("target,a,b,a", "b,a", "the feature column name \"a\" is ambiguous: columns 2 and 4 both have it")]
    [DataRow("target,a,a,a", "a", "the feature column name \"a\" is ambiguous: columns 2 and 3 both have it")]
    public void AColumnNameTheHeaderRepeatsIsAmbiguous(string header, string? features, string expected)
    {
        var options = new CsvDatasetOptions { LabelColumnName = "target", FeatureColumnNames = features?.Split(',') };

        var error = ReadFails($"{header}\n0,1,2,3\n", options);

        Assert.Contains(expected, error.Message);
    }

    [TestMethod]
    public void ACategoryHoldingHalfASurrogatePairIsRefusedAtItsCellNotOnceEveryRowIsRead()
    {
        var options = new CsvDatasetOptions { CategoricalColumnNames = ["c"] };

        var error = ReadFails("a,c\n1,x\n2,y\uD800\n3,z\n", options);

        AssertAt(error, line: 3, row: 1, column: 1);
        Assert.Contains("character 2 of the cell is half a surrogate pair", error.Message);
        Assert.AreEqual(3 * 4, CsvDatasetReader.Read(new StringReader("a,c\n1,x\n2,y\uD83D\uDE00\n3,z\n"), options).ToArray().Length, "a whole pair is a character like any");
    }

    [TestMethod]
    public void AGzipCompressedFileIsRefusedAsSuchNotAsTextInAnotherEncoding()
    {
        var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("a,b\n1,2\n"u8);
        }

        compressed.Position = 0;
        var error = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.ReadDescribingFeatures(compressed, new CsvDatasetOptions(), Source));

        Assert.AreEqual($"{Source} is gzip-compressed; decompress it first, or read it with Read(TextReader) through a StreamReader over a GZipStream.", error.Message);
        Assert.IsNull(error.Row);
    }

    [TestMethod]
    [DataRow("images", "t10k-images-idx3-ubyte holds IDX images (magic number 2051), not CSV text; read it with IdxReader.ReadImages, which takes it raw or gzip-compressed.")]
    [DataRow("gzipped images", "t10k-images-idx3-ubyte holds gzip-compressed IDX images (magic number 2051), not CSV text; read it with IdxReader.ReadImages, which takes it raw or gzip-compressed.")]
    [DataRow("labels", "t10k-images-idx3-ubyte holds IDX labels (magic number 2049), not CSV text; read it with IdxReader.ReadImages as the labels file, with the matching images file (…-images-idx3-ubyte) as the images file.")]
    [DataRow("zip", "t10k-images-idx3-ubyte holds a zip file, such as a model, not CSV text; load a model zip with VaeModel.Load.")]
    [DataRow("png", "t10k-images-idx3-ubyte holds a PNG image, not CSV text; images are read from IDX files (IdxReader.ReadImages), so convert the images to IDX, or their pixels to rows of a CSV file.")]
    public void AFileOfAnotherKindIsNamedByWhatItHoldsAndTheReaderThatReadsIt(string kind, string message)
    {
        byte[] content = kind switch
        {
            "images" => IdxFixture.Images(3, 2, 2),
            "gzipped images" => IdxFixture.Gzip(IdxFixture.Images(3, 2, 2)),
            "labels" => IdxFixture.Labels(3),
            "zip" => Zipped(),
            _ => [.. Vae.MLNet.Imaging.PngEncoder.Signature, 0, 0, 0, 13, .. "IHDR"u8],
        };
        using var temp = new TempDirectory();
        string path = temp.Write("t10k-images-idx3-ubyte", content);

        var error = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(path));

        Assert.AreEqual(message.Replace("t10k-images-idx3-ubyte", path, StringComparison.Ordinal), error.Message);
        Assert.AreEqual(path, error.DataSource);

        static byte[] Zipped()
        {
            var zip = new MemoryStream();
            using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                using Stream entry = archive.CreateEntry("manifest.json").Open();
                entry.Write("{}"u8);
            }

            return zip.ToArray();
        }
    }

    [TestMethod]
    public void ACellHoldingNulIsRefusedThoughNumberParsingWouldSkipIt()
    {
        // "1\0" parses as 1 in .NET; UTF-16 text without its byte order mark, read as UTF-8, has a NUL in every cell.
        var feature = ReadFails("a,target\n1\0,0\n", WithTarget);
        var label = ReadFails("a,target\n1,0\0\n", WithTarget);

        AssertAt(feature, line: 2, row: 0, column: 0);
        AssertAt(label, line: 2, row: 0, column: 1);
        Assert.Contains("the cell holds NUL characters, as a UTF-16 file read as UTF-8 does", feature.Message);
        Assert.Contains("the cell holds NUL characters", label.Message);
    }

    [TestMethod]
    public void AHeaderNameHoldingNulIsRefusedAsACellIs()
    {
        var error = ReadFails("a,x\0y\n1,2\n");

        StringAssert.StartsWith(error.Message, $"{Source}, line 1, column 2 (index 1): the cell holds NUL characters, as a UTF-16 file read as UTF-8 does");
        Assert.IsNull(error.Row);
        Assert.AreEqual(1, error.Column);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(" ")]
    public void ABlankSourceNameIsRefused(string sourceName)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), sourceName: sourceName));

        Assert.AreEqual("sourceName", error.ParamName);
        StringAssert.StartsWith(error.Message, "The source name is blank");
        StringAssert.Contains(error.Message, "leave it null for \"CSV input\"");
    }

    [TestMethod]
    public void AFileThatIsNotUtf8IsRefusedAtTheLineHoldingTheBytesNotReadWithReplacementCharacters()
    {
        // "dé" as Latin-1 and Windows-1252 save it: é is the byte 0xE9, which UTF-8 never has alone.
        byte[] rows = [.. Enumerable.Range(0, 5000).SelectMany(i => System.Text.Encoding.ASCII.GetBytes($"{i},{i}\n"))];
        byte[] latin1Header = [.. "a,d"u8, 0xE9, (byte)'\n', .. rows];
        byte[] markedLatin1Header = [0xEF, 0xBB, 0xBF, .. latin1Header];
        byte[] latin1Row = [.. "a,b\n"u8, .. rows, .. "1,2"u8, 0xE9, (byte)'\n'];
        byte[] utf16 = [.. System.Text.Encoding.Unicode.Preamble, .. System.Text.Encoding.Unicode.GetBytes("a,b,dé\U0010FF41\n1,2,3\n")];
        byte[] replacementCharacterFirst = [.. System.Text.Encoding.UTF8.GetBytes("a\uFFFD,b\n"), .. rows, .. "1,2"u8, 0xE9, 0xE8, (byte)'\n'];

        var header = Assert.ThrowsExactly<VaeDataException>(() => ReadStream(latin1Header));
        var marked = Assert.ThrowsExactly<VaeDataException>(() => ReadStream(markedLatin1Header));
        var row = Assert.ThrowsExactly<VaeDataException>(() => ReadStream(latin1Row));
        VaeDataset beforeTheRow = ReadStream(latin1Row, maxRows: 5000);

        Assert.Contains($"{Source}, line 1: the line holds bytes that are not UTF-8 text (0xE9)", header.Message);
        Assert.Contains("save it as UTF-8", header.Message);
        Assert.Contains($"{Source}, line 1: the line holds bytes that are not UTF-8", marked.Message, "a UTF-8 byte order mark does not relax the decoding");
        Assert.Contains($"{Source}, line 5002: the line holds bytes that are not UTF-8", row.Message);
        Assert.AreEqual(5000, beforeTheRow.RowCount, "the rows a reading stops before are not judged");
        CollectionAssert.AreEqual(new[] { "a", "b", "dé\U0010FF41" }, ReadStream(utf16).FeatureNames!.ToArray(), "a byte order mark still names its encoding, whose text holds no escapes");
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes("a,b,dé\U0010FF41\n1,2,3\n");
        CollectionAssert.AreEqual(new[] { "a", "b", "dé\U0010FF41" }, ReadStream(utf8).FeatureNames!.ToArray(), "valid UTF-8 keeps its own characters of the escapes' range");
        Assert.AreEqual(10, ReadStream(replacementCharacterFirst, maxRows: 10).RowCount, "U+FFFD itself is UTF-8 text");
        Assert.Contains(
            $"{Source}, line 5002: the line holds bytes that are not UTF-8 text (0xE9, 0xE8)",
            Assert.ThrowsExactly<VaeDataException>(() => ReadStream(replacementCharacterFirst)).Message);

        static VaeDataset ReadStream(byte[] bytes, int? maxRows = null) =>
            CsvDatasetReader.ReadDescribingFeatures(new MemoryStream(bytes), new CsvDatasetOptions { MaxRows = maxRows }, Source).Data;
    }

    [TestMethod]
    [DataRow("utf-16", "0x00, 0xD8")]
    [DataRow("utf-16BE", "0xD8, 0x00")]
    [DataRow("utf-32", "0x00, 0xD8, 0x00, 0x00")]
    [DataRow("utf-32BE", "0x00, 0x00, 0xD8, 0x00")]
    public void HalfASurrogatePairInAFileItsByteOrderMarkSaysIsUtf16Or32IsRefusedAtItsLine(string encodingName, string bytes)
    {
        // Two categories that differ only in their broken character would otherwise both be read as "x\uFFFD", one category.
        var encoding = System.Text.Encoding.GetEncoding(encodingName);
        byte[] valid = [.. encoding.Preamble, .. encoding.GetBytes("a,c\n1,x\U0001F600\n2,y\n")];
        byte[] broken = [.. valid, .. Units("3,x\uD800\n"), .. encoding.GetBytes("4,x\n")];
        var options = new CsvDatasetOptions { CategoricalColumnNames = ["c"] };

        VaeDataset read = CsvDatasetReader.ReadDescribingFeatures(new MemoryStream(valid), options, Source).Data;
        var error = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.ReadDescribingFeatures(new MemoryStream(broken), options, Source));

        CollectionAssert.AreEqual(new[] { "a", "c=x\U0001F600", "c=y" }, read.FeatureNames!.ToArray());
        Assert.Contains($"{Source}, line 4: the line holds bytes that are not {encoding.WebName[..6].ToUpperInvariant()} text ({bytes}), which its byte order mark names", error.Message);

        // The encoder refuses to write half a pair, so the text's UTF-16 units are laid out as the encoding lays out characters.
        IEnumerable<byte> Units(string text) => text.SelectMany(unit =>
        {
            byte[] little = encodingName.StartsWith("utf-32", StringComparison.Ordinal) ? BitConverter.GetBytes((int)unit) : BitConverter.GetBytes(unit);
            return encodingName.EndsWith("BE", StringComparison.Ordinal) ? little.Reverse() : little;
        });
    }

    [TestMethod]
    [DataRow("Größe,Stadt,n\n1,Bär,0\n2,Köln,1\n", null, 1, null, 0, "name", "Gr\uFFFD\uFFFDe")]
    [DataRow("g,Stadt,n\n1,Bär,0\n2,Bör,1\n", "Stadt", 2, 0, 1, "category", "B\uFFFDr")]
    [DataRow("g,n,Stadt\n1,0,Bär\n2,1,Bör\n", "label", 2, 0, 2, "label", "B\uFFFDr")]
    [DataRow("g,n,Stadt\n1,0,Bär\n2,1,Bör\n", "id", 2, 0, 2, "id", "B\uFFFDr")]
    public void ACallersReaderOfAnotherEncodingThanTheFilesIsRefusedWhereItsReplacementCharactersWouldMergeTexts(
        string text, string? role, int line, int? row, int column, string what, string garbled)
    {
        // The text as Windows-1252 (and Latin-1) saves it, read through a StreamReader, which decodes UTF-8 by default
        // and makes U+FFFD of the bytes that are not UTF-8: "Bär" and "Bör" would become one category, class or id.
        byte[] latin1 = System.Text.Encoding.Latin1.GetBytes(text);
        var options = role switch
        {
            "Stadt" => new CsvDatasetOptions { CategoricalColumnNames = ["Stadt"] },
            "label" => new CsvDatasetOptions { LabelColumnName = "Stadt" },
            "id" => new CsvDatasetOptions { IdColumnName = "Stadt" },
            _ => new CsvDatasetOptions { ExcludedColumnNames = ["Stadt"] },
        };

        var error = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(new StreamReader(new MemoryStream(latin1)), options, Source));
        VaeDataset rightlyDecoded = CsvDatasetReader.Read(new StreamReader(new MemoryStream(latin1), System.Text.Encoding.Latin1), options, Source);

        Assert.Contains($"{Source}, line {line}, column {column + 1}", error.Message);
        Assert.AreEqual(row, error.Row);
        Assert.AreEqual(column, error.Column);
        Assert.Contains(
            $"the {what} \"{garbled}\" holds U+FFFD, the character a decoder puts where bytes are not text in its encoding, so the text was most likely decoded with another encoding "
            + "than the file was saved in (Latin-1 or Windows-1252, as some spreadsheet programs save CSV, read as UTF-8), "
            + $"which would make one {what} of two that differ only there; open the reader with the file's encoding (Encoding.Latin1, or Windows-1252 from CodePagesEncodingProvider), "
            + "or save the file as UTF-8.",
            error.Message);
        Assert.AreEqual(2, rightlyDecoded.RowCount);
    }

    [TestMethod]
    public void AReplacementCharacterInAFeatureCellOrAColumnLeftOutIsNoMatterOfTheCallersReader()
    {
        // Only names, categories, class names and ids are merged by it; a number holding it is no number, and a column left
        // out is not read.
        var options = new CsvDatasetOptions { ExcludedColumnNames = ["note"] };

        VaeDataset read = CsvDatasetReader.Read(new StringReader("a,note\n1,B\uFFFDr\n"), options, Source);
        var notANumber = ReadFails("a,b\n1,2\uFFFD\n");

        Assert.AreEqual(1, read.RowCount);
        Assert.Contains("the cell \"2\uFFFD\" is not a number", notANumber.Message);
    }

    [TestMethod]
    public void AHugeCellOrColumnNameIsQuotedCutShort()
    {
        string cell = new('7', 100_000);
        string name = new('n', 100_000);

        var notANumber = ReadFails($"a,target\n{cell}x,0\n", WithTarget);
        var notFinite = ReadFails($"a,target\n{cell},0\n", WithTarget);
        var notALabel = ReadFails($"a,target\n1,{cell}\n", WithTarget);
        var noColumn = ReadFails($"{name},target\n1,0\n", new CsvDatasetOptions { LabelColumnName = "target", FeatureColumnNames = [name + "m"] });
        var inNamedColumn = ReadFails($"{name},target\nx,0\n", WithTarget);
        var ambiguous = ReadFails($"{name},{name},target\n1,2,0\n", new CsvDatasetOptions { LabelColumnName = "target", FeatureColumnNames = [name] });

        Assert.Contains($"the cell \"{cell[..ShortListCharacters]}…\" is not a number", notANumber.Message);
        Assert.Contains($"the label \"{cell[..ShortListCharacters]}…\"", notALabel.Message);
        Assert.Contains($"there is no column named \"{name[..ShortListCharacters]}…\"", noColumn.Message);
        Assert.Contains($"column 1 (\"{name[..ShortListCharacters]}…\")", inNamedColumn.Message);
        Assert.IsNull(inNamedColumn.CategoricalColumnsToRead, "a name that long is no setting to paste from a message");
        Assert.Contains($"the feature column name \"{name[..ShortListCharacters]}…\" is ambiguous", ambiguous.Message);
        foreach (VaeDataException error in new[] { notANumber, notFinite, notALabel, noColumn, inNamedColumn, ambiguous })
        {
            Assert.IsLessThan(1000, error.Message.Length, error.Message[..Math.Min(1000, error.Message.Length)]);
        }
    }

    [TestMethod]
    public void CommaDecimalIsNotANumberWhateverTheCulture()
    {
        var error = ReadFails("a;b\n1,5;2\n", new CsvDatasetOptions { Separator = ';' });
        AssertAt(error, line: 2, row: 0, column: 0);
        Assert.Contains("\"1,5\" is not a number", error.Message);
    }

    [TestMethod]
    [DataRow("1,,0")]
    [DataRow("1,  ,0")]
    public void EmptyCellIsLocated(string dataLine)
    {
        var error = ReadFails($"a,b,target\n{dataLine}\n", WithTarget);
        AssertAt(error, line: 2, row: 0, column: 1);
        Assert.Contains("the cell is empty", error.Message);
    }

    [TestMethod]
    [DataRow("a\tb\n1\t2\n\t\n", 3)]
    [DataRow("a\tb\n\t\n1\t2\n", 2)]
    [DataRow("a\tb\n1\t2\n \t \n", 3)]
    public void ALineOfTabsInATsvIsARowOfEmptyCellsNotABlankLine(string text, int line)
    {
        var error = ReadFails(text, new CsvDatasetOptions { Separator = '\t' });

        AssertAt(error, line, row: line - 2, column: 0);
        Assert.Contains("the cell is empty", error.Message);
    }

    [TestMethod]
    [DataRow("NaN")]
    [DataRow("nan")]
    [DataRow("-nan")]
    [DataRow("-Infinity")]
    [DataRow("inf")]
    [DataRow("-inf")]
    [DataRow("INF")]
    [DataRow("+inf")]
    [DataRow(" Inf ")]
    public void NonFiniteCellIsRejected(string cell)
    {
        var error = ReadFails($"a,b\n1,2\n3,4\n5,{cell}\n");
        AssertAt(error, line: 4, row: 2, column: 1);
        StringAssert.EndsWith(error.Message, $"the cell \"{cell}\" is not finite; every feature must be a finite number (impute or drop missing values first).");
    }

    [TestMethod]
    [DataRow("1e39")]
    [DataRow("-3.5e38")]
    [DataRow("1e400")]
    public void CellBeyondFloat32IsRejectedWithAScalingRemedy(string cell)
    {
        var error = ReadFails($"a,b\n1,2\n3,4\n5,{cell}\n");
        AssertAt(error, line: 4, row: 2, column: 1);
        StringAssert.EndsWith(
            error.Message,
            $"the cell \"{cell}\" is beyond the range of a 32-bit float (its largest is 3.4e38), so it would read as infinity; every feature must be a number a 32-bit float holds: "
            + "divide the feature by a power of ten that brings its values near 1 (take the logarithm of one that spans many powers of ten).");
    }

    [TestMethod]
    [DataRow("2.697867e-47")]
    [DataRow(" -1e-50 ")]
    [DataRow("0.0001e-42")]
    [DataRow("1e-400")]
    public void NonzeroCellThatReadsAsZeroIsRejected(string cell)
    {
        var error = ReadFails($"a,b\n1,0\n3,4\n5,{cell}\n");
        AssertAt(error, line: 4, row: 2, column: 1);
        Assert.Contains($"\"{cell}\" is nearer 0 than a 32-bit float holds (its smallest is 1.4e-45), so it would read as 0; every feature must be a number a 32-bit float holds", error.Message);
        Assert.Contains("multiply the feature by a power of ten that brings its values near 1", error.Message);
    }

    [TestMethod]
    public void ZerosAsWrittenAndSubnormalsAreReadAsTheyAre()
    {
        VaeDataset data = CsvDatasetReader.Read(new StringReader("a\n0\n-0.000\n+0e-99\n0e5\n1E-45\n1.1754942E-38\n"));

        CollectionAssert.AreEqual(new[] { 0f, -0f, 0f, 0f, float.Epsilon, 1.1754942E-38f }, data.ToArray());
    }

    [TestMethod]
    public void RowWithTooManyCellsIsRagged()
    {
        var error = ReadFails("a,b,c\n1,2,3\n4,5,6,7\n");
        Assert.Contains($"{Source}, line 3: expected 3 columns, as in the header, but got 4", error.Message);
        Assert.AreEqual(1L, error.Row);
        Assert.AreEqual(3, error.Column);
    }

    [TestMethod]
    [DataRow("a b c\n1  2 3\n", ' ', 2)]
    [DataRow("a,b,c\n1,2,3\n4,,5,6\n", ',', 2)]
    [DataRow("a;b\n1;2;;\n", ';', 3)]
    public void AnEmptyCellAmongTooManyIsTakenForADoubledSeparatorNotATitle(string csv, char separator, int emptyCell)
    {
        var error = ReadFails(csv, new CsvDatasetOptions { Separator = separator });

        StringAssert.EndsWith(error.Message, $"cells. Cell {emptyCell} is empty, as two '{separator}' in a row make; put one '{separator}' between cells.");
    }

    [TestMethod]
    [DataRow("a b\n 1 2\n", ' ')]
    [DataRow("a,b\n,1,2\n", ',')]
    public void AnEmptyFirstCellAmongTooManyIsTakenForALeadingSeparatorNotATitle(string csv, char separator)
    {
        var error = ReadFails(csv, new CsvDatasetOptions { Separator = separator });

        StringAssert.EndsWith(error.Message, $"cells. Cell 1 is empty, as a '{separator}' starting the line makes; start the line with its first cell.");
    }

    [TestMethod]
    [DataRow(' ', "' '")]
    [DataRow('\t', "tab")]
    public void AnEmptyCellOfAFileSplitOnWhitespaceIsToldRunsOfItMakeEmptyCells(char separator, string named)
    {
        // UCI's housing.data lines its columns up with spaces, one before the first.
        var feature = ReadFails(" 0.00632  18.00   2.310\n".Replace(' ', separator), new CsvDatasetOptions { HasHeader = false, Separator = separator });
        var label = ReadFails($"y{separator}x\n{separator}1\n", new CsvDatasetOptions { Separator = separator, LabelColumnName = "y" });
        var comma = ReadFails("a,b\n1,\n");

        AssertAt(feature, line: 1, row: 0, column: 0);
        StringAssert.EndsWith(
            feature.Message,
            $"the cell is empty; every feature must be a number (impute or drop missing values first). Runs of {named}, or one starting the line, make empty cells too: separate the file's cells by exactly one {named}.");
        StringAssert.EndsWith(label.Message, $"(drop unlabelled rows first). Runs of {named}, or one starting the line, make empty cells too: separate the file's cells by exactly one {named}.");
        Assert.DoesNotContain("Runs of", comma.Message, "a comma-separated file's empty cell is a missing value");
    }

    [TestMethod]
    public void RowWithTooFewCellsIsRaggedAgainstTheFirstRowWithoutHeader()
    {
        var error = ReadFails("1,2,3\n4,5\n", new CsvDatasetOptions { HasHeader = false });
        Assert.Contains("line 2: expected 3 columns, as in the first row, but got 2", error.Message);
        Assert.AreEqual(1L, error.Row);
        Assert.AreEqual(2, error.Column);
    }

    [TestMethod]
    public void UnknownLabelNameListsTheColumns()
    {
        var error = ReadFails("a,b,label\n1,2,0\n", WithTarget);
        Assert.Contains($"{Source}, line 1 (header): there is no column named \"target\" to use as the label; the 3 columns are \"a\", \"b\", \"label\".", error.Message);
    }

    [TestMethod]
    public void AMistypedNameIsToldTheClosestColumnsAndAWideHeaderIsCutShort()
    {
        string header = string.Join(',', Enumerable.Range(0, 784).Select(i => $"pixel{i}")) + ",label";

        var error = ReadFails($"{header}\n{string.Join(',', Enumerable.Repeat(0, 785))}\n", new CsvDatasetOptions { LabelColumnName = "lable" });

        Assert.Contains("there is no column named \"lable\" to use as the label; did you mean \"label\"? The 785 columns are \"pixel0\", \"pixel1\", \"pixel2\", \"pixel3\", \"pixel4\" and 780 more.", error.Message);
        Assert.IsLessThan(300, error.Message.Length, error.Message);
    }

    [TestMethod]
    public void AFeatureNameWhoseAccentsTheHeaderDecomposesIsToldSo()
    {
        var error = ReadFails("x,Gro\u0308\u00DFe\n1,2\n", new CsvDatasetOptions { FeatureColumnNames = ["x", "Gr\u00F6\u00DFe"] });

        Assert.Contains("writes its accents composed (NFC), but the header's names write them decomposed, each a letter followed by a combining mark, as \"Gro\\u0308\u00DFe\"", error.Message);
        Assert.Contains("uconv -x NFC", error.Message);
    }

    [TestMethod]
    public void AMistypedDevanagariNameGetsNoHintOfAccents()
    {
        var error = ReadFails("\u0928\u093E\u092E,\u0909\u092E\u094D\u0930\n1,2\n", new CsvDatasetOptions { FeatureColumnNames = ["\u0928\u092E"] });

        Assert.Contains("there is no column named \"\u0928\u092E\"", error.Message);
        Assert.DoesNotContain("accents", error.Message);
    }

    [TestMethod]
    public void UnknownFeatureNameListsTheColumns()
    {
        var error = ReadFails("a,b\n1,2\n", new CsvDatasetOptions { FeatureColumnNames = ["a", "B"] });
        Assert.Contains("no column named \"B\" to use as a feature; did you mean \"b\"? The 2 columns are \"a\", \"b\". Names are case-sensitive.", error.Message);
    }

    [TestMethod]
    public void AmbiguousNameIsRejected()
    {
        var error = ReadFails("a,x,x\n1,2,3\n", new CsvDatasetOptions { FeatureColumnNames = ["x"] });
        Assert.Contains("columns 2 and 3 both have it", error.Message);
    }

    [TestMethod]
    public void ACellOfAFileWithoutHeaderIsNamedByItsIndexToo()
    {
        var error = ReadFails("1,2,3\n4,x,6\n", new CsvDatasetOptions { HasHeader = false, FeatureColumnIndices = [1, 2] });
        AssertAt(error, line: 2, row: 1, column: 1);
        Assert.Contains("line 2, column 2 (index 1):", error.Message, "the 1-based column an editor shows, and the 0-based index FeatureColumnIndices takes");
    }

    [TestMethod]
    public void AnUnclosedQuoteBeyondTheHeaderIsLocated()
    {
        var error = ReadFails("a,b\n1,2,\"3\n", new CsvDatasetOptions());
        AssertAt(error, line: 2, row: 0, column: 2);
        Assert.Contains("column 3 (index 2): the quote opened on line 2 is never closed", error.Message);
    }

    [TestMethod]
    public void AFeatureColumnListedTwiceIsRejected()
    {
        var byName = ReadFails("a,b,target\n1,2,0\n", new CsvDatasetOptions { FeatureColumnNames = ["a", "b", "a"] });
        Assert.Contains("line 1 (header): column 1 (\"a\") is listed twice as a feature column", byName.Message);

        var byIndex = ReadFails("1,2\n", new CsvDatasetOptions { HasHeader = false, FeatureColumnIndices = [1, 1] });
        Assert.Contains("line 1 (first row): column 2 (index 1) is listed twice as a feature column", byIndex.Message);
    }

    [TestMethod]
    public void TheLabelColumnCannotAlsoBeAFeature()
    {
        var error = ReadFails("a,target\n1,0\n", new CsvDatasetOptions { LabelColumnName = "target", FeatureColumnNames = ["target", "a"] });
        Assert.Contains("column 2 (\"target\") is the label column, so it cannot also be a feature column", error.Message);
    }

    [TestMethod]
    public void IndexBeyondTheColumnsIsRejected()
    {
        var error = ReadFails("1,2\n", new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 2 });
        Assert.Contains("line 1 (first row): the label column index 2 is out of range; the file has 2 columns", error.Message);
    }

    [TestMethod]
    public void LabelAsOnlyColumnLeavesNoFeatures()
    {
        var error = ReadFails("target\n1\n", WithTarget);
        Assert.Contains("no feature columns remain", error.Message);
    }

    [TestMethod]
    [DataRow("1.5", "is a number but not an integer; labels are classes, integer ids (0, 1, 2, …) or names")]
    [DataRow("1e-400", "is a number but not an integer;")]
    [DataRow("0.99999999999999999", "is a number but not an integer;")]
    [DataRow("15e-1", "is a number but not an integer;")]
    [DataRow("9007199254740993.5", "is a number but not an integer;")]
    [DataRow("1e10", "is beyond the range of class ids, -2147483648 to 2147483647;")]
    [DataRow("-3000000000", "is beyond the range of class ids, -2147483648 to 2147483647;")]
    [DataRow("1e400", "is beyond the range of class ids, -2147483648 to 2147483647;")]
    [DataRow("-.5e400", "is beyond the range of class ids, -2147483648 to 2147483647;")]
    [DataRow("Infinity", "is a number but not an integer;")]
    public void ALabelThatIsANumberButNoClassIdAmongNumbersSaysWhy(string label, string why)
    {
        // The rows after it are read first: a label that is text would make every label a class name.
        var error = ReadFails($"a,target\n1,0\n2,{label}\n3,1\n4,2.5\n", WithTarget);
        AssertAt(error, line: 3, row: 1, column: 1);
        Assert.Contains($"(\"target\"): the label \"{label}\" {why}", error.Message);
    }

    [TestMethod]
    [DataRow("a,target\n1,0\n2,NA\n3,1\n", 3, 1, "NA", DisplayName = "Below class ids")]
    [DataRow("a,target\n1, ? \n2,0\n3,1\n", 2, 0, "?", DisplayName = "Above class ids")]
    public void AMissingValueMarkerAmongNumericLabelsIsToldAsAMissingLabelNotTakenForAClass(string text, int line, int row, string marker)
    {
        var error = ReadFails(text, WithTarget);

        AssertAt(error, line, row, column: 1);
        Assert.Contains(
            $"(\"target\"): the label \"{marker}\" looks like a missing value, the column's other labels being numbers; every row needs a label, a class id or name (drop unlabelled rows first; "
            + "if it names a class of its own, rename that class to a word no missing value is written as).",
            error.Message);
    }

    /// <summary>No label being a number, the markers were told as a label missing "beside numbers", with none to be beside.</summary>
    [TestMethod]
    public void LabelsThatAreAllMarkersAreClasses()
    {
        VaeDataset data = CsvDatasetReader.Read(new StringReader("a,target\n1,?\n2,NA\n3,?\n"), WithTarget);

        CollectionAssert.AreEqual(new[] { "?", "NA" }, data.LabelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 0 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void AMissingValueMarkerBesideTextLabelsIsAClass()
    {
        VaeDataset data = CsvDatasetReader.Read(new StringReader("a,target\n1,yes\n2,?\n3,1\n"), WithTarget);

        CollectionAssert.AreEqual(new[] { "1", "?", "yes" }, data.LabelNames!.ToArray());
    }

    [TestMethod]
    [DataRow(true, "ExcludedColumnNames")]
    [DataRow(false, "ExcludedColumnIndices")]
    public void AMeasurementReadAsTheLabelIsAdvisedOutOfTheFeaturesNotIntoThem(bool hasHeader, string exclude)
    {
        string text = hasHeader ? "a,target\n1,151.5\n" : "1,151.5\n";
        var options = hasHeader ? WithTarget : new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 1 };

        var error = ReadFails(text, options);

        StringAssert.Contains(error.Message, $"so a column of measurements is no label: leave it out of the features ({exclude}), as a target to predict must be, or map its values to class ids first.");
        Assert.DoesNotContain("without a label column", error.Message, "a file read without a label column takes the target as a feature");
        StringAssert.EndsWith(error.Message, "Reading it as a feature instead makes it an input of the model, which every file the model reads must then hold: do that only if it is meant as one.");
    }

    [TestMethod]
    public void LabelsWrittenAsFloatingPointIntegersAreClassIds()
    {
        VaeDataset data = CsvDatasetReader.Read(new StringReader("a,target\n1,2.0\n2,2.000000e+00\n3,1.5e1\n4,20e-1\n5,-0.0\n6, 7 \n7,0e99999999999\n"), WithTarget);

        CollectionAssert.AreEqual(new[] { 2, 2, 15, 2, 0, 7, 0 }, data.Labels!.ToArray());
    }

    [TestMethod]
    [DataRow("a;b\n0.5;1\n", ',', "The cell holds ';': if the file separates its cells with ';', set the separator to ';'.")]
    [DataRow("a\tb\n0.5\t1\n", ',', "The cell holds tab: if the file separates its cells with tab, set the separator to tab.")]
    [DataRow("a,b\n0.5,1\n", ';', "The cell holds ',': if the file separates its cells with ',', set the separator to ','.")]
    public void ALineLeftWholeByTheSeparatorSuggestsTheOneItHolds(string text, char separator, string advice)
    {
        var error = ReadFails(text, new CsvDatasetOptions { Separator = separator });
        AssertAt(error, line: 2, row: 0, column: 0);
        StringAssert.EndsWith(error.Message, advice);
    }

    [TestMethod]
    [DataRow("a;b;target\n0.5;1;0\n", true, "line 1 (header): there is no column named \"target\" to use as the label; the only column is \"a;b;target\".")]
    [DataRow("0.5;1;0\n", false, "line 1 (first row): the label column index 2 is out of range; the file has 1 column")]
    public void AColumnMissingFromALineLeftWholeSuggestsTheSeparatorItHolds(string text, bool hasHeader, string problem)
    {
        var error = ReadFails(text, hasHeader ? WithTarget : new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 2 });

        Assert.Contains(problem, error.Message);
        string what = hasHeader ? "header" : "first row";
        StringAssert.EndsWith(
            error.Message,
            $"The {what} holds ';': if the file separates its cells with ';', set the separator to ';'. If line 1 is a title or a note rather than the {what}, pass over the lines up to it with SkipLines = 1.");
    }

    [TestMethod]
    public void TooFewFeatureColumnsInALineLeftWholeSuggestTheSeparatorItHolds()
    {
        var error = ReadFails("0.5;1;0\n", new CsvDatasetOptions { HasHeader = false, FeatureColumnCount = 3 });

        Assert.AreEqual(1, error.FeatureColumnsChosen);
        Assert.Contains("line 1 (first row): the options choose 1 feature column, but 3 are asked for (FeatureColumnCount); choose as many.", error.Message);
        StringAssert.EndsWith(
            error.Message,
            "The first row holds ';': if the file separates its cells with ';', set the separator to ';'. If line 1 is a title or a note rather than the first row, pass over the lines up to it with SkipLines = 1.");
        Assert.AreEqual(" The first row holds ';': if the file separates its cells with ';', set the separator to ';'.", error.SeparatorAdvice);
    }

    [TestMethod]
    public void KnownCategoriesMissingFromAFirstRowLeftWholeSuggestTheSeparatorItHolds()
    {
        VaeDataset training = CsvDatasetReader.Read(new StringReader("1,b,2\n3,a,4\n"), new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });

        var error = ReadFails("7;a;8\n", new CsvDatasetOptions { HasHeader = false, Categories = training.CategoricalFeatures });

        Assert.Contains("no feature column would start at feature 1, where Categories entry 0 starts;", error.Message);
        StringAssert.EndsWith(
            error.Message,
            "The first row holds ';': if the file separates its cells with ';', set the separator to ';'. If line 1 is a title or a note rather than the first row, pass over the lines up to it with SkipLines = 1.");
    }

    [TestMethod]
    public void ARowOfDecimalCommasUnderAHeaderLeftWholeSuggestsTheSeparatorTheHeaderHolds()
    {
        var error = ReadFails("a;b\n1,5;2\n");
        Assert.Contains("line 2: expected 1 column, as in the header, but got 2;", error.Message);
        StringAssert.EndsWith(error.Message, "The header holds ';': if the file separates its cells with ';', set the separator to ';'.");
    }

    [TestMethod]
    public void AOneCellLineAboveRowsTheSeparatorSplitsIsTakenForATitle()
    {
        // UCI Adult's test file: the '|' of its first line is no separator, as the rows below hold none.
        const string Adult = "|1x3 Cross validator\n39,77516,13\n";
        var error = ReadFails(Adult);
        var headerless = ReadFails(Adult, new CsvDatasetOptions { HasHeader = false });

        // Below rows that matched a one-column header, a line of more cells is its own fault; a note holding the separator
        // is a header of too few cells; one cell more is a trailing separator or a decimal comma, not a title.
        var stray = ReadFails("x\n0.1\n0.5,0.2\n");
        var note = ReadFails("Survey data, 2020\n1,2,3,4\n");
        var trailing = ReadFails("a,b\n1,2,\n");
        var titleAboveNames = ReadFails("My data\nx,y\n1,2\n");

        Assert.Contains("line 2: expected 1 column, as in the header, but got 3;", error.Message);
        StringAssert.EndsWith(error.Message, "If line 1 is a title or a note rather than the header, pass over the lines up to it with SkipLines = 1.");
        Assert.DoesNotContain("set the separator", error.Message);
        StringAssert.EndsWith(headerless.Message, "If line 1 is a title or a note rather than the first row, pass over the lines up to it with SkipLines = 1.");
        Assert.DoesNotContain("SkipLines", stray.Message);
        StringAssert.EndsWith(note.Message, "If line 1 is a title or a note rather than the header, pass over the lines up to it with SkipLines = 1.");
        Assert.DoesNotContain("SkipLines", trailing.Message);
        StringAssert.EndsWith(trailing.Message, "but got 3; every line needs the same number of ','-separated cells. The line ends with ',', which adds an empty last cell; remove the trailing separator.");
        StringAssert.EndsWith(titleAboveNames.Message, "If line 1 is a title or a note rather than the header, pass over the lines up to it with SkipLines = 1.");
    }

    [TestMethod]
    public void ANoteHoldingTheSeparatorAboveTheHeaderIsToldWhenAColumnIsAskedForByName()
    {
        // The note reads as a header of two cells; the header below it has five, the rows under it as many.
        var note = ReadFails("Iris data, from UCI\na,b,c,d,target\n1,2,3,4,0\n", WithTarget);
        var byIndex = ReadFails("Iris data, from UCI\na,b,c,d,target\n1,2,3,4,0\n", new CsvDatasetOptions { LabelColumnIndex = 4 });
        var lacking = ReadFails("a,b,c,d,e\n1,2,3,4,0\n", WithTarget);
        var headerOnly = ReadFails("Iris data, from UCI\n", WithTarget);

        Assert.Contains("line 1 (header): there is no column named \"target\" to use as the label; the 2 columns are \"Iris data\", \"from UCI\".", note.Message);
        StringAssert.EndsWith(note.Message, "Names are case-sensitive. If line 1 is a title or a note rather than the header, pass over the lines up to it with SkipLines = 1.");
        StringAssert.EndsWith(byIndex.Message, "If line 1 is a title or a note rather than the header, pass over the lines up to it with SkipLines = 1.");
        Assert.DoesNotContain("SkipLines", lacking.Message);
        Assert.Contains("line 1 (header): there is no column named \"target\"", headerOnly.Message);
        Assert.DoesNotContain("SkipLines", headerOnly.Message);
    }

    [TestMethod]
    [DataRow("|1x3 Cross validator\n39,77516,13\n")]
    [DataRow("data;\n39,77516,13\n")]
    public void AnotherSeparatorThatSplitsOffOnlyBlankCellsIsNotSuggested(string text)
    {
        // UCI Adult's test file read without a header: the '|' that opens its title splits off nothing but an empty cell.
        var error = ReadFails(text, new CsvDatasetOptions { HasHeader = false, FeatureColumnIndices = [0, 1, 2] });

        Assert.Contains("line 1 (first row): the feature column index 1 is out of range; the file has 1 column", error.Message);
        Assert.DoesNotContain("set the separator", error.Message);
        StringAssert.EndsWith(error.Message, "If line 1 is a title or a note rather than the first row, pass over the lines up to it with SkipLines = 1.");
    }

    [TestMethod]
    [DataRow("a,b,\n0.1,0.2,\n", ',', true)]
    [DataRow("a\tb\t\n0.1\t0.2\t\n", '\t', true)]
    [DataRow("0.1,0.2, \n0.3,0.4, \n", ',', false)]
    [DataRow("a\tb\t\n1\t2\t \n", '\t', true)]
    public void ASeparatorEndingTheLinesIsToldAsSuchNotAsAMissingValue(string text, char separator, bool hasHeader)
    {
        var error = ReadFails(text, new CsvDatasetOptions { Separator = separator, HasHeader = hasHeader });

        Assert.AreEqual(2, error.Column);
        Assert.Contains($"the line ends with '{separator}', which leaves its last cell empty; if every line does, the file has no column there", error.Message);
        StringAssert.EndsWith(error.Message, "or remove the trailing separator; otherwise impute or drop missing values first.");
    }

    [TestMethod]
    public void AnEmptyLastCellUnderAFirstRowThatFillsItIsAMissingValue()
    {
        var error = ReadFails("1,2,3\n4,5,\n6,7,8\n", new CsvDatasetOptions { HasHeader = false });

        Assert.AreEqual(1L, error.Row);
        Assert.Contains("the cell is empty; every feature must be a number (impute or drop missing values first).", error.Message);
    }

    [TestMethod]
    public void AnIndexPastFloat32sExactWholeNumbersIsStillARowIndex()
    {
        // 16 777 216 and 16 777 217 are one float32, which once passed for a repeat and let the index in as a feature.
        var error = ReadFails(",a,b\n16777216,1,2\n16777217,3,4\n");

        Assert.AreEqual(0, error.Column);
        Assert.Contains("holds a different whole number in every row", error.Message);
    }

    [TestMethod]
    [DataRow("a;b\n1,5;2\n")]
    [DataRow("x\n1,5\n")]
    public void ADecimalCommaGetsNoSeparatorAdvice(string text)
    {
        var error = ReadFails(text, new CsvDatasetOptions { Separator = ';' });
        Assert.Contains("\"1,5\" is not a number", error.Message);
        Assert.DoesNotContain("set the separator", error.Message);
    }

    [TestMethod]
    [DataRow("1,2,3\n4,5,6\n", true)]
    [DataRow("0,1,2\n4,5,6\n", true)]
    [DataRow("a,1,2\n4,5,6\n", false)]
    public void AMissingNameInAHeaderOfNumbersSuggestsReadingWithoutAHeader(string text, bool numbers)
    {
        var error = ReadFails(text, new CsvDatasetOptions { LabelColumnName = "7" });
        Assert.Contains("there is no column named \"7\"", error.Message);
        Assert.AreEqual(numbers, error.Message.Contains("The header line holds only numbers: if the file has no header line, set HasHeader to false", StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("a,b,c\n1,2,3\n", "2", null, true)]
    [DataRow("a,b,c\n1,2,3\n", "2", "0,1", true)]
    [DataRow("a,b,c\n1,2,3\n", "2", "a,b", false)]
    [DataRow("a,b,c\n1,2,3\n", "two", null, false)]
    [DataRow("4,5,6\n1,2,3\n", "2", null, false)]
    public void AMissingNameThatIsAColumnIndexSuggestsReadingWithoutAHeader(string text, string label, string? features, bool advised)
    {
        var error = ReadFails(text, new CsvDatasetOptions { LabelColumnName = label, FeatureColumnNames = features?.Split(',') });

        Assert.Contains("there is no column named", error.Message);
        Assert.AreEqual(
            advised,
            error.Message.EndsWith(
                "Column indices choose columns only without a header: if the file has no header line, set HasHeader to false and give them as LabelColumnIndex, FeatureColumnIndices, CategoricalColumnIndices and ExcludedColumnIndices.",
                StringComparison.Ordinal),
            error.Message);
    }

    [TestMethod]
    [DataRow("a,b\n1,2\n", 0, 1)]
    [DataRow("note\na,b\n1,2\n", 1, 2)]
    [DataRow("a,1\n1,2\n", 0, 0)]
    [DataRow("1,2\na,b\n", 0, 0)]
    public void AFirstRowOfNamesReadWithoutAHeaderSuggestsItIsTheHeader(string text, int skipLines, int advisedLine)
    {
        var error = ReadFails(text, new CsvDatasetOptions { HasHeader = false, SkipLines = skipLines });

        Assert.Contains("is not a number", error.Message);
        Assert.AreEqual(
            advisedLine > 0,
            error.Message.EndsWith($"Line {advisedLine} looks like a header, no cell of it being a number: if it names the columns, set HasHeader to true.", StringComparison.Ordinal),
            error.Message);
    }

    [TestMethod]
    public void EmptyLabelIsLocated()
    {
        var error = ReadFails("a,target\n1,\n", WithTarget);
        AssertAt(error, line: 2, row: 0, column: 1);
        Assert.Contains("the label cell is empty", error.Message);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("\n\n  \n")]
    public void EmptyInputIsRejected(string text)
    {
        var error = ReadFails(text);
        Assert.Contains($"{Source} is empty; it must hold a header line and at least one row", error.Message);
    }

    [TestMethod]
    public void HeaderOnlyIsRejected()
    {
        var error = ReadFails("a,b,target\r\n\r\n");
        Assert.Contains("has a header but no data rows", error.Message);
        Assert.DoesNotContain("HasHeader", error.Message);
    }

    [TestMethod]
    public void ASingleRowOfNumbersTakenForTheHeaderSuggestsReadingWithoutOne()
    {
        var error = ReadFails("0.5,0.2,0.3\n");
        Assert.Contains("has a header but no data rows; add at least one row of numbers below the header. The header line holds only numbers: if the file has no header line, set HasHeader to false", error.Message);
    }

    [TestMethod]
    public void BlankLineInsideTheDataIsLocated()
    {
        var error = ReadFails("a,b\n1,2\n\n3,4\n");
        Assert.Contains($"{Source}, line 3: the line is blank but more data follows on line 4", error.Message);
        StringAssert.EndsWith(error.Message, "remove blank lines from the middle of the file.");
    }

    /// <summary>
    /// Line endings converted to Windows ones twice read as a line break and a blank line each, also where the reader's
    /// block ends between the two carriage returns or before the line feed.
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(65_532)]
    [DataRow(65_533)]
    public void LineEndingsConvertedTwiceAreNamedAsSuch(int nameLength)
    {
        string text = $"{new string('a', nameLength)},b\r\r\n1,2\r\r\n3,4\r\r\n";
        var error = ReadFails(text);
        StringAssert.EndsWith(
            error.Message,
            "line 2: the line is blank but more data follows on line 3; the lines end in \"\\r\\r\\n\", as in a file converted to Windows line endings twice, "
            + "so each line break reads as two; convert them back to \"\\r\\n\" or \"\\n\".");
    }

    [TestMethod]
    [DataRow("a,b\r1,2\r\r3,4\r", DisplayName = "carriage returns alone")]
    [DataRow("a,b\r\n1,2\r\n\r\n3,4\r\n", DisplayName = "Windows line endings")]
    public void ABlankLineBetweenSingleLineEndingsIsNotTakenForADoubledConversion(string text)
    {
        var error = ReadFails(text);
        StringAssert.EndsWith(error.Message, "line 3: the line is blank but more data follows on line 4; remove blank lines from the middle of the file.");
    }

    [TestMethod]
    [DataRow(true, "header")]
    [DataRow(false, "first row")]
    public void BlankLinesAboveTheTableAreNamedAsSuch(bool hasHeader, string first)
    {
        var error = ReadFails("\n \na,b\n1,2\n", new CsvDatasetOptions { HasHeader = hasHeader });
        StringAssert.EndsWith(error.Message, $"line 1: the line is blank but more data follows on line 3; remove the blank lines above the {first}, or pass over them with SkipLines = 2.");
    }

    [TestMethod]
    public void UnclosedQuoteIsLocated()
    {
        var error = ReadFails("a,b\n1,\"2\n");
        AssertAt(error, line: 2, row: 0, column: 1);
        Assert.Contains("the quote opened on line 2 is never closed", error.Message);
    }

    [TestMethod]
    public void TextAfterAClosingQuoteIsNotANumber()
    {
        var error = ReadFails("a,b\n1,\"2\"x\n");
        Assert.Contains("the cell \"\"2\"x\" is not a number", error.Message);
    }

    [TestMethod]
    public void ACellWithAnEscapedQuoteIsQuotedAsItReads()
    {
        var error = ReadFails("a,b\n1,\"x\"\"y\"\n");
        Assert.Contains("the cell \"x\"y\" is not a number", error.Message);
    }

    [TestMethod]
    public void FileErrorsNameThePath()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("bad.csv", "a,b\n1,x\n"u8.ToArray());

        var error = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(path));

        Assert.AreEqual(path, error.DataSource);
        Assert.Contains($"{path}, line 2, column 2 (\"b\")", error.Message);
    }

    [TestMethod]
    public void ContradictoryOptionsAreArgumentErrors()
    {
        Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { LabelColumnName = "a", LabelColumnIndex = 0 }));
        Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { FeatureColumnNames = ["a"], FeatureColumnIndices = [0] }));
        Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("1\n"), new CsvDatasetOptions { HasHeader = false, LabelColumnName = "a" }));
        var quote = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { Separator = '"' }));
        var lineBreak = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { Separator = '\r' }));
        Assert.AreEqual(("Separator", "Separator"), (quote.ParamName, lineBreak.ParamName));
        StringAssert.StartsWith(quote.Message, "The separator cannot be a double quote, which quotes cells;");
        StringAssert.StartsWith(lineBreak.Message, "The separator cannot be a line break;");
        foreach (char inNumbers in "0123456789.+-eE")
        {
            var number = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { Separator = inNumbers }));
            StringAssert.StartsWith(number.Message, $"The separator cannot be '{inNumbers}', which numbers are written with;");
        }

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { FeatureColumnIndices = [-1] }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { MaxRows = 0 }));
    }

    [TestMethod]
    public void TheIdColumnIsCheckedAsTheLabelColumnIs()
    {
        // The command line's --id-column sets these internal options; a name and an index let the name win unchecked.
        (CsvDatasetOptions Options, string ParamName, string Message)[] refused =
        [
            (new() { IdColumnName = "a", IdColumnIndex = 0 }, "IdColumnIndex", "Set IdColumnName or IdColumnIndex, not both."),
            (new() { IdColumnIndex = -1 }, "IdColumnIndex", "Column indices are zero-based and cannot be negative."),
            (new() { LabelColumnIndex = -1 }, "LabelColumnIndex", "Column indices are zero-based and cannot be negative."),
            (new() { HasHeader = false, IdColumnName = "a" }, "IdColumnName", "Columns can be chosen by name only when HasHeader is true; without a header use IdColumnIndex."),
            (new() { HasHeader = false, LabelColumnName = "a" }, "LabelColumnName", "Columns can be chosen by name only when HasHeader is true; without a header use LabelColumnIndex."),
        ];
        foreach ((CsvDatasetOptions options, string paramName, string message) in refused)
        {
            var error = Assert.Throws<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a,b\n1,2\n"), options));
            Assert.AreEqual(paramName, error.ParamName);
            StringAssert.StartsWith(error.Message, message);
        }
    }

    [TestMethod]
    public void ANullFeatureColumnNameIsAnArgumentErrorNamingTheOption()
    {
        // It surfaced as the ArgumentNullException of a dictionary's key.
        var error = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a,b\n1,2\n"), new CsvDatasetOptions { FeatureColumnNames = ["a", null!] }));
        Assert.AreEqual("FeatureColumnNames", error.ParamName);
        StringAssert.StartsWith(error.Message, "FeatureColumnNames entry 1 is null");
    }
}
