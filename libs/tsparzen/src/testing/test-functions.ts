// Standard optimisation test functions with known minima, for examples,
// tests and the benchmark. Each names its bounds so a search space can be
// built from it.

export interface TestFunction {
  readonly name: string;
  /** [low, high] per dimension. */
  readonly bounds: readonly (readonly [number, number])[];
  /** The global minimum value. */
  readonly minimum: number;
  readonly evaluate: (x: readonly number[]) => number;
}

const HARTMANN6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

export const branin: TestFunction = {
  name: 'branin',
  bounds: [
    [-5, 10],
    [0, 15],
  ],
  minimum: 0.397887357729738,
  evaluate: ([x1, x2]) => {
    const b = 5.1 / (4 * Math.PI * Math.PI);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
  },
};

export const hartmann6: TestFunction = {
  name: 'hartmann6',
  bounds: Array.from({ length: 6 }, () => [0, 1] as const),
  minimum: -3.32236801141551,
  evaluate: (x) => {
    let total = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += HARTMANN6_A[i][j] * (x[j] - HARTMANN6_P[i][j]) ** 2;
      total += HARTMANN6_ALPHA[i] * Math.exp(-inner);
    }
    return -total;
  },
};

export const rosenbrock5: TestFunction = {
  name: 'rosenbrock',
  bounds: Array.from({ length: 5 }, () => [-5, 10] as const),
  minimum: 0,
  evaluate: (x) => {
    let total = 0;
    for (let i = 0; i < x.length - 1; i++) total += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
    return total;
  },
};

export const sphere10: TestFunction = {
  name: 'sphere',
  bounds: Array.from({ length: 10 }, () => [-5.12, 5.12] as const),
  minimum: 0,
  evaluate: (x) => x.reduce((sum, v) => sum + v * v, 0),
};

export const testFunctions: readonly TestFunction[] = [branin, hartmann6, rosenbrock5, sphere10];
