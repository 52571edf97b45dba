using Microsoft.ML.Data;

namespace Vae.MLNet.MLNet.Tests;

/// <summary>A row of four features, the shape of the in-memory test data.</summary>
public sealed class FeatureRow
{
    /// <summary>The features.</summary>
    [VectorType(4)]
    public float[] Features { get; set; } = [];
}

/// <summary>A row whose Features column is a scalar.</summary>
public sealed class ScalarRow
{
    /// <summary>The feature.</summary>
    public float Features { get; set; }
}

/// <summary>A row whose Features column holds text.</summary>
public sealed class TextRow
{
    /// <summary>The feature, a category's name.</summary>
    public string Features { get; set; } = string.Empty;
}

/// <summary>A row whose Features column is a vector of unknown size.</summary>
public sealed class VariableRow
{
    /// <summary>The features.</summary>
    public float[] Features { get; set; } = [];
}

/// <summary>A row whose Features column holds doubles.</summary>
public sealed class DoubleRow
{
    /// <summary>The features.</summary>
    [VectorType(4)]
    public double[] Features { get; set; } = [];
}

/// <summary>A row of four named scalar features, for Concatenate to join under their names.</summary>
public sealed class NamedFeaturesRow
{
    /// <summary>The first feature.</summary>
    public float Width { get; set; }

    /// <summary>The second feature.</summary>
    public float Height { get; set; }

    /// <summary>The third feature.</summary>
    public float Depth { get; set; }

    /// <summary>The fourth feature.</summary>
    public float Mass { get; set; }
}

/// <summary>A row of a measurement and a text category, for OneHotEncoding and Concatenate to make features of.</summary>
public sealed class ColouredRow
{
    /// <summary>The measurement.</summary>
    public float Size { get; set; }

    /// <summary>The category.</summary>
    public string Colour { get; set; } = string.Empty;
}

/// <summary>A row of a picture's pixels, which have no slot names, beside a measurement and a text category.</summary>
public sealed class PicturedRow
{
    /// <summary>The pixels.</summary>
    [VectorType(4)]
    public float[] Pixels { get; set; } = [];

    /// <summary>The measurement.</summary>
    public float Size { get; set; }

    /// <summary>The category.</summary>
    public string Colour { get; set; } = string.Empty;
}

/// <summary>A row of 256 features, wide enough that reading many of them allocates mostly their values.</summary>
public sealed class WideRow
{
    /// <summary>The features.</summary>
    [VectorType(256)]
    public float[] Features { get; set; } = [];
}
