using System.Reflection;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class CsvDatasetOptionsCopyTests
{
    // Every property the options have, the command line's internal ones too, so that one added and left out of the
    // hand-written copy constructor fails here rather than being dropped by with.
    private static readonly PropertyInfo[] Settable =
        [.. typeof(CsvDatasetOptions).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Where(property => property.SetMethod is not null)];

    [TestMethod]
    public void TheCopyConstructorAndWithCopyEveryProperty()
    {
        CsvDatasetOptions original = EveryPropertyChanged();

        CsvDatasetOptions constructed = new(original);
        CsvDatasetOptions copiedWith = original with { };

        Assert.IsGreaterThanOrEqualTo(19, Settable.Length);
        foreach (PropertyInfo property in Settable)
        {
            object? value = property.GetValue(original);
            Assert.AreEqual(value, property.GetValue(constructed), $"the copy constructor leaves out {property.Name}");
            Assert.AreEqual(value, property.GetValue(copiedWith), $"with leaves out {property.Name}");
        }

        Assert.AreEqual(original, constructed);
        Assert.AreNotSame(original, constructed);
    }

    /// <summary>
    /// The record's generated equality compared the lists by reference, so options built alike were never equal; each
    /// property, set apart from the rest, must make them differ, so that one added and left out of Equals fails here.
    /// </summary>
    [TestMethod]
    public void OptionsAreEqualWhenEveryPropertyIsListsElementByElement()
    {
        CsvDatasetOptions BuiltAlike() => new() { FeatureColumnNames = ["a", "b"], Categories = [new VaeCategoricalFeature("size", 0, ["S", "M"])], LabelNames = ["cat"] };

        Assert.AreEqual(BuiltAlike(), BuiltAlike());
        Assert.AreEqual(BuiltAlike().GetHashCode(), BuiltAlike().GetHashCode());
        var defaults = new CsvDatasetOptions();
        foreach (PropertyInfo property in Settable)
        {
            var changed = new CsvDatasetOptions();
            property.SetValue(changed, OtherThan(property.GetValue(defaults), property));
            Assert.AreNotEqual(defaults, changed, $"Equals leaves out {property.Name}");
        }
    }

    [TestMethod]
    public void TheCopyConstructorTakesChangesInTheSameCallAsFSharpWritesThem()
    {
        var train = new CsvDatasetOptions { LabelColumnName = "target", Separator = ';' };

        var test = new CsvDatasetOptions(train) { LabelNames = ["cat", "dog"] };

        Assert.AreEqual(';', test.Separator);
        Assert.AreEqual("target", test.LabelColumnName);
        CollectionAssert.AreEqual(new[] { "cat", "dog" }, test.LabelNames!.ToArray());
        Assert.IsNull(train.LabelNames);
    }

    [TestMethod]
    public void TheCopyConstructorRefusesNullNamingTheOriginal() =>
        Assert.AreEqual("original", Assert.ThrowsExactly<ArgumentNullException>(() => new CsvDatasetOptions(null!)).ParamName);

    private static CsvDatasetOptions EveryPropertyChanged()
    {
        var defaults = new CsvDatasetOptions();
        var options = new CsvDatasetOptions();
        foreach (PropertyInfo property in Settable)
        {
            object value = OtherThan(property.GetValue(defaults), property);
            property.SetValue(options, value);
            Assert.AreNotEqual(property.GetValue(defaults), property.GetValue(options), $"{property.Name} is set to a value other than its default");
        }

        return options;
    }

    private static object OtherThan(object? defaultValue, PropertyInfo property)
    {
        Type type = property.PropertyType;
        return type switch
        {
            _ when type == typeof(bool) => !(bool)defaultValue!,
            _ when type == typeof(int) || type == typeof(int?) => (defaultValue as int? ?? 0) + 7,
            _ when type == typeof(char) => (char)((char)defaultValue! + 1),
            _ when type == typeof(string) => "column",
            _ when type == typeof(IReadOnlyList<string>) => new[] { "a", "b" },
            _ when type == typeof(IReadOnlyList<int>) => new[] { 3 },
            _ when type == typeof(IReadOnlyList<VaeCategoricalFeature>) => new[] { new VaeCategoricalFeature("size", 0, ["S", "M"]) },
            _ when type == typeof(Func<IReadOnlyList<string>, IReadOnlyList<string>?>) => (Func<IReadOnlyList<string>, IReadOnlyList<string>?>)(header => header),
            _ => throw new AssertFailedException($"{property.Name} is of a type this test cannot yet give a value: add one for {type}."),
        };
    }
}
