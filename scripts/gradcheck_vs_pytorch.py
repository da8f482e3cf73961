#!/usr/bin/env python3
"""GradLab's gradcheck and PyTorch's side by side, on the same wrong rules and hard ops.

Runs `gradlab audit` (or reads its JSON), rebuilds every case's inputs bit for bit in
PyTorch, writes each wrong rule and hard op again with torch.autograd.Function, and runs
torch.autograd.gradcheck (slow and fast mode; gradgradcheck for second-order mistakes).
Prints one table with both libraries: wrong rules caught, false alarms, seconds; then
the cases where the two disagree.

PyTorch is installed by hand (pip install torch); the build and the tests never need it.

    python3 scripts/gradcheck_vs_pytorch.py --seeds 10
    python3 scripts/gradcheck_vs_pytorch.py --json audit.json   # reuse a gradlab audit --json run
    python3 scripts/gradcheck_vs_pytorch.py --interface         # the four interface functions only
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import torch
from torch.autograd import Function

warnings.filterwarnings("ignore")
torch.set_num_threads(2)


def with_gradient(surrogate, value):
    """value with the Jacobian of surrogate (the same trick as GradLab's catalog)."""
    return value.detach() + (surrogate - surrogate.detach())


def fn(forward, backward):
    """A torch.autograd.Function from two plain functions of (ctx, *inputs) and (ctx, grad)."""
    return type("Rule", (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)}).apply


def saving(f):
    def forward(ctx, *xs):
        ctx.save_for_backward(*xs)
        return f(*xs)
    return forward


exp_sign_flipped = fn(saving(torch.exp), lambda ctx, g: -(g * ctx.saved_tensors[0].exp()))
mul_factor_missing = fn(saving(torch.mul), lambda ctx, g: (g, g * ctx.saved_tensors[0]))
sigmoid_missing_factor = fn(saving(torch.sigmoid), lambda ctx, g: g * ctx.saved_tensors[0].sigmoid())
tanh_wrong_sign = fn(saving(torch.tanh), lambda ctx, g: g * (1 + ctx.saved_tensors[0].tanh() ** 2))
log_squared_denominator = fn(saving(torch.log), lambda ctx, g: g / ctx.saved_tensors[0] ** 2)
sqrt_missing_half = fn(saving(torch.sqrt), lambda ctx, g: g / ctx.saved_tensors[0].sqrt())
cube_wrong_power = fn(saving(lambda x: x ** 3), lambda ctx, g: g * ctx.saved_tensors[0] * 3)
add_wrong_unbroadcast = fn(lambda ctx, a, b: a + b, lambda ctx, g: (g, g.mean(0)))
matmul_transposed_left = fn(saving(torch.matmul), lambda ctx, g: (g @ ctx.saved_tensors[1], ctx.saved_tensors[0].t() @ g))
matmul_transposed_right = fn(saving(torch.matmul), lambda ctx, g: (g @ ctx.saved_tensors[1].t(), ctx.saved_tensors[0] @ g))
exp_off_by_millionth = fn(saving(torch.exp), lambda ctx, g: g * ctx.saved_tensors[0].exp() * (1 + 1e-6))


def _sin_wrong_at_one(ctx, g):
    x, = ctx.saved_tensors
    mask = torch.ones_like(x).reshape(-1)
    mask[-1] = 0
    return g * x.cos() * mask.reshape(x.shape)


sin_wrong_at_one = fn(saving(torch.sin), _sin_wrong_at_one)
square_wrong_for_negatives = fn(saving(lambda x: x * x), lambda ctx, g: g * ctx.saved_tensors[0].abs() * 2)


def _sum_forward(ctx, x):
    ctx.shape = x.shape
    return x.sum()


sum_doubled = fn(_sum_forward, lambda ctx, g: (g * 2).expand(ctx.shape))
mean_missing_scale = fn(lambda ctx, x: (setattr(ctx, "shape", x.shape), x.mean())[1], lambda ctx, g: g.expand(ctx.shape))
div_denominator_sign = fn(saving(torch.div), lambda ctx, g: (g / ctx.saved_tensors[1], g * ctx.saved_tensors[0] / ctx.saved_tensors[1] ** 2))
sin_uses_sin = fn(saving(torch.sin), lambda ctx, g: g * ctx.saved_tensors[0].sin())
softplus_wrong = fn(saving(lambda x: (x.exp() + 1).log()), lambda ctx, g: g * ctx.saved_tensors[0].exp())
leaky_wrong_slope = fn(saving(lambda x: torch.where(x > 0, x, x * 0.1)), lambda ctx, g: torch.where(ctx.saved_tensors[0] > 0, g, g * 0.2))
norm_missing_division = fn(saving(torch.linalg.vector_norm), lambda ctx, g: g * ctx.saved_tensors[0])


def _var_biased(ctx, g):
    x, = ctx.saved_tensors
    return g * (x - x.mean()) * (2 / x.numel())


variance_biased = fn(saving(torch.var), _var_biased)
cube_small_additive = fn(saving(lambda x: x ** 3), lambda ctx, g: g * (ctx.saved_tensors[0] ** 2 * 3 + 5e-6))
permute_not_inverted = fn(lambda ctx, x: x.permute(2, 0, 1).contiguous(), lambda ctx, g: g.permute(2, 0, 1))
wrong_shape = fn(lambda ctx, x: x * 2, lambda ctx, g: (g * 2).sum(0, keepdim=True))
calls = [0]


def _nondeterministic(ctx, g):
    calls[0] += 1
    return g * (2 + (calls[0] % 2) * 1e-3)


nondeterministic = fn(lambda ctx, x: x * 2, _nondeterministic)
nonzero_for_zero = fn(saving(lambda x: x * 2), lambda ctx, g: g * 2 + (g.abs().sum() == 0).to(torch.float64))
div_swapped = fn(saving(torch.div), lambda ctx, g: (-(g * ctx.saved_tensors[0] / ctx.saved_tensors[1] ** 2), g / ctx.saved_tensors[1]))
dimensions_swapped = fn(lambda ctx, x: x * 2, lambda ctx, g: (g * 2).t())


def _softmax_forward(ctx, x):
    y = x.softmax(-1)
    ctx.save_for_backward(y)
    return y


softmax_missing_subtraction = fn(_softmax_forward, lambda ctx, g: g * ctx.saved_tensors[0])
exp_float32 = fn(saving(torch.exp), lambda ctx, g: (g * ctx.saved_tensors[0].exp()).float().double())
norm_epsilon = fn(saving(torch.linalg.vector_norm), lambda ctx, g: g * ctx.saved_tensors[0] / (ctx.saved_tensors[0].norm() + 1e-6))
exp_ignores_grad_output = fn(saving(torch.exp), lambda ctx, g: ctx.saved_tensors[0].exp())
mul_drops_second = fn(saving(torch.mul), lambda ctx, g: (g * ctx.saved_tensors[1], None))
transposed_gradient = fn(saving(lambda x: x * x), lambda ctx, g: (g * ctx.saved_tensors[0] * 2).t().contiguous())
clamp_ignores_bounds = fn(lambda ctx, x: x.clamp(-1, 1), lambda ctx, g: g)


def _max_forward(ctx, x):
    ctx.n = x.numel()
    return x.max()


max_spreads = fn(_max_forward, lambda ctx, g: (g / ctx.n).expand(ctx.n))
abs_two_at_zero = fn(saving(torch.abs), lambda ctx, g: g * (ctx.saved_tensors[0].sign() + (ctx.saved_tensors[0] == 0).double() * 2))


def _corrupt(ctx, g):
    x, = ctx.saved_tensors
    window = x.detach().numpy()  # shares memory; the version counter does not see it
    window.clip(-0.5, 0.5, out=window)
    return g * x.cos()


corrupts_saved_input = fn(saving(torch.sin), _corrupt)
wrong_when_strided = fn(saving(torch.sin), lambda ctx, g: g * ctx.saved_tensors[0].cos() * (1.0 if ctx.saved_tensors[0].is_contiguous() else 2.0))
scaled_by_cos_wrong = fn(saving(lambda g, x: g * x.cos()),
                         lambda ctx, grad: (grad * ctx.saved_tensors[1].cos() * 2.0, -(grad * ctx.saved_tensors[0] * ctx.saved_tensors[1].sin())))
sine_wrong_double = fn(saving(torch.sin), lambda ctx, g: scaled_by_cos_wrong(g, ctx.saved_tensors[0]))
sine_detached = fn(saving(torch.sin), lambda ctx, g: g * ctx.saved_tensors[0].cos().detach())


def log_cosh(x):
    return ((x.exp() + (-x).exp()) * 0.5).log()


class SquareAndCube(Function):
    """x² and x³ with materialize_grads off; backward gives up on an undefined (None)
    gradient when `gives_up`, else treats it as zero (GradLab's SquareAndCube pair)."""

    @staticmethod
    def forward(ctx, x, gives_up):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x)
        ctx.gives_up = gives_up
        return x * x, x * x * x

    @staticmethod
    def backward(ctx, g0, g1):
        (x,) = ctx.saved_tensors
        if ctx.gives_up and (g0 is None or g1 is None):
            return None, None
        total = None
        if g0 is not None:
            total = g0 * 2 * x
        if g1 is not None:
            total = g1 * 3 * x * x if total is None else total + g1 * 3 * x * x
        return total, None


def square_and_cube(x, gives_up):
    return SquareAndCube.apply(x, gives_up)


WRONG_RULES = {
    "sign flipped (exp)": lambda x: exp_sign_flipped(x),
    "factor 1/2 missing (sqrt)": lambda x: sqrt_missing_half(x),
    "doubled (sum)": lambda x: sum_doubled(x),
    "1/N missing (mean)": lambda x: mean_missing_scale(x),
    "factor 2 missing (sum of squares)": lambda x: with_gradient((x * x * 0.5).sum(), (x * x).sum()),
    "factor 2 extra (square)": lambda x: with_gradient(x * x * 2, x * x),
    "1/N missing (mean over a dim)": lambda x: with_gradient(x.sum(1), x.mean(1)),
    "sign missing (cos' = sin)": lambda x: with_gradient(-x.cos(), x.cos()),
    "sign missing (1/x)": lambda x: with_gradient(-(1 / x), 1 / x),
    "sign flipped for the denominator (div)": lambda a, b: div_denominator_sign(a, b),
    "sign inside (tanh 1 + y²)": lambda x: tanh_wrong_sign(x),
    "factor missing (mul)": lambda a, b: mul_factor_missing(a, b),
    "factor missing (sigmoid)": lambda x: sigmoid_missing_factor(x),
    "wrong power (log 1/x²)": lambda x: log_squared_denominator(x),
    "wrong power (x³ → 3x)": lambda x: cube_wrong_power(x),
    "wrong power (x³ → 3x³)": lambda x: with_gradient(x ** 4 * 0.75, x ** 3),
    "wrong function (sin' = sin)": lambda x: sin_uses_sin(x),
    "wrong function (softplus' = exp)": lambda x: softplus_wrong(x),
    "square missing (tanh' = 1 - y)": lambda x: with_gradient(x - log_cosh(x), x.tanh()),
    "1 - s missing (sigmoid' = s)": lambda x: with_gradient((x.exp() + 1).log(), x.sigmoid()),
    "sqrt' = 1/(2x)": lambda x: with_gradient(x.log() * 0.5, x.sqrt()),
    "division missing (norm)": lambda x: norm_missing_division(x),
    "biased divisor (var: N for N - 1)": lambda x: variance_biased(x),
    "subtraction missing (softmax)": lambda x: softmax_missing_subtraction(x),
    "clamp bounds ignored": lambda x: clamp_ignores_bounds(x),
    "max spreads its gradient": lambda x: max_spreads(x),
    "transposed matmul gradient (left)": lambda a, b: matmul_transposed_left(a, b),
    "transposed matmul gradient (right)": lambda a, b: matmul_transposed_right(a, b),
    "gradient transposed": lambda x: transposed_gradient(x),
    "permutation not inverted": lambda x: permute_not_inverted(x),
    "wrong un-broadcast (mean for sum)": lambda a, b: add_wrong_unbroadcast(a, b),
    "gradient with its dimensions swapped": lambda x: dimensions_swapped(x),
    "gradient of the wrong shape": lambda x: wrong_shape(x),
    "gradients swapped (div)": lambda a, b: div_swapped(a, b),
    "saved tensors swapped (mul: x for y)": lambda a, b: with_gradient((a * a + b * b) * 0.5, a * b),
    "wrong at a single element (sin)": lambda x: sin_wrong_at_one(x),
    "wrong only for negative inputs (x²)": lambda x: square_wrong_for_negatives(x),
    "wrong only for negative inputs (leaky slope)": lambda x: leaky_wrong_slope(x),
    "off by 1e-6 relative (exp)": lambda x: exp_off_by_millionth(x),
    "additive 5e-6 (x³)": lambda x: cube_small_additive(x),
    "epsilon in a denominator (norm)": lambda x: norm_epsilon(x),
    "epsilon 1e-3 in a denominator (log)": lambda x: with_gradient((x + 1e-3).log(), x.log()),
    "float32 inside the backward (exp)": lambda x: exp_float32(x),
    "wrong only for a strided layout": lambda x: wrong_when_strided(x),
    "backward corrupts a saved input": lambda x: corrupts_saved_input(x),
    "grad_output ignored (exp)": lambda x: exp_ignores_grad_output(x),
    "nonzero gradient for a zero output gradient": lambda x: nonzero_for_zero(x),
    "gradient dropped (mul, second input)": lambda a, b: mul_drops_second(a, b),
    "nondeterministic backward": lambda x: nondeterministic(x),
    "double backward wrong in grad_output": lambda x: sine_wrong_double(x),
    "double backward detached": lambda x: sine_detached(x),
    "gradient zeroed near 0 (|x| < 1e-3)": lambda x: with_gradient(torch.where(x.abs() < 1e-3, x * 0, x), x),
    "epsilon inside sqrt' near 0": lambda x: with_gradient((x + 1e-8).sqrt(), x.sqrt()),
    "log' = 1/(x + 1e-6) near 0": lambda x: with_gradient((x + 1e-6).log(), x.log()),
    "x^1.5 with the exponent's factor missing near 0": lambda x: with_gradient(x ** 1.5 / 1.5, x ** 1.5),
    "abs'(0) = 2": lambda x: abs_two_at_zero(x),
    "halved at large magnitudes (exp(x - 1e6) at 1e6)": lambda x: with_gradient((x - 1e6).exp() * 0.5, (x - 1e6).exp()),
    "1% too large at large magnitudes (sin at 1e5 to 1e6)": lambda x: with_gradient(x.sin() * 1.01, x.sin()),
    "5% too large at large magnitudes (cos at 1e7 to 1e9)": lambda x: with_gradient(x.cos() * 1.05, x.cos()),
    "1% too large at large magnitudes (1e12·log x at 1e12)": lambda x: with_gradient(x.log() * 1.01e12, x.log() * 1e12),
    "1% too large on float32 inputs (sin)": lambda x: with_gradient(x.sin() * 1.01, x.sin()),
    "1% too small on float32 inputs (tanh)": lambda x: with_gradient(x.tanh() * 0.99, x.tanh()),
    "5% too large on float32 inputs (log at 0.1 to 10)": lambda x: with_gradient(x.log() * 1.05, x.log()),
    "halved on float32 inputs (matmul)": lambda a, b: with_gradient(a.matmul(b) * 0.5, a.matmul(b)),
    "no gradient when another output's is undefined (two outputs)": lambda x: square_and_cube(x, gives_up=True)[0],
    "epsilon in sqrt(1 - x²)' near 1": lambda x: with_gradient(((1 - x * x) + ((1 - x * x) * 2e-5).detach()).sqrt(), (1 - x * x).sqrt()),
}

HARD_OPS = {
    "exp of large values (20 to 30)": torch.exp,
    "exp of very negative values (-30 to -20)": torch.exp,
    "log near 0 (1e-6 to 1e-3)": torch.log,
    "log of huge values (1e6 to 1e12)": torch.log,
    "sqrt near 0 (1e-8 to 1e-4)": torch.sqrt,
    "sqrt of huge values (1e6 to 1e12)": torch.sqrt,
    "1/x near its pole (1e-4 to 1e-2)": lambda x: 1 / x,
    "1/sqrt(x) near 0 (1e-5 to 1e-3)": lambda x: 1 / x.sqrt(),
    "x^1.5 near 0 (1e-5 to 1e-3)": lambda x: x ** 1.5,
    "x² of huge values (1e6 to 1e12)": lambda x: x * x,
    "x·y of huge values (1e6 to 1e12)": lambda a, b: a * b,
    "x / y with a small denominator (1e-3 to 1e-2)": lambda a, b: a / b,
    "tanh saturating (5 to 15)": torch.tanh,
    "sigmoid saturating (-30 to -15)": torch.sigmoid,
    "softmax of large logits (-50 to 50)": lambda x: x.softmax(1),
    "cross-entropy of large logits": lambda x: -(x.softmax(1).log().sum()),
    "sin of large arguments (1e3 to 1e4)": torch.sin,
    "cos near pi/2": torch.cos,
    "matmul of entries up to 1e3": torch.matmul,
    "norm of tiny values (1e-8 to 1e-6)": torch.linalg.vector_norm,
    "mean of large values (1e8 to 1e9)": torch.mean,
    "variance with a large offset (1e4 to 1e4 + 1)": torch.var,
    "log(1 + x) of tiny x (1e-10 to 1e-6)": lambda x: (x + 1).log(),
    "x³ of tiny values (1e-8 to 1e-6)": lambda x: x ** 3,
    "tanh of tiny values (1e-8 to 1e-6)": torch.tanh,
    "Gaussian near 0 (-1e-3 to 1e-3)": lambda x: (-(x * x)).exp(),
    "abs at its kink (0)": torch.abs,
    "relu at its kink (0)": torch.relu,
    "clamp across its bounds": lambda x: x.clamp(-1, 1),
    "max of distinct values": lambda x: x.max(),
    "two-layer tanh network": lambda x, w1, w2: (x @ w1).tanh() @ w2,
    "sin of a strided (transposed) input": torch.sin,
    "sqrt(1 - x²) near 1 (1 - x in 1e-3 to 2e-3)": lambda x: (1 - x * x).sqrt(),
    "exp(x - 1e6) at 1e6": lambda x: (x - 1e6).exp(),
    "sin at 1e5 to 1e6": torch.sin,
    "cos at 1e7 to 1e9": torch.cos,
    "1e12·log x at 1e12": lambda x: x.log() * 1e12,
    "sin on float32 inputs": torch.sin,
    "tanh on float32 inputs": torch.tanh,
    "log on float32 inputs (0.1 to 10)": torch.log,
    "matmul on float32 inputs": torch.matmul,
    "x³ on float32 inputs (-3 to 3)": lambda x: x ** 3,
    "two outputs, an undefined gradient handled as zero": lambda x: square_and_cube(x, gives_up=False)[0],
}


def rebuild(sample):
    """The sample's inputs, bit for bit, in GradLab's layouts."""
    inputs = []
    dtypes = sample.get("dtypes", ["float64"] * len(sample["shapes"]))
    for shape, values, transposed, dtype in zip(sample["shapes"], sample["values"], sample["transposed"], dtypes):
        t = torch.tensor(values, dtype=getattr(torch, dtype)).reshape(shape)
        if transposed:
            t = t.t().contiguous().t()  # same values, transposed (non-contiguous) layout
        inputs.append(t.requires_grad_())
    return inputs


def torch_verdict(sample, fast_mode):
    """True when PyTorch's check passes the case."""
    table = WRONG_RULES if sample["wrongRule"] else HARD_OPS
    function = table[sample["name"]]
    inputs = rebuild(sample)
    try:
        if sample["secondOrder"]:
            return torch.autograd.gradgradcheck(function, inputs, fast_mode=fast_mode, raise_exception=False)
        return torch.autograd.gradcheck(function, inputs, fast_mode=fast_mode, raise_exception=False)
    except Exception:  # an error raised by the check itself counts as a failure
        return False


add_wrong_for_second = fn(lambda ctx, a, b: a + b, lambda ctx, g: (g, g * 2))


def interface_rows(root):
    """The interface issue's four functions through both checkers, one table."""
    x = torch.tensor([0.2, 0.5 + 1e-7, 0.9], dtype=torch.float64, requires_grad=True)
    a = torch.tensor([0.2, 0.4, 0.6], dtype=torch.float64)
    b = torch.tensor([0.1, -0.3, 0.8], dtype=torch.float64, requires_grad=True)
    cases = [
        (lambda x: (x.sin(), x.detach() * 3), (x,)),
        (lambda x: x.detach() * 2, (x,)),
        (lambda a, b: add_wrong_for_second(a, b), (a, b)),
        (lambda x: (x.sin(), x > 0.5), (x,)),
    ]
    result = subprocess.run(["swift", "run", "-c", "release", "gradlab", "audit", "--interface"], cwd=root,
                            capture_output=True, text=True)
    gradlab = [line.split("\t") for line in result.stdout.splitlines() if line.count("\t") == 2]
    print(f"{'function':44} {'PyTorch ' + torch.__version__:60} GradLab")
    for (function, inputs), (label, verdict, message) in zip(cases, gradlab):
        try:
            torch.autograd.gradcheck(function, inputs)
            pytorch = "passes"
        except Exception as error:  # the failure's first line
            pytorch = "fails: " + str(error).splitlines()[0][:50]
        print(f"{label:44} {pytorch:60} {verdict}{'' if verdict == 'passes' else ': ' + message[:90]}")


def print_families(samples, rows):
    """The table again, one row per family: wrong rules caught, and false alarms on the
    correct ops of the same family (hard ops are a family of their own)."""
    families = sorted({s.get("family", "?") for s in samples})
    labels = [label.replace("GradLab ", "").replace(" (defaults)", "") for label, _, _ in rows]
    print()
    print(f"{'family':22} {'kind':12} " + " ".join(f"{label:>17}" for label in labels))
    for family in families:
        for wrong in (True, False):
            members = [k for k, s in enumerate(samples) if s.get("family") == family and s["wrongRule"] == wrong]
            if not members:
                continue
            cells = []
            for _, passed, _ in rows:
                flagged = sum(1 for k in members if not passed[k])
                cells.append(f"{flagged}/{len(members)}")
            kind = "caught" if wrong else "false alarms"
            print(f"{family:22} {kind:12} " + " ".join(f"{cell:>17}" for cell in cells))
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--json", help="a `gradlab audit --json` file to reuse instead of running the audit")
    parser.add_argument("--interface", action="store_true", help="only the four functions of the interface comparison")
    arguments = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if arguments.interface:
        interface_rows(root)
        return
    path = arguments.json
    if path is None:
        path = os.path.join(tempfile.mkdtemp(), "audit.json")
        subprocess.run(["swift", "run", "-c", "release", "gradlab", "audit", "--seeds", str(arguments.seeds), "--json", path],
                       cwd=root, check=False)
    with open(path) as file:
        document = json.load(file)
    samples = document["samples"]
    missing = sorted({s["name"] for s in samples if s["name"] not in (WRONG_RULES if s["wrongRule"] else HARD_OPS)})
    if missing:
        sys.exit(f"cases without a PyTorch version: {missing}")
    rows = []
    disagreements = []
    for configuration in document["configurations"]:
        verdicts = configuration["verdicts"]
        rows.append((f"GradLab {configuration['method']}" + (" (fast)" if configuration["fastMode"] else ""),
                     [v["passed"] for v in verdicts], configuration["seconds"]))
    for fast in (False, True):
        start = time.perf_counter()
        passed = [torch_verdict(s, fast) for s in samples]
        rows.append((f"PyTorch {'fast' if fast else 'slow'} (defaults)", passed, time.perf_counter() - start))
    wrong = [s["wrongRule"] for s in samples]
    print(f"{sum(wrong)} wrong-rule checks and {len(samples) - sum(wrong)} hard-op checks "
          f"({len(WRONG_RULES)} rules, {len(HARD_OPS)} ops, {len(samples) // (len(WRONG_RULES) + len(HARD_OPS))} seeds), the same inputs (float64 but for the float32 family)")
    print(f"{'checker':34} {'wrong rules caught':>20} {'false alarms':>14} {'seconds':>9}")
    for label, passed, seconds in rows:
        caught = sum(1 for p, w in zip(passed, wrong) if w and not p)
        alarms = sum(1 for p, w in zip(passed, wrong) if not w and not p)
        print(f"{label:34} {caught:>11}/{sum(wrong):<8} {alarms:>7}/{len(wrong) - sum(wrong):<6} {seconds:>9.1f}")
    print_families(samples, rows)
    gradlab = rows[2][1]  # richardson, slow
    pytorch = rows[-2][1]  # slow
    for s, g, p in zip(samples, gradlab, pytorch):
        if g != p:
            disagreements.append(f"  {s['name']} (seed {s['seed']}): GradLab richardson {'passes' if g else 'fails'}, PyTorch {'passes' if p else 'fails'}")
    print(f"cases where GradLab (richardson) and PyTorch (slow) disagree: {len(disagreements)}")
    for line in sorted(set(line.split(" (seed")[0] for line in disagreements)):
        count = sum(1 for d in disagreements if d.startswith(line + " (seed"))
        example = next(d for d in disagreements if d.startswith(line + " (seed"))
        print(f"{example}  [{count} seeds]")


if __name__ == "__main__":
    main()
