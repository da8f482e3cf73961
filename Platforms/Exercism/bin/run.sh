#!/usr/bin/env bash
# Exercism's test-runner entry point:
#   bin/run.sh <exercise-slug> <solution-dir> <output-dir>
# grades the exercise's solution and writes <output-dir>/results.json (version 3 of the
# interface), exiting 0 whatever the result. The image (Platforms/Exercism/Dockerfile)
# holds the package at /opt/test-runner, built by Platforms/build-image.sh; a run writes
# only the stage under /tmp and the output directory.
# GRADLAB_TIMEOUT sets the seconds each of the exercise's two processes (public checks,
# hidden checks) may run: 5 by default, so that the build (4 to 7 s) and both fit in
# Exercism's 20-second window.
set -uo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 <exercise-slug> <solution-dir> <output-dir>" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")" && pwd)
while [ ! -f "$root/Package.swift" ] && [ "$root" != / ]; do root=$(dirname "$root"); done
mkdir -p "$3"
exec "$root/.build/debug/gradlab" exercism "$1" "${2%/}" "${3%/}" --timeout "${GRADLAB_TIMEOUT:-5}" --memory 2048
