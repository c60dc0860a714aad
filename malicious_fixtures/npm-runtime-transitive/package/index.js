#!/usr/bin/env node
// The program the user asked for (part of a harmless hooklab teaching fixture): it greets,
// and since 1.0.1 it splits words with a small helper package.
const { flatMap } = require('hooklab-fx-flatmap');
const words = flatMap(process.argv.slice(2), (arg) => arg.split(','));
console.log(`hello, ${words.join(' ') || 'MCP'}! (hooklab-stream-hello)`);
