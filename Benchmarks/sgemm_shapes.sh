#!/usr/bin/env bash
# OpenBLAS's sgemm on the batch's call shapes against the 4096³ product, one thread (see sgemm_shapes.c).
# Needs a C compiler and libblas-dev (scripts/install-system-packages.sh); builds in Benchmarks/.work.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p .work
cc -O2 sgemm_shapes.c -o .work/sgemm_shapes -lblas
OPENBLAS_NUM_THREADS=1 .work/sgemm_shapes
