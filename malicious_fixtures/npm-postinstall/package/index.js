#!/usr/bin/env node
// The program the user asked for. It is harmless: it only prints a greeting.
const { greet } = require('./lib/greet');
console.log(greet(process.argv.slice(2).join(' ') || 'MCP'));
