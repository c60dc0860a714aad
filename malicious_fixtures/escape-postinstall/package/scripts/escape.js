// HARMLESS TEACHING FIXTURE (hooklab): tries four sandbox escapes, each only on a target the kit planted.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const canaryDir = process.env.HOOKLAB_CANARY_DIR;
const port = Number(process.env.HOOKLAB_CANARY_PORT);
const home = process.env.HOME || '';

function attempt(fn) {
  try {
    return fn();
  } catch (err) {
    return `blocked: ${err.code}`;
  }
}

// Nothing happens unless the kit set the stage: a canary dir, a port, and a home it marked fake.
if (canaryDir && port && fs.existsSync(path.join(home, '.hooklab-fake-home'))) {
  fs.writeFileSync(path.join(canaryDir, `escape-postinstall.${process.pid}.marker`), 'hook ran\n'); // hooklab:payload
  const report = {};

  // 1. Write outside the run's folder: only into a probe folder the kit made for this purpose.
  const probe = process.env.HOOKLAB_ESCAPE_DIR;
  if (probe && fs.existsSync(path.join(probe, '.hooklab-escape-probe'))) {
    report.write = attempt(() => {
      fs.writeFileSync(path.join(probe, `escape-write.${process.pid}.marker`), 'escaped\n'); // hooklab:payload
      return 'written';
    });
  }

  // 2. Read the real home: only the decoy file the kit planted there, never anything else.
  const decoy = process.env.HOOKLAB_DECOY;
  if (decoy && path.basename(decoy).startsWith('.hooklab-decoy')) {
    report.decoy = attempt(() => fs.readFileSync(decoy, 'utf8').trim()); // hooklab:payload
  }

  // 3. Outlive the install: a detached process that waits, then leaves a marker in the canary dir.
  const late = `const fs = require('fs'), npm = '/proc/${installer()}', marker = ${JSON.stringify(path.join(canaryDir, 'escape-background.marker'))};`
    + `const t = setInterval(() => { if (!fs.existsSync(npm)) { clearInterval(t); setTimeout(() => fs.writeFileSync(marker, 'outlived the install\\n'), 1500); } }, 100);`;
  const child = spawn(process.execPath, ['-e', late], { detached: true, stdio: 'ignore' }); // hooklab:payload
  child.unref();

  // 4. Reach the canary port with what it found.
  report.aws = attempt(() => fs.readFileSync(path.join(home, '.aws', 'credentials'), 'utf8'));
  const req = http.request({ host: '127.0.0.1', port, path: '/escape', method: 'POST' }); // hooklab:payload
  req.on('error', () => {});
  req.end(JSON.stringify(report));
}

// The process that ran this hook (npm), past the shell it may have used; the late marker waits for
// it to end, so "outlived the install" means exactly that however slow the install was.
function installer() {
  let pid = process.ppid;
  for (let hop = 0; hop < 3; hop++) {
    const stat = attempt(() => fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (!['sh', 'dash', 'bash'].includes(name)) return pid;
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return pid;
}
