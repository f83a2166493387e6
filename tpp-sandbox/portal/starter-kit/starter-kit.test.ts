// SPDX-License-Identifier: Apache-2.0
// The starter kit as a participant uses it: built for the manifest's demo TPP, downloaded as a zip, unpacked, and
// its example run as a separate process; John Smith authorises the consent at Buffalo in chromium, and the balances
// the example prints are Fineract's. The zip keeps secrets under keys/ and certs/ only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { browserSkip, launchChromium } from '../../../test/support/browser.js';
import type { BgDemoTpp } from '../../../test/support/berlin-group-tpp.js';
import type { SandboxPsu } from '../../../test/support/berlin-group-stage.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../../../test/support/payments-sandbox.js';
import { authoriseInChromium } from '../../../test/support/psu-chromium.js';
import { runExample, unpackKit } from '../../../test/support/starter-kit-runner.js';
import { buildStarterKit, EXAMPLE_FILE, type StarterKit } from './starter-kit.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('starter kit', { skip: browserSkip }, () => {
  let sandbox: PaymentsSandbox;
  let browser: Browser;
  let kit: StarterKit;
  let demo: BgDemoTpp;

  before(async () => {
    [sandbox, browser] = await Promise.all([startPaymentsSandbox(), launchChromium()]);
    demo = sandbox.manifest.demoTpp as BgDemoTpp;
    const urls = sandbox.lango.urls as Record<string, string>;
    kit = buildStarterKit({
      client: { clientId: demo.clientId, privateJwk: demo.privateJwk, dpopPrivateJwk: demo.dpopPrivateJwk, redirectUri: demo.redirectUri },
      certificates: { qwac: demo.qwac, qseal: demo.qseal },
      caPem: readFileSync(join(sandbox.dataDir, 'tls', 'ca.pem'), 'utf8'),
      urls: { public: urls.public!, publicTls: urls.publicTls! },
      bank: 'buffalo',
      psuHint: 'john.smith',
    });
  });
  after(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('keeps private keys under keys/ and certs/, and config.json holds no secret', () => {
    const entries = unzipSync(kit.zip());
    const names = Object.keys(entries).sort();
    for (const name of ['README.md', 'config.json', 'package.json', EXAMPLE_FILE, 'keys/client-private.jwk.json', 'keys/dpop-private.jwk.json', 'certs/qwac.pem', 'certs/qwac.key', 'certs/sandbox-ca.pem']) {
      assert.ok(names.includes(name), `the kit holds ${name}`);
    }
    const secrets = [(demo.privateJwk as { d: string }).d, (demo.dpopPrivateJwk as { d: string }).d];
    for (const [name, bytes] of Object.entries(entries)) {
      const text = strFromU8(bytes);
      if (!name.startsWith('keys/')) for (const secret of secrets) assert.ok(!text.includes(secret), `${name} holds no private JWK`);
      if (!name.startsWith('certs/')) assert.ok(!text.includes('PRIVATE KEY'), `${name} holds no PEM private key`);
    }
    const config = JSON.parse(strFromU8(entries['config.json']!)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(config).sort(), ['bank', 'clientId', 'issuer', 'publicTlsUrl', 'publicUrl', 'redirectUri']);
    assert.equal(config.bank, 'buffalo');
    const pkg = JSON.parse(strFromU8(entries['package.json']!)) as { type: string; dependencies: Record<string, string> };
    assert.equal(pkg.type, 'module');
    for (const name of ['openid-client', 'jose', 'undici']) {
      assert.equal(pkg.dependencies[name], (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version);
    }
  });

  it('its example, run as its own process, gets John\'s consent in chromium and prints his Buffalo balances', async () => {
    const dir = unpackKit(kit.zip());
    const john = (sandbox.manifest.psus as SandboxPsu[]).find((psu) => psu.tenantId === 'buffalo' && psu.username === 'john.smith')!;
    const otp = (sandbox.manifest.sca as { otp: string }).otp;
    const run = await runExample(dir, (url) => authoriseInChromium(browser, url, demo.redirectUri, { username: john.username, password: john.password, otp }));
    assert.equal(run.code, 0, `the example exits 0\n${run.stdout}\n${run.stderr}`);

    const printed = run.balances;
    const expected: string[][] = [];
    for (const account of john.accounts) {
      const fineract = await sandbox.balance({ tenantId: 'buffalo', accountId: account.externalId } as never);
      expected.push([account.number, fineract.accountBalance, account.currency, 'interimBooked']);
      expected.push([account.number, fineract.availableBalance, account.currency, 'interimAvailable']);
    }
    assert.ok(printed.length > 0, 'BALANCE lines');
    assert.deepEqual(printed.map((line) => line.join(' ')).sort(), expected.map((line) => line.join(' ')).sort());
  });
});
