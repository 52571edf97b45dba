using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class DecodedRowsTests
{
    // A number, then a colour column in features 1 to 3.
    private static readonly VaeCategoricalFeature[] Colour = [new("colour", 1, ["blue", "green, light", "red"])];

    private static string[] Written(DecodedRows columns, float[] rows, int rowCount)
    {
        var writer = new StringWriter();
        CsvFormat.WriteRows(writer, rowCount, CancellationToken.None, columns.Block(rows, rowCount));
        return writer.ToString().TrimEnd('\n').Split('\n');
    }

    [TestMethod]
    public void NamedColumnsAreQuotedWhereTheyHoldACommaOrAQuoteWithOrWithoutAPrefix()
    {
        var columns = new DecodedRows(3, null, ["age", "a,b", "say \"hi\""]);

        CollectionAssert.AreEqual(new[] { "age", "\"a,b\"", "\"say \"\"hi\"\"\"" }, columns.ColumnNames(named: true).ToArray());
        CollectionAssert.AreEqual(new[] { "recon_age", "\"recon_a,b\"", "\"recon_say \"\"hi\"\"\"" }, columns.ColumnNames(named: true, "recon").ToArray());
        CollectionAssert.AreEqual(new[] { "recon_0", "recon_1", "recon_2" }, columns.ColumnNames(named: false, "recon").ToArray());
    }

    [TestMethod]
    public void NumericColumnsLeaveOutTheCategoricalOnesAndAreNumberedByTheirPlaceAmongTheRowsColumns()
    {
        var named = new DecodedRows(5, Colour, ["age", "colour=blue", "colour=green, light", "colour=red", "height"]);
        var numbered = new DecodedRows(5, Colour, null);
        float[] logVariances = [1f, 9f, 9f, 9f, 2f, 3f, 9f, 9f, 9f, 4f];

        var writer = new StringWriter();
        CsvFormat.WriteRows(writer, 2, CancellationToken.None, numbered.NumericBlock(logVariances));

        CollectionAssert.AreEqual(new[] { "logvar_age", "logvar_height" }, named.NumericColumnNames(named: true, "logvar").ToArray());
        CollectionAssert.AreEqual(new[] { "logvar_0", "logvar_2" }, named.NumericColumnNames(named: false, "logvar").ToArray());
        CollectionAssert.AreEqual(new[] { "x_0", "x_1", "x_2", "logvar_0", "logvar_2" }, numbered.HeaderFollowedByNumeric("logvar").ToArray());
        Assert.AreEqual("1,2\n3,4\n", writer.ToString());
    }

    [TestMethod]
    [DataRow("age ")]
    [DataRow("line break\n")]
    [DataRow("id")]
    public void NamesThatWouldNotReadBackAsWrittenAreNumbered(string awkward)
    {
        var columns = new DecodedRows(2, null, ["id", awkward]);

        Assert.IsNull(columns.Names);
        CollectionAssert.AreEqual(new[] { "x_0", "x_1" }, columns.ColumnNames(named: true).ToArray());
    }

    [TestMethod]
    public void ACategoryHoldingALineBreakIsOneQuotedCell()
    {
        var columns = new DecodedRows(3, [new VaeCategoricalFeature("kind", 1, ["x\ny", "z"])], null);

        var writer = new StringWriter();
        CsvFormat.WriteRows(writer, 1, CancellationToken.None, columns.Block([1.5f, 0.9f, 0.1f], 1));

        Assert.AreEqual("1.5,\"x\ny\"\n", writer.ToString());
    }

    [TestMethod]
    public void ACategoricalColumnIsOneNamedColumn()
    {
        var columns = new DecodedRows(4, Colour, ["n", "colour=blue", "colour=green, light", "colour=red"]);

        CollectionAssert.AreEqual(new[] { "step", "n", "colour" }, columns.Header("step").ToArray());
        CollectionAssert.AreEqual(new[] { "x_0", "x_1" }, columns.Header("colour").Skip(1).ToArray(), "a column named as one before it");
    }

    [TestMethod]
    public void AnUnnamedCategoricalColumnAmongNamedFeaturesIsNumberedAsEveryColumn()
    {
        // Its features' names are one per feature, and the column is written as one cell.
        var columns = new DecodedRows(4, [new(null, 1, ["blue", "green", "red"])], ["n", "blue", "green", "red"]);

        Assert.IsNull(columns.Names);
        CollectionAssert.AreEqual(new[] { "x_0", "x_1" }, columns.Header().ToArray());
        Assert.AreEqual("2,green", Written(columns, [2, 0.2f, 0.7f, 0.1f], 1).Single());
    }

    [TestMethod]
    public void ACategoricalColumnIsWrittenAsItsLargestFeaturesCategoryAndAsNoneWhenAllAreZero()
    {
        var columns = new DecodedRows(5, [.. Colour, new("flag", 4, ["yes"])], null);
        float[] rows =
        [
            1.5f, 0, 1, 0, 0,
            2, 0, 0, 0, 1,
            3, 0.3f, 0.1f, 0.6f, 0,
        ];

        CollectionAssert.AreEqual(new[] { "1.5,\"green, light\",", "2,,yes", "3,red," }, Written(columns, rows, 3));
    }
}
