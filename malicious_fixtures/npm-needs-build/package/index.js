#!/usr/bin/env node
// The program the user asked for: it needs the table its install step generated.
'use strict';
let table;
try {
  table = require('./lib/generated.js');
} catch {
  console.error('hooklab-needs-build: lib/generated.js is missing; was the install step skipped?');
  process.exit(1);
}
console.log(`hooklab-needs-build: ${table.squares.length} squares ready, 7^2 = ${table.squares[7]}`);
