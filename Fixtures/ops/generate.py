"""Regenerates ops-values.json: exact values PyTorch computes for creation ops and
reductions whose float32 rounding GradLab reproduces. Needs PyTorch; run:
    python3 Fixtures/ops/generate.py > Fixtures/ops/ops-values.json
"""
import json
import torch

cases = []
for n in [1, 2, 5, 7, 33, 100]:
    for dtype in [torch.float32, torch.float64]:
        cases.append({"op": "linspace", "args": [-1.0, 1.0, n], "dtype": str(dtype)[6:],
                      "values": torch.linspace(-1, 1, n, dtype=dtype).tolist()})
for (a, b, s) in [(0.0, 1.0, 0.3), (-2.0, 2.0, 0.5), (0.0, 10.0, 1.0)]:
    cases.append({"op": "arange", "args": [a, b, s], "dtype": "float32",
                  "values": torch.arange(a, b, s, dtype=torch.float32).tolist()})
x = torch.tensor([[750.0, 3.0, 1.0], [1200.0, 4.0, 2.0], [1800.0, 4.0, 3.0], [2400.0, 5.0, 3.0]])
cases.append({"op": "std(dim=0)", "args": [], "dtype": "float32", "input": x.flatten().tolist(), "shape": [4, 3],
              "values": x.std(dim=0).tolist()})
cases.append({"op": "var()", "args": [], "dtype": "float32", "input": x.flatten().tolist(), "shape": [4, 3],
              "values": [x.var().item()]})
cases.append({"op": "mean(dim=1)", "args": [], "dtype": "float32", "input": x.flatten().tolist(), "shape": [4, 3],
              "values": x.mean(dim=1).tolist()})
print(json.dumps({"torch": torch.__version__, "cases": cases}))
