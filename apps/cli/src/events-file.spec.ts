import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEventsFile } from './events-file';

describe('--events files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trading-events-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let files = 0;
  const file = (text: string): string => {
    const path = join(dir, `events-${++files}.jsonl`);
    writeFileSync(path, text);
    return path;
  };

  it('reads commands with ISO or millisecond times, skipping blank lines', () => {
    const path = file('{"time":"2016-01-06T18:00:00Z","command":"kill-switch","reason":"drill"}\n\n{"time":1452499200000,"command":"resume","by":"desk head"}\n');
    expect(readEventsFile(path)).toEqual([
      { time: Date.UTC(2016, 0, 6, 18), kind: 'kill-switch', reason: 'drill' },
      { time: 1452499200000, kind: 'resume', by: 'desk head' },
    ]);
  });

  it('names the line and the field of every mistake', () => {
    const cases: [string, string][] = [
      ['{"time":"2016-01-06T18:00:00","command":"resume","by":"x"}', 'line 1: "time" must be UTC ms or an ISO time with its zone (e.g. 2016-03-10T08:00:00Z), got "2016-01-06T18:00:00"'],
      ['{"time":1,"command":"pause"}', 'line 1: "command" must be "kill-switch" or "resume", got "pause"'],
      ['{"time":1,"command":"kill-switch"}', 'line 1: "reason" must be a non-empty text'],
      ['\n[1,2]', 'line 2: not a JSON object'],
      ['{"time":5,"command":"resume","by":"a"}\n{"time":4,"command":"resume","by":"a"}', 'line 2: events must be in time order'],
    ];
    for (const [text, message] of cases) {
      const path = file(text);
      expect(() => readEventsFile(path)).toThrow(`--events: ${path} ${message}`);
    }
    expect(() => readEventsFile(join(dir, 'missing.jsonl'))).toThrow(`--events: cannot read ${join(dir, 'missing.jsonl')}: no such file`);
  });
});
