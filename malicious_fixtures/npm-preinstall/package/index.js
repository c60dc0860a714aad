#!/usr/bin/env node
// The program the user asked for: prints the date format it was given.
const { today } = require('./lib/today');
console.log(`hooklab-preinstall-hello: ${today()}`);
