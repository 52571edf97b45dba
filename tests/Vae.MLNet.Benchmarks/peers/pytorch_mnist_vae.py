"""PyTorch peer for the MNIST VAE benchmark (CPU).

Same model and training recipe as the classic pytorch/examples vae/main.py:
fc1 784->400 ReLU, fc21/fc22 400->20 (mu, logvar), fc3 20->400 ReLU,
fc4 400->784 sigmoid; loss = BCE summed over pixels + KLD; Adam lr 1e-3,
batch 128, shuffled each epoch; pixels / 255. The MNIST IDX files are read
directly (no torchvision); batches are sliced from one in-memory tensor
instead of a DataLoader. Where OpenBLAS falls back to kernels older than the
CPU, the script runs again on the CPU's own (openblas_core.run_on_cpu_kernels).
Denormal floats are flushed to zero (torch.set_flush_denormal), as a user
tuning PyTorch for CPU would: they slowed its later epochs.

Prints one line per epoch (epoch, average train loss per example, seconds of
the training loop only) and, last, one JSON line with:
  median_epoch_seconds, epoch_seconds,
  test_loss  = mean over the 10000 test images of BCE + KLD, decoding z = mu
               (NOTE: the example's own test() samples z even in eval mode,
               so its "Test set loss" corresponds to test_elbo below),
  test_elbo  = the same with one sampled z per image (negative ELBO / example),
  peak_rss_mb = ru_maxrss of this process.

Run (Debian python, torch 1.13 CPU):
  /usr/bin/python3 pytorch_mnist_vae.py --data /work/shared/data/mnist
  /usr/bin/python3 pytorch_mnist_vae.py --data /work/shared/data/mnist --epochs 1 --limit 2000
"""
import argparse
import gzip
import json
import os
import resource
import statistics
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from openblas_core import openblas_core, run_on_cpu_kernels


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count, rows, cols = np.frombuffer(raw, dtype=">i4", count=4)
    assert magic == 2051, f"{path}: bad magic {magic}"
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16)
    assert pixels.size == count * rows * cols
    # Kept as bytes and scaled per batch, as torchvision's MNIST keeps them and as the library does: converting the
    # whole set to float32 up front would add 180 MB to this peer's peak memory.
    return torch.from_numpy(pixels.reshape(count, rows * cols).copy())


def scaled(pixels):
    return pixels.float() / 255.0


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc21(h), self.fc22(h)

    def decode(self, z):
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decode(z), mu, logvar


def loss_sum(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="folder with the MNIST *-ubyte.gz files")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--limit", type=int, default=0, help="use only the first N training rows (0 = all)")
    args = p.parse_args()
    openblas_picked = run_on_cpu_kernels()

    load0 = round(os.getloadavg()[0], 2)  # the machine is shared: record how busy it was
    torch.set_num_threads(args.threads)
    # Adam drives some moments and weights into denormal floats, which the CPU computes slowly: without flushing them
    # to zero the peer's epochs grew from 2.9 to 4.2 s over ten, about 11 % slower, for the same test loss.
    flush_denormal = torch.set_flush_denormal(True)
    torch.manual_seed(args.seed)
    train = read_idx_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"))
    test = read_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))
    if args.limit > 0:
        train = train[: args.limit]
    n = train.shape[0]

    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    epoch_seconds = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        total = 0.0
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, args.batch_size):
            x = scaled(train[perm[i : i + args.batch_size]])
            opt.zero_grad()
            recon, mu, logvar = model(x)
            loss = loss_sum(recon, x, mu, logvar)
            loss.backward()
            total += loss.item()
            opt.step()
        secs = time.perf_counter() - t0
        epoch_seconds.append(secs)
        print(f"epoch {epoch} train_loss {total / n:.4f} seconds {secs:.3f}", flush=True)

    model.eval()
    test_loss = test_elbo = 0.0
    with torch.no_grad():
        for i in range(0, test.shape[0], 1000):
            x = scaled(test[i : i + 1000])
            mu, logvar = model.encode(x)
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
            test_loss += loss_sum(model.decode(mu), x, mu, logvar).item()
            test_elbo += loss_sum(model.decode(z), x, mu, logvar).item()

    print(json.dumps({
        "peer": "pytorch",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblas_core": openblas_core(),
        "openblas_core_picked": openblas_picked,
        "flush_denormal": flush_denormal,
        "epochs": args.epochs,
        "train_rows": n,
        "batch_size": args.batch_size,
        "median_epoch_seconds": round(statistics.median(epoch_seconds), 4) if epoch_seconds else None,
        "epoch_seconds": [round(s, 4) for s in epoch_seconds],
        "test_loss": round(test_loss / test.shape[0], 4),
        "test_elbo": round(test_elbo / test.shape[0], 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "loadavg_1min_start_end": [load0, round(os.getloadavg()[0], 2)],
    }))


if __name__ == "__main__":
    main()
