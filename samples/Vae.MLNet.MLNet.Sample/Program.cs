// Trains a VAE inside an ML.NET pipeline on MNIST, classifies digits from its 20 latent means versus the 784 raw
// pixels with SdcaMaximumEntropy, and generates a few digits by decoding draws from the prior.
//   dotnet run -c Release -p:WithMLNet=true --project samples/Vae.MLNet.MLNet.Sample [-- trainRows testRows epochs]
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.MLNet;
using Vae.MLNet.MLNet.Sample;

int trainRows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
int testRows = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
int epochs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;

string mnist = FindMnist();
var mlContext = new MLContext(seed: 0);
IDataView train = Load(mlContext, Path.Combine(mnist, "train-images-idx3-ubyte.gz"), Path.Combine(mnist, "train-labels-idx1-ubyte.gz"), trainRows);
IDataView test = Load(mlContext, Path.Combine(mnist, "t10k-images-idx3-ubyte.gz"), Path.Combine(mnist, "t10k-labels-idx1-ubyte.gz"), testRows);

VaeEstimator vae = mlContext.Transforms.Vae(featureColumnName: "Features", latentDimension: 20, epochs: epochs);
var onLatents = mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
    .Append(vae)
    .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "LabelKey", featureColumnName: "LatentMean"));
var onPixels = mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
    .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "LabelKey", featureColumnName: "Features"));

var latentModel = onLatents.Fit(train);
var pixelModel = onPixels.Fit(train);
double latentAccuracy = mlContext.MulticlassClassification.Evaluate(latentModel.Transform(test), labelColumnName: "LabelKey").MicroAccuracy;
double pixelAccuracy = mlContext.MulticlassClassification.Evaluate(pixelModel.Transform(test), labelColumnName: "LabelKey").MicroAccuracy;
Console.WriteLine($"SdcaMaximumEntropy on {trainRows} training digits, accuracy on {testRows} test digits:");
Console.WriteLine($"  20 VAE latent means: {latentAccuracy:P2}");
Console.WriteLine($"  784 raw pixels:      {pixelAccuracy:P2}");

VaeModel model = vae.TrainedModel ?? throw new InvalidOperationException("The pipeline did not train the VAE.");
IDataView latents = mlContext.Data.SampleVaeLatents(model.LatentDimension, rowCount: 3, seed: 1);
using OnnxTransformer decoder = mlContext.Transforms.VaeDecoder(model).Fit(latents);
foreach (float[] digit in decoder.Transform(latents).GetColumn<float[]>(VaeDecoderEstimator.DefaultOutputColumnName))
{
    Console.WriteLine();
    PrintDigit(digit);
}

static IDataView Load(MLContext mlContext, string images, string labels, int rows)
{
    IdxImageDataset dataset = IdxReader.ReadImages(images, labels, rows);
    float[] pixels = dataset.ToArray();
    int size = dataset.FeatureCount;
    IReadOnlyList<int> digits = dataset.Labels ?? throw new InvalidDataException($"{labels} gave no labels.");
    var data = new DigitRow[dataset.RowCount];
    for (int i = 0; i < data.Length; i++)
    {
        data[i] = new DigitRow { Features = pixels.AsSpan(i * size, size).ToArray(), Label = digits[i] };
    }

    // The image size is only known once the file is read, so it goes into the schema instead of a VectorType attribute.
    SchemaDefinition definition = SchemaDefinition.Create(typeof(DigitRow));
    definition[nameof(DigitRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
    return mlContext.Data.LoadFromEnumerable(data, definition);
}

static void PrintDigit(float[] pixels)
{
    const string Shades = " .:-=+*#%@";
    int side = (int)Math.Sqrt(pixels.Length);
    for (int y = 0; y < side; y++)
    {
        var line = new char[side];
        for (int x = 0; x < side; x++)
        {
            float p = Math.Clamp(pixels[(y * side) + x], 0f, 1f);
            line[x] = Shades[(int)(p * (Shades.Length - 1))];
        }

        Console.WriteLine(new string(line));
    }
}

static string FindMnist()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "mnist");
        if (File.Exists(Path.Combine(dir.FullName, "Vae.MLNet.sln")) && Directory.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }
    }

    throw new DirectoryNotFoundException("No ../shared/data/mnist next to the repository; put the MNIST .gz files there.");
}
