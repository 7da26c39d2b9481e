// The version of the code that made an output: the package version and, in a
// git checkout, the commit (with "-dirty" when files differ from it), so a
// decision log names exactly what produced it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export function codeVersion(): string {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  try {
    const git = (args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git(['rev-parse', '--short=12', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    return `${version}+${commit}${dirty ? '-dirty' : ''}`;
  } catch {
    // Not a git checkout (an unpacked release): the package version alone.
    return version;
  }
}
