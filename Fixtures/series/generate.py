"""Regenerates the reference transcripts of the labs that port "Learn the Training Loop with
PyTorch" (the series by artintellica): Fixtures/series/<lab-id>.json, one per program, each
what the series' own program printed when run with real PyTorch on CPU.

The programs are not in this repository (their code is the series author's). Fetch them and
install what they import, then run this script with the clone's path:

    git clone https://github.com/artintellica/artintellica /tmp/artintellica
    pip install torch --index-url https://download.pytorch.org/whl/cpu
    pip install matplotlib scikit-learn
    python3 Fixtures/series/generate.py /tmp/artintellica [LAB-ID-PREFIX ...]

Each program runs as it is, with matplotlib's Agg backend (figures are drawn to memory, never
shown) and its printed lines recorded. A program that draws random numbers without a seed is
not reproducible even in PyTorch: it runs as a seeded variant, `torch.manual_seed(0)` before
its first line, and the lab (which seeds the same way) says so ("seeded": true below). A
program that prints wall-clock times runs as a timing-free variant: the PROGRAMS entry names
the lines replaced ("variant" below), and the lab prints the same replacement. A program that
neither prints nor draws (it only builds a dataset) runs with lines appended that print what
it built ("appended" below), and the lab prints the same.

Many of the series' programs print nothing and draw their results. What they draw is recorded
too: every `plt.plot`, `plt.scatter`, `plt.contourf` and `plt.hist` call's data goes into
"values", keyed by the call's kind, its number among calls of that kind and its label
("plot 2: Mini-batch"), so that a lab is checked on the numbers behind its figure.
"""
import json, os, subprocess, sys, tempfile

# lab id -> the program, relative to the clone's root.
PROGRAMS = {
    "series.1.1.introduction.demo1": "py/blog-0096-training-loop-11/demo_1.py",
    "series.1.1.introduction.ex1": "py/blog-0096-training-loop-11/ex_1.py",
    "series.1.1.introduction.ex2": "py/blog-0096-training-loop-11/ex_2.py",
    "series.1.1.introduction.ex3": "py/blog-0096-training-loop-11/ex_3.py",
    "series.1.1.introduction.ex4": "py/blog-0096-training-loop-11/ex_4.py",
    "series.1.2.linear-regression.demo1": "py/blog-0097-training-loop-12/demo_1.py",
    "series.1.2.linear-regression.ex1": "py/blog-0097-training-loop-12/ex_1.py",
    "series.1.2.linear-regression.ex2": "py/blog-0097-training-loop-12/ex_2.py",
    "series.1.2.linear-regression.ex3": "py/blog-0097-training-loop-12/ex_3.py",
    "series.1.3.batch-vs-sgd.demo1": "py/blog-0098-training-loop-13/demo_1.py",
    "series.1.3.batch-vs-sgd.demo2": "py/blog-0098-training-loop-13/demo_2.py",
    "series.1.3.batch-vs-sgd.demo3": "py/blog-0098-training-loop-13/demo_3.py",
    "series.1.3.batch-vs-sgd.ex1": "py/blog-0098-training-loop-13/ex_1.py",
    "series.1.3.batch-vs-sgd.ex2": {
        "program": "py/blog-0098-training-loop-13/ex_2.py",
        "replace": [
            ('print("Batch GD Time:", time.time() - start)', 'print("Batch GD final loss:", losses_large_batch[-1])'),
            ('print("Mini-batch GD Time:", time.time() - start)', 'print("Mini-batch GD final loss:", losses_large_mb[-1])'),
        ],
    },
    "series.1.3.batch-vs-sgd.ex3": "py/blog-0098-training-loop-13/ex_3.py",
    "series.1.4.loss-surfaces.demo1": "py/blog-0099-training-loop-14/demo_1.py",
    "series.1.4.loss-surfaces.ex1": "py/blog-0099-training-loop-14/ex_1.py",
    "series.1.4.loss-surfaces.ex2": "py/blog-0099-training-loop-14/ex_2.py",
    "series.1.5.numerical-vs-analytical.demo1": "py/blog-0100-training-loop-15/demo_1.py",
    "series.1.5.numerical-vs-analytical.ex1": "py/blog-0100-training-loop-15/ex_1.py",
    "series.1.5.numerical-vs-analytical.ex2": "py/blog-0100-training-loop-15/ex_2.py",
    "series.1.5.numerical-vs-analytical.ex3": "py/blog-0100-training-loop-15/ex_3.py",
    "series.2.1.beyond-linear.demo1": "py/blog-0102-training-loop-21/demo_1.py",
    "series.2.1.beyond-linear.ex1a": "py/blog-0102-training-loop-21/ex_1a.py",
    "series.2.1.beyond-linear.ex1b": "py/blog-0102-training-loop-21/ex_1b.py",
    "series.2.1.beyond-linear.ex2": "py/blog-0102-training-loop-21/ex_2.py",
    "series.2.1.beyond-linear.ex3": "py/blog-0102-training-loop-21/ex_3.py",
    "series.2.2.forward-backward.demo1": "py/blog-0103-training-loop-22/demo_1.py",
    "series.2.2.forward-backward.ex1": "py/blog-0103-training-loop-22/ex_1.py",
    "series.2.2.forward-backward.ex2": "py/blog-0103-training-loop-22/ex_2.py",
    "series.2.3.sine-network.demo1": "py/blog-0104-training-loop-23/demo_1.py",
    "series.2.3.sine-network.ex1": "py/blog-0104-training-loop-23/ex_1.py",
    "series.2.3.sine-network.ex2": "py/blog-0104-training-loop-23/ex_2.py",
    "series.2.3.sine-network.ex3": "py/blog-0104-training-loop-23/ex_3.py",
    "series.2.3.sine-network.ex4": "py/blog-0104-training-loop-23/ex_4.py",
    "series.2.4.activations.demo1": "py/blog-0105-training-loop-24/demo_1.py",
    "series.2.4.activations.demo2": "py/blog-0105-training-loop-24/demo_2.py",
    "series.2.4.activations.ex1": "py/blog-0105-training-loop-24/ex_1.py",
    "series.2.4.activations.ex2": "py/blog-0105-training-loop-24/ex_2.py",
    "series.2.4.activations.ex3": "py/blog-0105-training-loop-24/ex_3.py",
    "series.2.5.datasets.demo2": "py/blog-0106-training-loop-25/demo_2.py",
    "series.2.5.datasets.ex1": "py/blog-0106-training-loop-25/ex_1.py",
    "series.2.6.regularization.demo1": "py/blog-0107-training-loop-26/demo_1.py",
    "series.2.6.regularization.demo2": "py/blog-0107-training-loop-26/demo_2.py",
    "series.2.6.regularization.demo3": "py/blog-0107-training-loop-26/demo_3.py",
    "series.2.6.regularization.demo4": "py/blog-0107-training-loop-26/demo_4.py",
    "series.2.6.regularization.ex1": "py/blog-0107-training-loop-26/ex_1.py",
    "series.2.6.regularization.ex2": "py/blog-0107-training-loop-26/ex_2.py",
    "series.2.6.regularization.ex3": "py/blog-0107-training-loop-26/ex_3.py",
    "series.2.5.datasets.demo1": {
        "program": "py/blog-0106-training-loop-25/demo_1.py",
        "append": [
            "print(len(dataset), len(loader_batch), len(loader_single))",
            "xb, yb = next(iter(loader_batch))",
            "print(xb.squeeze(1))",
            "print(yb.squeeze(1))",
        ],
    },
    "series.2.5.datasets.ex2": {
        "program": "py/blog-0106-training-loop-25/ex_2.py",
        "append": [
            "standardized = StandardizedToyDataset()",
            "print(standardized.x_mean, standardized.x_std)",
            "print(standardized.x[:5].squeeze(1))",
            "print(standardized.y[:5].squeeze(1))",
        ],
    },
    "series.3.1.optimizers.demo1": "py/blog-0109-training-loop-31/demo_1.py",
    "series.3.1.optimizers.ex1": "py/blog-0109-training-loop-31/ex_1.py",
    "series.3.1.optimizers.ex2": "py/blog-0109-training-loop-31/ex_2.py",
    "series.3.1.optimizers.ex3": "py/blog-0109-training-loop-31/ex_3.py",
    "series.3.1.optimizers.ex4": "py/blog-0109-training-loop-31/ex_4.py",
    "series.3.2.schedules.demo1": "py/blog-0110-training-loop-32/demo_1.py",
    "series.3.2.schedules.ex1": "py/blog-0110-training-loop-32/ex_1.py",
    "series.3.2.schedules.ex2": "py/blog-0110-training-loop-32/ex_2.py",
    "series.3.3.initialization.demo1": "py/blog-0111-training-loop-33/demo_1.py",
    "series.3.3.initialization.ex1": "py/blog-0111-training-loop-33/ex_1.py",
    "series.3.3.initialization.ex2": "py/blog-0111-training-loop-33/ex_2.py",
    "series.3.3.initialization.ex3": "py/blog-0111-training-loop-33/ex_3.py",
    "series.3.3.initialization.ex4": "py/blog-0111-training-loop-33/ex_4.py",
    "series.3.4.deeper-networks.demo1": "py/blog-0112-training-loop-34/demo_1.py",
    "series.3.4.deeper-networks.demo2": "py/blog-0112-training-loop-34/demo_2.py",
    "series.3.4.deeper-networks.demo3": "py/blog-0112-training-loop-34/demo_3.py",
    "series.3.4.deeper-networks.ex1": "py/blog-0112-training-loop-34/ex_1.py",
    "series.3.4.deeper-networks.ex2": "py/blog-0112-training-loop-34/ex_2.py",
    "series.3.4.deeper-networks.ex3": "py/blog-0112-training-loop-34/ex_3.py",
    "series.3.5.data-parallelism.demo1": "py/blog-0113-training-loop-35/demo_1.py",
    "series.3.5.data-parallelism.demo2": {
        "program": "py/blog-0113-training-loop-35/demo_2.py",
        "replace": [
            ("    return end - start", "    return loss.item()"),
            ('print(f"{device_str.upper()}: Training took {time_taken:.2f}s")',
             'print(f"{device_str.upper()}: final batch loss {time_taken:.4f}")'),
        ],
    },
    # GradLab's own programs beside the posts' (in this repository, not the series').
    "series.1.5.numerical-vs-analytical.step-sweep": {"own": "Fixtures/series/programs/step_sweep.py"},
    "series.3.5.data-parallelism.replicas": {"own": "Fixtures/series/programs/data_parallel.py"},
    # The programs that load MNIST, adapted to scikit-learn's 8 x 8 digits (Fixtures/series/
    # digits.txt, exported by this script) so that nothing is downloaded: GradLab's own
    # programs, each following what the post's program computes and prints.
    "series.2.5.datasets.ex3": {"own": "Fixtures/series/programs/digits_batch.py"},
    "series.3.6.monitoring.demo1": {"own": "Fixtures/series/programs/monitoring.py"},
    "series.3.7.modern-regularization.demo1": {"own": "Fixtures/series/programs/modern_1.py"},
    "series.3.7.modern-regularization.demo2": {"own": "Fixtures/series/programs/modern_2.py"},
    "series.3.7.modern-regularization.demo3": {"own": "Fixtures/series/programs/modern_3.py"},
    "series.3.7.modern-regularization.demo4": {"own": "Fixtures/series/programs/modern_4.py"},
    "series.3.7.modern-regularization.demo5": {"own": "Fixtures/series/programs/modern_5.py"},
}

SEED_PREAMBLE = "import torch as _seeding_torch\n_seeding_torch.manual_seed(0)\n"

# Records the data of each drawing call into the file named by GRADLAB_PLOTS at exit.
PLOT_PREAMBLE = """
import atexit as _atexit, json as _json, os as _os
import numpy as _np
import matplotlib.pyplot as _plt
_recorded, _counts = {}, {}
def _flat(value):
    # JSON has no NaN or infinity: those are written as Python prints them ("nan", "inf").
    # An array of more than 10,000 numbers (a 200 x 200 decision map) is kept at a stride,
    # every k-th number with k = ceil(n / 2,500), so that a fixture stays small.
    numbers = _np.asarray(value, dtype=float).ravel()
    if numbers.size > 10000:
        numbers = numbers[::-(-numbers.size // 2500)]
    return [float(v) if _np.isfinite(v) else str(float(v)) for v in numbers]
def _recording(kind, pick):
    original = getattr(_plt, kind)
    def wrapper(*args, **kwargs):
        _counts[kind] = _counts.get(kind, 0) + 1
        label = kwargs.get("label")
        key = f"{kind} {_counts[kind]}" + (f": {label}" if label else "")
        data = [a for a in args if not isinstance(a, str)]
        _recorded[key] = _flat(pick(data))
        return original(*args, **kwargs)
    setattr(_plt, kind, wrapper)
_recording("plot", lambda data: data[-1] if len(data) <= 2 else data[1])
_recording("scatter", lambda data: _np.concatenate([_np.asarray(data[0], dtype=float).ravel(), _np.asarray(data[1], dtype=float).ravel()]))
_recording("contourf", lambda data: data[-1])
_recording("hist", lambda data: data[0])
_recording("imshow", lambda data: data[0])
_atexit.register(lambda: _json.dump(_recorded, open(_os.environ["GRADLAB_PLOTS"], "w")))
"""


def run(clone, lab, entry, preamble=""):
    relative, replacements = (entry, []) if isinstance(entry, str) else (entry.get("program"), entry.get("replace", []))
    appended = [] if isinstance(entry, str) else entry.get("append", [])
    if isinstance(entry, dict) and "own" in entry:
        relative, clone = entry["own"], os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    source = open(os.path.join(clone, relative)).read()
    for old, new in replacements:
        if old not in source:
            sys.exit(f"{lab}: the line to replace is not in {relative}: {old}")
        source = source.replace(old, new)
    if appended:
        source += "\n" + "\n".join(appended) + "\n"
    seeded = "manual_seed" not in source
    program = PLOT_PREAMBLE + preamble + (SEED_PREAMBLE if seeded else "") + source
    plots = os.path.join(tempfile.mkdtemp(), "plots.json")
    environment = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0", GRADLAB_PLOTS=plots)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment,
                            cwd=os.path.dirname(os.path.join(clone, relative)), check=True)
    import torch
    return {
        "lab": lab,
        "program": relative,
        "seeded": seeded,
        "variant": [{"replaced": old, "by": new} for old, new in replacements],
        "appended": appended,
        "pytorch": torch.__version__,
        # Float sums add in an order that depends on the vector width PyTorch's CPU kernels
        # use here; the lab test sums in the same order (Autograd's withSummationOrder).
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "transcript": result.stdout.splitlines(),
        "values": json.load(open(plots)),
        "documented": None,
    }


def export_digits(here):
    """Writes scikit-learn's bundled 8 x 8 digits to digits.txt: per image, its label, a
    colon and its 64 pixels (0 to 16) as the letters 0-9a-g (programs/digits.py reads it)."""
    from sklearn.datasets import load_digits
    digits = load_digits()
    with open(os.path.join(here, "digits.txt"), "w") as f:
        for label, pixels in zip(digits.target, digits.data.astype(int)):
            f.write(f"{label}:" + "".join("0123456789abcdefg"[p] for p in pixels) + "\n")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    clone = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    only = sys.argv[2:]
    export_digits(here)
    for lab, entry in PROGRAMS.items():
        if only and not any(lab.startswith(prefix) for prefix in only):
            continue
        record = run(clone, lab, entry)
        with open(os.path.join(here, lab + ".json"), "w") as f:
            json.dump(record, f, indent=1)
            f.write("\n")
        print(f"{lab}: {len(record['transcript'])} lines{' (seeded variant)' if record['seeded'] else ''}")


if __name__ == "__main__":
    main()
