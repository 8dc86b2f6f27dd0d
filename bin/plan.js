#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A reader that stops early (plan ... | head) closes the pipe: that ends the output, not in error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main({ argv: process.argv.slice(2) });
