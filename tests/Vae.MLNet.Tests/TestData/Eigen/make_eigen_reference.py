"""Writes eigen_reference.json: a fixed symmetric matrix and its eigenpairs from torch.linalg.eigh in float64,
for the C# SymmetricEigenSolver tests.

The matrix is (G + Gᵀ)/2 for a seeded 16×16 standard normal G plus a rank-one term 8·vvᵀ, so its spectrum has one
eigenvalue well apart from the others and every gap is large enough for the eigenvectors to be compared up to sign.
Eigenpairs are stored in descending order of eigenvalue, eigenvectors as rows; floats are written with repr, which
.NET parses back to the same doubles.

Run: /usr/bin/python3 make_eigen_reference.py   (writes eigen_reference.json next to this script)
"""
import json
import os

import torch

torch.manual_seed(20261122)
N = 16
g = torch.randn(N, N, dtype=torch.float64)
v = torch.randn(N, dtype=torch.float64)
a = (g + g.T) / 2 + 8 * torch.outer(v, v) / v.dot(v)
assert torch.equal(a, a.T)
values, vectors = torch.linalg.eigh(a)
values = values.flip(0)
vectors = vectors.flip(1).T
gaps = (values[:-1] - values[1:]).min().item()
assert gaps > 1e-3, gaps
residual = (a @ vectors.T - vectors.T * values).abs().max().item()
assert residual < 1e-12, residual

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eigen_reference.json")
with open(path, "w") as f:
    json.dump(
        {
            "torch": torch.__version__,
            "n": N,
            "matrix": [float(x) for x in a.flatten()],
            "values": [float(x) for x in values],
            "vectors": [float(x) for x in vectors.flatten()],
        },
        f,
        indent=1,
    )
print(f"wrote {path}: eigenvalues {values[0].item():.6f} ... {values[-1].item():.6f}, smallest gap {gaps:.4g}")
