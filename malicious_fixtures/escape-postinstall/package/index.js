#!/usr/bin/env node
// The program the user asked for. It is harmless: it only prints a greeting.
console.log(`hello from ${process.argv.slice(2).join(' ') || 'the sandbox rehearsal'}`);
