"""Regenerates spellings.json: what PyTorch prints for each spelling in the porting table
(Docs/FromPyTorch.md), which Tests/AutogradTests/PyTorchSpellingTests.swift runs in GradLab's
spelling and compares line for line. Needs PyTorch (CPU); run:
    python3 Fixtures/spellings/generate.py > Fixtures/spellings/spellings.json
"""
import json, struct, torch
from torch import nn
import torch.nn.functional as F

cases = {}

def case(name, *lines):
    cases[name] = [str(line) for line in lines]

torch.manual_seed(0); case("randn(4, 3)", torch.randn(4, 3))
torch.manual_seed(1); case("rand(2, 3)", torch.rand(2, 3))
a = torch.arange(0, 12); case("arange(0, 12)", a, a.dtype)
case("arange(3.0)", torch.arange(3.0))
case("arange(0, 1, 0.25)", torch.arange(0, 1, 0.25))
x = torch.tensor([1.0, 2.0, 3.0]); y = torch.tensor([1.0, 0.0, 3.0])
case("a == b, a != b, a == 2", x == y, x != y, x == 2.0)
case("2 < a", 2 < x)
v = torch.tensor([1.7, -2.5])
case("float, double, long, bool", v.double(), v.long(), v.long().float(), torch.tensor([0.0, 3.0]).bool())
case("tolist", torch.tensor([[1.0, 2.0], [3.0, 4.0]]).tolist(), torch.tensor([0.1]).tolist(),
     torch.tensor([1, 2]).tolist(), torch.tensor(2.5).tolist(), torch.tensor([True, False]).tolist())
case("numel", torch.zeros(2, 3, 4).numel())
m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
case("zeros_like, ones_like, full_like", torch.zeros_like(m), torch.ones_like(m), torch.full_like(m, 7.0))
torch.manual_seed(2); case("randn_like, rand_like", torch.randn_like(m), torch.rand_like(m))
case("full(2, 3)", torch.full((2, 3), 7.0))
z = torch.tensor([-1.0, 0.5, 2.0])
case("torch functions", torch.sin(z), torch.relu(z), torch.exp(z), torch.mean(z), torch.sum(z), torch.argmax(z))
case("argmax(dim)", torch.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]]).argmax(dim=1))
t = torch.tensor([0.5, 1.5, 2.0]); u = torch.tensor([1.0, 1.0, 3.0])
logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]]); labels = torch.tensor([0, 2])
case("F", F.relu(z), F.mse_loss(t, u), F.l1_loss(t, u), F.cross_entropy(logits, labels),
     F.softmax(logits, dim=1), F.binary_cross_entropy_with_logits(z, torch.tensor([0.0, 1.0, 1.0])))

def opt_case():
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    lines = []
    for _ in range(3):
        opt.zero_grad(); (w * w).sum().backward(); opt.step(); sched.step()
        lines.append(sched.get_last_lr())
    opt.param_groups[0]["lr"] = 0.01
    lines.append(opt.param_groups[0]["lr"])
    return lines
case("get_last_lr, param_groups", *opt_case())

def adamw_case():
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    opt = torch.optim.AdamW([w], lr=0.1)
    for _ in range(3):
        opt.zero_grad(); (w * w).sum().backward(); opt.step()
    return w
case("AdamW", adamw_case())

def dropout_case():
    lines = []
    for seed in range(8):
        torch.manual_seed(seed)
        lines.append(nn.Dropout(p=0.5)(torch.ones(12)))
    return lines
case("Dropout(p=0.5), seeds 0-7", *dropout_case())

def clip_case():
    torch.manual_seed(3)
    p1 = torch.randn(5, requires_grad=True); p2 = torch.randn(3, 4, requires_grad=True)
    ((p1 * 3).sum() + (p2 ** 2).sum()).backward()
    norm = torch.nn.utils.clip_grad_norm_([p1, p2], max_norm=1.0)
    bits = struct.unpack("<I", struct.pack("<f", norm.item()))[0]
    return [norm, norm.dtype, bits, p1.grad]
case("clip_grad_norm_", *clip_case())

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Dropout(p=0.2), nn.Linear(16, 1, bias=False))
case("print(model), model[1], len(model)", model, model[1], len(model))

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 4)
        self.body = nn.Sequential(nn.Tanh(), nn.Linear(4, 1))
    def forward(self, x):
        return self.body(self.hidden(x))
case("print(custom module)", Net())

# What the series needs (issue: the whole series as labs): tensor indices, masks, grids,
# normalisation layers, a module list, a lambda schedule and scikit-learn's moons.
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]], requires_grad=True)
idx = torch.tensor([2, 0, -1, 2])
picked = x[idx]
(picked * torch.arange(1.0, 9.0).reshape(4, 2)).sum().backward()
case("x[idx], its gradient", picked, x.grad)
mask = torch.tensor([True, False, True, False])
case("x[mask], index_select, index_add", x[mask], x.index_select(1, torch.tensor([1, 1, 0])),
     torch.zeros(3, 2).index_add(0, torch.tensor([0, 2, 0]), torch.ones(3, 2)))
z = torch.tensor([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], requires_grad=True)
filled = z.masked_fill(z < 0, 0.0)
filled.sum().backward()
case("masked_fill, its gradient", filled, z.grad)
case("all, any", (z > -10).all(), (z > 10).any(), torch.tensor([]).all())
a, b = torch.linspace(0, 1, 3), torch.tensor([10.0, 20.0])
case("meshgrid ij", *torch.meshgrid(a, b, indexing="ij"))
case("meshgrid xy", *torch.meshgrid(a, b, indexing="xy"))

torch.manual_seed(4)
inputs = torch.randn(4, 3, requires_grad=True)
ln = nn.LayerNorm(3)
out = ln(inputs)
(out * torch.arange(12.0).reshape(4, 3)).sum().backward()
case("LayerNorm: print, output, input gradient, weight gradient", ln, out, inputs.grad, ln.weight.grad)

torch.manual_seed(5)
bn = nn.BatchNorm1d(3)
batch = torch.randn(6, 3) * 2 + 1
trained = bn(batch)
bn(batch * 0.5)
bn.eval()
case("BatchNorm1d: print, training output, running mean and var, eval output", bn, trained,
     bn.running_mean, bn.running_var, bn(batch[:2]), bn.num_batches_tracked)

torch.manual_seed(6)
layers = nn.ModuleList([nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)])
case("ModuleList: print, length, parameters", layers, len(layers), sum(p.numel() for p in layers.parameters()))

def lambda_case():
    w = torch.tensor([1.0], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.5)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: 0.9 ** epoch)
    lines = [sched.get_last_lr()]
    for _ in range(3):
        opt.step(); sched.step(); lines.append(sched.get_last_lr())
    return lines
case("LambdaLR", *lambda_case())

from sklearn.datasets import make_moons
mx, my = make_moons(n_samples=7, noise=0.2, random_state=42)
case("make_moons(7, noise=0.2, random_state=42)", mx.tolist(), my.tolist())
mx, my = make_moons(n_samples=5, shuffle=False, random_state=0)
case("make_moons(5, shuffle=False)", mx.tolist(), my.tolist())

print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1))
