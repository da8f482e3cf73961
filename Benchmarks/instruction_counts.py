#!/usr/bin/env python3
"""Counts the instructions one run of each workload executes, under valgrind's callgrind:
figures that do not move with the machine's load, so that a change's effect shows
without the noise of wall-clock times.

    python3 Benchmarks/instruction_counts.py                     # the small workloads
    python3 Benchmarks/instruction_counts.py lab4-201-epochs     # named ones
    python3 Benchmarks/instruction_counts.py --all               # every workload (slow)

valgrind 3.19 cannot read the DWARF 5 debug information Swift 6.3 writes, so the
counts run on a copy of the binary without it (`strip --strip-debug`). Each workload
is run twice under callgrind, with 1 and with 3 timed runs after its
set-up (`gradlab-workloads run --runs N NAME`); half the difference is one run's count,
set-up and start-up excluded. Threads are counted together (OpenBLAS and GradCheck's
workers included). Needs `valgrind` (Debian's package) and builds `gradlab-workloads`.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.path.join(HERE, ".build", "release", "gradlab-workloads")
SMALL = ["lab4-201-epochs", "scalar-chain-1000", "house-price-50-adam",
         "gradcheck-tanh-1000-fast", "gradcheck-matmul-32-fast"]


def instructions(binary, name, runs):
    """Total instructions (all threads) for set-up plus `runs` runs of `name`."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary,
                        "run", "--runs", str(runs), name],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with open(out) as f:
            for line in f:
                match = re.match(r"(?:summary|totals): (\d+)", line)
                if match:
                    return int(match.group(1))
        raise RuntimeError(f"callgrind wrote no total for {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--all", action="store_true", help="every workload gradlab-workloads lists")
    args = parser.parse_args()
    print("building gradlab-workloads (release)...", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--product", "gradlab-workloads"], cwd=HERE, check=True,
                   stdout=subprocess.DEVNULL)
    names = args.names
    if args.all:
        listing = subprocess.run([BINARY, "list"], check=True, capture_output=True, text=True).stdout
        names = [line.split("\t")[0] for line in listing.splitlines() if not line.startswith("deep-chain")]
    with tempfile.TemporaryDirectory() as folder:
        stripped = os.path.join(folder, "gradlab-workloads")
        subprocess.run(["strip", "--strip-debug", "-o", stripped, BINARY], check=True)
        for name in names or SMALL:
            one, three = instructions(stripped, name, 1), instructions(stripped, name, 3)
            print(f"{name:32s} {(three - one) / 2:>16,.0f} instructions per run", flush=True)


if __name__ == "__main__":
    main()
