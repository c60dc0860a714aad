// Drives Debian's chromium through JupyterLab for tests/test_browser.py (hooklab).
// Usage: node lab-smoke.mjs BASE_URL TOKEN SHOT_DIR START_NOTEBOOK LAB_NOTEBOOK
// Prints one JSON line of what it saw; exits non-zero when a step fails. The browser is always
// closed, even on failure.
import { chromium } from 'playwright-core';

const [base, token, shots, startNb, labNb] = process.argv.slice(2);
const STEP_MS = 120_000;
const seen = { steps: [] };

async function openNotebook(page, path) {
  await page.goto(`${base}/lab/tree/${path}?reset&token=${token}`);
  await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook').first()
    .waitFor({ timeout: STEP_MS });
  await kernelIdle(page);
  seen.steps.push(`opened ${path}`);
}

// The status bar reads "Python 3 (ipykernel) | Idle" once the kernel is connected and free.
async function kernelIdle(page) {
  await page.locator('.jp-StatusBar-Widget', { hasText: /\| Idle/ }).first().waitFor();
}

async function menu(page, top, item) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).click();
}

// Run one cell and wait for its execution count; a request sent while the kernel was still
// settling can be lost, so try again a few times.
async function runCell(page, cell) {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await cell.locator('.jp-InputArea-editor').click();
    await page.keyboard.press('Shift+Enter');
    try {
      await cell.locator('.jp-InputPrompt', { hasText: /\[\d+\]/ }).waitFor({ timeout: 30_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await kernelIdle(page);
    }
  }
}

const browser = await chromium.launch({
  executablePath: process.env.HOOKLAB_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
});
let code = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(STEP_MS);

  // 1. The start notebook: run its first code cell and see an execution count appear.
  // Saved outputs carry execution counts, so clear them first: a count then proves a fresh run.
  await openNotebook(page, startNb);
  await menu(page, 'Edit', 'Clear Outputs of All Cells');
  const firstCode = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell').first();
  await runCell(page, firstCode);
  seen.steps.push('ran the first code cell');
  await page.screenshot({ path: `${shots}/00-start-here.png` });

  // 2. A lab: run every cell, then find the progress panel widget and click its refresh button.
  await openNotebook(page, labNb);
  await menu(page, 'Run', 'Run All Cells');
  const panel = page.locator('.hooklab-progress-panel');
  await panel.waitFor({ state: 'visible' });
  seen.steps.push('progress panel rendered');
  seen.before = (await panel.locator('small').innerText()).trim();
  await panel.locator('button', { hasText: '새로 고침' }).click();
  await panel.locator('small', { hasText: '새로 고침 2회' }).waitFor();
  seen.after = (await panel.locator('small').innerText()).trim();
  seen.rows = await panel.locator('table.hooklab-progress tr').count();
  seen.steps.push('clicked refresh');
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/lab-progress-panel.png` });
} catch (err) {
  code = 1;
  seen.error = String(err && err.message ? err.message : err).split('\n')[0];
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages.length) await pages[0].screenshot({ path: `${shots}/failure.png` });
  } catch { /* the screenshot is a bonus */ }
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
process.exit(code);
