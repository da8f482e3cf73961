#!/usr/bin/env bash
# Builds the DocC documentation of Autograd, GradCheck and Exercises (their API reference,
# the catalogs' articles and the tutorial) into .build/docs/<Target>, and fails on any
# DocC warning (an unresolved symbol link, a parameter the docs name that does not exist).
# Open .build/docs/<Target>/index.html through a web server, or use
# `swift package --disable-sandbox preview-documentation --target Autograd` (macOS).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/docs
for target in Autograd GradCheck Exercises; do
    echo "== documentation of $target" >&2
    swift package --allow-writing-to-directory .build/docs \
        generate-documentation --target "$target" --output-path ".build/docs/$target" \
        --warnings-as-errors --transform-for-static-hosting
done
