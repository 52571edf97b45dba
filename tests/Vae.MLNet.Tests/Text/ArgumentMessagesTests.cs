using Vae.MLNet.Text;

namespace Vae.MLNet.Tests.Text;

[TestClass]
public sealed class ArgumentMessagesTests
{
    [TestMethod]
    [DataRow(5, "Choose a threshold from -5 up to 0.", "Choose a threshold from -5 up to 0 (got 5).")]
    [DataRow(5, "The step is 1E-05 or more.", "The step is 1E-05 or more (got 5).")]
    [DataRow(1, "Pick a value in [0, 10].", "Pick a value in [0, 10] (got 1).")]
    [DataRow(0, "Pick a value in [0.5, 0.9].", "Pick a value in [0.5, 0.9] (got 0).")]
    [DataRow(7, "7 rows do not fit in one array.", "7 rows do not fit in one array.")]
    [DataRow(-3, "Hidden layer 0 has size -3.", "Hidden layer 0 has size -3.")]
    public void TheActualValueIsAddedUnlessTheMessageStatesIt(int actual, string message, string expected) =>
        Assert.AreEqual(expected, ArgumentMessages.Describe(new ArgumentOutOfRangeException("size", actual, message)));

    [TestMethod]
    [DataRow("Row 3, feature 0 (\"Epochs\") is NaN; lower Epochs, or set Likelihood to Gaussian.", "Row 3, feature 0 (\"Epochs\") is NaN; lower epochs, or set likelihood to Gaussian.")]
    [DataRow("no column named \"a\"b\"; the columns are \"Epochs\", \"y\"; set Likelihood.", "no column named \"a\"b\"; the columns are \"Epochs\", \"y\"; set likelihood.")]
    public void SettingsAreRenamedButNotTheDatasOwnNamesInQuotes(string message, string renamed) =>
        Assert.AreEqual(renamed, ArgumentMessages.RenameSettings(message, new Dictionary<string, string> { ["Epochs"] = "epochs", ["Likelihood"] = "likelihood" }));

    [TestMethod]
    public void TheParameterSuffixIsDropped() =>
        Assert.AreEqual("Give a name.", ArgumentMessages.Describe(new ArgumentException("Give a name.", "name")));
}
