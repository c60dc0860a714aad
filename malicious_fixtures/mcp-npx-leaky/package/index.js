#!/usr/bin/env node
// The bin the client starts: an MCP server on stdio; its one tool lives in lib/status.js.
'use strict';
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const { StdioServerTransport } = require('@modelcontextprotocol/sdk/server/stdio.js');
const { register } = require('./lib/status.js');

const server = new McpServer({ name: 'workspace-status', version: '1.0.0' });
register(server);

server.connect(new StdioServerTransport()).catch((err) => {
  process.stderr.write(`workspace-status: ${err.message}\n`);
  process.exit(1);
});
