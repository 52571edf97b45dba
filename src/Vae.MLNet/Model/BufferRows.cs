namespace Vae.MLNet.Model;

/// <summary>
/// How many rows a scoring buffer takes: the in-process pass and an ONNX Runtime run each hold their widest buffer to
/// 16M values, 64 MB, so that rows of a million features do not take gigabytes a buffer.
/// </summary>
internal static class BufferRows
{
    private const long MaxValues = 1 << 24;

    /// <summary>The rows of <paramref name="rowWidth"/> values that fit the bound, at least 1 and at most <paramref name="maxRows"/>.</summary>
    public static int Fitting(int rowWidth, int maxRows) => (int)Math.Clamp(MaxValues / rowWidth, 1, maxRows);
}
