"""Times Faiss IndexFlatIP on the vectors exported by `apparier bench --export` and prints ratios.

Usage: faiss_side_by_side.py DIR   (DIR holds candidates.f32, queries.f32 and meta.json)
"""
import json
import os
import statistics
import sys
import time

import faiss
import numpy as np


def main(folder):
    meta = json.load(open(os.path.join(folder, "meta.json")))
    d = meta["stride"]
    xb = np.fromfile(os.path.join(folder, "candidates.f32"), dtype="<f4").reshape(-1, d)
    xq = np.fromfile(os.path.join(folder, "queries.f32"), dtype="<f4").reshape(-1, d)
    k = meta["top"]
    index = faiss.IndexFlatIP(d)
    index.add(xb)

    for i in range(min(5, len(xq))):  # warm-up, as on Apparier's side
        index.search(xq[i:i + 1], k)
    single = []
    for i in range(min(200, len(xq))):
        start = time.perf_counter()
        index.search(xq[i:i + 1], k)
        single.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    index.search(xq, k)
    batch_seconds = time.perf_counter() - start
    gflops = 2 * xb.shape[0] * xq.shape[0] * d / batch_seconds / 1e9

    one_ratio = statistics.median(single) / meta["apparierOneQueryMedianMs"]
    one_thread_ratio = statistics.median(single) / meta["apparierOneQueryOneThreadMedianMs"]
    all_ratio = batch_seconds / meta["apparierAllQueriesParallelSeconds"]
    print(f"Vectors: {xb.shape[0]} candidates x {d} floats; {xq.shape[0]} queries; top {k}")
    print(f"Faiss {faiss.__version__} IndexFlatIP ({faiss.omp_get_max_threads()} threads), no constraints:")
    print(f"  one query      median {statistics.median(single):9.3f} ms")
    print(f"  {xq.shape[0]} queries   {batch_seconds:9.3f} s in one call ({gflops:.1f} GFLOP/s)")
    print(f"Apparier ({meta['blas']}), full shortlists with every hard constraint:")
    print(f"  one query      median {meta['apparierOneQueryMedianMs']:9.3f} ms on {meta['parallelThreads']} threads "
          f"({meta['apparierOneQueryOneThreadMedianMs']:.3f} ms on one)")
    print(f"  {meta['queries']} queries   {meta['apparierAllQueriesParallelSeconds']:9.3f} s on "
          f"{meta['parallelThreads']} threads ({meta['apparierAllQueriesSeconds']:.3f} s one after the other)")
    print(f"Faiss time / Apparier time: one query {one_ratio:.1f}x ({one_thread_ratio:.1f}x against Apparier on one thread), "
          f"{xq.shape[0]} queries {all_ratio:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1])
