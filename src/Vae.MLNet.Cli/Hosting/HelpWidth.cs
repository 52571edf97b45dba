namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The width help is laid out at: that of the terminal or of <see cref="PipedWidth"/>, but never narrower than
/// <see cref="Narrowest"/>. System.CommandLine's help layout loops forever at 2, 4 or 5 columns, where a signal cannot
/// stop it, and fails at 1 or 3; below the floor the terminal wraps the longer lines itself.
/// </summary>
internal static class HelpWidth
{
    /// <summary>
    /// The narrowest layout: System.CommandLine lays help out from 6 columns, and 20 leaves it a margin while still
    /// keeping to a narrow terminal's width.
    /// </summary>
    public const int Narrowest = 20;

    /// <summary>The width help is laid out at for an output <paramref name="width"/> columns wide.</summary>
    public static int Of(int width) => Math.Max(Narrowest, width);
}
