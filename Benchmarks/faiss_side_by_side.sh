#!/usr/bin/env bash
# Apparier and Faiss side by side on the same vectors, in one run.
#
#   Benchmarks/faiss_side_by_side.sh [CANDIDATES] [QUERIES]
#
# 1. builds Apparier (release) and runs `apparier bench --export`: a generated pool of CANDIDATES
#    (default 500,000) over the real Hauts-de-France referentials, its vectors and QUERIES offer vectors
#    (default 1,000) written as raw float32, with Apparier's own timings on those offers (full
#    shortlists: travel, licences and every other hard constraint, exact rerank, explanations);
# 2. installs faiss-cpu and numpy from PyPI into Benchmarks/.venv;
# 3. times Faiss IndexFlatIP (exact inner-product search, no constraints) on the same vectors, for one
#    query and for all queries in one call, and prints the Apparier/Faiss ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
candidates="${1:-500000}"
work="Benchmarks/.work"
mkdir -p "$work"

swift build -c release --product apparier
.build/release/apparier bench --candidates "$candidates" --queries 20 --scaling "" --batch-candidates 0 \
  --export "$work/vectors" > "$work/apparier-bench.txt"

if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet --disable-pip-version-check faiss-cpu numpy
Benchmarks/.venv/bin/python Benchmarks/faiss_side_by_side.py "$work/vectors"
