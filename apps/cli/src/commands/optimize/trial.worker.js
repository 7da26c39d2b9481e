'use strict';
// Entry of an optimisation worker thread: the thread runs the TypeScript
// sources through the same SWC require hook as the `trading` binary.
require('../../../bin/swc-hook');
require('./trial.worker.ts');
