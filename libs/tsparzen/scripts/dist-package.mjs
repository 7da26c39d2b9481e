// Build steps around the two tsc emits of `npx nx build tsparzen`:
//   node dist-package.mjs clean <outDir>    empties the output folder
//   node dist-package.mjs finish <outDir>   marks cjs/ and esm/ with their module type, adds the
//     .js extensions Node's ESM loader needs to esm/ imports, and writes the publishable
//     package.json (name `tsparzen`, exports map with import/require/types) and README.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [step, outArg] = process.argv.slice(2);
if (!['clean', 'finish'].includes(step) || !outArg) {
  console.error('usage: node dist-package.mjs clean|finish <outDir>');
  process.exit(2);
}
const outDir = resolve(outArg);
const libDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

if (step === 'clean') {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  process.exit(0);
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

// `from './study'` -> `from './study.js'`; the sources import files only, never folders.
const relativeSpecifier = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+?)(?<!\.js)\2/g;
for (const path of files(join(outDir, 'esm'))) {
  if (!path.endsWith('.js') && !path.endsWith('.d.ts')) continue;
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(relativeSpecifier, (_, keyword, quote, specifier) => `${keyword}${quote}${specifier}.js${quote}`));
}
writeFileSync(join(outDir, 'esm', 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');
writeFileSync(join(outDir, 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');

const workspacePackage = JSON.parse(readFileSync(join(libDir, 'package.json'), 'utf8'));
const published = {
  name: 'tsparzen',
  version: workspacePackage.version,
  description: workspacePackage.description,
  keywords: workspacePackage.keywords,
  license: workspacePackage.license,
  main: './cjs/index.js',
  module: './esm/index.js',
  types: './cjs/index.d.ts',
  exports: {
    '.': {
      import: { types: './esm/index.d.ts', default: './esm/index.js' },
      require: { types: './cjs/index.d.ts', default: './cjs/index.js' },
    },
    './package.json': './package.json',
  },
  sideEffects: false,
  engines: workspacePackage.engines,
};
writeFileSync(join(outDir, 'package.json'), JSON.stringify(published, null, 2) + '\n');
if (existsSync(join(libDir, 'README.md'))) copyFileSync(join(libDir, 'README.md'), join(outDir, 'README.md'));
