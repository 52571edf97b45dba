"""PyTorch peer for the VAE scoring (inference) benchmark (CPU).

Builds the 784-400-20 encoder (fc1 ReLU, fc21 -> mu, fc22 -> logvar clipped
like the library's) and the 20-400-784 decoder (fc3 ReLU, fc4 sigmoid) in eval
mode under torch.no_grad, and scores MNIST test images (pixels / 255): encoder
-> (mu, logvar), decoder(mu). With --graphs DIR the weights are read from the
encoder.onnx and decoder.onnx there (the model the benchmark scores, read with
the onnx package), and --check CSV compares this peer's outputs for the CSV's
rows, scored every way it times, with it (scored.csv: mean_*, logvar_*,
recon_*); otherwise the weights are random. Without --data it scores 10000 uniform random rows.

Reports throughput at batch 1 (--rows1 single rows after a warm-up) and at
batch 1000 (--passes passes over the rows after a warm-up pass); with --data
the rows are the test images of whole batches of 1000, those the library times. A single
row is timed two ways and the faster is reported: through the modules, whose
linear layers run a matrix product of one row, and as matrix-vector products
(torch.addmv), which do not repack the weights for every row. A batch is timed
through the modules and through their oneDNN copy (torch.utils.mkldnn), and the
faster is reported. The last line is
JSON: {"peer":"pytorch","rows_per_s_batch1":..,"rows_per_s_batch1000":..}.

With --threads 2, OpenBLAS should run on one thread (OPENBLAS_NUM_THREADS=1), or
each torch thread starts its own; with --threads 1, OpenBLAS may use both cores.
Where OpenBLAS falls back to kernels older than the CPU, the script runs again on
the CPU's own (openblas_core.run_on_cpu_kernels).

Run: /usr/bin/python3 pytorch_scoring.py --data /work/shared/data/mnist
"""
import argparse
import copy
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.utils.mkldnn
from torch import nn
from torch.nn import functional as F

from openblas_core import openblas_core, run_on_cpu_kernels


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count, rows, cols = np.frombuffer(raw, dtype=">i4", count=4)
    assert magic == 2051, f"{path}: bad magic {magic}"
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows * cols)
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


class Scorer(nn.Module):
    LOG_VARIANCE_MIN, LOG_VARIANCE_MAX = -20.0, 10.0  # the library's clip of the latent log-variance

    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), torch.clamp(self.fc22(h), self.LOG_VARIANCE_MIN, self.LOG_VARIANCE_MAX)
        return mu, logvar, torch.sigmoid(self.fc4(F.relu(self.fc3(mu))))

    def forward_row(self, x):
        """One row as a 1-D tensor, through matrix-vector products."""
        h = torch.relu(torch.addmv(self.fc1.bias, self.fc1.weight, x))
        mu = torch.addmv(self.fc21.bias, self.fc21.weight, h)
        logvar = torch.clamp(torch.addmv(self.fc22.bias, self.fc22.weight, h), self.LOG_VARIANCE_MIN, self.LOG_VARIANCE_MAX)
        hidden = torch.relu(torch.addmv(self.fc3.bias, self.fc3.weight, mu))
        return mu, logvar, torch.sigmoid(torch.addmv(self.fc4.bias, self.fc4.weight, hidden))

    def load_graphs(self, directory):
        """Takes the weights of the library's encoder.onnx and decoder.onnx (weights stored [in, out])."""
        import onnx
        from onnx import numpy_helper

        values = {}
        for name in ("encoder.onnx", "decoder.onnx"):
            graph = onnx.load(os.path.join(directory, name)).graph
            values.update({t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer})
        head_weight, head_bias = values["encoder.head.weight"], values["encoder.head.bias"]
        k = head_bias.shape[0] // 2
        layers = [(self.fc1, values["encoder.hidden.0.weight"], values["encoder.hidden.0.bias"]),
                  (self.fc21, head_weight[:, :k], head_bias[:k]), (self.fc22, head_weight[:, k:], head_bias[k:]),
                  (self.fc3, values["decoder.hidden.0.weight"], values["decoder.hidden.0.bias"]),
                  (self.fc4, values["decoder.head.weight"], values["decoder.head.bias"])]
        with torch.no_grad():
            for layer, weight, bias in layers:
                layer.weight.copy_(weight.t())
                layer.bias.copy_(bias)
        self.LOG_VARIANCE_MIN = float(values["latent.log_variance_min"])
        self.LOG_VARIANCE_MAX = float(values["latent.log_variance_max"])


def largest_difference(model, onednn, x, path):
    """The largest absolute difference between this peer's outputs and the CSV's, over the CSV's rows, scored every
    way the peer times: the modules and their oneDNN copy on a batch of 1000, the modules on single rows, and forward_row."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        table = torch.tensor(np.loadtxt(f, delimiter=",", dtype=np.float32, ndmin=2))
    rows = table.shape[0]
    expected = [table[:, [i for i, name in enumerate(header) if name.startswith(prefix + "_")]] for prefix in ("mean", "logvar", "recon")]
    with torch.no_grad():
        ways = [[output[:rows] for output in model(x[:1000])],
                [output[:rows] for output in onednn(x[:1000])],
                [torch.cat(outputs) for outputs in zip(*(model(x[i : i + 1]) for i in range(rows)))],
                [torch.stack(outputs) for outputs in zip(*(model.forward_row(x[i]) for i in range(rows)))]]
    return max(float((scored - wanted).abs().max()) for outputs in ways for scored, wanted in zip(outputs, expected))


def rows_per_second(score, rows, calls):
    t0 = time.perf_counter()
    for i in range(calls):
        score(i)
    return rows * calls / (time.perf_counter() - t0)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", help="folder with t10k-images-idx3-ubyte.gz (default: synthetic rows)")
    p.add_argument("--graphs", help="folder with the encoder.onnx and decoder.onnx whose weights to score with (default: random)")
    p.add_argument("--check", help="CSV of the library's scores of the first rows (mean_*, logvar_*, recon_*) to compare with")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rows1", type=int, default=2000, help="single-row calls to time")
    p.add_argument("--passes", type=int, default=5, help="timed passes over the rows at batch 1000")
    args = p.parse_args()
    openblas_picked = run_on_cpu_kernels()

    load0 = round(os.getloadavg()[0], 2)  # the machine is shared: record how busy it was
    torch.set_num_threads(args.threads)
    flush_denormal = torch.set_flush_denormal(True)  # as in the training peer, though scoring measured no difference
    torch.manual_seed(args.seed)
    if args.data:
        x = read_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))
        if x.shape[0] < 1000:
            p.error(f"{args.data} holds {x.shape[0]} test images; the peer times batches of 1000")
        x = x[: x.shape[0] // 1000 * 1000]
    else:
        x = torch.rand(10000, 784)
    model = Scorer().eval()
    if args.graphs:
        model.load_graphs(args.graphs)
    onednn = torch.utils.mkldnn.to_mkldnn(copy.deepcopy(model))
    difference = largest_difference(model, onednn, x, args.check) if args.check else None

    n = x.shape[0]
    with torch.no_grad():
        batch1 = {}
        for variant, score in (("modules", lambda i: model(x[i % n : i % n + 1])), ("matrix_vector", lambda i: model.forward_row(x[i % n]))):
            rows_per_second(score, 1, 200)  # warm-up
            batch1[variant] = rows_per_second(score, 1, args.rows1)
        variant1 = max(batch1, key=batch1.get)

        batch1000 = {}
        for variant, scorer in (("modules", model), ("onednn", onednn)):
            batch = lambda i: scorer(x[(i * 1000) % n : (i * 1000) % n + 1000])
            rows_per_second(batch, 1000, n // 1000)  # warm-up pass
            batch1000[variant] = rows_per_second(batch, 1000, args.passes * n // 1000)
        variant1000 = max(batch1000, key=batch1000.get)
        rps1000 = batch1000[variant1000]

    core = openblas_core()
    print(f"batch 1: {batch1[variant1]:.0f} rows/s ({variant1}; "
          + ", ".join(f"{v} {r:.0f}" for v, r in batch1.items()) + f"); batch 1000: {rps1000:.0f} rows/s ({variant1000}; "
          + ", ".join(f"{v} {r:.0f}" for v, r in batch1000.items()) + ") "
          f"(torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OpenBLAS threads {os.environ.get('OPENBLAS_NUM_THREADS', 'default')} on {core} kernels"
          f"{f' (OpenBLAS picked {openblas_picked})' if openblas_picked else ''}, "
          f"{'MNIST test' if args.data else 'synthetic'} rows, {'the library' + chr(39) + 's' if args.graphs else 'random'} weights)")
    print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                      "openblas_core": core,
                      "openblas_core_picked": openblas_picked,
                      "data": "mnist_t10k" if args.data else "synthetic",
                      "weights": "graphs" if args.graphs else "random",
                      "largest_difference_from_check": difference,
                      "rows_per_s_batch1": round(batch1[variant1], 1), "batch1_variant": variant1,
                      "rows_per_s_batch1_by_variant": {v: round(r, 1) for v, r in batch1.items()},
                      "rows_per_s_batch1000": round(rps1000, 1), "batch1000_variant": variant1000,
                      "rows_per_s_batch1000_by_variant": {v: round(r, 1) for v, r in batch1000.items()},
                      "flush_denormal": flush_denormal,
                      "loadavg_1min_start_end": [load0, round(os.getloadavg()[0], 2)]}))


if __name__ == "__main__":
    main()
