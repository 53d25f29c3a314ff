#!/usr/bin/env node
// Run a TypeScript file of this repository: node bin/run-ts.mjs path/to/file.ts [args]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const file = process.argv[2];
process.argv.splice(2, 1);
await import(pathToFileURL(path.resolve(file)).href);
