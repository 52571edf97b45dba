namespace Vae.MLNet;

/// <summary>The nonlinearity applied after every hidden layer of the encoder and the decoder.</summary>
public enum VaeActivation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>log(1 + exp(x)).</summary>
    Softplus,

    /// <summary>x for x &gt; 0, otherwise <see cref="VaeOptions.LeakyReluSlope"/>·x.</summary>
    LeakyRelu,
}
