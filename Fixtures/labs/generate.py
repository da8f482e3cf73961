"""Regenerates one fixture per lab: Fixtures/labs/<id>.json with PyTorch's transcript and
key values, printed by pytorch_labs.py (the articles' labs run with real PyTorch, CPU) and,
where the article prints one, its documented output (copied from the articles). Needs
PyTorch; run:
    python3 Fixtures/labs/generate.py                 # runs pytorch_labs.py beside this file
    python3 Fixtures/labs/generate.py labs.jsonl      # or reads its saved output
The lab autograd-package.jacobian-both-ways comes from jacobian_both_ways.py instead.
"""
import json, os

import sys

here = os.path.dirname(os.path.abspath(__file__))
import subprocess

if len(sys.argv) > 1:
    reference_lines = open(sys.argv[1]).read().splitlines()
else:
    reference_lines = subprocess.run([sys.executable, os.path.join(here, "pytorch_labs.py")],
                                     capture_output=True, text=True, check=True).stdout.splitlines()

# What the articles print as the output of each lab's code (only labs whose article shows output).
DOCUMENTED = {
    "autograd.lab1.one-parameter": ["loss: 16.0", "w.grad: -24.0"],
    "autograd.lab2.gradient-is-not-the-update": [
        "single_parameter_training",
        "step=1 w=4.4000 loss=16.0000 grad=-24.0000",
        "step=2 w=2.4800 loss=10.2400 grad=19.2000",
        "step=3 w=4.0160 loss=6.5536 grad=-15.3600",
        "step=4 w=2.7872 loss=4.1943 grad=12.2880",
        "step=5 w=3.7702 loss=2.6844 grad=-9.8304"],
    "autograd.lab3.accumulation": ["after first backward: 6.0", "after second backward: 8.0", "after zero and third backward: 2.0"],
    "autograd.lab4.two-parameter-fit": [
        "two_parameter_fit",
        "epoch=  0 loss=41.0000 w=1.7500 b=0.6000",
        "epoch= 50 loss=0.0030 w=2.0452 b=0.8672",
        "epoch=100 loss=0.0007 w=2.0212 b=0.9375",
        "epoch=150 loss=0.0001 w=2.0100 b=0.9706",
        "epoch=200 loss=0.0000 w=2.0047 b=0.9862"],
    "autograd.check.requires-grad-no-grad-detach": [
        "tracked.requires_grad: true", "detached.requires_grad: false", "untracked.requires_grad: false"],
    "basics.tensors": ["Shape: [4, 3]", "Normalised features (first row): -1.3416 -1.1547 -1.0000"],
    "basics.house-prices-tiny-lr": [
        "Epoch  2 | Loss: 65099.14 | weight: 0.08349 | bias: 0.01006",
        "Epoch  3 | Loss: 54310.95 | weight: 0.11626 | bias: 0.01008",
        "Epoch  4 | Loss: 45330.67 | weight: 0.14673 | bias: 0.01011",
        "Epoch  5 | Loss: 37842.37 | weight: 0.17510 | bias: 0.01013",
        "Epoch  6 | Loss: 31569.55 | weight: 0.20153 | bias: 0.01015",
        "Predicted price for 2000 sq ft: $403.1k"],
    "basics.house-price-net": [
        "Epoch  10 | Train Loss: 0.2431 | Val Loss: 0.3102",
        "Epoch  20 | Train Loss: 0.1187 | Val Loss: 0.1834",
        "Epoch  30 | Train Loss: 0.0743 | Val Loss: 0.1214",
        "Epoch  40 | Train Loss: 0.0521 | Val Loss: 0.0987",
        "Epoch  50 | Train Loss: 0.0389 | Val Loss: 0.0812",
        "Predicted price index for new house: 0.6821"],
}

for line in reference_lines:
    lab = json.loads(line)
    record = {"lab": lab["lab"], "transcript": lab["transcript"], "values": lab["values"],
              "documented": DOCUMENTED.get(lab["lab"])}
    with open(os.path.join(here, lab["lab"] + ".json"), "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
