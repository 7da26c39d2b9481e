#!/usr/bin/env node
'use strict';
// Entry of the `trading` binary. It runs the TypeScript sources directly through
// SWC (with decorator metadata, which NestJS and TypeORM need), so `npx trading`
// works right after `npm ci` with no build step.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', 'tsconfig.json');
require('@swc-node/register');
require('../src/main.ts');
