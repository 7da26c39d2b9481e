"""The test functions of `trading bench tpe`, for the Optuna side-by-side run.

They mirror libs/tsparzen/src/testing/test-functions.ts (the benchmark) and
validation-functions.ts (the held-out suite) term for term;
test_functions.spec.ts evaluates both sides at the same points and fails if
they drift apart. No third-party imports, so plain python3 can load it.
"""
import math


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


def ackley(x):
    d = len(x)
    squares = sum(v * v for v in x) / d
    cosines = sum(math.cos(2 * math.pi * v) for v in x) / d
    return -20 * math.exp(-0.2 * math.sqrt(squares)) - math.exp(cosines) + 20 + math.e


def styblinski_tang(x):
    return 0.5 * sum(v ** 4 - 16 * v * v + 5 * v for v in x)


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    last = w[-1]
    total = math.sin(math.pi * w[0]) ** 2 + (last - 1) ** 2 * (1 + math.sin(2 * math.pi * last) ** 2)
    for wi in w[:-1]:
        total += (wi - 1) ** 2 * (1 + 10 * math.sin(math.pi * wi + 1) ** 2)
    return total


H3_ALPHA = [1.0, 1.2, 3.0, 3.2]
H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
H3_P = [[v * 1e-4 for v in row] for row in [
    [3689, 1170, 2673],
    [4699, 4387, 7470],
    [1091, 8732, 5547],
    [381, 5743, 8828],
]]


def hartmann3(x):
    total = 0.0
    for i in range(4):
        inner = sum(H3_A[i][j] * (x[j] - H3_P[i][j]) ** 2 for j in range(3))
        total += H3_ALPHA[i] * math.exp(-inner)
    return -total


def six_hump_camel(x):
    a, b = x
    return (4 - 2.1 * a * a + a ** 4 / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b


def goldstein_price(x):
    a, b = x
    return (1 + (a + b + 1) ** 2 * (19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b)) * (
        30 + (2 * a - 3 * b) ** 2 * (18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b)
    )


def rastrigin(x):
    return 10 * len(x) + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in x)


def griewank(x):
    total = 0.0
    product = 1.0
    for i, v in enumerate(x):
        total += v * v / 4000
        product *= math.cos(v / math.sqrt(i + 1))
    return total - product + 1


def michalewicz(x):
    return -sum(math.sin(v) * math.sin((i + 1) * v * v / math.pi) ** 20 for i, v in enumerate(x))


SHEKEL_BETA = [v / 10 for v in [1, 2, 2, 4, 4, 6, 3, 7, 5, 5]]
SHEKEL_C = [
    [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
    [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
    [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
    [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
]


def shekel(x):
    total = 0.0
    for i in range(10):
        inner = SHEKEL_BETA[i]
        for j in range(4):
            inner += (x[j] - SHEKEL_C[j][i]) ** 2
        total += 1 / inner
    return -total


def dixon_price(x):
    total = (x[0] - 1) ** 2
    for i in range(1, len(x)):
        total += (i + 1) * (2 * x[i] * x[i] - x[i - 1]) ** 2
    return total


def zakharov(x):
    squares = sum(v * v for v in x)
    weighted = sum(0.5 * (i + 1) * v for i, v in enumerate(x))
    return squares + weighted ** 2 + weighted ** 4


def box(dimension, low, high):
    return [(low, high)] * dimension


# name -> (function, bounds); names and bounds as in the TypeScript suites.
FUNCTIONS = {
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)]),
    "hartmann6": (hartmann6, box(6, 0.0, 1.0)),
    "rosenbrock": (rosenbrock, box(5, -5.0, 10.0)),
    "sphere": (sphere, box(10, -5.12, 5.12)),
    "ackley5": (ackley, box(5, -32.768, 32.768)),
    "styblinski-tang4": (styblinski_tang, box(4, -5.0, 5.0)),
    "levy4": (levy, box(4, -10.0, 10.0)),
    "hartmann3": (hartmann3, box(3, 0.0, 1.0)),
    "six-hump-camel": (six_hump_camel, [(-3.0, 3.0), (-2.0, 2.0)]),
    "goldstein-price": (goldstein_price, box(2, -2.0, 2.0)),
    "rastrigin4": (rastrigin, box(4, -5.12, 5.12)),
    "griewank6": (griewank, box(6, -600.0, 600.0)),
    "michalewicz5": (michalewicz, box(5, 0.0, math.pi)),
    "shekel10": (shekel, box(4, 0.0, 10.0)),
    "dixon-price6": (dixon_price, box(6, -10.0, 10.0)),
    "zakharov5": (zakharov, box(5, -5.0, 10.0)),
}
