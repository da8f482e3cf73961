#!/usr/bin/env bash
# The grader's proofs at many grading seeds (default 30): every right solution must earn
# full marks and every buggy one lose exactly its checks with its diagnosis, at each seed.
#   bash scripts/grader-sweep.sh [seeds]
set -euo pipefail
cd "$(dirname "$0")/.."
GRADLAB_GRADER_SEEDS=${1:-30} swift test --filter "GraderProofTests" 2>&1 | grep -E "✘|recorded an issue|Test run with"
