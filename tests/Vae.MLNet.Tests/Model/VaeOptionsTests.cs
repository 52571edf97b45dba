using System.Reflection;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class VaeOptionsTests
{
    [TestMethod]
    public void SettingsOnlyCopiesEverySettingIntoAPlainVaeOptions()
    {
        var defaults = new VaeOptions();
        var derived = new OptionsWithCallback { Callback = new Progress<int>() };
        PropertyInfo[] settings = typeof(VaeOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        foreach (PropertyInfo setting in settings)
        {
            setting.SetValue(derived, OtherValue(setting.PropertyType, setting.GetValue(defaults)));
        }

        VaeOptions copy = derived.SettingsOnly();

        Assert.AreEqual(typeof(VaeOptions), copy.GetType());
        foreach (PropertyInfo setting in settings)
        {
            object? expected = setting.GetValue(derived);
            object? actual = setting.GetValue(copy);
            if (expected is int[] array)
            {
                Assert.AreNotSame(array, actual, $"{setting.Name} is shared, not copied.");
                CollectionAssert.AreEqual(array, (int[]?)actual, setting.Name);
            }
            else
            {
                Assert.AreEqual(expected, actual, setting.Name);
            }
        }
    }

    [TestMethod]
    public void TrainerAndModelKeepPlainOptionsWhenGivenADerivedClass()
    {
        var options = new OptionsWithCallback
        {
            HiddenLayerSizes = [4],
            LatentDimension = 1,
            Epochs = 1,
            NumberOfThreads = 1,
            Callback = new Progress<int>(),
        };
        var trainer = new VaeTrainer(options);

        VaeModel model = trainer.Fit(VaeDataset.FromArray([0f, 1f, 1f, 0f], 2));

        Assert.AreEqual(typeof(VaeOptions), trainer.Options.GetType());
        Assert.AreEqual(typeof(VaeOptions), model.Options.GetType());
    }

    [TestMethod]
    public void ACopyOfOptionsWithoutHiddenLayerSizesIsRefusedByValidationNamingTheSetting()
    {
        var options = new VaeOptions { HiddenLayerSizes = null! };

        VaeOptions copy = options.Clone();

        Assert.IsNull(copy.HiddenLayerSizes);
        var error = Assert.ThrowsExactly<ArgumentNullException>(copy.Validate);
        Assert.AreEqual(nameof(VaeOptions.HiddenLayerSizes), error.ParamName);
    }

    /// <summary>A value of <paramref name="type"/> other than <paramref name="current"/>.</summary>
    private static object OtherValue(Type type, object? current)
    {
        Type valueType = Nullable.GetUnderlyingType(type) ?? type;
        object value = valueType switch
        {
            _ when valueType == typeof(int[]) => new[] { 3, 5 },
            _ when valueType == typeof(int) => (int?)current == 7 ? 8 : 7,
            _ when valueType == typeof(float) => (float?)current == 0.25f ? 0.5f : 0.25f,
            { IsEnum: true } => Enum.GetValues(valueType).Cast<object>().First(candidate => !candidate.Equals(current)),
            _ => throw new AssertFailedException($"Give the test a value of {valueType.Name}, the type of a new setting."),
        };
        Assert.AreNotEqual(current, value);
        return value;
    }

    private sealed class OptionsWithCallback : VaeOptions
    {
        public IProgress<int>? Callback { get; set; }
    }

    [TestMethod]
    public void AClosedRangeTakesItsEnds()
    {
        // Each of these is the largest value its range takes.
        new VaeOptions { LeakyReluSlope = 1f, AdamBeta1 = 0.9999999f, AdamBeta2 = 0.9999999f, ValidationFraction = 0.9f }.Validate();

        var past = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeOptions { ValidationFraction = 0.90000004f }.Validate());
        Assert.AreEqual(nameof(VaeOptions.ValidationFraction), past.ParamName);
        StringAssert.StartsWith(past.Message, "ValidationFraction must be a finite number in [0, 0.9].");
    }

    [TestMethod]
    [DataRow(nameof(VaeOptions.LearningRate))]
    [DataRow(nameof(VaeOptions.GaussianVariance))]
    [DataRow(nameof(VaeOptions.AdamEpsilon))]
    [DataRow(nameof(VaeOptions.GradientClipNorm))]
    public void ZeroIsNotAPositiveSetting(string setting)
    {
        var options = new VaeOptions();
        typeof(VaeOptions).GetProperty(setting)!.SetValue(options, 0f);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(options.Validate);

        Assert.AreEqual(setting, error.ParamName);
        StringAssert.Contains(error.Message, $"{setting} must be a finite number greater than 0.");
    }
}
