"""Trains the C# tests' VAEs for a few epochs in PyTorch, from the engine's starting weights and with its ε, and prints
every epoch's losses and weights as JSON (PyTorchStepParityTests compares them with the engine's).

Usage: /usr/bin/python3 pytorch_steps.py CASES.json [--dtype float64|float32]

CASES.json holds a list of cases, each with the raw training rows, the options, the starting weights of every layer
(in VaeNetwork.Layers order: encoder hidden layers, encoder head, decoder hidden layers, decoder head) and, for each
epoch, its batches: the rows each takes, in order, and the ε each draws. Every number is a float32 value written
exactly, so float64 (the default) computes the engine's steps without rounding of its own, and its distance from the
engine is the engine's float32 rounding; float32 gives PyTorch's own float32 rounding, to compare the two.

Everything here is PyTorch's own (nn.functional losses, torch.distributions' KL, autograd, clip_grad_norm_,
torch.optim.Adam) except where the engine documents a convention of its own, each marked "Convention" below:
  * the loss is the batch's mean per row of reconstruction + β·KL, summed over features and latent dimensions, not
    the sum over the batch of PyTorch's VAE example (docs/architecture.md, "Loss per row, mean per batch");
  * the Gaussian terms leave out the constant ½·log 2π, and the fixed variance's ½·log σ² too (VaeLikelihood);
  * a clamped log-variance passes the gradient back through its clamp where a descent step leads back inside, where
    torch.clamp passes none beyond a bound (docs/architecture.md, "Numerical safety", "Clamps");
  * weight decay is torch.optim.Adam's weight_decay in a parameter group of the weights alone, biases in a group
    without it (VaeOptions.WeightDecay);
  * a clipped gradient is scaled by clip / norm, where clip_grad_norm_ scales by clip / (norm + 1e-6)
    (VaeOptions.GradientClipNorm: "rescaled so that its global L2 norm is at most this value");
  * input scaling is learned from all the training rows: min-max to [0, 1] (clipped to it for Bernoulli) or
    standardization by the mean and the population standard deviation (divided by n, as scikit-learn's StandardScaler
    does; torch.std divides by n − 1), each leaving categorical columns as they are (FeatureScaling, FeatureStatistics);
  * the KL weight of epoch e is β·min(1, e / W) for a warm-up of W epochs (VaeOptions.KLWarmupEpochs).
"""
import argparse
import json
import sys

import torch
from torch.nn import functional as F

ACTIVATIONS = {
    "Relu": lambda v, slope: F.relu(v),
    "Tanh": lambda v, slope: torch.tanh(v),
    "Softplus": lambda v, slope: F.softplus(v),
    "LeakyRelu": lambda v, slope: F.leaky_relu(v, slope),
}
LATENT_LOG_VAR = (-20.0, 10.0)  # VaeNetwork.LatentLogVarMin and Max
RECONSTRUCTION_LOG_VAR = (-9.0, 9.0)  # VaeNetwork.ReconstructionLogVarMin and Max


class EngineClamp(torch.autograd.Function):
    """Convention: clamps as torch.clamp does, but passes the gradient at a bound when a descent step leads back inside
    (positive at the upper bound, negative at the lower), as VaeLoss.ThroughClamp does; torch.clamp passes none there
    once the value lies beyond the bound. Counts the values it found at a bound, for the tests to see the clamps bind."""

    at_bound = 0

    @staticmethod
    def forward(ctx, values, low, high):
        clamped = values.clamp(low, high)
        ctx.save_for_backward(clamped)
        ctx.bounds = (low, high)
        EngineClamp.at_bound += int(((clamped <= low) | (clamped >= high)).sum())
        return clamped

    @staticmethod
    def backward(ctx, gradient):
        (clamped,) = ctx.saved_tensors
        low, high = ctx.bounds
        outward = ((clamped >= high) & (gradient < 0)) | ((clamped <= low) & (gradient > 0))
        return gradient.masked_fill(outward, 0.0), None, None


def scaling(case, x):
    """Returns the scaled training rows, computed from the raw rows alone."""
    kind = case["input_scaling"]
    numeric = numeric_features(case)
    scaled = x.clone()
    if kind == "Standardize":
        column = x[:, numeric]
        scaled[:, numeric] = (column - column.mean(0)) / column.std(0, unbiased=False)
    elif kind == "MinMax":
        column = x[:, numeric]
        low, high = column.min(0).values, column.max(0).values
        scaled[:, numeric] = (column - low) / (high - low)
        if case["likelihood"] == "Bernoulli":
            scaled = scaled.clamp(0.0, 1.0)
    else:
        assert kind == "None", kind
    return scaled


def numeric_features(case):
    categorical = {j for first, count in case["categories"] for j in range(first, first + count)}
    return [j for j in range(case["features"]) if j not in categorical]


def losses(case, layers, x, eps, beta):
    """Per row reconstruction and KL terms of the batch x with noise eps."""
    d, k = case["features"], case["latent"]
    act = ACTIVATIONS[case["activation"]]
    slope = case["leaky_slope"]
    encoder_hidden = len(case["encoder_hidden"])
    h = x
    for weights, bias in layers[:encoder_hidden]:
        h = act(h @ weights + bias, slope)
    weights, bias = layers[encoder_hidden]
    head = h @ weights + bias
    mu, logvar = head[:, :k], EngineClamp.apply(head[:, k:], *LATENT_LOG_VAR)
    z = mu + torch.exp(0.5 * logvar) * eps
    h = z
    for weights, bias in layers[encoder_hidden + 1:-1]:
        h = act(h @ weights + bias, slope)
    weights, bias = layers[-1]
    out = h @ weights + bias

    numeric = numeric_features(case)
    xn = x[:, numeric]
    likelihood = case["likelihood"]
    if likelihood == "Bernoulli":
        recon = F.binary_cross_entropy_with_logits(out[:, numeric], xn, reduction="none").sum(1)
    elif likelihood == "Gaussian":
        # Convention: Σ (x − μ)² / (2σ²), without ½·log 2πσ².
        recon = F.mse_loss(out[:, numeric], xn, reduction="none").sum(1) / (2 * case["gaussian_variance"])
    else:
        assert likelihood == "GaussianLearnedVariance", likelihood
        # Convention: ½·log σ² + (x − μ)² / (2σ²), without ½·log 2π, which is gaussian_nll_loss's full=False.
        log_variance = EngineClamp.apply(out[:, d:][:, numeric], *RECONSTRUCTION_LOG_VAR)
        recon = F.gaussian_nll_loss(out[:, :d][:, numeric], xn, torch.exp(log_variance), full=False, eps=0.0, reduction="none").sum(1)
    for first, count in case["categories"]:
        recon = recon + F.cross_entropy(out[:, first:first + count], x[:, first:first + count].argmax(1), reduction="none")

    normal = torch.distributions.Normal
    kl = torch.distributions.kl_divergence(normal(mu, torch.exp(0.5 * logvar)), normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(1)
    return recon, kl


def train(case, dtype):
    d, k = case["features"], case["latent"]
    tensor = lambda values: torch.tensor(values, dtype=dtype)
    raw = tensor(case["rows"]).reshape(-1, d)
    x_all = scaling(case, raw)
    layers = []
    for layer in case["layers"]:
        weights = tensor(layer["W"]).reshape(layer["in"], layer["out"]).requires_grad_()
        bias = tensor(layer["b"]).requires_grad_()
        layers.append((weights, bias))
    parameters = [p for layer in layers for p in layer]
    # Convention: weight decay on the weights alone.
    optimizer = torch.optim.Adam(
        [{"params": [w for w, _ in layers], "weight_decay": case["weight_decay"]}, {"params": [b for _, b in layers], "weight_decay": 0.0}],
        lr=case["learning_rate"], betas=(case["beta1"], case["beta2"]), eps=case["epsilon"])
    clip = case["clip"]
    EngineClamp.at_bound = 0
    epochs, clipped_steps, steps = [], 0, 0
    for number, epoch in enumerate(case["epochs"], start=1):
        # Convention: the KL warm-up's linear ramp, epoch by epoch.
        warmup = case["kl_warmup_epochs"]
        beta = case["beta"] * (min(1.0, number / warmup) if warmup > 0 else 1.0)
        recon_total = kl_total = 0.0
        for batch in epoch["batches"]:
            x = x_all[batch["rows"]]
            eps = tensor(batch["eps"]).reshape(len(batch["rows"]), k)
            optimizer.zero_grad()
            recon, kl = losses(case, layers, x, eps, beta)
            # Convention: the mean over the batch's rows.
            (recon + beta * kl).mean().backward()
            if clip is not None:
                # clip_grad_norm_ with an infinite bound measures the norm over every parameter and scales nothing.
                norm = float(torch.nn.utils.clip_grad_norm_(parameters, float("inf")))
                if norm > clip:
                    # Convention: scaled to the clip norm exactly (clip_grad_norm_ divides by norm + 1e-6).
                    for p in parameters:
                        p.grad.mul_(clip / norm)
                    clipped_steps += 1
            optimizer.step()
            steps += 1
            recon_total += float(recon.sum())
            kl_total += float(kl.sum())
        n = raw.shape[0]
        epochs.append({
            "beta": beta,
            "loss": (recon_total + beta * kl_total) / n,
            "reconstruction": recon_total / n,
            "kl": kl_total / n,
            "layers": [{"W": w.detach().reshape(-1).tolist(), "b": b.detach().reshape(-1).tolist()} for w, b in layers],
        })
    return {"name": case["name"], "steps": steps, "clipped_steps": clipped_steps, "clamped_values": EngineClamp.at_bound, "epochs": epochs}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cases")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    arguments = parser.parse_args()
    dtype = getattr(torch, arguments.dtype)
    torch.set_num_threads(1)
    with open(arguments.cases) as f:
        cases = json.load(f)
    json.dump([train(case, dtype) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
