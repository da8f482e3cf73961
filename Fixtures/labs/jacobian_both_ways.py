"""What PyTorch prints for the lab "The Jacobian both ways" (a Jacobian-vector product
by forward mode, a vector-Jacobian product by reverse mode, and the passes each needs for
a full Jacobian), in the format of the other lab fixtures. Needs PyTorch. Run:

    python3 Fixtures/labs/jacobian_both_ways.py

It writes Fixtures/labs/autograd-package.jacobian-both-ways.json. (The other labs'
fixtures come from the shared reference through generate.py; this lab is GradLab's own,
after the article's Jacobian-vector product example.)
"""
import contextlib
import io
import json
import os

import torch
import torch.autograd.forward_ad as fwAD
from torch.func import jacfwd, jacrev


def nums(values, fmt=".6g"):
    return " ".join(format(v, fmt) for v in values)


def doubled(x):
    """The article's function: x doubled until its norm reaches 1000 (9 times here)."""
    y = x * 2
    while y.detach().norm() < 1000:
        y = y * 2
    return y


def lab():
    torch.manual_seed(0)
    x = torch.randn(3)
    v = torch.tensor([0.1, 1.0, 0.0001])

    leaf = x.clone().requires_grad_()
    doubled(leaf).backward(v)
    print("reverse mode, one backward pass: v^T J =", nums(leaf.grad.tolist()))

    with fwAD.dual_level():
        jv = fwAD.unpack_dual(doubled(fwAD.make_dual(x, v))).tangent
    print("forward mode, one forward pass:  J v   =", nums(jv.tolist()))

    def three_to_one(x):
        return (x ** 2).sum()

    def one_to_three(t):
        return torch.cat([t, t ** 2, t ** 3])

    t = torch.tensor([1.5])
    for name, f, point in (("f: R^3 -> R", three_to_one, x), ("g: R -> R^3", one_to_three, t)):
        forward, reverse = jacfwd(f)(point), jacrev(f)(point)
        out = f(point)
        print(name)
        print("  jacfwd:", nums(forward.reshape(-1).tolist()), "| forward passes:", point.numel())
        print("  jacrev:", nums(reverse.reshape(-1).tolist()), "| backward passes:", out.numel())
    return {"vjp": leaf.grad.tolist(), "jvp": jv.tolist(),
            "jacobian f": jacfwd(three_to_one)(x).tolist(), "jacobian g": jacrev(one_to_three)(t).reshape(-1).tolist()}


buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    values = lab()
record = {"lab": "autograd-package.jacobian-both-ways", "transcript": buffer.getvalue().splitlines(),
          "values": values, "documented": None}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "autograd-package.jacobian-both-ways.json")
with open(path, "w") as f:
    json.dump(record, f, indent=1)
    f.write("\n")
print("\n".join(record["transcript"]))
