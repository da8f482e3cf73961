"""How far a series program's drawn numbers move in PyTorch itself when its starting
weights move by one part in 10^7 (about one float32 rounding): the measure behind the
tolerance Docs/Errata.md gives a lab whose training amplifies rounding differences.

Each named lab's program runs as Fixtures/series/generate.py runs it, once more with every
`nn.Linear`'s initial weight and every `torch.randn` result multiplied by 1 + 1e-7, and the
largest change of each drawn series against the committed fixture is printed, with the
number of printed lines that change and the largest change of a printed number:

    python3 Fixtures/series/sensitivity.py /tmp/artintellica series.2.4.activations.demo2 ...
"""
import json, os, re, sys

NUMBER = r"-?\d+\.?\d*(?:[eE][-+]?\d+)?"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate

NUDGE_PREAMBLE = """
import torch as _nudge_torch
_nudge_reset = _nudge_torch.nn.Linear.reset_parameters
def _nudged_reset(self):
    _nudge_reset(self)
    with _nudge_torch.no_grad():
        self.weight.mul_(1 + 1e-7)
_nudge_torch.nn.Linear.reset_parameters = _nudged_reset
_nudge_randn = _nudge_torch.randn
def _nudged_randn(*args, **kwargs):
    result = _nudge_randn(*args, **kwargs)
    with _nudge_torch.no_grad():
        result.mul_(1 + 1e-7)
    return result
_nudge_torch.randn = _nudged_randn
"""


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    clone, here = sys.argv[1], os.path.dirname(os.path.abspath(__file__))
    for lab in sys.argv[2:]:
        reference = json.load(open(os.path.join(here, lab + ".json")))
        nudged = generate.run(clone, lab, generate.PROGRAMS[lab], preamble=NUDGE_PREAMBLE)
        for key, values in reference["values"].items():
            change = max((abs(float(a) - float(b)) for a, b in zip(values, nudged["values"][key])), default=0.0)
            print(f"{lab}  {key}: largest change {change:.3g}")
        # Printed numbers too: how many lines change, and the largest change of a number.
        changed, largest = 0, 0.0
        for before, after in zip(reference["transcript"], nudged["transcript"]):
            if before != after:
                changed += 1
                numbers = [(float(a), float(b)) for a, b in zip(re.findall(NUMBER, before), re.findall(NUMBER, after))]
                largest = max([largest] + [abs(a - b) for a, b in numbers])
        print(f"{lab}  transcript: {changed} of {len(reference['transcript'])} lines change, numbers by up to {largest:.3g}")


if __name__ == "__main__":
    main()
