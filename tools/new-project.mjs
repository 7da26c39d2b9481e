#!/usr/bin/env node
// Scaffolds one workspace project (package.json for the npm workspace link,
// project.json for Nx tags, src/index.ts as its single public entry) and
// registers its import alias in tsconfig.base.json. Run `npm install` after it
// so the workspace symlink exists.
// Usage: node tools/new-project.mjs <apps|libs> <name> <type> <scope>
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [kind, name, type, scope] = process.argv.slice(2);
const types = ['app', 'core', 'contracts', 'adapter', 'testing'];
if (!['apps', 'libs'].includes(kind) || !name || !types.includes(type) || !scope) {
  console.error('usage: node tools/new-project.mjs <apps|libs> <name> <' + types.join('|') + '> <scope>');
  process.exit(2);
}
const root = join(kind, name);
if (existsSync(join(root, 'project.json'))) {
  console.error(`${root} already exists`);
  process.exit(2);
}
mkdirSync(join(root, 'src'), { recursive: true });
const pkgName = `@trading/${name}`;
writeFileSync(
  join(root, 'package.json'),
  JSON.stringify({ name: pkgName, version: '0.1.0', private: true, main: 'src/index.ts', types: 'src/index.ts' }, null, 2) + '\n',
);
writeFileSync(
  join(root, 'project.json'),
  JSON.stringify(
    {
      name,
      $schema: '../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `${root}/src`,
      projectType: kind === 'apps' ? 'application' : 'library',
      tags: [`type:${type}`, `scope:${scope}`],
      targets: {
        test: { executor: 'nx:run-commands', options: { command: `npx jest ${root}`, cwd: '{workspaceRoot}' } },
      },
    },
    null,
    2,
  ) + '\n',
);
if (!existsSync(join(root, 'src/index.ts'))) writeFileSync(join(root, 'src/index.ts'), '');
const tsconfig = JSON.parse(readFileSync('tsconfig.base.json', 'utf8'));
tsconfig.compilerOptions.paths[pkgName] = [`${root}/src/index.ts`];
tsconfig.compilerOptions.paths = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).sort());
writeFileSync('tsconfig.base.json', JSON.stringify(tsconfig, null, 2) + '\n');
console.log(`created ${root} (${pkgName}, type:${type}, scope:${scope})`);
