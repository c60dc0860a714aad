#!/usr/bin/env node
// The program the user asked for: a tiny MCP server on stdio (part of a harmless hooklab fixture).
'use strict';
const { name, version } = require('./package.json');
if (process.argv.includes('--version')) {
  console.log(`${name} ${version}`);
  process.exit(0);
}
// One JSON-RPC message a line: answer initialize and tools/list, ignore the rest.
const answers = {
  initialize: () => ({ protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name, version } }),
  'tools/list': () => ({ tools: [{ name: 'hello', description: 'Say hello', inputSchema: { type: 'object' } }] }),
};
require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  let msg;
  try { msg = JSON.parse(line); } catch { return; }
  if (msg.id !== undefined && answers[msg.method]) {
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: answers[msg.method]() }) + '\n');
  }
});
