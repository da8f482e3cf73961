"""Regenerates random-streams.json: what PyTorch's CPU generator draws after a seed.

Needs PyTorch; run:  python3 Fixtures/random/generate.py > Fixtures/random/random-streams.json
Each case seeds a generator (the default one with torch.manual_seed, or an explicit
torch.Generator), makes the listed calls in order, and records every result.
"""
import json
import torch

def call(c, g):
    op, shape = c["op"], c.get("shape", [])
    dtype = torch.float64 if c.get("dtype") == "float64" else torch.float32
    kw = {"generator": g} if g is not None else {}
    if op == "rand": return torch.rand(*shape, dtype=dtype, **kw)
    if op == "randn": return torch.randn(*shape, dtype=dtype, **kw)
    if op == "randint": return torch.randint(c["low"], c["high"], tuple(shape), **kw)
    if op == "randperm": return torch.randperm(c["n"], **kw)
    if op == "uniform_": return torch.empty(*shape, dtype=dtype).uniform_(c["from"], c["to"], **kw)
    if op == "normal_": return torch.empty(*shape, dtype=dtype).normal_(c["mean"], c["std"], **kw)
    if op == "bernoulli": return torch.bernoulli(torch.full(shape, c["p"], dtype=dtype), **kw)
    raise ValueError(op)

cases = [
    ("rand float32", 0, [{"op": "rand", "shape": [5]}, {"op": "rand", "shape": [2, 3]}]),
    ("rand float64", 7, [{"op": "rand", "shape": [6], "dtype": "float64"}]),
    ("randn below 16 (scalar path with cached pair)", 0, [{"op": "randn", "shape": [3]}, {"op": "randn", "shape": [1]}, {"op": "randn", "shape": [2]}]),
    ("randn 16 and more (vectorised path)", 0, [{"op": "randn", "shape": [16]}, {"op": "randn", "shape": [100, 1]}, {"op": "randn", "shape": [37]}]),
    ("randn float64", 3, [{"op": "randn", "shape": [5], "dtype": "float64"}, {"op": "randn", "shape": [20], "dtype": "float64"}]),
    ("randn seed 42", 42, [{"op": "randn", "shape": [100, 3]}, {"op": "randn", "shape": [100]}]),
    ("randint small range", 0, [{"op": "randint", "low": 0, "high": 10, "shape": [20]}, {"op": "randint", "low": -5, "high": 5, "shape": [2, 3]}]),
    ("randint large range", 1, [{"op": "randint", "low": 0, "high": 2**30, "shape": [5]}]),
    ("randperm", 0, [{"op": "randperm", "n": 10}, {"op": "randperm", "n": 100}]),
    ("uniform_ bounds", 5, [{"op": "uniform_", "shape": [9], "from": -0.3, "to": 0.7}, {"op": "uniform_", "shape": [4], "from": -0.5773502691896258, "to": 0.5773502691896258}, {"op": "uniform_", "shape": [4], "dtype": "float64", "from": -2.0, "to": 3.0}]),
    ("normal_ mean and std", 9, [{"op": "normal_", "shape": [20], "mean": 2.0, "std": 3.0}, {"op": "normal_", "shape": [3], "mean": -1.0, "std": 0.5}]),
    ("bernoulli of probabilities", 11, [{"op": "bernoulli", "shape": [12], "p": 0.3}, {"op": "bernoulli", "shape": [5], "p": 0.5, "dtype": "float64"}]),
]

out = []
for name, seed, calls in cases:
    for explicit in (False, True):
        if explicit:
            g = torch.Generator().manual_seed(seed)
        else:
            torch.manual_seed(seed)
            g = None
        values = [call(c, g).flatten().tolist() for c in calls]
        out.append({"name": name + (" (explicit generator)" if explicit else ""), "seed": seed,
                    "explicit": explicit, "calls": calls, "values": values})
print(json.dumps({"torch": torch.__version__, "cases": out}))
