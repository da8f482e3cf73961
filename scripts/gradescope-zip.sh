#!/usr/bin/env bash
# Packages GradLab as the autograder zip an instructor uploads to Gradescope: setup.sh and
# run_autograder at the zip's root beside the package's committed sources (HEAD), plus,
# when given, the hidden checks and the grading options.
#   bash scripts/gradescope-zip.sh                                   # gradescope-autograder.zip, every exercise
#   bash scripts/gradescope-zip.sh --exercise autograd.lab4 --exercise autograd.exercise4 \
#        --hidden ~/course/hidden-checks --out lab4.zip
set -euo pipefail
cd "$(dirname "$0")/.."
out=gradescope-autograder.zip
hidden=""
options=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        --hidden) hidden=$2; shift 2 ;;
        --exercise) options+=("--exercise=$2"); shift 2 ;;
        --timeout | --memory | --output-limit) options+=("$1=$2"); shift 2 ;;
        *) echo "unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
done
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive HEAD | tar -x -C "$work"
cp Platforms/Gradescope/setup.sh Platforms/Gradescope/run_autograder "$work/"
if [ ${#options[@]} -gt 0 ]; then printf '%s\n' "${options[@]}" >"$work/gradlab-options"; fi
if [ -n "$hidden" ]; then
    mkdir -p "$work/hidden"
    cp "$hidden"/*.json "$work/hidden/"
fi
rm -f "$out"
(cd "$work" && python3 -m zipfile -c "$out" $(ls -A))
echo "wrote $out ($(du -h "$out" | cut -f1)): upload it as the assignment's autograder on Gradescope"
