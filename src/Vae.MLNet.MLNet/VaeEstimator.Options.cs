using Vae.MLNet.Onnx;

namespace Vae.MLNet.MLNet;

public sealed partial class VaeEstimator
{
    /// <summary>
    /// Settings of <see cref="VaeEstimator"/>: the architecture and training settings of <see cref="VaeOptions"/>
    /// plus the names of the columns read and added, progress reporting, cancellation and where ONNX Runtime scores.
    /// Set an output column name to <see langword="null"/> to leave that column out. Randomness comes from
    /// <see cref="VaeOptions.Seed"/>, not from the <c>MLContext</c>'s seed, which ML.NET keeps from components outside it.
    /// </summary>
    public sealed class Options : VaeOptions
    {
        /// <summary>The default name of the feature column, as in ML.NET's trainers.</summary>
        public const string DefaultFeatureColumnName = "Features";

        /// <summary>
        /// Known-size vector of <see cref="float"/> to train on and encode. Default: Features. Like every column name, not
        /// one the graph gives a value of its own nor one starting with <c>categories.</c> (docs/mlnet-guide.md, "Column names").
        /// </summary>
        public string FeatureColumnName { get; set; } = DefaultFeatureColumnName;

        /// <summary>
        /// Whether the one-hot slots that the feature column's <c>CategoricalSlotRanges</c> annotation marks (OneHotEncoding
        /// sets it, Concatenate keeps it) are modelled as categorical columns: by a softmax over each range's slots, with
        /// their cross-entropy in the loss and no input scaling, so that the reconstruction gives each column's categories'
        /// probabilities. The trained model names each range's categories by the slot names of the column Concatenate
        /// took it from (OneHotEncoding's categories), else by the range's slot names, else by their indices in the
        /// range, whatever the names of the column's other slots; categories that differ only in the whitespace around
        /// them, which the model could not read from CSV files, fail the fit. OneHotEncoding's Bag and Binary outputs are
        /// not one-hot and carry no such mark. With false, the slots are modelled like the others, by
        /// <see cref="VaeOptions.Likelihood"/>. Default: true.
        /// </summary>
        public bool UseCategoricalSlotRanges { get; set; } = true;

        /// <summary>Output, K floats: the posterior means, the usual learned features. Default: LatentMean.</summary>
        public string? LatentMeanColumnName { get; set; } = "LatentMean";

        /// <summary>Output, K floats: the posterior log-variances. Default: LatentLogVar.</summary>
        public string? LatentLogVarColumnName { get; set; } = "LatentLogVar";

        /// <summary>Output, D floats: the row decoded from its latent mean, in the units of the training data. Default: Reconstruction.</summary>
        public string? ReconstructionColumnName { get; set; } = "Reconstruction";

        /// <summary>
        /// Output, D floats: the decoder's log-variances; only available with <see cref="VaeLikelihood.GaussianLearnedVariance"/>.
        /// Default: null (left out).
        /// </summary>
        public string? ReconstructionLogVarColumnName { get; set; }

        /// <summary>Output, one float per row: the reconstruction term of the loss. Default: null (left out).</summary>
        public string? ReconstructionErrorColumnName { get; set; }

        /// <summary>
        /// Output, one float per row: the loss with z = μ (reconstruction error plus KL), higher for rows the model finds
        /// unusual. Default: AnomalyScore.
        /// </summary>
        public string? AnomalyScoreColumnName { get; set; } = "AnomalyScore";

        /// <summary>
        /// Receives a report after every training epoch, on the training thread (<see cref="Progress{T}"/> would post each
        /// to the thread pool, where printed lines can come late or out of order). ML.NET's <c>MLContext.Log</c> only
        /// carries ML.NET's own components, so this is the way to watch a VAE train. Default: null.
        /// </summary>
        public IProgress<VaeEpochReport>? Progress { get; set; }

        /// <summary>
        /// Stops training (and reading the training data) with an <see cref="OperationCanceledException"/>: once an epoch has
        /// completed, a <see cref="VaeTrainingCanceledException"/> whose <see cref="VaeTrainingCanceledException.LastCompletedModel"/>
        /// holds the weights after the last completed epoch, to train further from, and with early stopping whose
        /// <see cref="VaeTrainingCanceledException.BestModel"/> holds the best epoch's so far when that is an earlier one.
        /// <c>MLContext.CancelExecution()</c> is not visible to components outside ML.NET, so pass a token here. Default: none.
        /// </summary>
        public CancellationToken CancellationToken { get; set; }

        /// <summary>
        /// GPU device number (0 or more) ONNX Runtime scores on; <see langword="null"/> takes <c>MLContext.GpuDeviceId</c> (with its
        /// <c>FallbackToCpu</c>) when that is set, else the CPU. Scoring on a GPU needs Microsoft.ML.OnnxRuntime.Gpu in place of
        /// the CPU package this library brings (docs/mlnet-guide.md, "Building"). Default: null.
        /// </summary>
        /// <remarks>
        /// A GPU that ONNX Runtime cannot use (and no <see cref="FallbackToCpu"/>) fails either of <see cref="VaeEstimator"/>'s Fit overloads
        /// before the first epoch. OnnxTransformer does not save this setting or <see cref="FallbackToCpu"/>: a pipeline loaded from a model zip
        /// scores where the loading <c>MLContext</c> says, else on the CPU.
        /// </remarks>
        public int? GpuDeviceId { get; set; }

        /// <summary>Whether ONNX Runtime falls back to the CPU when the GPU cannot be used. Default: false.</summary>
        public bool FallbackToCpu { get; set; }

        /// <summary>The output columns that are not left out, each with the tensor it comes from.</summary>
        internal IReadOnlyList<(string Column, VaeAutoencoderOutputs Output)> RequestedOutputs()
        {
            var outputs = new List<(string, VaeAutoencoderOutputs)>();
            Add(LatentMeanColumnName, VaeAutoencoderOutputs.LatentMean);
            Add(LatentLogVarColumnName, VaeAutoencoderOutputs.LatentLogVar);
            Add(ReconstructionColumnName, VaeAutoencoderOutputs.Reconstruction);
            Add(ReconstructionLogVarColumnName, VaeAutoencoderOutputs.ReconstructionLogVar);
            Add(ReconstructionErrorColumnName, VaeAutoencoderOutputs.ReconstructionError);
            Add(AnomalyScoreColumnName, VaeAutoencoderOutputs.AnomalyScore);
            return outputs;

            void Add(string? column, VaeAutoencoderOutputs output)
            {
                if (column is not null)
                {
                    outputs.Add((column, output));
                }
            }
        }

        /// <summary>
        /// Throws, before any training, the <see cref="ArgumentException"/> that exporting the trained graph would throw
        /// after it: for a column named like one of the values the graph computes. It names the column's option.
        /// </summary>
        internal void RequireColumnsFreeInGraph()
        {
            IReadOnlyList<(string Column, VaeAutoencoderOutputs Output)> outputs = RequestedOutputs();
            try
            {
                OnnxExporter.RequireUsableNames(this, VaeOutputNames.ForAutoencoder(FeatureColumnName, outputs), VaeOutputNames.Combined(outputs));
            }
            catch (ArgumentException clash) when (ColumnNaming(clash.ParamName, outputs) is { } named)
            {
                // A prefix is refused for every model, whether or not this data has categorical columns to name values so.
                string categoryValues = OnnxCategoryNodes.Scope + ".";
                throw new ArgumentException(
                    named.Column.StartsWith(categoryValues, StringComparison.Ordinal)
                        ? $"{named.Option} '{named.Column}' starts with '{categoryValues}', which the autoencoder graph of a model of categorical columns keeps for "
                            + "values of its own, whatever this data holds; choose another name."
                        : $"{named.Option} '{named.Column}' is also the name the autoencoder graph gives one of its own values (such as 'decoder.head.gemm' or "
                            + "'reconstruction.probability'), whether or not the graph cut to the requested columns keeps that value; choose another name.",
                    named.Option,
                    clash);
            }
        }

        /// <summary>The column, and the option naming it, that gives the <see cref="OnnxTensorNames"/> property <paramref name="tensor"/> its name.</summary>
        private (string Column, string Option)? ColumnNaming(string? tensor, IReadOnlyList<(string Column, VaeAutoencoderOutputs Output)> outputs)
        {
            if (tensor == nameof(OnnxTensorNames.Features))
            {
                return (FeatureColumnName, nameof(FeatureColumnName));
            }

            foreach ((string column, VaeAutoencoderOutputs output) in outputs)
            {
                if (output.ToString() == tensor)
                {
                    return (column, output.OptionName());
                }
            }

            return null;
        }

        /// <summary>Checks the column settings and throws an <see cref="ArgumentException"/> naming the first bad one.</summary>
        internal void ValidateColumns()
        {
            if (string.IsNullOrWhiteSpace(FeatureColumnName))
            {
                throw new ArgumentException("Name the feature column.", nameof(FeatureColumnName));
            }

            VaeOutputNames.RequireUsableInput(FeatureColumnName, nameof(FeatureColumnName));

            IReadOnlyList<(string Column, VaeAutoencoderOutputs Output)> outputs = RequestedOutputs();
            if (outputs.Count == 0)
            {
                throw new ArgumentException("Every output column is left out; name at least one, e.g. LatentMeanColumnName.", nameof(LatentMeanColumnName));
            }

            var seen = new Dictionary<string, string>(StringComparer.Ordinal) { [FeatureColumnName] = nameof(FeatureColumnName) };
            foreach ((string column, VaeAutoencoderOutputs output) in outputs)
            {
                string property = output.OptionName();
                if (string.IsNullOrWhiteSpace(column))
                {
                    throw new ArgumentException($"{property} is blank; give it a name or set it to null to leave the column out.", property);
                }

                VaeOutputNames.RequireUsableOutput(column, property);

                if (!seen.TryAdd(column, property))
                {
                    throw new ArgumentException($"{seen[column]} and {property} are both '{column}'; every column needs its own name.", property);
                }
            }

            if (ReconstructionLogVarColumnName is not null && Likelihood != VaeLikelihood.GaussianLearnedVariance)
            {
                throw new ArgumentException(
                    $"Only the {nameof(VaeLikelihood.GaussianLearnedVariance)} likelihood has reconstruction log-variances; set {nameof(ReconstructionLogVarColumnName)} to null or change {nameof(Likelihood)}.",
                    nameof(ReconstructionLogVarColumnName));
            }
        }
    }
}
