"""Regenerates trajectories.json: what PyTorch's optimizers, schedulers, clipping,
nn.Linear initialisation and DataLoader shuffling produce. Needs PyTorch; run:
    python3 Fixtures/training/generate.py > Fixtures/training/trajectories.json
Every trajectory starts from the same float32 parameters and minimises
loss = mean((p1 * x - y)^2) + sum(tanh(p2) * c) for 15 steps.
"""
import json, torch
from torch import nn, optim
from torch.utils.data import TensorDataset, DataLoader, random_split

X = [0.5, -1.0, 2.0]; Y = [1.0, 0.0, -1.5]; C = [[0.3, -0.7], [1.1, 0.2]]
P1 = [0.1, 0.2, -0.3]; P2 = [[0.5, -0.5], [1.0, 0.25]]

def params():
    return torch.tensor(P1, requires_grad=True), torch.tensor(P2, requires_grad=True)

def loss_of(p1, p2):
    x, y, c = torch.tensor(X), torch.tensor(Y), torch.tensor(C)
    return ((p1 * x - y) ** 2).mean() + (p2.tanh() * c).sum()

def optimizer_run(name, make, steps=15):
    p1, p2 = params()
    opt = make([p1, p2])
    rows = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_of(p1, p2)
        loss.backward()
        opt.step()
        rows.append(p1.detach().tolist() + p2.detach().flatten().tolist())
    return {"name": name, "rows": rows}

optimizers = [
    optimizer_run("SGD lr=0.1", lambda p: optim.SGD(p, lr=0.1)),
    optimizer_run("SGD momentum=0.9", lambda p: optim.SGD(p, lr=0.05, momentum=0.9)),
    optimizer_run("SGD momentum dampening weight_decay", lambda p: optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    optimizer_run("SGD nesterov", lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    optimizer_run("Adam lr=0.01", lambda p: optim.Adam(p, lr=0.01)),
    optimizer_run("Adam weight_decay amsgrad", lambda p: optim.Adam(p, lr=0.02, weight_decay=0.1, amsgrad=True)),
    optimizer_run("AdamW", lambda p: optim.AdamW(p, lr=0.01, weight_decay=0.1)),
    optimizer_run("RMSprop", lambda p: optim.RMSprop(p, lr=0.01)),
    optimizer_run("RMSprop centered momentum", lambda p: optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True, weight_decay=0.01)),
    optimizer_run("Adagrad", lambda p: optim.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.01)),
]

METRICS = [1.0, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7]

def scheduler_run(name, make_sched, plateau=False, epochs=12):
    p1, p2 = params()
    opt = optim.SGD([p1, p2], lr=0.1)
    sched = make_sched(opt)
    lrs, rows = [], []
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_of(p1, p2)
        loss.backward()
        opt.step()
        if plateau:
            sched.step(METRICS[len(lrs)])
        else:
            sched.step()
        lrs.append(opt.param_groups[0]["lr"])
        rows.append(p1.detach().tolist() + p2.detach().flatten().tolist())
    return {"name": name, "lrs": lrs, "rows": rows}

schedulers = [
    scheduler_run("StepLR", lambda o: optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
    scheduler_run("ExponentialLR", lambda o: optim.lr_scheduler.ExponentialLR(o, gamma=0.9)),
    scheduler_run("CosineAnnealingLR", lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.01)),
    scheduler_run("ReduceLROnPlateau", lambda o: optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=1), plateau=True),
]

p1, p2 = params()
loss_of(p1, p2).backward()
total = torch.nn.utils.clip_grad_norm_([p1, p2], max_norm=0.5)
clip_norm = {"total": total.item(), "grads": p1.grad.tolist() + p2.grad.flatten().tolist()}
p1, p2 = params()
loss_of(p1, p2).backward()
torch.nn.utils.clip_grad_value_([p1, p2], clip_value=0.3)
clip_value = {"grads": p1.grad.tolist() + p2.grad.flatten().tolist()}

torch.manual_seed(0)
a = nn.Linear(3, 2); b = nn.Linear(16, 8); c = nn.Linear(4, 1, bias=False)
linear = {"seed": 0, "layers": [[3, 2, 1], [16, 8, 1], [4, 1, 0]],
          "values": [a.weight.flatten().tolist(), a.bias.tolist(), b.weight.flatten().tolist(), b.bias.tolist(), c.weight.flatten().tolist()]}

torch.manual_seed(0)
ds = TensorDataset(torch.arange(10.).unsqueeze(1))
loader = DataLoader(ds, batch_size=4, shuffle=True)
orders = [[int(v) for xb, in loader for v in xb.flatten().tolist()] for _ in range(3)]
after = torch.rand(2).tolist()
g = torch.Generator().manual_seed(7)
loader_g = DataLoader(ds, batch_size=3, shuffle=True, generator=g)
orders_g = [[int(v) for xb, in loader_g for v in xb.flatten().tolist()] for _ in range(2)]
torch.manual_seed(3)
parts = random_split(ds, [7, 3])
split = [list(parts[0].indices), list(parts[1].indices)]
data = {"shuffled": orders, "randAfter": after, "withGenerator": orders_g, "split": split}

print(json.dumps({"torch": torch.__version__, "x": X, "y": Y, "c": C, "p1": P1, "p2": P2, "plateauMetrics": METRICS,
                  "optimizers": optimizers, "schedulers": schedulers,
                  "clipNorm": clip_norm, "clipValue": clip_value, "linear": linear, "data": data}))
