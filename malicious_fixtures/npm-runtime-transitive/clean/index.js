#!/usr/bin/env node
// The program the user asked for, as 1.0.0 shipped it: no helper package yet.
const words = process.argv.slice(2).flatMap((arg) => arg.split(','));
console.log(`hello, ${words.join(' ') || 'MCP'}! (hooklab-stream-hello)`);
