// `--events file.jsonl`: a person's commands at set times, so the effects of a
// kill switch or a resume are reproducible in a backtest. One JSON object per
// line: {"time": "2016-03-10T08:00:00Z" (or UTC ms), "command": "kill-switch",
// "reason": "..."} or {"time": ..., "command": "resume", "by": "..."}. Blank
// lines are skipped; anything else wrong is one error naming the line.
import { readFileSync } from 'node:fs';
import type { ScheduledCommand } from '@trading/backtest';
import { CliError } from './cli-error';

export function readEventsFile(path: string): ScheduledCommand[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`--events: cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const events: ScheduledCommand[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `--events: ${path} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CliError(`${where}: not a JSON object`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${where}: not a JSON object`);
    const fields = value as Record<string, unknown>;
    const time = eventTime(fields['time'], where);
    const text = (key: string): string => {
      const found = fields[key];
      if (typeof found !== 'string' || found.trim() === '') throw new CliError(`${where}: "${key}" must be a non-empty text`);
      return found;
    };
    if (fields['command'] === 'kill-switch') events.push({ time, kind: 'kill-switch', reason: text('reason') });
    else if (fields['command'] === 'resume') events.push({ time, kind: 'resume', by: text('by') });
    else throw new CliError(`${where}: "command" must be "kill-switch" or "resume", got ${JSON.stringify(fields['command'])}`);
    if (events.length > 1 && time < events[events.length - 2].time) throw new CliError(`${where}: events must be in time order`);
  });
  return events;
}

function eventTime(value: unknown, where: string): number {
  const time = typeof value === 'number' ? value : typeof value === 'string' && /[zZ]|[+-]\d\d:\d\d$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isSafeInteger(time) || time < 0) throw new CliError(`${where}: "time" must be UTC ms or an ISO time with its zone (e.g. 2016-03-10T08:00:00Z), got ${JSON.stringify(value)}`);
  return time;
}
