namespace Vae.MLNet.Demo;

/// <summary>Handles reports on the training thread, so console lines come out in order.</summary>
internal sealed class SynchronousProgress(Action<VaeEpochReport> handle) : IProgress<VaeEpochReport>
{
    public void Report(VaeEpochReport value) => handle(value);
}
