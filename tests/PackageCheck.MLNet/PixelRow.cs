/// <summary>A row of the pipeline's input: one image's pixels, whose count the schema states when the file is read.</summary>
internal sealed class PixelRow
{
    public float[] Features { get; set; } = [];
}
