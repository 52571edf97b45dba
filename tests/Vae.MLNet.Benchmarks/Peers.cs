namespace Vae.MLNet.Benchmarks;

/// <summary>Whether a benchmark runs its PyTorch peer.</summary>
internal enum PeerMode
{
    /// <summary>Run it when Debian's python3-torch is installed, and for scoring python3-onnx.</summary>
    Auto,

    /// <summary>Never run it.</summary>
    None,

    /// <summary>Run it and fail when it cannot run.</summary>
    Required,
}

/// <summary>Decides, once per benchmark, whether the peer runs.</summary>
internal static class Peers
{
    /// <summary>
    /// Whether the peer runs: not with <see cref="PeerMode.None"/>, nor when <paramref name="cannotCompare"/> says why
    /// it would not measure the same work or its Python lacks one of <paramref name="modules"/>, which
    /// <see cref="PeerMode.Required"/> turns into an error and <see cref="PeerMode.Auto"/> into a printed reason.
    /// </summary>
    public static bool ShouldRun(PeerMode mode, string[]? modules = null, string? cannotCompare = null)
    {
        if (mode == PeerMode.None)
        {
            return false;
        }

        string reason = cannotCompare ?? string.Empty;
        if (cannotCompare is null && PeerProcess.IsAvailable(modules ?? ["torch"], out reason))
        {
            return true;
        }

        if (mode == PeerMode.Required)
        {
            throw new InvalidOperationException($"The PyTorch peer cannot run: {reason}.");
        }

        Console.WriteLine($"peer skipped: {reason}");
        return false;
    }
}
