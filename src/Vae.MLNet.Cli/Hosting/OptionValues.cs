using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Parsers for the numbers and named values that options take, whose errors say what the option takes in the user's
/// terms ("--epochs takes a whole number; got '1.5'") rather than System.CommandLine's .NET type names, a mistyped
/// name with the closest ones ("did you mean 'Gaussian'?").
/// <see cref="UseForEveryOption"/> gives them to each option that has no parser of its own, and refuses an empty text
/// for every file, directory or column; <see cref="OptionRules"/> builds its range checks on them.
/// </summary>
internal static class OptionValues
{
    /// <summary>
    /// Gives every number and enum option under <paramref name="root"/> that has no parser of its own the matching one
    /// here, and every text option and argument a check that refuses an empty text (<c>--out ''</c>), which names no
    /// file or column, and those naming a file ones that refuse a name that was not UTF-8 (<see cref="FileNameEncoding"/>)
    /// and one starting with a '~' the shell did not expand (<see cref="UnexpandedTilde"/>).
    /// An option of a value type this does not know stops the program at once, so a new one cannot quietly fall back to
    /// the .NET type names. An argument given an option-like word is refused as an unknown option,
    /// unless the word is one of the <paramref name="operands"/>, the words the command line has after "--".
    /// </summary>
    public static void UseForEveryOption(Command root, IReadOnlySet<string> operands)
    {
        foreach (Option option in root.Options)
        {
            Install(option);
        }

        foreach (Argument<string> argument in root.Arguments.OfType<Argument<string>>())
        {
            argument.Validators.Add(result => RefuseEmpty(result, argument.Name));
            argument.Validators.Add(result => UnknownOption.RefuseAsArgument(result, operands));
            if (FileNameEncoding.NamesAPath(argument))
            {
                argument.Validators.Add(result => FileNameEncoding.RefuseInvalidUtf8(result, argument.Name));
                argument.Validators.Add(result => UnexpandedTilde.Refuse(result, argument.Name));
            }
        }

        foreach (Command command in root.Subcommands)
        {
            UseForEveryOption(command, operands);
        }
    }

    /// <summary>
    /// The value of <paramref name="option"/> in <paramref name="parse"/>, its default when it was left out: a command
    /// validator runs before the parser fills in the defaults, and <see cref="SymbolResult.GetValue{T}(Option{T})"/>
    /// gives default(T) until then.
    /// </summary>
    public static T? WithDefault<T>(SymbolResult parse, Option<T> option) =>
        parse.GetResult(option) is null && option.HasDefaultValue ? (T?)option.GetDefaultValue() : parse.GetValue(option);

    /// <summary>
    /// The one token of <paramref name="result"/> as an int in [<paramref name="minimum"/>, <paramref name="maximum"/>], or
    /// null after adding an error naming <paramref name="option"/> that states the range, on the side the number left it.
    /// </summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="option">The option's name, for the error.</param>
    /// <param name="minimum">The least value the option takes; an int's least when it takes any.</param>
    /// <param name="maximum">The greatest value the option takes; an int's greatest when it takes any.</param>
    /// <param name="reason">Why the option takes nothing below <paramref name="minimum"/> ("to include both ends"), if that needs saying.</param>
    public static int? WholeNumber(ArgumentResult result, string option, int minimum = int.MinValue, int maximum = int.MaxValue, string? reason = null)
    {
        string text = Text(result);
        if (!IsWholeNumber(text, out BigInteger value))
        {
            result.AddError($"{option} takes a whole number; got '{text}'.");
            return null;
        }

        if (value >= minimum && value <= maximum)
        {
            return (int)value;
        }

        string least = minimum.ToString(CultureInfo.InvariantCulture);
        string most = maximum.ToString(CultureInfo.InvariantCulture);
        result.AddError(
            value > maximum && maximum == int.MaxValue ? $"{option} {text} is too large; it takes a whole number up to {most}."
            : maximum < int.MaxValue ? $"{option} {text} must be between {least} and {most}."
            : minimum > int.MinValue ? $"{option} {text} must be at least {least}{(reason is null ? "." : $", {reason}.")}"
            : $"{option} {text} is too small; it takes a whole number from {least} to {most}.");
        return null;
    }

    /// <summary>Whether <paramref name="text"/> is a whole number, of any size, as the options that take one write it.</summary>
    public static bool IsWholeNumber(string text, out BigInteger value) =>
        BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The one token of <paramref name="result"/> as a finite float, or null after adding an error naming <paramref name="option"/>.</summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="option">The option's name, for the error.</param>
    /// <param name="range">The option's own range ("a finite number from 0 to 100"), which a number beyond a float's is told instead of the float's.</param>
    public static float? FiniteNumber(ArgumentResult result, string option, string? range = null)
    {
        string text = Text(result);
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
        {
            return value;
        }

        result.AddError(
            !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double wide) && double.IsFinite(wide)) ? $"{option} takes a finite number such as 0.5 or 1e-3; got '{text}'."
            : range is not null ? $"{option} {text} must be {range}."
            : $"{option} {text} is beyond a 32-bit float's range; give a number within ±{float.MaxValue.ToString(CultureInfo.InvariantCulture)}.");
        return null;
    }

    /// <summary>
    /// How reading <paramref name="text"/> as the 32-bit float <paramref name="value"/> changed the number ("rounds to 1
    /// in a 32-bit float"), or null when it did not; a number nearer 0 than a float holds is told the float's smallest.
    /// </summary>
    public static string? Rounding(string text, float value)
    {
        double typed = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        string read = value.ToString(CultureInfo.InvariantCulture);
        if (typed == double.Parse(read, NumberStyles.Float, CultureInfo.InvariantCulture))
        {
            return null;
        }

        return value == 0
            ? $"is nearer 0 than a 32-bit float holds (its smallest is {float.Epsilon.ToString(CultureInfo.InvariantCulture)}), so it reads as 0"
            : $"rounds to {read} in a 32-bit float";
    }

    private static TEnum? Named<TEnum>(ArgumentResult result, string option)
        where TEnum : struct, Enum
    {
        string text = Text(result);
        string[] names = Enum.GetNames<TEnum>();
        string? name = names.FirstOrDefault(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));
        if (name is not null)
        {
            return Enum.Parse<TEnum>(name);
        }

        string[] closest = ClosestNames.To(text, names, prefixes: true);
        string suggestion = closest.Length > 0 ? $"; did you mean {ClosestNames.Alternatives(closest, '\'')}?" : ".";
        result.AddError($"{option} takes one of {string.Join(", ", names)}; got '{text}'{suggestion}");
        return null;
    }

    private static void Install(Option option)
    {
        switch (option)
        {
            case Option<int> whole:
                whole.CustomParser ??= result => WholeNumber(result, whole.Name) ?? default;
                break;
            case Option<int?> optionalWhole:
                optionalWhole.CustomParser ??= result => WholeNumber(result, optionalWhole.Name);
                break;
            case Option<float> number:
                number.CustomParser ??= result => FiniteNumber(result, number.Name) ?? default;
                break;
            case Option<float?> optionalNumber:
                optionalNumber.CustomParser ??= result => FiniteNumber(result, optionalNumber.Name);
                break;
            case Option<VaeActivation> activation:
                activation.CustomParser ??= result => Named<VaeActivation>(result, activation.Name) ?? default;
                break;
            case Option<VaeLikelihood> likelihood:
                likelihood.CustomParser ??= result => Named<VaeLikelihood>(result, likelihood.Name) ?? default;
                break;
            case Option<VaeInputScaling> scaling:
                scaling.CustomParser ??= result => Named<VaeInputScaling>(result, scaling.Name) ?? default;
                break;
            case Option<string?> text:
                text.Validators.Add(result => RefuseEmpty(result, text.Name));
                if (FileNameEncoding.NamesAPath(text))
                {
                    text.Validators.Add(result => FileNameEncoding.RefuseInvalidUtf8(result, text.Name));
                    text.Validators.Add(result => UnexpandedTilde.Refuse(result, text.Name));
                }

                break;
            case Option<GemmBackend> gemm:
                gemm.CustomParser ??= result => Named<GemmBackend>(result, gemm.Name) ?? default;
                break;
            default:
                Type type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (type.IsEnum || (type.IsPrimitive && type != typeof(bool) && type != typeof(char)))
                {
                    throw new UnreachableException($"{option.Name} takes {type.Name}, which {nameof(OptionValues)} has no parser for.");
                }

                break;
        }
    }

    private static void RefuseEmpty(SymbolResult result, string name)
    {
        if (result.Tokens.Any(token => token.Value.Length == 0))
        {
            result.AddError($"{name} is empty; give a value.");
        }
    }

    /// <summary>The option's value as the command line wrote it.</summary>
    // System.CommandLine checks the arity before it calls a parser, so a value option brings exactly one token.
    public static string Text(ArgumentResult result) => result.Tokens[^1].Value;
}
