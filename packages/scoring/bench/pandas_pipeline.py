"""Vectorised pandas pipeline for the scoring benchmark (bench/run.ts starts it; not part of the product).

Reads the benchmark's synthetic scores (little-endian int32 columns: application, examiner, item,
percent) and the item table (points and category of each item) from the folder given as argv[1],
then computes what scoreCycle computes for the trimmed mean, the way a data analyst would with
pandas: per (application, item) the trimmed mean (cut floor(p*n) from each end), n, the sample
standard deviation and the range (the disagreement flag); category sums of points, the total, the
rank (ties share the best rank) and the order.

Prints one JSON line: the median and every run's time in ms (data already in a DataFrame: the
pipeline only, no file reading), pandas' version, and the ten leaders with their totals so the
caller can check that both computed the same thing.
"""

import json
import sys
import time

import numpy as np
import pandas as pd


def load(folder):
    cols = {}
    for name in ("app", "ex", "item", "pct"):
        cols[name] = np.fromfile(f"{folder}/{name}.i32", dtype="<i4")
    meta = json.load(open(f"{folder}/items.json", encoding="utf-8"))
    return pd.DataFrame(cols), meta


def pipeline(df, points, category, n_categories, proportion, flag_threshold):
    d = df.sort_values(["app", "item", "pct"], kind="stable")
    g = d.groupby(["app", "item"], sort=False)
    pos = g.cumcount().to_numpy()
    n = g["pct"].transform("size").to_numpy()
    cut = np.floor(proportion * n).astype(np.int64)
    keep = (pos >= cut) & (pos < n - cut)
    cells = d[keep].groupby(["app", "item"])["pct"].mean()
    stats = d.groupby(["app", "item"])["pct"].agg(["size", "std", "min", "max"])
    flagged = (stats["max"] - stats["min"]) >= flag_threshold
    item = cells.index.get_level_values("item").to_numpy()
    earned = cells.to_numpy() * points[item] / 100.0
    frame = pd.DataFrame({"app": cells.index.get_level_values("app").to_numpy(), "cat": category[item], "earned": earned})
    cats = frame.groupby(["app", "cat"])["earned"].sum().unstack(fill_value=0.0).reindex(columns=range(n_categories), fill_value=0.0)
    total = cats.sum(axis=1)
    rank = total.rank(method="min", ascending=False).astype(np.int64)
    order = total.sort_values(ascending=False, kind="stable")
    return order, rank, cats, stats, flagged


def main():
    folder = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    df, meta = load(folder)
    points = np.asarray(meta["points"], dtype=np.float64)
    category = np.asarray(meta["category"], dtype=np.int64)
    args = (points, category, int(meta["categories"]), float(meta["proportion"]), float(meta["flagThreshold"]))
    pipeline(df, *args)  # warm-up
    times = []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = pipeline(df, *args)
        times.append((time.perf_counter() - t0) * 1000.0)
    order = result[0]
    leaders = [{"app": int(a), "total": float(t)} for a, t in order.head(10).items()]
    print(json.dumps({"medianMs": float(np.median(times)), "times": times, "pandas": pd.__version__, "leaders": leaders}))


if __name__ == "__main__":
    main()
