namespace Vae.MLNet;

/// <summary>
/// Training stopped because its loss, a gradient or an optimizer moment was no longer finite: the learning rate, the
/// loss's settings or the data's scale are at fault, and the message names the settings to change.
/// <see cref="Classification.SoftmaxRegression"/> throws it; <see cref="VaeTrainer"/> throws
/// <see cref="VaeTrainingDivergedException"/>, which also holds the last good model. Catching this type catches either.
/// </summary>
public class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What diverged and what to try.</param>
    /// <param name="epoch">1-based epoch in which training diverged.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is below 1.</exception>
    public TrainingDivergedException(string message, int epoch)
        : base(message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        Epoch = epoch;
    }

    /// <summary>1-based epoch in which training diverged.</summary>
    public int Epoch { get; }
}
