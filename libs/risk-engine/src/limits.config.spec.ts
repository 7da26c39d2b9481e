import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RISK_LIMITS, parseRiskLimits, RISK_LIMIT_KEYS, RiskLimitsError } from './limits.config';

function issuesOf(input: unknown): readonly string[] {
  try {
    parseRiskLimits(input);
  } catch (error) {
    if (error instanceof RiskLimitsError) return error.issues;
    throw error;
  }
  return [];
}

describe('risk limits', () => {
  it('fills every missing key from the defaults', () => {
    const limits = parseRiskLimits({ maxOpenPositions: 3, var: { confidence: 0.95 } });
    expect(limits.maxOpenPositions).toBe(3);
    expect(limits.var).toEqual({ ...DEFAULT_RISK_LIMITS.var, confidence: 0.95 });
    expect(limits.breakers).toEqual(DEFAULT_RISK_LIMITS.breakers);
  });

  it('accepts the defaults themselves', () => {
    expect(parseRiskLimits(JSON.parse(JSON.stringify(DEFAULT_RISK_LIMITS)))).toEqual(DEFAULT_RISK_LIMITS);
  });

  it('names an unknown key by its dotted path', () => {
    expect(issuesOf({ var: { confidnce: 0.95 } })).toEqual(['var.confidnce: unknown key']);
  });

  it('reports every bad key at once, each with what was wrong', () => {
    expect(issuesOf({ maxOpenPositions: 2.5, maxRiskPerTrade: 0, breakers: { sessionResetUtcMinute: 1440 }, sizing: 'x' })).toEqual([
      'maxOpenPositions: must be an integer',
      'maxRiskPerTrade: must be > 0',
      'breakers.sessionResetUtcMinute: must be <= 1439',
      'sizing: must be an object',
    ]);
  });

  it('rejects inconsistent pairs', () => {
    expect(issuesOf({ sizing: { riskPerTrade: 0.02 } })).toEqual(['sizing.riskPerTrade: must be <= maxRiskPerTrade']);
    expect(issuesOf({ sizing: { kelly: { floor: 0.02, cap: 0.01 } } })).toContain('sizing.kelly.floor: must be <= sizing.kelly.cap');
  });

  it('checks per-symbol lot overrides', () => {
    expect(issuesOf({ maxPositionLotsBySymbol: { eurusd: 2 } })).toEqual(['maxPositionLotsBySymbol: key "eurusd" is not a six-letter FX symbol']);
  });

  it('rejects a non-object and freezes what it returns', () => {
    expect(issuesOf([])).toEqual(['the limits must be a JSON object']);
    expect(Object.isFrozen(parseRiskLimits({}).var)).toBe(true);
  });

  it('has every key documented in the README limits table with its default, and no other', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## The limits file'), readme.indexOf('## Benchmark'));
    const rows = [...table.matchAll(/^\| `([A-Za-z.]+)` \| `?([^|`]+?)`? \|/gm)];
    expect(rows.map((row) => row[1])).toEqual(RISK_LIMIT_KEYS);
    // The default column is the default.
    for (const [, key, value] of rows) {
      const actual = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], DEFAULT_RISK_LIMITS);
      expect({ key, value: JSON.parse(value) as unknown }).toEqual({ key, value: actual });
    }
  });
});
