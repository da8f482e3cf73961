"""Checks that every fixture can be regenerated from the repository: each data file under
Fixtures/ is written by a committed PyTorch program, named (with the command that makes it)
in that program's text; a lab's Fixtures/labs/<id>.json by the program that runs the lab
(pytorch_labs.py through generate.py, or jacobian_both_ways.py). Prints the files that no
program makes and exits 1 if there are any. Run: python3 scripts/check-fixtures.py
"""
import os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures")
# Files GradLab itself writes (not PyTorch's output), with the command that rewrites them.
GRADLAB_RECORDS = {
    "differential/known-differences.json":
        "GRADLAB_WRITE_KNOWN_DIFFERENCES=1 swift test --filter DifferentialTests (GradLab's own verdicts)",
}

programs = {}
for folder, _, files in os.walk(root):
    for name in files:
        if name.endswith(".py"):
            path = os.path.join(folder, name)
            programs[os.path.relpath(path, root)] = open(path).read()

def made_by(relative):
    folder, name = os.path.split(relative)
    if folder == "series" and name.endswith(".json"):
        lab = name[:-len(".json")]
        return ["series/generate.py"] if f'"{lab}"' in programs.get("series/generate.py", "") else []
    if folder == "labs" and name.endswith(".json"):
        lab = name[:-len(".json")]
        return [p for p in ("labs/pytorch_labs.py", "labs/jacobian_both_ways.py")
                if f'"{lab}"' in programs.get(p, "")]
    return [p for p, text in programs.items() if f"Fixtures/{relative}" in text]

orphans = []
count = 0
for folder, _, files in os.walk(root):
    for name in sorted(files):
        relative = os.path.relpath(os.path.join(folder, name), root)
        if name.endswith(".py") or name.endswith(".md"):
            continue
        count += 1
        if relative not in GRADLAB_RECORDS and not made_by(relative):
            orphans.append(relative)

for orphan in orphans:
    print(f"Fixtures/{orphan}: no committed program names it; commit the program that makes it, with the command")
print(f"fixtures: {count - len(orphans)} of {count} made by a committed program")
sys.exit(1 if orphans else 0)
