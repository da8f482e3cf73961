#!/usr/bin/env bash
# Builds what a grading platform's image holds, in the package this script belongs to:
# the grader (`gradlab`), and `gradlab-runner` built once from the stub solutions, so that
# grading a submission later compiles only the student's file (about four seconds).
#
# The runner is built through the link Platforms/submission, which points into the stage
# (GRADLAB_STAGE, default /tmp/gradlab: a directory the platform lets a run write), with
# the stage's build directory as SwiftPM's scratch path; the finished build is kept in
# .build/platform/runner-build and copied back to the same path for each submission
# (Sources/Exercises/Grading/PlatformImage.swift). The Exercism Dockerfile and Gradescope's
# setup.sh run this script; so do the platform tests (with --runner-only, as the tests
# already built the grader).
#   bash Platforms/build-image.sh                 # the grader and the runner
#   bash Platforms/build-image.sh --runner-only   # the runner only
set -euo pipefail
cd "$(dirname "$0")/.."
stage=${GRADLAB_STAGE:-/tmp/gradlab}
# The stage is emptied (rm -rf) for each submission: an absolute path of a directory of its
# own, two levels deep at least, with no `..`; never `/`, `/tmp` or `/tmp/`.
while [ "${stage%/}" != "$stage" ]; do stage=${stage%/}; done
case "$stage" in
    *..*) stage_ok=no ;;
    /?*/?*) stage_ok=yes ;;
    *) stage_ok=no ;;
esac
if [ "$stage_ok" != yes ]; then
    echo "GRADLAB_STAGE must be a directory of its own such as /tmp/gradlab, not ${GRADLAB_STAGE:-}" >&2
    exit 1
fi

if [ "${1:-}" != "--runner-only" ]; then
    swift build --product gradlab
fi
rm -rf "$stage"
mkdir -p "$stage/submission"
cp Sources/StudentSolutions/Solutions.swift "$stage/submission/"
ln -sfn "$stage/submission" Platforms/submission
GRADLAB_SUBMISSION=Platforms/submission swift build --scratch-path "$stage/build" --product gradlab-runner
rm -rf .build/platform/runner-build
mkdir -p .build/platform
cp -a "$stage/build" .build/platform/runner-build
rm -rf "$stage"
echo "platform image ready: grader .build/debug/gradlab, runner build .build/platform/runner-build, stage $stage"
