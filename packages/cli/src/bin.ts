#!/usr/bin/env node
import { processIo } from './io';
import { main } from './main';

// The reader went away (\`exlic check … | head -1\`): what was written is what they wanted; end quietly, successfully.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Every expected failure was turned into a line by main(); what reaches here is a bug in exlic: show all of it.
    process.stderr.write(`exlic: internal error (a bug in exlic; please report it with the lines below): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
