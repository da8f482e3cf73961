#!/usr/bin/env python3
"""Runs GradLab's benchmark workloads and the same workloads in PyTorch, in one run,
and prints PyTorch's time over GradLab's for each (above 1: GradLab is faster).

    python3 Benchmarks/compare_pytorch.py            # everything, about 16 minutes (PyTorch's
                                                     # 10,000,000-node chain alone takes about 5)
    python3 Benchmarks/compare_pytorch.py --quick    # shorter budgets, 1,000-step memory trace,
                                                     # no 10,000,000-node chain
    python3 Benchmarks/compare_pytorch.py --only lab4-201-epochs matmul-f64-1024

GradLab's side is `gradlab-workloads` (Sources/gradlab-workloads), built here in
release mode; each workload is timed the same way on both sides: one warm-up run,
then runs until both 5 runs and the time budget are reached, and the median counts.
Without PyTorch installed (`pip install torch`) only GradLab's times are printed.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.path.join(HERE, ".build", "release", "gradlab-workloads")

# name -> (target ratio, what the target means)
TARGETS = {
    "lab4-201-epochs": 20, "scalar-chain-1000": 20, "house-price-50-adam": 20,
    "mlp-784-256-10-sgd-20": 1.3,
    "matmul-f32-256": 1, "matmul-f64-256": 1, "matmul-f32-1024": 1, "matmul-f64-1024": 1,
    "gradcheck-tanh-1000-slow": 20, "gradcheck-matmul-32-slow": 20, "gradcheck-matmul-64-slow": 20,
    "gradcheck-tanh-1000-fast": 5, "gradcheck-matmul-32-fast": 5, "gradcheck-matmul-64-fast": 5,
}


# ---------------------------------------------------------------- PyTorch workloads

def torch_workloads():
    """name -> prepare(), where prepare() builds the state and returns one run."""
    import torch
    from torch import nn

    def lab4():
        def run():
            x = torch.tensor([1.0, 2.0, 3.0, 4.0])
            y_true = torch.tensor([3.0, 5.0, 7.0, 9.0])
            w = torch.tensor(0.0, requires_grad=True)
            b = torch.tensor(0.0, requires_grad=True)
            lr = 0.05
            for epoch in range(201):
                y_pred = w * x + b
                loss = ((y_pred - y_true) ** 2).mean()
                loss.backward()
                with torch.no_grad():
                    w -= lr * w.grad
                    b -= lr * b.grad
                if epoch % 50 == 0:
                    (loss.item(), w.item(), b.item())
                w.grad.zero_()
                b.grad.zero_()
        return run

    def deep_chain():
        def run():
            x = torch.tensor(1.0, requires_grad=True)
            y = x
            for _ in range(10_000_000):
                y = y * 1.0
            y.backward()
            del y
            assert x.grad.item() == 1
            x.grad = None
        return run

    def chain(y):
        """The 1000 ops of the scalar chain (*1.01, +0.01, sin, -0.01, repeated)."""
        for step in range(1000):
            r = step % 4
            if r == 0:
                y = y * 1.01
            elif r == 1:
                y = y + 0.01
            elif r == 2:
                y = y.sin()
            else:
                y = y - 0.01
        return y

    def scalar_chain():
        def run():
            chain(torch.tensor(0.5, requires_grad=True)).backward()
        return run

    def house_price():
        def run():
            torch.manual_seed(42)
            raw = torch.randn(100, 3)
            target = raw @ torch.tensor([0.5, 0.3, -0.2]) + 0.1 * torch.randn(100)
            train_x, valid_x = raw[:80], raw[80:]
            train_y, valid_y = target[:80], target[80:]
            model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))
            loss_fn = nn.MSELoss()
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            for epoch in range(1, 51):
                model.train()
                optimizer.zero_grad()
                train_loss = loss_fn(model(train_x).squeeze(1), train_y)
                train_loss.backward()
                optimizer.step()
                if epoch % 10 == 0:
                    model.eval()
                    with torch.no_grad():
                        valid_loss = loss_fn(model(valid_x).squeeze(1), valid_y)
                    (train_loss.item(), valid_loss.item())
        return run

    def mlp():
        trainer = MLPTrainer(torch, nn)
        return lambda: trainer.steps(20)

    def matmul(n, dtype):
        def prepare():
            torch.manual_seed(0)
            a = torch.randn(n, n, dtype=dtype)
            b = torch.randn(n, n, dtype=dtype)
            def run():
                a @ b
            return run
        return prepare

    def gradcheck_tanh(fast):
        def prepare():
            torch.manual_seed(0)
            x = torch.randn(1000, dtype=torch.float64, requires_grad=True)
            return lambda: check(torch.autograd.gradcheck(torch.tanh, (x,), fast_mode=fast))
        return prepare

    def gradcheck_matmul(n, fast):
        def prepare():
            torch.manual_seed(0)
            a = torch.randn(n, n, dtype=torch.float64, requires_grad=True)
            b = torch.randn(n, n, dtype=torch.float64, requires_grad=True)
            return lambda: check(torch.autograd.gradcheck(torch.matmul, (a, b), fast_mode=fast))
        return prepare

    def check(passed):
        if not passed:
            raise RuntimeError("gradcheck returned False")

    def forward_ad_jvp(f, primal, tangent):
        """A Jacobian-vector product through torch.autograd.forward_ad (torch.func.jvp adds
        its transform's cost: 206 ms instead of this path's time on the scalar chain)."""
        import torch.autograd.forward_ad as fwAD
        with fwAD.dual_level():
            out = f(fwAD.make_dual(primal, tangent))
            return fwAD.unpack_dual(out).tangent

    def jvp_scalar_chain():
        def prepare():
            x, tangent = torch.tensor(0.5), torch.tensor(1.0)
            return lambda: forward_ad_jvp(chain, x, tangent)
        return prepare

    def jvp_network():
        def prepare():
            torch.manual_seed(0)
            x, tangent = torch.randn(32, 64), torch.randn(32, 64)
            w1, w2 = torch.randn(64, 64) * 0.1, torch.randn(64, 10) * 0.1
            return lambda: forward_ad_jvp(lambda a: torch.tanh(a @ w1) @ w2, x, tangent)
        return prepare

    workloads = {
        "lab4-201-epochs": lab4,
        "scalar-chain-1000": scalar_chain,
        "house-price-50-adam": house_price,
        "mlp-784-256-10-sgd-20": mlp,
        "deep-chain-10m": deep_chain,
    }
    for n in (256, 1024):
        workloads[f"matmul-f32-{n}"] = matmul(n, torch.float32)
        workloads[f"matmul-f64-{n}"] = matmul(n, torch.float64)
    for fast in (False, True):
        mode = "fast" if fast else "slow"
        workloads[f"gradcheck-tanh-1000-{mode}"] = gradcheck_tanh(fast)
        workloads[f"gradcheck-matmul-32-{mode}"] = gradcheck_matmul(32, fast)
        workloads[f"gradcheck-matmul-64-{mode}"] = gradcheck_matmul(64, fast)
    workloads["jvp-scalar-chain-1000"] = jvp_scalar_chain()
    workloads["jvp-tanh-net-32x64"] = jvp_network()
    return workloads


class MLPTrainer:
    """The 784-256-10 MLP, a batch of 256 and SGD, as GradLab's MLPWorkload."""

    def __init__(self, torch, nn):
        torch.manual_seed(0)
        self.model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
        self.images = torch.randn(256, 784)
        self.labels = torch.randint(0, 10, (256,))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.01)
        self.loss_fn = nn.CrossEntropyLoss()

    def steps(self, count):
        for _ in range(count):
            self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(self.images), self.labels)
            loss.backward()
            self.optimizer.step()


# GradLab's eager workloads beside the same work compiled by Swift's AD (no PyTorch side):
# eager name -> (compiled name, the most GradLab's time may be over the compiled one's).
COMPILED_FLOORS = {"lab4-201-epochs": ("lab4-201-epochs-swift-ad", 5)}

# Workloads long enough that one run, without a warm-up, is the measurement (as GradLab's runsOnce).
RUNS_ONCE = {"deep-chain-10m"}


def measure(prepare, budget, once=False):
    """Seconds per run, sorted: a warm-up run, then at least 5 runs and `budget` seconds
    (`once`: a single run, no warm-up)."""
    run = prepare()
    if once:
        start = time.perf_counter()
        run()
        return [time.perf_counter() - start]
    run()
    times = []
    while len(times) < 1000 and (len(times) < 5 or sum(times) < budget):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return sorted(times)


# ---------------------------------------------------------------- memory

def process_memory():
    """(VmRSS, VmHWM) of this process in KiB."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(rest.split()[0])
    return {"residentKiB": fields.get("VmRSS", 0), "peakResidentKiB": fields.get("VmHWM", 0)}


def torch_memory_trace(steps, every):
    """Run in a fresh process: the MLP for `steps` steps, memory every `every` steps."""
    import torch
    from torch import nn
    before = process_memory()
    trainer = MLPTrainer(torch, nn)
    samples, done = [], 0
    while done < steps:
        chunk = min(every, steps - done)
        trainer.steps(chunk)
        done += chunk
        samples.append({"step": done, "memory": process_memory()})
    return {"before": before, "samples": samples}


def memory_trace(command):
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def summarize_memory(trace):
    first, last = trace["samples"][0], trace["samples"][-1]
    return {
        "peak_kib": last["memory"]["peakResidentKiB"],
        "workload_peak_kib": first["memory"]["peakResidentKiB"] - trace["before"]["residentKiB"],
        "first_rss_kib": first["memory"]["residentKiB"],
        "last_rss_kib": last["memory"]["residentKiB"],
        "first_step": first["step"],
        "last_step": last["step"],
    }


# ---------------------------------------------------------------- driver

def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def build():
    print("building gradlab-workloads (release)...", file=sys.stderr)
    # SwiftPM can keep a stale build plan for a path dependency and miss source files
    # added to GradLab since the last build; dropping the plan makes it look again.
    plan = os.path.join(HERE, ".build", "release.yaml")
    if os.path.exists(plan):
        os.remove(plan)
    subprocess.run(["swift", "build", "-c", "release", "--product", "gradlab-workloads"], cwd=HERE, check=True,
                   stdout=sys.stderr)


def gradlab_blas():
    """The OpenBLAS kernel GradLab runs, and the CPU's vector extensions."""
    return subprocess.run([BINARY, "blas"], check=True, capture_output=True, text=True).stdout.strip()


def gradlab_time(name, budget):
    output = subprocess.run([BINARY, "time", "--budget", str(budget), name], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def fmt_seconds(seconds):
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="workload names (default: all)")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds of measured runs per workload and side")
    parser.add_argument("--growth-steps", type=int, help="MLP steps for the memory-growth trace (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="budget 0.3 s and, unless given, a 1,000-step growth trace")
    parser.add_argument("--no-build", action="store_true", help="use the gradlab-workloads already built")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--memory-probe", nargs=2, type=int, metavar=("STEPS", "EVERY"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.memory_probe:
        print(json.dumps(torch_memory_trace(*args.memory_probe)))
        return
    if args.quick:
        args.budget = 0.3
    if args.growth_steps is None:
        args.growth_steps = 1_000 if args.quick else 10_000
    if args.growth_steps < 1:
        parser.error("--growth-steps must be at least 1")
    if not args.no_build:
        build()

    try:
        import torch
        torch_version = torch.__version__
        torch_side = torch_workloads()
        threads = torch.get_num_threads()
        torch_capability = torch.backends.cpu.get_cpu_capability()
    except ImportError:
        torch_version, torch_side, threads, torch_capability = None, {}, None, None

    names = [line.split("\t")[0] for line in
             subprocess.run([BINARY, "list"], check=True, capture_output=True, text=True).stdout.splitlines()]
    if args.quick and not args.only:
        names = [name for name in names if name not in RUNS_ONCE]
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"unknown workloads: {', '.join(unknown)}; known: {', '.join(names)}")
        names = [name for name in names if name in args.only]

    print(f"machine: {machine()}")
    print(f"GradLab's matrix products: {gradlab_blas()}")
    print(f"PyTorch: {torch_version or 'not installed'}" + (f" ({threads} threads)" if threads else "")
          + (f", CPU capability {torch_capability}" if torch_capability else ""))
    print()
    header = f"{'workload':28} {'PyTorch':>12} {'GradLab':>12} {'ratio':>8} {'target':>7}  met"
    print(header)
    print("-" * len(header))
    results = []
    compiled = {floor for floor, _ in COMPILED_FLOORS.values()}
    for name in names:
        if name in compiled:
            continue
        # PyTorch's idle intra-op threads keep spinning for a moment after its last run;
        # let them settle before GradLab's side starts, so that they do not share its cores.
        time.sleep(0.5)
        ours = gradlab_time(name, args.budget)
        theirs = measure(torch_side[name], args.budget, once=name in RUNS_ONCE) if name in torch_side else None
        torch_median = statistics.median(theirs) if theirs else None
        ratio = torch_median / ours["median_s"] if torch_median else None
        target = TARGETS.get(name)
        met = "-" if ratio is None or target is None else ("yes" if ratio >= target else "NO")
        row = {"name": name, "gradlab_s": ours["median_s"], "pytorch_s": torch_median, "ratio": ratio,
               "target": target, "met": met}
        extra = ""
        if "gflops" in ours:
            row["gradlab_gflops"] = ours["gflops"]
            flops = ours["gflops"] * 1e9 * ours["median_s"]
            if torch_median:
                row["pytorch_gflops"] = flops / torch_median / 1e9
                extra = f"   {row['pytorch_gflops']:.0f} vs {ours['gflops']:.0f} GFLOP/s"
            else:
                extra = f"   {ours['gflops']:.0f} GFLOP/s"
        if "peak_mib" in ours:
            row["gradlab_peak_mib"] = ours["peak_mib"]
            extra = f"   GradLab peak {ours['peak_mib']:.0f} MiB"
        results.append(row)
        ratio_text = f"{ratio:.2f}x" if ratio else "-"
        print(f"{name:28} {fmt_seconds(torch_median):>12} {fmt_seconds(ours['median_s']):>12} "
              f"{ratio_text:>8} {str(target) + 'x' if target else '-':>7}  {met}{extra}", flush=True)

    floors = compare_compiled(names, results, args.budget)

    memory = None
    if not args.no_memory:
        memory = compare_memory(args.growth_steps, torch_version is not None)

    if args.json:
        with open(args.json, "w") as out:
            json.dump({"machine": machine(), "pytorch": torch_version, "results": results, "compiled_ad": floors,
                       "memory": memory}, out,
                      indent=2)


def compare_compiled(names, results, budget):
    """GradLab's eager time over the same work in Swift's compiled AD, measured now."""
    floors = []
    for eager, (floor, target) in COMPILED_FLOORS.items():
        if floor not in names:
            continue
        row = next((row for row in results if row["name"] == eager), None)
        eager_s = row["gradlab_s"] if row else gradlab_time(eager, budget)["median_s"]
        floor_s = gradlab_time(floor, budget)["median_s"]
        ratio = eager_s / floor_s
        floors.append({"name": eager, "compiled": floor, "gradlab_s": eager_s, "compiled_s": floor_s,
                       "ratio": ratio, "target": target, "met": "yes" if ratio <= target else "NO"})
    if floors:
        print()
        print("GradLab's eager tape over Swift's compiled AD (import _Differentiation, -O), same work:")
        for f in floors:
            print(f"  {f['name']:26} compiled {fmt_seconds(f['compiled_s']):>10}   GradLab {fmt_seconds(f['gradlab_s']):>10}"
                  f"   {f['ratio']:.2f}x over (target at most {f['target']}x)  {f['met']}")
    return floors


def compare_memory(growth_steps, have_torch):
    print()
    print("memory, MLP 784-256-10 (VmHWM and VmRSS from /proc/self/status):")
    every = max(1, growth_steps // 10)
    ours = {"peak": summarize_memory(memory_trace([BINARY, "memory", "--steps", "20", "--every", "20"])),
            "growth": summarize_memory(memory_trace([BINARY, "memory", "--steps", str(growth_steps),
                                                     "--every", str(every)]))}
    theirs = None
    if have_torch:
        probe = [sys.executable, os.path.abspath(__file__), "--memory-probe"]
        theirs = {"peak": summarize_memory(memory_trace(probe + ["20", "20"])),
                  "growth": summarize_memory(memory_trace(probe + [str(growth_steps), str(every)]))}
    for label, key in (("process peak after 20 steps", "peak_kib"), ("workload's own peak (peak - RSS before)",
                                                                     "workload_peak_kib")):
        torch_value = f"{theirs['peak'][key] / 1024:.1f} MiB" if theirs else "-"
        print(f"  {label:42} PyTorch {torch_value:>11}   GradLab {ours['peak'][key] / 1024:.1f} MiB")
    for side, trace in (("PyTorch", theirs), ("GradLab", ours)):
        if trace:
            g = trace["growth"]
            print(f"  {side} RSS after step {g['first_step']}: {g['first_rss_kib'] / 1024:.1f} MiB, "
                  f"after step {g['last_step']}: {g['last_rss_kib'] / 1024:.1f} MiB "
                  f"(growth {(g['last_rss_kib'] - g['first_rss_kib']) / 1024:+.1f} MiB)")
    return {"gradlab": ours, "pytorch": theirs}


if __name__ == "__main__":
    main()
