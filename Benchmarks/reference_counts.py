#!/usr/bin/env python3
"""Counts the Swift runtime's retains and releases in one workload, by object type and call site.

Reference counting is atomic work that instruction counts undervalue. This script builds a
small shim (reference_counts_shim.c, beside it) that stands in for swift_retain,
swift_release and their _n forms through LD_PRELOAD, counts each call by the object's type
(its metadata address) and by the calling function, and hands the call on to the runtime.
The addresses are resolved with nm. Calls on the empty array's immortal storage are counted
apart: the runtime skips the atomic operation for immortal objects.

    cd Benchmarks && swift build -c release --product gradlab-workloads
    python3 Benchmarks/reference_counts.py lab4-201-epochs --runs 50 --per 201

prints the counts per run (or per `--per` units of a run: 201 gives Lab 4's per epoch).
"""

import argparse
import bisect
import collections
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BINARY = os.path.join(HERE, ".build", "release", "gradlab-workloads")


def symbol_table(path, dynamic):
    """The sorted addresses and names of `path`'s defined symbols."""
    command = ["nm", "--defined-only"] + (["-D"] if dynamic else []) + [path]
    rows = []
    for line in subprocess.run(command, capture_output=True, text=True).stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            rows.append((int(parts[0], 16), parts[2]))
    rows.sort()
    return [address for address, _ in rows], [name for _, name in rows]


class Resolver:
    """Names the function or object at an offset into a loaded file."""

    def __init__(self, binary):
        self.binary = os.path.realpath(binary)
        self.tables = {}

    def name(self, path, offset, exact=False):
        """The symbol at or before `offset`; with `exact`, only one that starts there (a type's
        metadata), else the file and offset (the runtime exports no metadata of generic types)."""
        if path not in self.tables:
            self.tables[path] = symbol_table(path, dynamic=os.path.realpath(path) != self.binary)
        addresses, names = self.tables[path]
        index = bisect.bisect_right(addresses, offset) - 1
        if index >= 0 and (not exact or addresses[index] == offset):
            return names[index]
        return f"{os.path.basename(path)}+{offset:x}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload")
    parser.add_argument("--runs", type=int, default=20, help="runs of the workload (default 20)")
    parser.add_argument("--per", type=int, default=1, help="divide the counts by runs × PER (default 1)")
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--top", type=int, default=25, help="call sites to list (default 25)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: build it first (see the usage above)")

    with tempfile.TemporaryDirectory() as scratch:
        shim = os.path.join(scratch, "shim.so")
        subprocess.run(
            ["cc", "-O2", "-shared", "-fPIC", "-o", shim, os.path.join(HERE, "reference_counts_shim.c"), "-ldl"],
            check=True)
        report = os.path.join(scratch, "counts.txt")
        environment = dict(os.environ, LD_PRELOAD=shim, GRADLAB_REFERENCE_COUNTS=report)
        subprocess.run([args.binary, "run", "--runs", str(args.runs), args.workload],
                       env=environment, check=True, stdout=subprocess.DEVNULL)
        lines = open(report).read().splitlines()

    resolver = Resolver(args.binary)
    scale = args.runs * args.per
    by_type = collections.Counter()
    by_site = collections.Counter()
    immortal = 0
    for line in lines:
        kind, count, caller_file, caller_offset, type_file, type_offset = line.split()
        count = int(count)
        type_name = resolver.name(type_file, int(type_offset, 16), exact=True)
        if "EmptyArrayStorage" in type_name:
            immortal += count
            continue
        caller = resolver.name(caller_file, int(caller_offset, 16))
        by_type[type_name] += count
        by_site[(caller, type_name)] += count

    total = sum(by_type.values())
    print(f"{args.workload}: {total / scale:.1f} retains and releases per unit "
          f"(plus {immortal / scale:.1f} on the empty array's immortal storage)")
    print("\nby type:")
    for name, count in by_type.most_common(10):
        if count / scale < 0.05:
            break
        print(f"  {count / scale:8.1f}  {name}")
    print("\nby calling function and type:")
    for (caller, name), count in by_site.most_common(args.top):
        print(f"  {count / scale:8.1f}  {name[:30]:30}  {caller[:110]}")


if __name__ == "__main__":
    main()
