"""What PyTorch's forward mode gives for a table of functions: the fixture that GradLab's
forward mode (`withDualLevel`, `makeDual`, `jvp`, `jacfwd`, `hessian`) is replayed against.

Needs PyTorch. Run:

    python3 Fixtures/forward/jvp.py > Fixtures/forward/jvp.json

Prints {"torch": version, "cases": [...]}. Each case names a function from the table
below (its Swift twin is in Tests/AutogradTests/ForwardModeFixtureTests.swift), the float64
inputs and tangents, and what PyTorch gave:
  - "jvp": torch.func.jvp's output values and output tangent (row-major values);
  - "forward_ad": the same through torch.autograd.forward_ad (make_dual, unpack_dual);
  - "jacfwd": torch.func.jacfwd's Jacobian with respect to the first input;
  - "hessian": torch.func.hessian of the sum of the output, with respect to the first input.
"""
import json
import sys

import torch
import torch.autograd.forward_ad as fwAD
from torch.func import hessian, jacfwd, jvp

FUNCTIONS = {
    "sin(x) * y": lambda x, y: x.sin() * y,
    "exp(x) / (1 + y * y)": lambda x, y: x.exp() / (1 + y * y),
    "tanh(x @ W)": lambda x, w: torch.tanh(x @ w),
    "softmax(x * y)": lambda x, y: torch.softmax(x * y, 0),
    "log_softmax(x) - y": lambda x, y: torch.log_softmax(x, 0) - y,
    "sqrt(x * x + y)": lambda x, y: torch.sqrt(x * x + y),
    "max(x, y) + min(x, y)^2": lambda x, y: torch.maximum(x, y) + torch.minimum(x, y) ** 2,
    "sigmoid(x).sum() * y": lambda x, y: torch.sigmoid(x).sum() * y,
    "var(x) + std(y)": lambda x, y: x.var() + y.std(),
    "norm(x) * mean(y)": lambda x, y: torch.linalg.vector_norm(x) * y.mean(),
    "cat(2x, y) as rows, column sums": lambda x, y: torch.cat([x * 2, y]).reshape(2, -1).t().sum(1),
    "where(x > 0, x, y)": lambda x, y: torch.where(x > 0, x, y),
    "x ** y": lambda x, y: x.abs() ** y,
    "mse(x, y)": lambda x, y: torch.nn.functional.mse_loss(x, y),
    "clamp(x, -0.5, 0.5) * y": lambda x, y: x.clamp(-0.5, 0.5) * y,
}

INPUTS = {
    "tanh(x @ W)": ([0.3, -1.2, 0.8], [[0.5, -0.2], [1.1, 0.4], [-0.7, 0.9]]),
}
DEFAULT_INPUTS = ([0.3, -1.2, 0.8], [1.5, 0.25, -0.6])
TANGENTS = ([1.0, -0.5, 0.25], None)


def tensor(values):
    return torch.tensor(values, dtype=torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


cases = []
for name, f in FUNCTIONS.items():
    raw_x, raw_y = INPUTS.get(name, DEFAULT_INPUTS)
    x, y = tensor(raw_x), tensor(raw_y)
    tx = tensor(TANGENTS[0])
    ty = torch.linspace(-1, 1, y.numel(), dtype=torch.float64).reshape(y.shape)
    out, out_t = jvp(f, (x, y), (tx, ty))
    with fwAD.dual_level():
        dual_out = f(fwAD.make_dual(x, tx), fwAD.make_dual(y, ty))
        _, dual_t = fwAD.unpack_dual(dual_out)
    jac = jacfwd(f, argnums=0)(x, y)
    hes = hessian(lambda a: f(a, y).sum())(x)
    cases.append({
        "name": name,
        "x": {"shape": list(x.shape), "values": flat(x)},
        "y": {"shape": list(y.shape), "values": flat(y)},
        "tx": flat(tx),
        "ty": flat(ty),
        "output": {"shape": list(out.shape), "values": flat(out)},
        "jvp": flat(out_t),
        "forward_ad": flat(dual_t),
        "jacfwd": {"shape": list(jac.shape), "values": flat(jac)},
        "hessian": {"shape": list(hes.shape), "values": flat(hes)},
    })

print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1))
print("%d forward-mode cases" % len(cases), file=sys.stderr)
