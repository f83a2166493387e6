// SPDX-License-Identifier: Apache-2.0
// The smallest browser check: a newcomer opens the sandbox manifest in chromium and reads the banks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, launchChromium } from '../support/browser.js';
import { ephemeralEnv, startLangoProcess, type LangoProcess } from '../support/lango-process.js';
import { tempDir } from '../support/temp-dir.js';

describe('in a browser', { skip: browserSkip }, () => {
  let lango: LangoProcess;
  let browser: Browser;
  before(async () => {
    [lango, browser] = await Promise.all([startLangoProcess(ephemeralEnv(tempDir('browser'), { LANGO_ROLES: 'sandbox' })), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await lango?.stop();
  });

  it('shows the sandbox manifest with the five banks', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${lango.urls.public}/sandbox/manifest.json`);
    assert.equal(response?.status(), 200);
    const manifest = JSON.parse(await page.innerText('body')) as { banks: { name: string }[] };
    assert.deepEqual(manifest.banks.map((bank) => bank.name), ['Buffalo Bank', 'Lion Bank', 'Rhino Bank', 'Elephant Bank', 'Leopard Bank']);
  });
});
