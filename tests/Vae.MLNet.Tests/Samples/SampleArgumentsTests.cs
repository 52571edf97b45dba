using Vae.MLNet.Samples.Common;

namespace Vae.MLNet.Tests.Samples;

[TestClass]
public sealed class SampleArgumentsTests
{
    private const string DataFile = "digits.bin";

    private static SampleArguments Read(params string[] args) => SampleArguments.Read(args, "test-sample", "mnist", defaultEpochs: 10, [DataFile]);

    [TestMethod]
    [DataRow(new[] { "--epoch", "5" }, "Unknown option --epoch.")]
    [DataRow(new[] { "--epochs" }, "--epochs needs a value.")]
    [DataRow(new[] { "--epochs", "0" }, "--epochs takes a whole number of at least 1, not '0'.")]
    [DataRow(new[] { "--threads", "two" }, "--threads takes a whole number of at least 1, not 'two'.")]
    public void ACommandLineTheSamplesCannotUseSaysWhy(string[] args, string problem)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Read(args));
        Assert.AreEqual(problem, error.Message);
    }

    [TestMethod]
    public void ADataFolderThatDoesNotExistIsNamedBeforeAnythingIsWritten()
    {
        string root = Path.Combine(Path.GetTempPath(), $"vae-sample-args-{Guid.NewGuid():N}");
        string data = Path.Combine(root, "no-data");
        string output = Path.Combine(root, "out");

        try
        {
            var error = Assert.ThrowsExactly<DirectoryNotFoundException>(() => Read("--data", data, "--out", output));

            Assert.AreEqual($"The data folder {data} does not exist; pass --data with the folder that holds the mnist data.", error.Message);
            Assert.IsFalse(Directory.Exists(root));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [TestMethod]
    public void ADataFolderThatLacksTheSamplesFileNamesItBeforeAnythingIsWritten()
    {
        string root = Path.Combine(Path.GetTempPath(), $"vae-sample-args-{Guid.NewGuid():N}");
        string data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        string output = Path.Combine(root, "out");
        try
        {
            var error = Assert.ThrowsExactly<FileNotFoundException>(() => Read("--data", data, "--out", output));

            Assert.AreEqual($"The data folder {data} has no {DataFile}; pass --data with the folder that holds the mnist data.", error.Message);
            Assert.AreEqual(Path.Combine(data, DataFile), error.FileName);
            Assert.IsFalse(Directory.Exists(output));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void OptionsAreReadWithFullPathsAndTheOutputFolderIsCreated()
    {
        string root = Path.Combine(Path.GetTempPath(), $"vae-sample-args-{Guid.NewGuid():N}");
        string data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        string output = Path.Combine(root, "out");
        try
        {
            File.WriteAllBytes(Path.Combine(data, DataFile), [0]);
            var arguments = Read("--data", Path.GetRelativePath(Environment.CurrentDirectory, data), "--out", output, "--epochs", "3", "--threads", "2");

            Assert.AreEqual(new SampleArguments(data, output, 3, 2), arguments);
            Assert.IsTrue(Directory.Exists(output));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
