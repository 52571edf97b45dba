namespace Vae.MLNet.LatentFeatures;

/// <summary>The command line: <c>--data DIR</c>, <c>--epochs N</c> (VAE epochs) and <c>--threads N</c>.</summary>
internal sealed record SampleArguments(string DataDirectory, int Epochs, int? Threads)
{
    public static SampleArguments Parse(string[] args)
    {
        string data = Path.Combine(RepositoryRoot(), "..", "shared", "data", "mnist");
        int epochs = 10;
        int? threads = null;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.", nameof(args));
            switch (args[i])
            {
                case "--data":
                    data = value;
                    break;
                case "--epochs":
                    epochs = PositiveInteger(args[i], value);
                    break;
                case "--threads":
                    threads = PositiveInteger(args[i], value);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; use --data DIR, --epochs N, --threads N.", nameof(args));
            }

            i++;
        }

        return new SampleArguments(Path.GetFullPath(data), epochs, threads);
    }

    private static int PositiveInteger(string option, string value) =>
        int.TryParse(value, out int number) && number >= 1
            ? number
            : throw new ArgumentException($"{option} takes a whole number of at least 1, not '{value}'.", nameof(value));

    /// <summary>The folder holding Vae.MLNet.sln, found upwards from the working directory and then from the binary.</summary>
    private static string RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vae.MLNet.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
