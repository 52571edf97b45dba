using Vae.MLNet.Model;

namespace Vae.MLNet.Numerics;

/// <summary>
/// The thread-count settings of the library's trainers and of a model's scoring calls, checked and resolved one way: each thread gets buffers of its
/// own, so an unchecked count such as <see cref="int.MaxValue"/> failed as an <see cref="OutOfMemoryException"/>.
/// </summary>
internal static class ThreadCounts
{
    /// <summary>Throws unless <paramref name="threads"/> is null or 1 to <see cref="VaeOptions.MaxNumberOfThreads"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is outside that range; the exception names <paramref name="name"/>.</exception>
    public static void Check(int? threads, string name)
    {
        if (threads is { } count)
        {
            SettingChecks.CheckAtLeast(count, 1, name);
            SettingChecks.CheckAtMost(count, VaeOptions.MaxNumberOfThreads, name, "; leave it unset to use every processor.");
        }
    }

    /// <summary>The threads to use: <paramref name="threads"/>, or one per processor when it is null.</summary>
    public static int Resolve(int? threads) => threads ?? Environment.ProcessorCount;
}
