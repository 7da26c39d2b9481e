// The Optuna side-by-side run evaluates its own Python copies of the test
// functions; a drift between the two copies would compare the libraries on
// different problems. Both are evaluated here at the same random points.
import { spawnSync } from 'node:child_process';
import { SeededGenerator, testFunctions, validationFunctions } from '@trading/tsparzen';

const PYTHON = '/usr/bin/python3';

describe('the Python copies of the test functions', () => {
  it('match the TypeScript ones to 1e-12 (relative) at 50 random points per function, with the same names and bounds', () => {
    const random = new SeededGenerator(5);
    const functions = [...testFunctions, ...validationFunctions];
    const points = functions.map((fn) =>
      Array.from({ length: 50 }, () => fn.bounds.map(([low, high]) => low + (high - low) * random.nextFloat())),
    );
    const script = [
      'import json, sys',
      'import test_functions as t',
      'request = json.load(sys.stdin)',
      'out = {name: {"bounds": t.FUNCTIONS[name][1], "values": [t.FUNCTIONS[name][0](x) for x in xs]} for name, xs in request.items()}',
      'print(json.dumps(out))',
    ].join('\n');
    const request = Object.fromEntries(functions.map((fn, i) => [fn.name, points[i]]));
    const python = spawnSync(PYTHON, ['-c', script], { cwd: __dirname, input: JSON.stringify(request), encoding: 'utf8' });
    expect(python.stderr).toBe('');
    const answer = JSON.parse(python.stdout) as Record<string, { bounds: number[][]; values: number[] }>;
    expect(Object.keys(answer).sort()).toEqual(functions.map((fn) => fn.name).sort());
    functions.forEach((fn, i) => {
      expect({ name: fn.name, bounds: answer[fn.name].bounds }).toEqual({ name: fn.name, bounds: fn.bounds.map(([low, high]) => [low, high]) });
      points[i].forEach((x, p) => {
        const expected = fn.evaluate(x);
        const actual = answer[fn.name].values[p];
        expect({ name: fn.name, x, close: Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)) }).toEqual({ name: fn.name, x, close: true });
      });
    });
  });
});
