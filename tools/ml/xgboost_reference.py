#!/usr/bin/python3
"""XGBoost's side of the comparison with the project's gradient-boosted trees.

Reads a features file written by `trading ml features` (time, features...,
label, label_end), splits it exactly as `trading ml train --features` does,
trains XGBoost (tree_method hist, one thread) with the same parameters and
prints one JSON object on stdout: the rows used, the training time, the
log-loss after every round on both sets, and the validation metrics. With
--predictions, the validation probabilities are written as CSV.

Run it with Debian's interpreter, which sees python3-xgboost:
  /usr/bin/python3 tools/ml/xgboost_reference.py --features f.csv \
      --validation-from 2021-01-01 --depth 6 --rounds 200 --eta 0.1
"""
import argparse
import csv
import datetime as dt
import json
import math
import sys
import time

import numpy as np
import xgboost as xgb


def parse_time(text):
    if "T" not in text:
        text += "T00:00:00"
    if not (text.endswith("Z") or "+" in text[10:] or "-" in text[10:]):
        text += "Z"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000


def read_features(path):
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        label_at = header.index("label")
        has_end = header[-1] == "label_end"
        names = header[1:label_at]
        times, values, labels, ends = [], [], [], []
        for row in reader:
            times.append(parse_time(row[0]))
            values.append([float(v) if v != "" else math.nan for v in row[1:label_at]])
            labels.append(float(row[label_at]) if row[label_at] != "" else math.nan)
            ends.append(parse_time(row[label_at + 1]) if has_end and row[label_at + 1] != "" else math.nan)
    return names, np.array(times), np.array(values, dtype=np.float64), np.array(labels), np.array(ends), has_end


def split(times, labels, ends, has_end, validation_from, purge):
    """The rule of splitAtTime in libs/ml/src/splits/time-split.ts."""
    known = np.flatnonzero(~np.isnan(labels))
    later = np.flatnonzero(times >= validation_from)
    first_validation_bar = later[0] if len(later) else len(times)
    validation = known[known >= first_validation_bar]
    before = known[known < first_validation_bar]
    if purge == "labels":
        if not has_end:
            sys.exit("purging by labels needs the label_end column; pass --purge <bars>")
        train = before[ends[before] < validation_from]
    else:
        train = before[before < first_validation_bar - int(purge)]
    return train, validation, len(before) - len(train)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", required=True)
    parser.add_argument("--validation-from", required=True)
    parser.add_argument("--purge", default=None, help="bars, or 'labels' (the default when label_end is present)")
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--eta", type=float, default=0.1)
    parser.add_argument("--subsample", type=float, default=1.0)
    parser.add_argument("--colsample", type=float, default=1.0)
    parser.add_argument("--lambda", dest="reg_lambda", type=float, default=1.0)
    parser.add_argument("--min-child-weight", type=float, default=1.0)
    parser.add_argument("--max-bins", type=int, default=256)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--predictions", default=None, help="write the validation probabilities here (CSV)")
    args = parser.parse_args()

    names, times, values, labels, ends, has_end = read_features(args.features)
    purge = args.purge if args.purge is not None else ("labels" if has_end else "0")
    train, validation, purged = split(times, labels, ends, has_end, parse_time(args.validation_from), purge)
    # float32, as XGBoost stores features; classes 0 SHORT, 1 NEUTRAL, 2 LONG.
    x = values.astype(np.float32)
    y = (labels + 1).astype(np.float64)
    dtrain = xgb.DMatrix(x[train], label=y[train], missing=np.nan)
    dvalid = xgb.DMatrix(x[validation], label=y[validation], missing=np.nan)
    params = {
        "objective": "multi:softprob", "num_class": 3, "tree_method": "hist", "nthread": 1,
        "max_depth": args.depth, "eta": args.eta, "subsample": args.subsample,
        "colsample_bytree": args.colsample, "lambda": args.reg_lambda,
        "min_child_weight": args.min_child_weight, "max_bin": args.max_bins,
        "seed": args.seed, "eval_metric": "mlogloss",
    }
    curves = {}
    started = time.perf_counter()
    booster = xgb.train(params, dtrain, args.rounds, evals=[(dtrain, "train"), (dvalid, "validation")], evals_result=curves, verbose_eval=False)
    seconds = time.perf_counter() - started
    p = booster.predict(dvalid)
    yv = y[validation].astype(int)
    logloss = float(-np.mean(np.log(np.maximum(p[np.arange(len(yv)), yv], 1e-16))))
    onehot = np.eye(3)[yv]
    if args.predictions:
        np.savetxt(args.predictions, p, delimiter=",", fmt="%.9g")
    print(json.dumps({
        "xgboost": xgb.__version__,
        "features": len(names),
        "trainRows": int(len(train)),
        "validationRows": int(len(validation)),
        "purgedRows": int(purged),
        "trainSeconds": seconds,
        "history": {"train": curves["train"]["mlogloss"], "validation": curves["validation"]["mlogloss"]},
        "validation": {
            "logloss": logloss,
            "accuracy": float(np.mean(np.argmax(p, axis=1) == yv)),
            "brier": float(np.mean(np.sum((p - onehot) ** 2, axis=1))),
        },
    }))


if __name__ == "__main__":
    main()
