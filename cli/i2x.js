#!/usr/bin/env node
// The compiled CLI: `npm ci` builds dist/ (the `prepare` script), so `npx i2x` works right after it.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
