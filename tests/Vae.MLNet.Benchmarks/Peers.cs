namespace Vae.MLNet.Benchmarks;

/// <summary>Whether a benchmark runs its PyTorch peer.</summary>
internal enum PeerMode
{
    /// <summary>Run it when Debian's python3-torch is installed.</summary>
    Auto,

    /// <summary>Never run it.</summary>
    None,

    /// <summary>Run it and fail when it cannot run.</summary>
    Required,
}

/// <summary>Decides, once per benchmark, whether the peer runs.</summary>
internal static class Peers
{
    public static bool ShouldRun(PeerMode mode)
    {
        if (mode == PeerMode.None)
        {
            return false;
        }

        if (PeerProcess.IsAvailable(out string reason))
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
