using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Scoring;
using Vae.MLNet.Transforms;

namespace Vae.MLNet.Tests.Transforms;

/// <summary>A transformer and its decoders share one set of ONNX Runtime sessions, released by the last one disposed.</summary>
[TestClass]
public sealed class TransformLifetimeTests
{
    private const int D = TransformTestData.FeatureCount;
    private const int K = TransformTestData.LatentDimension;

    [TestMethod]
    public void ADecoderOutlivesItsTransformerAndEveryUseAfterDisposeThrowsWhateverTheArguments()
    {
        VaeTransformer transformer = TransformTestData.Fit();
        VaeDecoderTransformer decoder = transformer.CreateDecoder();
        float[] row = TransformTestData.Rows(1, seed: 8);
        float[] expected = decoder.Generate(2, seed: 1);

        transformer.Dispose();
        transformer.Dispose();
        CollectionAssert.AreEqual(expected, decoder.Generate(2, seed: 1), "the decoder stopped working with its transformer");
        Assert.AreEqual(D, transformer.InputDimension, "the dimensions are still known");
        Assert.AreEqual(2 * D, transformer.Model.Generate(2, seed: 1).Length, "the engine model holds no sessions and still scores");
        AssertDisposed<VaeTransformer>(() => transformer.Transform(row, [], [], [], [], new float[1]));
        AssertDisposed<VaeTransformer>(() => transformer.Transform(TransformTestData.Dataset(2, seed: 9)));
        AssertDisposed<VaeTransformer>(() => transformer.Transform(new float[D + 1], [], [], [], [], new float[1]));
        AssertDisposed<VaeTransformer>(() => transformer.Transform(null!));
        AssertDisposed<VaeTransformer>(() => transformer.InterpolateRows(row, row, 2));
        AssertDisposed<VaeTransformer>(() => transformer.InterpolateRows(row, row, 1));
        AssertDisposed<VaeTransformer>(() => transformer.CreateDecoder());
        AssertDisposed<VaeTransformer>(() => transformer.Save(new MemoryStream()));

        decoder.Dispose();
        decoder.Dispose();
        AssertDisposed<VaeDecoderTransformer>(() => decoder.Generate(1));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.Generate(0, sampleObservations: true));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.Generate(3, temperature: -1f));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.Decode(new float[K], new float[D]));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.Decode(new float[K + 1], new float[D]));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.SampleObservations(new float[K], new float[D]));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.SampleObservations(new float[K + 1], new float[D]));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.Interpolate(new float[K], new float[K], 2));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.Interpolate(new float[K], new float[K], 1));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.ToColumnValues(new float[D + 1]));
        AssertDisposed<VaeDecoderTransformer>(() => decoder.FromColumnValues([]));
    }

    [TestMethod]
    public void TheTransformerOutlivesItsDecoders()
    {
        using VaeTransformer transformer = TransformTestData.Fit();
        transformer.CreateDecoder().Dispose();
        using (VaeDecoderTransformer decoder = transformer.CreateDecoder())
        {
            Assert.HasCount(D, decoder.Generate(1));
        }

        float[] score = new float[1];
        transformer.Transform(TransformTestData.Rows(1, seed: 10), [], [], [], [], score);
        Assert.IsTrue(float.IsFinite(score[0]));
    }

    [TestMethod]
    public void TheSessionsCloseWhenTheLastShareIsDisposed()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 12);
        VaeOnnxModel model = VaeOnnxModel.FromModel(engine);
        var first = new VaeOnnxModelShare(model);
        VaeOnnxModelShare second = first.Share(this);
        float[] features = new float[ScoringTestModels.InputDimension];
        float[] score = new float[1];

        first.Dispose();
        first.Dispose(); // a second dispose must not give up the other holder's share
        Assert.ThrowsExactly<ObjectDisposedException>(() => first.Get(this));
        Assert.ThrowsExactly<ObjectDisposedException>(() => first.Share(this));
        second.Get(this).Transform(features, [], [], [], [], score);

        second.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => model.Transform(features, [], [], [], [], score));
    }

    private static void AssertDisposed<T>(Action call)
    {
        ObjectDisposedException error = Assert.ThrowsExactly<ObjectDisposedException>(call);
        StringAssert.Contains(error.ObjectName, typeof(T).FullName!);
    }
}
