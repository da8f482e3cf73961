#!/usr/bin/env bash
# Installs the C libraries GradLab links against (GSL, OpenBLAS and zlib, with pkg-config),
# bubblewrap, which builds the grader's walls, gnuplot, which draws the figures, and
# Graphviz, which lays out pictures of autograd's graph, when they are missing. Safe to run again: it does nothing when they are present.
set -euo pipefail

if pkg-config --exists gsl openblas zlib 2>/dev/null && command -v bwrap >/dev/null 2>&1 \
    && command -v gnuplot >/dev/null 2>&1 && command -v dot >/dev/null 2>&1; then
    exit 0
fi

packages=(pkg-config libgsl-dev libopenblas-dev zlib1g-dev bubblewrap gnuplot-nox graphviz)
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "GradLab needs ${packages[*]}; install them as root (apt-get install ${packages[*]})." >&2
    exit 1
fi

echo "Installing ${packages[*]} ..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
pkg-config --exists gsl openblas zlib
