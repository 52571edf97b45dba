namespace Vae.MLNet.Text;

/// <summary>
/// Finds half a surrogate pair in text: such text is not well-formed UTF-16, and UTF-8 (ONNX names, the model
/// zip's JSON manifest) cannot encode it, so writing it would change it to U+FFFD without a word.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>The index of the first surrogate in <paramref name="value"/> that is not part of a pair, or −1.</summary>
    public static int IndexIn(ReadOnlySpan<char> value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
