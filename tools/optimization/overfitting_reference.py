#!/usr/bin/python3
"""Independent reference for the optimiser's overfitting statistics.

Written from the papers' formulas with numpy and scipy, sharing no code with
libs/optimization, so the TypeScript can be checked against it:

- Deflated Sharpe Ratio: Bailey & Lopez de Prado (2014), "The Deflated Sharpe
  Ratio: Correcting for Selection Bias, Backtest Overfitting and
  Non-Normality", eq. (2) and the expected maximum of N Sharpe ratios.
- Probability of Backtest Overfitting by combinatorially symmetric
  cross-validation: Bailey, Borwein, Lopez de Prado & Zhu (2015), "The
  Probability of Backtest Overfitting", section 2 (steps 1-6), done by brute
  force: every combination, every column's Sharpe from its rows directly.

Conventions (the same as libs/optimization's README): per-period Sharpe with
ddof 1 (0 for a flat series); skewness and kurtosis are the biased moments,
kurtosis not in excess; the first T mod S rows are dropped; in-sample ties go
to the lowest column; out-of-sample ranks are scipy's average ranks (1 is the
worst); w = rank / (N + 1); a split counts as overfit when its logit <= 0.

Input on stdin: {"cases": [{"returns": [[r_1..r_T] per trial], "selected": i,
"partitions": S}]}. Output on stdout: {"results": [{"dsr", "sr0", "sharpe",
"skewness", "kurtosis", "length", "pbo", "combinations", "logits"}]}.
Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy).
"""
import itertools
import json
import math
import sys

import numpy as np
from scipy import stats

EULER_GAMMA = 0.5772156649015329


def column_sharpes(matrix):
    """Sharpe of every column of a rows x columns matrix (ddof 1, 0 where flat)."""
    std = matrix.std(axis=0, ddof=1)
    mean = matrix.mean(axis=0)
    return np.where(std > 0, mean / np.where(std > 0, std, 1), 0.0)


def sharpe(values):
    values = np.asarray(values, dtype=float)
    if values.size < 2:
        return 0.0
    std = values.std(ddof=1)
    return float(values.mean() / std) if std > 0 else 0.0


def deflated_sharpe(matrix, selected):
    sharpes = np.array([sharpe(column) for column in matrix])
    n = len(sharpes)
    variance = float(sharpes.var(ddof=1)) if n > 1 else 0.0
    if n == 1 or variance <= 0:
        sr0 = 0.0
    else:
        sr0 = math.sqrt(variance) * ((1 - EULER_GAMMA) * stats.norm.ppf(1 - 1 / n) + EULER_GAMMA * stats.norm.ppf(1 - 1 / (n * math.e)))
    chosen = np.asarray(matrix[selected], dtype=float)
    sr = sharpe(chosen)
    if chosen.std() > 0:
        skewness = float(stats.skew(chosen, bias=True))
        kurtosis = float(stats.kurtosis(chosen, fisher=False, bias=True))
    else:
        skewness, kurtosis = 0.0, 3.0
    t = chosen.size
    spread = 1 - skewness * sr + (kurtosis - 1) / 4 * sr * sr
    dsr = float(stats.norm.cdf((sr - sr0) * math.sqrt(t - 1) / math.sqrt(spread))) if t > 1 and spread > 0 else None
    return {"dsr": dsr, "sr0": sr0, "sharpe": sr, "skewness": skewness, "kurtosis": kurtosis, "length": t}


def pbo(matrix, partitions):
    m = np.asarray(matrix, dtype=float).T  # T rows x N columns, as in the paper
    rows, n = m.shape
    block = rows // partitions
    m = m[rows - block * partitions:]
    blocks = [m[b * block:(b + 1) * block] for b in range(partitions)]
    logits = []
    for chosen in itertools.combinations(range(partitions), partitions // 2):
        rest = [b for b in range(partitions) if b not in chosen]
        inside = np.vstack([blocks[b] for b in chosen])
        outside = np.vstack([blocks[b] for b in rest])
        r_in = column_sharpes(inside)
        r_out = column_sharpes(outside)
        best = int(np.argmax(r_in))  # first maximum: the lowest column on a tie
        rank = stats.rankdata(r_out, method="average")[best]
        w = rank / (n + 1)
        logits.append(math.log(w / (1 - w)))
    overfit = sum(1 for value in logits if value <= 0)
    return {"pbo": overfit / len(logits), "combinations": len(logits), "logits": logits}


def main():
    request = json.load(sys.stdin)
    results = []
    for case in request["cases"]:
        result = deflated_sharpe(case["returns"], case["selected"])
        result.update(pbo(case["returns"], case["partitions"]))
        results.append(result)
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
