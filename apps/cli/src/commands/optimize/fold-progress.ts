// One progress bar per fold on standard error while the studies run (only on
// a terminal, never with --json), so a long study shows where it is.
import { MultiBar, Presets, type SingleBar } from 'cli-progress';

export interface FoldProgress {
  update(fold: number, done: number, total: number): void;
  stop(): void;
}

export function foldProgress(folds: number, trials: number): FoldProgress {
  const multibar = new MultiBar({ stream: process.stderr, format: ' fold {fold} {bar} {value}/{total} trials', hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  const bars: SingleBar[] = [];
  for (let fold = 0; fold < folds; fold++) bars.push(multibar.create(trials, 0, { fold: fold + 1 }));
  return {
    update: (fold, done) => bars[fold]?.update(done, { fold: fold + 1 }),
    stop: () => multibar.stop(),
  };
}
