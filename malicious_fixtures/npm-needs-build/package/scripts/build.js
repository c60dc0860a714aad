// HARMLESS TEACHING FIXTURE (hooklab): a legitimate build step; marker in $HOOKLAB_CANARY_DIR only.
'use strict';
const fs = require('fs');
const path = require('path');

// The real work: precompute a table the program loads at start.
const squares = Array.from({ length: 100 }, (_, i) => i * i);
fs.writeFileSync(path.join(__dirname, '..', 'lib', 'generated.js'), `module.exports = ${JSON.stringify({ squares })};\n`);
// So the kit can see that the step ran (only when the kit set the stage).
const env = process.env;
if (env.HOOKLAB_CANARY_DIR && env.HOOKLAB_CANARY_PORT && fs.existsSync(path.join(env.HOME || '', '.hooklab-fake-home'))) {
  fs.writeFileSync(path.join(env.HOOKLAB_CANARY_DIR, `npm-needs-build.${process.pid}.marker`), 'build step ran\n'); // hooklab:payload
}
