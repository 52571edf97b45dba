"""Writes vae_reference.json: float64 reference losses and gradients for the C# VAE tests.

Tiny VAE (D=5 inputs, encoder hidden [4], K=3 latent, decoder hidden [4], batch B=3),
one case per likelihood (bernoulli, gaussian with fixed variance 0.5, gaussian_learned)
x activation (relu, tanh, softplus, leaky_relu slope 0.01), plus bernoulli_relu with beta 0.5, plus one
case per likelihood (relu) in which features 1-3 are the one-hot features of a categorical column.

Conventions (those of Vae.MLNet, not torch's):
  * Dense: y = x W + b, W stored row-major as [in, out] (transpose of torch Linear.weight).
  * Encoder head has 2K outputs: [mu | logvar], logvar clamped to [-20, 10].
  * z = mu + exp(0.5 logvar) * eps, eps given in the file.
  * Decoder head: D logits (bernoulli), D means (gaussian), or 2D outputs [means | log-variances]
    clamped to [-9, 9] (gaussian_learned). The clamps are asserted to be inactive.
  * Per row: bernoulli recon = sum_d softplus(o) - x o; gaussian = sum_d (x - m)^2 / (2 sigma2);
    gaussian_learned = sum_d s/2 + (x - m)^2 / (2 e^s); KL = -1/2 sum_k (1 + logvar - mu^2 - e^logvar).
    A categorical column's features (CATEGORY) take -sum x log softmax(o) instead, whatever the likelihood,
    and the likelihood's sum runs over the other features only.
    loss = mean over rows of recon + beta KL.
Gradients come from torch autograd (float64). The script asserts that they agree with central
finite differences and that the losses agree with torch's own BCE-with-logits / MSE /
Gaussian NLL / Normal-Normal KL. Weights are seeded, so reruns give the same file.

Run: /usr/bin/python3 make_reference.py   (writes vae_reference.json next to this script)
"""
import json
import os

import torch
from torch.nn import functional as F

torch.set_default_dtype(torch.float64)
D, H, K, B = 5, 4, 3, 3
SIGMA2, SLOPE = 0.5, 0.01
ACTS = {
    "relu": F.relu,
    "tanh": torch.tanh,
    "softplus": F.softplus,
    "leaky_relu": lambda v: F.leaky_relu(v, SLOPE),
}
ROLES = ["encoder_hidden_0", "encoder_head", "decoder_hidden_0", "decoder_head"]
CATEGORY = (1, 3)  # first feature and count of the categorical column of "categorical" cases


def shapes(lik):
    return [(D, H), (H, 2 * K), (K, H), (H, 2 * D if lik == "gaussian_learned" else D)]


def columns(categorical):
    """The numeric features and the categorical column's, as index lists."""
    first, count = CATEGORY
    column = list(range(first, first + count)) if categorical else []
    return [j for j in range(D) if j not in column], column


def forward(lik, act, beta, x, eps, params, categorical=False):
    """Returns loss and intermediate values; params = [W0, b0, W1, b1, ...] in ROLES order."""
    f = ACTS[act]
    (W0, b0, W1, b1, W2, b2, W3, b3) = params
    pre_e = x @ W0 + b0
    enc = f(pre_e) @ W1 + b1
    mu, logvar = enc[:, :K], torch.clamp(enc[:, K:], -20.0, 10.0)
    z = mu + torch.exp(0.5 * logvar) * eps
    pre_d = z @ W2 + b2
    out = f(pre_d) @ W3 + b3
    numeric, column = columns(categorical)
    xn = x[:, numeric]
    if lik == "bernoulli":
        on = out[:, numeric]
        recon = (F.softplus(on) - xn * on).sum(1)
    elif lik == "gaussian":
        recon = ((xn - out[:, numeric]) ** 2 / (2 * SIGMA2)).sum(1)
    else:
        m, s = out[:, :D][:, numeric], torch.clamp(out[:, D:][:, numeric], -9.0, 9.0)
        recon = (0.5 * s + (xn - m) ** 2 / (2 * torch.exp(s))).sum(1)
    if column:
        recon = recon - (x[:, column] * torch.log_softmax(out[:, column], dim=1)).sum(1)
    kl = -0.5 * (1 + logvar - mu ** 2 - torch.exp(logvar)).sum(1)
    loss = (recon + beta * kl).mean()
    return loss, dict(pre=(pre_e, pre_d), enc=enc, mu=mu, logvar=logvar, z=z, out=out, recon=recon, kl=kl)


def independent_checks(lik, x, v, categorical):
    """Losses recomputed with torch's library functions."""
    out, std = v["out"], torch.exp(0.5 * v["logvar"])
    numeric, column = columns(categorical)
    xn = x[:, numeric]
    if lik == "bernoulli":
        recon = F.binary_cross_entropy_with_logits(out[:, numeric], xn, reduction="none").sum(1)
    elif lik == "gaussian":
        recon = F.mse_loss(out[:, numeric], xn, reduction="none").sum(1) / (2 * SIGMA2)
    else:
        variance = torch.exp(out[:, D:][:, numeric])
        recon = F.gaussian_nll_loss(out[:, :D][:, numeric], xn, variance, reduction="none", eps=0.0).sum(1)
    if column:
        recon = recon + F.cross_entropy(out[:, column], x[:, column].argmax(1), reduction="none")
    normal = torch.distributions.Normal
    kl = torch.distributions.kl_divergence(normal(v["mu"], std), normal(0.0, 1.0)).sum(1)
    assert torch.allclose(recon, v["recon"], rtol=1e-12, atol=1e-12), (recon, v["recon"])
    assert torch.allclose(kl, v["kl"], rtol=1e-12, atol=1e-12), (kl, v["kl"])


def make_case(index, lik, act, beta, categorical=False):
    seed = 1000 + index
    while True:  # resample until no ReLU kink is near a pre-activation (finite differences stay valid)
        g = torch.Generator().manual_seed(seed)
        x = torch.rand(B, D, generator=g) if lik == "bernoulli" else torch.randn(B, D, generator=g)
        eps = torch.randn(B, K, generator=g)
        if categorical:
            first, count = CATEGORY
            x[:, first:first + count] = F.one_hot(torch.randint(count, (B,), generator=g), count).to(x.dtype)
        params = []
        for fan_in, fan_out in shapes(lik):
            params.append(torch.randn(fan_in, fan_out, generator=g) * (0.8 / fan_in ** 0.5))
            params.append(torch.randn(fan_out, generator=g) * 0.2)
        _, v = forward(lik, act, beta, x, eps, params, categorical)
        if min(p.abs().min().item() for p in v["pre"]) > 1e-3:
            break
        seed += 100
    enc_lv = v["enc"][:, K:]
    assert enc_lv.min() > -19 and enc_lv.max() < 9, "encoder logvar clamp would be active"
    if lik == "gaussian_learned":
        assert v["out"][:, D:].abs().max() < 8, "decoder log-variance clamp would be active"
    independent_checks(lik, x, v, categorical)

    params = [p.requires_grad_() for p in params]
    loss, v = forward(lik, act, beta, x, eps, params, categorical)
    grads = torch.autograd.grad(loss, params)

    h = 1e-6  # central finite differences on every parameter entry
    with torch.no_grad():
        for p, gr in zip(params, grads):
            flat, gflat = p.view(-1), gr.reshape(-1)
            for i in range(flat.numel()):
                keep = flat[i].item()
                flat[i] = keep + h
                up = forward(lik, act, beta, x, eps, params, categorical)[0].item()
                flat[i] = keep - h
                down = forward(lik, act, beta, x, eps, params, categorical)[0].item()
                flat[i] = keep
                fd = (up - down) / (2 * h)
                assert abs(fd - gflat[i].item()) <= 1e-7 * max(1.0, abs(fd)), (lik, act, i, fd, gflat[i].item())

    lst = lambda t: t.detach().reshape(-1).tolist()
    layers, grad_out = [], []
    for r, role in enumerate(ROLES):
        W, b = params[2 * r], params[2 * r + 1]
        layers.append({"role": role, "in": W.shape[0], "out": W.shape[1], "W": lst(W), "b": lst(b)})
        grad_out.append({"role": role, "dW": lst(grads[2 * r]), "db": lst(grads[2 * r + 1])})
    name = f"{lik}_{act}" + ("" if beta == 1.0 else f"_beta{beta}") + ("_categorical" if categorical else "")
    return {
        "name": name, "likelihood": lik, "activation": act, "leaky_slope": SLOPE,
        "gaussian_variance": SIGMA2, "beta": beta, "input_dim": D, "latent_dim": K,
        "encoder_hidden": [H], "decoder_hidden": [H], "batch": B, "seed": seed,
        "categories": [list(CATEGORY)] if categorical else [],
        "x": lst(x), "eps": lst(eps), "layers": layers,
        "expected": {
            "loss": loss.item(), "recon_mean": v["recon"].mean().item(), "kl_mean": v["kl"].mean().item(),
            "recon_per_row": lst(v["recon"]), "kl_per_row": lst(v["kl"]),
            "mu": lst(v["mu"]), "logvar": lst(v["logvar"]), "z": lst(v["z"]),
            "decoder_output": lst(v["out"]), "grads": grad_out,
        },
    }


def main():
    specs = [(lik, act, 1.0) for lik in ("bernoulli", "gaussian", "gaussian_learned") for act in ACTS]
    specs.append(("bernoulli", "relu", 0.5))
    specs += [(lik, "relu", 1.0, True) for lik in ("bernoulli", "gaussian", "gaussian_learned")]
    cases = [make_case(i, *s) for i, s in enumerate(specs)]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vae_reference.json")
    with open(path, "w") as f:
        json.dump(cases, f, indent=1)  # floats are written with repr: shortest round-trip float64
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path} (torch {torch.__version__}, float64, gradients checked by finite differences)")


if __name__ == "__main__":
    main()
