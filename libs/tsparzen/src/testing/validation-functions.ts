// A held-out suite of standard test functions, kept apart from the four of the
// benchmark: a change to the sampler's defaults is judged on these first, so
// the benchmark is never the thing the defaults were chosen on. Definitions and
// minima as in Surjanovic & Bingham's Virtual Library of Simulation Experiments.
import type { TestFunction } from './test-functions';

const box = (dimension: number, low: number, high: number): (readonly [number, number])[] =>
  Array.from({ length: dimension }, () => [low, high] as const);

const HARTMANN3_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN3_A = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const HARTMANN3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((row) => row.map((v) => v * 1e-4));

const SHEKEL_BETA = [1, 2, 2, 4, 4, 6, 3, 7, 5, 5].map((v) => v / 10);
const SHEKEL_C = [
  [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
  [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
  [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
  [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
];

export const ackley5: TestFunction = {
  name: 'ackley5',
  bounds: box(5, -32.768, 32.768),
  minimum: 0,
  evaluate: (x) => {
    const d = x.length;
    const squares = x.reduce((s, v) => s + v * v, 0) / d;
    const cosines = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / d;
    return -20 * Math.exp(-0.2 * Math.sqrt(squares)) - Math.exp(cosines) + 20 + Math.E;
  },
};

export const styblinskiTang4: TestFunction = {
  name: 'styblinski-tang4',
  bounds: box(4, -5, 5),
  minimum: -39.16616570377142 * 4,
  evaluate: (x) => 0.5 * x.reduce((s, v) => s + v ** 4 - 16 * v * v + 5 * v, 0),
};

export const levy4: TestFunction = {
  name: 'levy4',
  bounds: box(4, -10, 10),
  minimum: 0,
  evaluate: (x) => {
    const w = x.map((v) => 1 + (v - 1) / 4);
    const last = w[w.length - 1];
    let total = Math.sin(Math.PI * w[0]) ** 2 + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
    for (let i = 0; i < w.length - 1; i++) total += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
    return total;
  },
};

export const hartmann3: TestFunction = {
  name: 'hartmann3',
  bounds: box(3, 0, 1),
  minimum: -3.86278214782076,
  evaluate: (x) => {
    let total = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 3; j++) inner += HARTMANN3_A[i][j] * (x[j] - HARTMANN3_P[i][j]) ** 2;
      total += HARTMANN3_ALPHA[i] * Math.exp(-inner);
    }
    return -total;
  },
};

export const sixHumpCamel: TestFunction = {
  name: 'six-hump-camel',
  bounds: [
    [-3, 3],
    [-2, 2],
  ],
  minimum: -1.031628453489877,
  evaluate: ([a, b]) => (4 - 2.1 * a * a + a ** 4 / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b,
};

export const goldsteinPrice: TestFunction = {
  name: 'goldstein-price',
  bounds: box(2, -2, 2),
  minimum: 3,
  evaluate: ([a, b]) =>
    (1 + (a + b + 1) ** 2 * (19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b)) *
    (30 + (2 * a - 3 * b) ** 2 * (18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b)),
};

export const rastrigin4: TestFunction = {
  name: 'rastrigin4',
  bounds: box(4, -5.12, 5.12),
  minimum: 0,
  evaluate: (x) => 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0),
};

export const griewank6: TestFunction = {
  name: 'griewank6',
  bounds: box(6, -600, 600),
  minimum: 0,
  evaluate: (x) => {
    let sum = 0;
    let product = 1;
    x.forEach((v, i) => {
      sum += (v * v) / 4000;
      product *= Math.cos(v / Math.sqrt(i + 1));
    });
    return sum - product + 1;
  },
};

export const michalewicz5: TestFunction = {
  name: 'michalewicz5',
  bounds: box(5, 0, Math.PI),
  minimum: -4.687658,
  evaluate: (x) => -x.reduce((s, v, i) => s + Math.sin(v) * Math.sin(((i + 1) * v * v) / Math.PI) ** 20, 0),
};

export const shekel10: TestFunction = {
  name: 'shekel10',
  bounds: box(4, 0, 10),
  minimum: -10.536443,
  evaluate: (x) => {
    let total = 0;
    for (let i = 0; i < 10; i++) {
      let inner = SHEKEL_BETA[i];
      for (let j = 0; j < 4; j++) inner += (x[j] - SHEKEL_C[j][i]) ** 2;
      total += 1 / inner;
    }
    return -total;
  },
};

export const dixonPrice6: TestFunction = {
  name: 'dixon-price6',
  bounds: box(6, -10, 10),
  minimum: 0,
  evaluate: (x) => {
    let total = (x[0] - 1) ** 2;
    for (let i = 1; i < x.length; i++) total += (i + 1) * (2 * x[i] * x[i] - x[i - 1]) ** 2;
    return total;
  },
};

export const zakharov5: TestFunction = {
  name: 'zakharov5',
  bounds: box(5, -5, 10),
  minimum: 0,
  evaluate: (x) => {
    const squares = x.reduce((s, v) => s + v * v, 0);
    const weighted = x.reduce((s, v, i) => s + 0.5 * (i + 1) * v, 0);
    return squares + weighted ** 2 + weighted ** 4;
  },
};

/** The held-out suite: none of these is in the benchmark, and the defaults are judged on them. */
export const validationFunctions: readonly TestFunction[] = [
  ackley5,
  styblinskiTang4,
  levy4,
  hartmann3,
  sixHumpCamel,
  goldsteinPrice,
  rastrigin4,
  griewank6,
  michalewicz5,
  shekel10,
  dixonPrice6,
  zakharov5,
];
