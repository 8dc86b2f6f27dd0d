#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A reader that stops early (plan ... | head) closes the pipe: that ends the output, not in error.
// The command itself goes on to its end, so that files it is writing (plan apply moves them into
// place while its report goes out) are all written or none, never cut off half way.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = (...args) => {
      const done = args.find((arg) => typeof arg === 'function');
      if (done) process.nextTick(done);
      return true;
    };
  });
}

process.exitCode = await main({ argv: process.argv.slice(2) });
