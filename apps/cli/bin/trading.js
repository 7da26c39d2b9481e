#!/usr/bin/env node
'use strict';
// Entry of the `trading` binary. It runs the TypeScript sources directly (see
// ./swc-hook.js), so `npx trading` works right after `npm ci` with no build step.
require('./swc-hook');
require('../src/main.ts');
