#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so no build step is needed. Both loaders are
// registered: commands load heavy modules lazily with import().
'use strict';
const path = require('node:path');
require('tsx/esm/api').register();
require('tsx/cjs/api').register();
require(path.join(__dirname, '..', 'src', 'cli', 'index.ts'));
