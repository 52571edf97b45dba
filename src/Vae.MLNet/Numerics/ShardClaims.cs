namespace Vae.MLNet.Numerics;

/// <summary>
/// The claims of a <see cref="ParallelShards"/> call in one word: the call's number in the high 32 bits, its shard count
/// and the next shard to claim in 16 bits each. A thread that read the number of a call that has since ended holds a
/// number the word no longer has, so it claims nothing of a later call, however many shards that one has: with the count
/// kept apart from the word, a late thread once compared a spent call's claims with the next call's larger count and ran
/// a shard of the next call twice.
/// </summary>
internal static class ShardClaims
{
    /// <summary>The most shards one call can have.</summary>
    public const int MaxShards = ushort.MaxValue;

    /// <summary>The claims of call <paramref name="call"/> of <paramref name="shards"/> shards, shard 0 taken by the caller.</summary>
    public static long Open(int call, int shards) => ((long)call << 32) | ((long)shards << 16) | 1;

    /// <summary>The number of the call whose claims <paramref name="claims"/> holds; numbers wrap around.</summary>
    public static int CallOf(long claims) => (int)(claims >> 32);

    /// <summary>How many shards the call whose claims <paramref name="claims"/> holds has.</summary>
    public static int ShardsOf(long claims) => (int)((claims >> 16) & 0xFFFF);

    /// <summary>
    /// Claims the next shard of call <paramref name="call"/> in <paramref name="claims"/>; −1 when none is left or the word
    /// holds another call.
    /// </summary>
    public static int Claim(ref long claims, int call)
    {
        long seen = Volatile.Read(ref claims);
        while (CallOf(seen) == call && NextOf(seen) < ShardsOf(seen))
        {
            long before = Interlocked.CompareExchange(ref claims, seen + 1, seen);
            if (before == seen)
            {
                return NextOf(seen);
            }

            seen = before;
        }

        return -1;
    }

    private static int NextOf(long claims) => (int)(claims & 0xFFFF);
}
