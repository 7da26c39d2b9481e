"""Optuna's TPESampler on the functions, budgets and seeds of `trading bench tpe`.

Driven by the bench command (apps/cli/src/commands/bench/tpe.bench.ts), which
spawns it with /usr/bin/python3 and reads one JSON document from stdout:
{"optunaVersion": str, "runs": [{"function", "sampler", "seed", "best", "msPerTrial"}]}.
Sampler time covers ask + suggest + tell; the objective is excluded, as on the
TypeScript side.
"""
import argparse
import json
import sys
import time
import warnings

import optuna

from test_functions import FUNCTIONS


def run(function_name, multivariate, seed, n_trials):
    evaluate, bounds = FUNCTIONS[function_name]
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
    study = optuna.create_study(direction="minimize", sampler=sampler)
    sampler_seconds = 0.0
    for _ in range(n_trials):
        started = time.perf_counter()
        trial = study.ask()
        x = [trial.suggest_float(f"x{i}", low, high) for i, (low, high) in enumerate(bounds)]
        asked = time.perf_counter()
        value = evaluate(x)
        evaluated = time.perf_counter()
        study.tell(trial, value)
        sampler_seconds += (asked - started) + (time.perf_counter() - evaluated)
    return study.best_value, sampler_seconds * 1000 / n_trials


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, required=True)
    parser.add_argument("--seeds", type=int, required=True)
    parser.add_argument("--functions", required=True, help="comma-separated names")
    parser.add_argument("--modes", default="univariate,multivariate")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")
    runs = []
    # One untimed study per mode first, so lazy imports are not billed to the first function.
    for mode in args.modes.split(","):
        run("branin", mode == "multivariate", 12345, args.trials)
    for function_name in args.functions.split(","):
        if function_name not in FUNCTIONS:
            sys.exit(f"unknown function {function_name}")
        for mode in args.modes.split(","):
            for seed in range(args.seeds):
                best, ms_per_trial = run(function_name, mode == "multivariate", seed, args.trials)
                runs.append({"function": function_name, "sampler": f"optuna-{mode}", "seed": seed, "best": best, "msPerTrial": ms_per_trial})
            print(f"optuna {function_name} {mode}: {args.seeds} seeds done", file=sys.stderr, flush=True)
    json.dump({"optunaVersion": optuna.__version__, "runs": runs}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
