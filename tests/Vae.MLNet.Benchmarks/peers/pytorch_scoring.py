"""PyTorch peer for the VAE scoring (inference) benchmark (CPU).

Builds the 784-400-20 encoder (fc1 ReLU, fc21 -> mu, fc22 -> logvar) and the
20-400-784 decoder (fc3 ReLU, fc4 sigmoid) with random init, in eval mode under
torch.no_grad, and scores MNIST test images (pixels / 255): encoder -> (mu,
logvar), decoder(mu). Without --data it scores 10000 uniform random rows.

Reports throughput at batch 1 (--rows1 single rows after a warm-up) and at
batch 1000 (--passes passes over the 10000 rows after a warm-up pass). The
last line is JSON: {"peer":"pytorch","rows_per_s_batch1":..,"rows_per_s_batch1000":..}.

With --threads 2, OpenBLAS should run on one thread (OPENBLAS_NUM_THREADS=1), or
each torch thread starts its own; with --threads 1, OpenBLAS may use both cores.

Run: /usr/bin/python3 pytorch_scoring.py --data /work/shared/data/mnist
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count, rows, cols = np.frombuffer(raw, dtype=">i4", count=4)
    assert magic == 2051, f"{path}: bad magic {magic}"
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows * cols)
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


class Scorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        return mu, logvar, torch.sigmoid(self.fc4(F.relu(self.fc3(mu))))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", help="folder with t10k-images-idx3-ubyte.gz (default: synthetic rows)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rows1", type=int, default=2000, help="single-row calls to time")
    p.add_argument("--passes", type=int, default=5, help="timed passes over the rows at batch 1000")
    args = p.parse_args()

    load0 = round(os.getloadavg()[0], 2)  # the machine is shared: record how busy it was
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.data:
        x = read_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))[:10000]
    else:
        x = torch.rand(10000, 784)
    model = Scorer().eval()

    with torch.no_grad():
        for i in range(200):  # warm-up
            model(x[i : i + 1])
        t0 = time.perf_counter()
        for i in range(args.rows1):
            model(x[i % x.shape[0] : i % x.shape[0] + 1])
        rps1 = args.rows1 / (time.perf_counter() - t0)

        for i in range(0, x.shape[0], 1000):  # warm-up pass
            model(x[i : i + 1000])
        t0 = time.perf_counter()
        for _ in range(args.passes):
            for i in range(0, x.shape[0], 1000):
                model(x[i : i + 1000])
        rps1000 = args.passes * x.shape[0] / (time.perf_counter() - t0)

    print(f"batch 1: {rps1:.0f} rows/s; batch 1000: {rps1000:.0f} rows/s "
          f"(torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OpenBLAS threads {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, "
          f"{'MNIST test' if args.data else 'synthetic'} rows)")
    print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                      "data": "mnist_t10k" if args.data else "synthetic",
                      "rows_per_s_batch1": round(rps1, 1), "rows_per_s_batch1000": round(rps1000, 1),
                      "loadavg_1min_start_end": [load0, round(os.getloadavg()[0], 2)]}))


if __name__ == "__main__":
    main()
