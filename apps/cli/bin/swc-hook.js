'use strict';
// Runs the workspace's TypeScript directly: a require hook that compiles each
// .ts file with SWC (decorator metadata on, which NestJS and TypeORM need) and
// keeps the output in a cache keyed by the source's hash, so a second start
// skips the compiler: SWC's native binding is loaded only on a cache miss.
// Replaces @swc-node/register, which loads the whole TypeScript compiler just
// to read tsconfig.json. (Keeping V8's code cache of each compiled file beside
// it was tried too: measured, it saved nothing, V8 compiles lazily anyway.)
//
// The compiled code carries inline source maps, but Node decodes the map of
// every module it loads once source maps are on (and reads the .map files of
// the dependencies that ship them): about a fifth of `trading --help` before
// this change. So they are on only when asked for, with TRADING_SOURCE_MAPS=1
// or node's own --enable-source-maps; stack traces then point at the
// TypeScript lines.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sourceMaps = process.env.TRADING_SOURCE_MAPS === '1';
if (sourceMaps) process.setSourceMapsEnabled(true);

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: false },
  sourceMaps: sourceMaps ? 'inline' : false,
  swcrc: false,
  configFile: false,
};

/** SWC's version, read without resolving the package through its exports map (a measurable part of a start). */
function swcVersion() {
  const beside = path.join(__dirname, '..', '..', '..', 'node_modules', '@swc', 'core', 'package.json');
  try {
    return JSON.parse(fs.readFileSync(beside, 'utf8')).version;
  } catch {
    return require('@swc/core/package.json').version;
  }
}

const OPTIONS_KEY = JSON.stringify([swcVersion(), SWC_OPTIONS]);

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

/** Write then rename, so a concurrent start never reads half a file; a full or read-only disk only costs speed. */
function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}

/** The compiled JavaScript of a .ts file, from the cache when it is there. */
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
  const { code } = require('@swc/core').transformSync(source, { ...SWC_OPTIONS, filename });
  if (cached) writeAtomically(cached, code);
  return code;
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
