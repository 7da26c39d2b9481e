'use strict';
// Runs the workspace's TypeScript directly: a require hook that compiles each
// .ts file with SWC (decorator metadata on, which NestJS and TypeORM need) and
// keeps the output in a cache keyed by the source's hash, so a second start
// skips the compiler. Replaces @swc-node/register, which loads the whole
// TypeScript compiler just to read tsconfig.json (about half a second per start).
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { transformSync } = require('@swc/core');

// Stack traces point at the TypeScript lines (the compiled code carries inline source maps).
process.setSourceMapsEnabled(true);

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: false },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};
const OPTIONS_KEY = JSON.stringify([require('@swc/core/package.json').version, SWC_OPTIONS]);

function cacheDirectory() {
  const preferred = process.env.TRADING_SWC_CACHE || path.join(os.tmpdir(), `trading-swc-cache-${process.getuid ? process.getuid() : 'user'}`);
  try {
    fs.mkdirSync(preferred, { recursive: true, mode: 0o700 });
    fs.accessSync(preferred, fs.constants.W_OK);
    // The cache holds code this process runs: in a shared /tmp another user
    // could create the folder first and plant compiled files, so only a folder
    // that is ours and that nobody else can write is trusted.
    const stat = fs.statSync(preferred);
    if ((process.getuid && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0) return undefined;
    return preferred;
  } catch {
    return undefined; // read-only everywhere: compile every time
  }
}

const cache = cacheDirectory();

function compile(source, filename) {
  const key = createHash('sha1').update(OPTIONS_KEY).update(filename).update(source).digest('hex');
  const cached = cache && path.join(cache, `${key}.js`);
  if (cached) {
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      // not cached yet
    }
  }
  const { code } = transformSync(source, { ...SWC_OPTIONS, filename });
  if (cached) {
    // Write then rename, so a concurrent start never reads half a file.
    const temporary = `${cached}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, cached);
    } catch {
      // a full or read-only disk only costs speed
    }
  }
  return code;
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
