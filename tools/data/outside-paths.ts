// Finds paths in the project's code and documents that lead outside the
// repository: a test, benchmark or README example that reads `../shared/data`
// works on one machine and fails in every other clone. Two kinds are found:
// path expressions built from `__dirname` (or a root variable) with string
// segments, resolved as Node would; and relative paths written in Markdown,
// resolved from the workspace root (where the README's commands run) and from
// the document's own folder.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface OutsidePath {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly resolved: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'tmp', 'coverage', '.nx', '.git']);

/** Every .ts file under apps, libs and tools, every Markdown file and the CI script, relative to `root`. */
export function projectTextFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      if (SKIPPED_FOLDERS.has(name)) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|md)$/.test(name)) found.push(relative(root, path));
    }
  };
  for (const top of ['apps', 'libs', 'tools']) walk(join(root, top));
  for (const name of readdirSync(root)) if (name.endsWith('.md')) found.push(name);
  for (const folder of ['data', 'examples', 'k8s', 'deploy']) {
    try {
      walk(join(root, folder));
    } catch {
      // a folder this checkout does not have
    }
  }
  found.push(join('.ci', 'run'));
  return found.sort();
}

const isOutside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || resolve(root, rel) !== path;
};

// A path call: resolve or join of a base (__dirname or a root variable) and string segments.
const PATH_CALL = /\b(?:resolve|join)\(\s*(__dirname|root|workspaceRoot|ROOT|CHECKOUT)\s*((?:,\s*'[^'\n]*'\s*)+)\)/g;
// A relative path in a document: `../x`, `../../x/y`.
const DOC_PATH = /(?:^|[\s`'"(=])((?:\.\.\/)+[\w.@-][\w./@-]*)/g;
// Absolute paths of this machine's shared folders, anywhere.
const MACHINE_PATH = /\/work\/(?:shared|main|wt-[\w-]+)\b[\w./-]*/g;

/** The paths in `text` (the content of `file`, relative to `root`) that resolve outside `root`. */
export function outsidePathsIn(root: string, file: string, text: string): OutsidePath[] {
  const found: OutsidePath[] = [];
  const lineOf = (index: number): number => text.slice(0, index).split('\n').length;
  const add = (index: number, match: string, resolved: string): void => {
    if (isOutside(root, resolved)) found.push({ file, line: lineOf(index), text: match, resolved });
  };
  const absoluteFile = join(root, file);
  if (file.endsWith('.ts')) {
    for (const match of text.matchAll(PATH_CALL)) {
      const segments = [...match[2].matchAll(/'([^']*)'/g)].map((segment) => segment[1]);
      // A root variable is the workspace root by this project's convention; __dirname is the file's folder.
      const base = match[1] === '__dirname' ? dirname(absoluteFile) : root;
      add(match.index ?? 0, match[0], resolve(base, ...segments));
    }
  } else {
    for (const match of text.matchAll(DOC_PATH)) {
      const fromRoot = resolve(root, match[1]);
      const fromDocument = resolve(dirname(absoluteFile), match[1]);
      // Outside either way: a command run from the root and a link read in place both leave the project.
      if (isOutside(root, fromRoot) && isOutside(root, fromDocument)) add(match.index ?? 0, match[1], fromDocument);
    }
  }
  for (const match of text.matchAll(MACHINE_PATH)) add(match.index ?? 0, match[0], match[0]);
  return found;
}
