namespace Vae.MLNet.LatentFeatures;

/// <summary>How the classifier did on one kind of features; property names become the JSON summary's fields.</summary>
internal sealed record FeatureResult(string Features, int Dimensions, double TrainAccuracy, double TestAccuracy, double FeatureSeconds, double ClassifierSeconds);
