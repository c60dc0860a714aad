#!/usr/bin/env node
// The program the user asked for (part of a harmless hooklab teaching fixture): a greeting.
const { greet } = require('./lib/greet');
console.log(greet(process.argv.slice(2).join(' ') || 'MCP'));
