using Vae.MLNet.Imaging;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The text 'vae pictures' writes into each of its pictures, naming itself and the picture, by which a later run tells
/// a picture of its own that it skips, to remove, from a file of the same name it did not write (vae generate's
/// samples.png, a file of the user's), which it leaves.
/// </summary>
internal static class PicturesMark
{
    private const string Writer = "vae pictures";

    /// <summary>The text of the picture named <paramref name="name"/>.</summary>
    public static IReadOnlyList<PngText> For(string name) => [new("Software", Writer), new("Title", name)];

    /// <summary>Whether the file <paramref name="path"/> is the picture of its name that 'vae pictures' wrote.</summary>
    public static bool IsOn(string path)
    {
        try
        {
            // Opening a FIFO would wait for a writer, and a device is no picture.
            if (SpecialFiles.IsSpecial(Path.GetFullPath(path)))
            {
                return false;
            }

            using FileStream file = File.OpenRead(path);
            IReadOnlyList<PngText> text = PngTextReader.Leading(file);
            return For(Path.GetFileName(path)).All(mark => text.Any(note => note.Keyword == mark.Keyword && note.Text == mark.Text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file that cannot be read cannot be told for one, and is left.
            return false;
        }
    }
}
