"""What PyTorch does with the arguments Tests/AutogradTests/Robustness/RobustnessCases.swift
("arguments") checks: each optimizer's settings, BCELoss's targets, grad() without
inputs, nn.Parameter of an integer tensor, CrossEntropyLoss with probability targets
and Linear(0, n). Prints each error's text or value; the Swift cases carry them.

Run by hand, never in the build or the tests (PyTorch is large):
    python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch numpy
    /tmp/torch/bin/python Fixtures/robustness/arguments.py
(The numbers in the cases were printed by PyTorch 2.13.0+cpu.)
"""
import torch
import torch.nn as nn


def attempt(name, build):
    try:
        value = build()
        print(f"{name}: returned {value}")
    except Exception as error:  # the texts are what the cases compare
        print(f"{name}: {type(error).__name__}: {str(error).splitlines()[0]}")


def parameter():
    return [torch.zeros(1, requires_grad=True)]


optimizers = {
    "SGD lr": lambda: torch.optim.SGD(parameter(), lr=-0.1),
    "SGD momentum": lambda: torch.optim.SGD(parameter(), lr=0.1, momentum=-0.1),
    "SGD weight_decay": lambda: torch.optim.SGD(parameter(), lr=0.1, weight_decay=-0.1),
    "SGD takes a NaN learning rate": lambda: torch.optim.SGD(parameter(), lr=float("nan")) and "an optimizer",
    "Adam lr": lambda: torch.optim.Adam(parameter(), lr=float("nan")),
    "Adam eps": lambda: torch.optim.Adam(parameter(), eps=-0.1),
    "Adam beta 0": lambda: torch.optim.Adam(parameter(), betas=(1.0, 0.999)),
    "Adam beta 1": lambda: torch.optim.Adam(parameter(), betas=(0.9, -0.1)),
    "Adam weight_decay": lambda: torch.optim.Adam(parameter(), weight_decay=-0.1),
    "RMSprop lr": lambda: torch.optim.RMSprop(parameter(), lr=-0.1),
    "RMSprop eps": lambda: torch.optim.RMSprop(parameter(), eps=-0.1),
    "RMSprop momentum": lambda: torch.optim.RMSprop(parameter(), momentum=-0.1),
    "RMSprop weight_decay": lambda: torch.optim.RMSprop(parameter(), weight_decay=-0.1),
    "RMSprop alpha": lambda: torch.optim.RMSprop(parameter(), alpha=-0.1),
    "Adagrad lr": lambda: torch.optim.Adagrad(parameter(), lr=-0.1),
    "Adagrad lr_decay": lambda: torch.optim.Adagrad(parameter(), lr_decay=-0.1),
    "Adagrad weight_decay": lambda: torch.optim.Adagrad(parameter(), weight_decay=-0.1),
    "Adagrad initial_accumulator_value": lambda: torch.optim.Adagrad(parameter(), initial_accumulator_value=-0.1),
    "Adagrad eps": lambda: torch.optim.Adagrad(parameter(), eps=-0.1),
}
for name, build in optimizers.items():
    attempt(name, build)

x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
t = torch.tensor([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
attempt("BCELoss targets outside [0, 1]", lambda: nn.BCELoss()(torch.tensor([0.5, 0.5]), torch.tensor([2.0, -1.0])))
attempt("grad() with no inputs", lambda: torch.autograd.grad(torch.zeros(1, requires_grad=True).sum(), []))
attempt("Parameter of an int64 tensor", lambda: nn.Parameter(torch.tensor([0, 1, 2])))
attempt("Parameter of an int64 tensor that does not require grad",
        lambda: nn.Parameter(torch.tensor([0, 1, 2]), requires_grad=False).requires_grad)
attempt("CrossEntropyLoss with probability targets and an ignore_index",
        lambda: nn.CrossEntropyLoss(ignore_index=1)(x[:1], t[:1]))
for reduction in ["mean", "sum", "none"]:
    attempt(f"CrossEntropyLoss with probability targets, {reduction}",
            lambda: nn.CrossEntropyLoss(reduction=reduction)(x, t).tolist())
leaf = x.clone().requires_grad_()
nn.CrossEntropyLoss()(leaf, t).backward()
print(f"CrossEntropyLoss with probability targets, gradient: {leaf.grad.tolist()}")
torch.manual_seed(0)
layer = nn.Linear(0, 3)
print(f"Linear with zero in-features: weight {list(layer.weight.shape)}, bias {layer.bias.tolist()}, "
      f"next rand {torch.rand(1).item()}")
