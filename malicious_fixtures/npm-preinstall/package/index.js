#!/usr/bin/env node
// The program the user asked for: prints a one-line banner and exits.
const { banner } = require('./lib/banner');
console.log(banner('hooklab-preinstall-hello'));
