"""Optuna's TPESampler on the functions, budgets and seeds of `trading bench tpe`.

Driven by the bench command (apps/cli/src/commands/bench/tpe.bench.ts), which
spawns it with /usr/bin/python3 and reads one JSON document from stdout:
{"optunaVersion": str, "runs": [{"function", "sampler", "seed", "best", "msPerTrial"}]}.
Sampler time covers ask + suggest + tell; the objective is excluded, as on the
TypeScript side.
"""
import argparse
import json
import math
import sys
import time
import warnings

import optuna


def branin(x):
    x1, x2 = x
    b = 5.1 / (4 * math.pi * math.pi)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


H6_ALPHA = [1.0, 1.2, 3.0, 3.2]
H6_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
H6_P = [[v * 1e-4 for v in row] for row in [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2 for j in range(6))
        total += H6_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def sphere(x):
    return sum(v * v for v in x)


FUNCTIONS = {
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)]),
    "hartmann6": (hartmann6, [(0.0, 1.0)] * 6),
    "rosenbrock": (rosenbrock, [(-5.0, 10.0)] * 5),
    "sphere": (sphere, [(-5.12, 5.12)] * 10),
}


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
