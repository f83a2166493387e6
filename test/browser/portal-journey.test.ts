// SPDX-License-Identifier: Apache-2.0
// A new hackathon participant in chromium: signs up on the developer portal, confirms the address from the link
// in the sandbox outbox, creates an application with AIS and PIS, gets a QWAC and a QSealC, downloads the starter
// kit; then runs the kit's example as a separate process, John Smith consents at Buffalo in chromium, and the
// balances the example prints are Fineract's. Bad input on the way gets a clear message on the page.
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { x509 } from '../../platform/crypto/index.js';
import { browserSkip, launchChromium } from '../support/browser.js';
import type { SandboxPsu } from '../support/berlin-group-stage.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../support/payments-sandbox.js';
import { authoriseInChromium } from '../support/psu-chromium.js';
import { poll } from '../support/poll.js';
import { runExample, unpackKit } from '../support/starter-kit-runner.js';

/** A CSR for an RSA key of 1024 bits, as an old tutorial would make: the test CA must refuse it. */
async function weakRsaCsr(): Promise<string> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=amani-budget', keys, signingAlgorithm: algorithm }, webcrypto);
  return csr.toString('pem');
}

const EMAIL = 'amani@hackers.example';
const PASSWORD = 'a long hackathon passphrase';
const REDIRECT_URI = 'https://amani-budget.lango.test/callback';

describe('developer portal: a participant from sign-up to balances', { skip: browserSkip }, () => {
  let sandbox: PaymentsSandbox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  before(async () => {
    [sandbox, browser] = await Promise.all([startPaymentsSandbox(), launchChromium()]);
    base = sandbox.lango.urls.public!;
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  async function outboxLink(recipient: string): Promise<string> {
    const { messages } = (await (await fetch(`${base}/sandbox/outbox?recipient=${encodeURIComponent(recipient)}`)).json()) as { messages: { text: string }[] };
    const link = /https?:\/\/\S+\/portal\/verify-email\?token=[\w-]+/.exec(messages[0]?.text ?? '')?.[0];
    assert.ok(link, `a verification link in the outbox for ${recipient}`);
    return link;
  }

  it('signs up, confirms the e-mail from the outbox and signs in', async () => {
    await page.goto(`${base}/portal/`);
    await page.click('text=Sign up');
    await page.fill('#name', 'Amani Msuya');
    await page.fill('#email', EMAIL);
    await page.fill('#password', 'short');
    await page.fill('#organisationName', 'Amani Budget Ltd');
    // The browser's own minlength check would stop the form: the server's answer is what is tested.
    await page.$eval('form', (form) => form.setAttribute('novalidate', ''));
    await page.click('#signup');
    assert.match(await page.textContent('#error') ?? '', /password is too weak.*PASSWORD_WEAK/s);
    await page.fill('#password', PASSWORD);
    await page.click('#signup');
    await page.waitForSelector('#check-inbox');

    // The same address again: a clear refusal, nothing created.
    const again = await context.newPage();
    await again.goto(`${base}/portal/signup`);
    await again.fill('#name', 'Someone Else');
    await again.fill('#email', EMAIL.toUpperCase());
    await again.fill('#password', PASSWORD);
    await again.fill('#organisationName', 'Other Ltd');
    await again.click('#signup');
    assert.match(await again.textContent('#error') ?? '', /already exists.*EMAIL_TAKEN/s);
    await again.close();

    await page.goto(await outboxLink(EMAIL));
    await page.click('#confirm');
    await page.waitForSelector('#verified');
    // The link works once.
    const reused = await context.newPage();
    await reused.goto(await outboxLink(EMAIL));
    await reused.click('#confirm');
    assert.match(await reused.textContent('#error') ?? '', /already been used.*TOKEN_USED/s);
    await reused.close();

    await page.fill('#password', PASSWORD);
    await page.click('#signin');
    await page.waitForURL(/\/portal\/dashboard$/);
    assert.equal(await page.textContent('#team-name'), 'Amani Budget Ltd');
  });

  let applicationUrl: string;
  it('creates an application with AIS and PIS, registered at the authorisation server', async () => {
    await page.click('#new-app');
    await page.fill('#app-name', 'Budget buddy');
    await page.check('#role-MM');
    await page.fill('#redirect-uris', REDIRECT_URI);
    await page.click('#create-app');
    assert.match(await page.textContent('#error') ?? '', /Mobile Money API is not open.*ROLE_NOT_ALLOWED/s);
    await page.uncheck('#role-MM');
    await page.check('#role-AIS');
    await page.check('#role-PIS');
    await page.click('#create-app');
    await page.waitForSelector('#client-id');
    applicationUrl = page.url();
    assert.equal(await page.textContent('#app-roles'), 'AIS, PIS');
    // Registered by dynamic registration: the client authenticates at the token endpoint with the key the portal made.
    const clientId = (await page.textContent('#client-id'))!;
    const answer = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId }) });
    assert.equal(answer.status, 401, 'a client without its private_key_jwt assertion is refused: it exists and wants its key');
    assert.equal(((await answer.json()) as { error: string }).error, 'invalid_client');
  });

  it('registers a second application with a key pair made in the browser: only the public key reaches the portal', async () => {
    await page.goto(`${base}/portal/apps/new`);
    await page.fill('#app-name', 'Browser keys');
    await page.check('#role-AIS');
    await page.fill('#redirect-uris', REDIRECT_URI);
    await page.click('#browser-keygen');
    await page.waitForSelector('#private-key-download:not([hidden])');
    const jwks = JSON.parse(await page.inputValue('#jwks')) as { keys: Record<string, string>[] };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]!.kty, 'EC');
    assert.equal(jwks.keys[0]!.d, undefined, 'no private part in the form');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#private-key-download')]);
    const privateJwk = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, string>;
    assert.equal(privateJwk.x, jwks.keys[0]!.x, 'the downloaded private key belongs to the public one');
    assert.ok(privateJwk.d);
    await page.click('#create-app');
    await page.waitForSelector('#client-id');
    assert.match(await page.textContent('#registration') ?? '', /your own \(uploaded JWKS\)/);
    assert.ok(!(await page.content()).includes(privateJwk.d), 'the portal never shows the private key');
    await page.goto(applicationUrl);
  });

  it('gets a QWAC and a QSealC; a malformed CSR, a weak key and a role the app may not hold are refused on the page', async () => {
    await page.fill('#csr', '-----BEGIN CERTIFICATE REQUEST-----\nnot base64 at all\n-----END CERTIFICATE REQUEST-----');
    await page.click('#issue-certificate');
    assert.match(await page.textContent('#error') ?? '', /CSR_MALFORMED/);
    await page.fill('#csr', await weakRsaCsr());
    await page.click('#issue-certificate');
    assert.match(await page.textContent('#error') ?? '', /KEY_TOO_WEAK/);
    await page.check('#psd2-PSP_AS');
    await page.click('#issue-certificate');
    assert.match(await page.textContent('#error') ?? '', /may not hold account servicing.*ROLE_NOT_ALLOWED/s);
    await page.uncheck('#psd2-PSP_AS');
    await page.click('#issue-certificate');
    await page.waitForSelector('.notice');
    await page.selectOption('#certificate-kind', 'qseal');
    await page.click('#issue-certificate');
    await page.waitForSelector('.notice');
    const rows = await page.$$eval('tr.certificate', (cells) => cells.map((row) => row.textContent ?? ''));
    assert.equal(rows.length, 2);
    assert.ok(rows.some((row) => row.includes('QWAC') && row.includes('PSP_PI, PSP_AI')), rows.join('\n'));
    assert.ok(rows.some((row) => row.includes('QSEAL')), rows.join('\n'));
  });

  it('downloads the starter kit, whose example gets John Smith\'s consent and prints his Buffalo balances', async () => {
    await page.goto(applicationUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-kit')]);
    const zip = readFileSync((await download.path())!);
    const dir = unpackKit(new Uint8Array(zip));

    const john = (sandbox.manifest.psus as SandboxPsu[]).find((psu) => psu.tenantId === 'buffalo' && psu.username === 'john.smith')!;
    const otp = (sandbox.manifest.sca as { otp: string }).otp;
    const run = await runExample(dir, (url) => authoriseInChromium(browser, url, REDIRECT_URI, { username: john.username, password: john.password, otp }));
    assert.equal(run.code, 0, `the example exits 0\n${run.stdout}\n${run.stderr}`);

    const expected: string[] = [];
    for (const account of john.accounts) {
      const fineract = await sandbox.balance({ tenantId: 'buffalo', accountId: account.externalId } as never);
      expected.push(`${account.number} ${fineract.accountBalance} ${account.currency} interimBooked`, `${account.number} ${fineract.availableBalance} ${account.currency} interimAvailable`);
    }
    assert.ok(run.balances.length > 0, 'BALANCE lines');
    assert.deepEqual(run.balances.map((line) => line.join(' ')).sort(), expected.sort());

    // The consent the example obtained shows on the application's page, valid.
    await page.goto(applicationUrl);
    assert.match(await page.textContent('#consents') ?? '', /buffalo\s*valid\s*buffalo:john\.smith/);
  });

  it('runs the quick start and the readiness checks from the page, and downloads the report', async () => {
    await page.goto(`${base}/portal/quickstart`);
    await page.click('#run-quickstart');
    await page.waitForSelector('#readiness-checks');
    const quick = await page.$$eval('tr.check', (rows) => rows.map((row) => [row.getAttribute('data-check'), row.querySelector('td:nth-child(2)')?.textContent]));
    assert.deepEqual(quick.filter(([, outcome]) => outcome === 'fail'), [], JSON.stringify(quick));
    assert.ok(quick.some(([id, outcome]) => id === 'ais-balances' && outcome === 'pass'), 'the quick start reads balances');

    await page.goto(applicationUrl);
    await page.click('#run-readiness');
    await page.waitForSelector('#readiness-verdict');
    assert.match(await page.textContent('#readiness-verdict') ?? '', /^Ready at buffalo/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download the report')]);
    const report = readFileSync((await download.path())!, 'utf8');
    assert.match(report, /Result:\s+PASSED/);
    assert.match(report, /PASS\s+pis-status/);
    // The checks' API calls show on the application's page, from the gateway's audit events.
    await poll(async () => { await page.goto(applicationUrl); return (await page.textContent('#activity')) ?? ''; }, (text) => /GET \/v1\/accounts/.test(text), 10_000, 'the calls on the page');
  });
});
