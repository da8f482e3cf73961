#!/usr/bin/env bash
# Draws the pictures in Docs/figures/ with the commands a user runs (gnuplot and Graphviz
# must be installed: scripts/install-deps.sh), and the tutorial's graph picture. Run from anywhere: bash scripts/draw-docs-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=Docs/figures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
swift build --product gradlab >/dev/null
gradlab=.build/debug/gradlab

# One lab of each figure kind: loss on a log axis, fit and loss landscape; training and
# validation with a legend; data with the fitted line clipped to the frame; a diverging run.
for lab in autograd.lab4.two-parameter-fit basics.house-price-net fundamentals.dataloader-regression autograd.exercise3.lr-0.5; do
    "$gradlab" run "$lab" --plot "$work/$lab" >/dev/null
    cp "$work/$lab.png" "$out/$lab.png"
done

# A failing gradcheck: the exp rule with its sign flipped, from the audit's wrong rules.
"$gradlab" audit --rule "sign flipped (exp)" --plot "$work/gradcheck" >/dev/null
cp "$work/gradcheck/rule0/output0-input0-jacobians.png" "$out/gradcheck-jacobians.png"
cp "$work/gradcheck/rule0/output0-input0-steps.png" "$out/gradcheck-steps.png"
# The graphs autograd records: Lab 1's (one parameter) and "Understanding PyTorch
# Autograd"'s mean of squares (a 2x2 leaf through add, mul, pow and mean).
for lab in autograd.lab1.one-parameter autograd-package.mean-of-squares; do
    "$gradlab" graph "$lab" --output "$work/$lab-graph" >/dev/null
    cp "$work/$lab-graph.png" "$out/$lab-graph.png"
done
cp "$out/autograd.lab1.one-parameter-graph.png" Sources/Exercises/Exercises.docc/Tutorials/Resources/lab1-graph.png
echo "drew $(ls "$out"/*.png | wc -l) pictures in $out"
