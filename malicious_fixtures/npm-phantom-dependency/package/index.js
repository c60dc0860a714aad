#!/usr/bin/env node
// The program the user asked for (part of a harmless hooklab teaching fixture). It never
// requires hooklab-fx-phantom-dep: the dependency is there only for its install script.
const { greet } = require('./lib/greet');
console.log(greet(process.argv.slice(2).join(' ') || 'MCP'));
