using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Persistence;

/// <summary>A program run beside the library but not beside Google.Protobuf.dll, which reading a model zip needs.</summary>
[TestClass]
public sealed class MissingDependencyTests
{
    private const string Child = """
        using System;
        using Vae.MLNet;

        try
        {
            VaeModel.Load(args[0]);
            Console.Write("loaded");
        }
        catch (Exception e)
        {
            Console.Write($"{e.GetType().Name}: {e.Message}");
        }
        """;

    // The runtime tells a missing assembly by a FileNotFoundException, an IOException like those of a damaged zip, and
    // the load took it for one: the file was called damaged, to be saved again, where the application lacks a DLL.
    [TestMethod]
    public void AMissingAssemblyIsToldAsItselfNotAsADamagedModelFile()
    {
        using var temp = new TempDirectory();
        string zip = temp.Write("model.zip", ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 1)));

        ChildProcess.Result run = CompiledProgram.Run(temp.Path, Child, [zip], TimeSpan.FromMinutes(1));

        StringAssert.StartsWith(run.StandardOutput, "FileNotFoundException: Could not load file or assembly 'Google.Protobuf");
    }
}
