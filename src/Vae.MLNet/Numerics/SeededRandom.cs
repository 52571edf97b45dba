using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// A <see cref="Random"/> whose stream, for a given seed, is xoshiro256** (Blackman &amp; Vigna) seeded through
/// SplitMix64. <c>new Random(seed)</c> keeps .NET's legacy subtractive generator for compatibility, and its stream is
/// measurably poor for this library's purpose: training MNIST's classic VAE with ε drawn from it ended 10 epochs about
/// 0.9 nats worse on the test loss than PyTorch, over several seeds, while the same engine with xoshiro ε matched
/// PyTorch. Every seeded draw in the library (initialization, shuffling, ε, prior samples) goes through this type.
/// </summary>
internal sealed class SeededRandom : Random
{
    /// <summary>SplitMix64's increment, 2^64/φ rounded to odd.</summary>
    public const ulong GoldenGamma = 0x9E3779B97F4A7C15;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SeededRandom(int seed)
    {
        ulong state = unchecked((ulong)seed);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        Step(ref _s0, ref _s1, ref _s2, ref _s3);
        return result;
    }

    /// <summary>
    /// Moves past the next <paramref name="count"/> outputs of <see cref="NextUInt64"/> without forming them, in
    /// registers: about a nanosecond each, where drawing them through <see cref="Random"/>'s virtual methods took five.
    /// </summary>
    public void Skip(long count)
    {
        (ulong s0, ulong s1, ulong s2, ulong s3) = (_s0, _s1, _s2, _s3);
        for (long i = 0; i < count; i++)
        {
            Step(ref s0, ref s1, ref s2, ref s3);
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>xoshiro256**'s state transition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
    }

    public override int Next()
    {
        while (true)
        {
            int value = (int)(NextUInt64() >> 33);
            if (value != int.MaxValue)
            {
                return value;
            }
        }
    }

    public override int Next(int maxValue) => (int)NextInt64(maxValue);

    public override int Next(int minValue, int maxValue) => (int)NextInt64(minValue, maxValue);

    public override long NextInt64() => NextInt64(long.MaxValue);

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)Below((ulong)maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return unchecked(minValue + (long)Below((ulong)(maxValue - minValue)));
    }

    /// <summary>A double in [0, 1) with all 53 bits of its mantissa random.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A float in [0, 1) with all 24 bits of its mantissa random.</summary>
    public override float NextSingle() => UnitSingle(NextUInt64());

    /// <summary>
    /// A float in [0, 1) from the top 24 of <paramref name="bits"/>: all of them fit a float's mantissa exactly, so a
    /// comparison of the uniform with a probability is unbiased to 2⁻²⁴.
    /// </summary>
    public static float UnitSingle(ulong bits) => (bits >> 40) * (1f / (1 << 24));

    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= sizeof(ulong))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, NextUInt64());
            buffer = buffer[sizeof(ulong)..];
        }

        if (!buffer.IsEmpty)
        {
            Span<byte> last = stackalloc byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    protected override double Sample() => NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="range"/>), without modulo bias (Lemire's multiply-and-reject); 0 when the range is empty.</summary>
    private ulong Below(ulong range)
    {
        if (range == 0)
        {
            return 0;
        }

        UInt128 product = (UInt128)NextUInt64() * range;
        if ((ulong)product < range)
        {
            ulong threshold = (0 - range) % range;
            while ((ulong)product < threshold)
            {
                product = (UInt128)NextUInt64() * range;
            }
        }

        return (ulong)(product >> 64);
    }

    /// <summary>
    /// SplitMix64's output function: a bijection of 64-bit words whose outputs for consecutive inputs look independent,
    /// so hashing a position gives a random draw without advancing any generator.
    /// </summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix64(ref ulong state) => Mix(state += GoldenGamma);
}
