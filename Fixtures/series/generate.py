"""Regenerates the reference transcripts of the labs that port "Learn the Training Loop with
PyTorch" (the series by artintellica): Fixtures/series/<lab-id>.json, one per program, each
what the series' own program printed when run with real PyTorch on CPU.

The programs are not in this repository (their code is the series author's). Fetch them and
install what they import, then run this script with the clone's path:

    git clone https://github.com/artintellica/artintellica /tmp/artintellica
    pip install torch --index-url https://download.pytorch.org/whl/cpu
    pip install matplotlib scikit-learn
    python3 Fixtures/series/generate.py /tmp/artintellica

Each program runs as it is, with matplotlib's Agg backend (figures are drawn to memory, never
shown) and its printed lines recorded. A program that draws random numbers without a seed is
not reproducible even in PyTorch: it runs as a seeded variant, `torch.manual_seed(0)` before
its first line, and the lab (which seeds the same way) says so ("seeded": true below).
"""
import json, os, subprocess, sys

# lab id -> the program, relative to the clone's root.
PROGRAMS = {
    "series.1.1.introduction.demo1": "py/blog-0096-training-loop-11/demo_1.py",
    "series.1.1.introduction.ex1": "py/blog-0096-training-loop-11/ex_1.py",
    "series.1.1.introduction.ex2": "py/blog-0096-training-loop-11/ex_2.py",
    "series.1.1.introduction.ex3": "py/blog-0096-training-loop-11/ex_3.py",
    "series.1.1.introduction.ex4": "py/blog-0096-training-loop-11/ex_4.py",
}

SEED_PREAMBLE = "import torch as _seeding_torch\n_seeding_torch.manual_seed(0)\n"


def run(clone, lab, relative):
    source = open(os.path.join(clone, relative)).read()
    seeded = "manual_seed" not in source
    program = (SEED_PREAMBLE + source) if seeded else source
    environment = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment,
                            cwd=os.path.dirname(os.path.join(clone, relative)), check=True)
    import torch
    return {
        "lab": lab,
        "program": relative,
        "seeded": seeded,
        "pytorch": torch.__version__,
        "transcript": result.stdout.splitlines(),
        "values": {},
        "documented": None,
    }


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    clone = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    for lab, relative in PROGRAMS.items():
        record = run(clone, lab, relative)
        with open(os.path.join(here, lab + ".json"), "w") as f:
            json.dump(record, f, indent=1)
            f.write("\n")
        print(f"{lab}: {len(record['transcript'])} lines{' (seeded variant)' if record['seeded'] else ''}")


if __name__ == "__main__":
    main()
