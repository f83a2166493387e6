// SPDX-License-Identifier: Apache-2.0
// The whole sandbox in-process (every role), chromium, and the demo TPP of the manifest as a Berlin Group client:
// what the gateway's end-to-end tests start from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { berlinGroupTpp, type BerlinGroupTpp, type BgDemoTpp } from './berlin-group-tpp.js';
import { startPaymentsSandbox, type PaymentsSandbox } from './payments-sandbox.js';
import { authoriseInChromium, type PsuAtBank } from './psu-chromium.js';

export interface SandboxPsu {
  tenantId: string;
  username: string;
  password: string;
  fullName: string;
  accounts: { id: string; number: string; externalId: string; msisdn: string | null; currency: string }[];
}

export interface BerlinGroupStage {
  sandbox: PaymentsSandbox;
  browser: Browser;
  tpp: BerlinGroupTpp;
  caPem: string;
  otp: string;
  psu(tenantId: string, username: string): SandboxPsu;
  /**
   * The PSU authorises `scope` (`AIS:<id>`, `PIS:<id>`) at `bank` in chromium; returns the DPoP-bound tokens. `as`:
   * another TPP than the demo one; `parameters`: more authorisation request parameters (authorization_details).
   */
  authorise(scope: string, bank: string, psu: SandboxPsu, options?: Partial<PsuAtBank> & { as?: BerlinGroupTpp; parameters?: Record<string, string> }): Promise<client.TokenEndpointResponse>;
  stop(): Promise<void>;
}

export async function startBerlinGroupStage(env: Record<string, string> = {}): Promise<BerlinGroupStage> {
  const [sandbox, browser] = await Promise.all([startPaymentsSandbox(env), launchChromium()]);
  const caPem = readFileSync(join(sandbox.dataDir, 'tls', 'ca.pem'), 'utf8');
  const demo = sandbox.manifest.demoTpp as BgDemoTpp;
  const urls = sandbox.lango.urls as Record<string, string>;
  const tpp = await berlinGroupTpp(demo, { public: urls.public!, publicTls: urls.publicTls!, caPem });
  const psus = sandbox.manifest.psus as SandboxPsu[];
  const otp = (sandbox.manifest.sca as { otp: string }).otp;
  return {
    sandbox, browser, tpp, caPem, otp,
    psu(tenantId, username) {
      const found = psus.find((candidate) => candidate.tenantId === tenantId && candidate.username === username);
      if (!found) throw new Error(`no sandbox PSU ${username} at ${tenantId}`);
      return found;
    },
    async authorise(scope, bank, psu, options = {}) {
      const { as: who = tpp, parameters = {}, ...steps } = options;
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = await client.buildAuthorizationUrlWithPAR(who.oauth, {
        redirect_uri: who.demo.redirectUri, scope, bank, state, ...parameters,
        code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      }, { DPoP: who.dpop });
      const callback = await authoriseInChromium(browser, url, who.demo.redirectUri, { username: psu.username, password: psu.password, otp, ...steps });
      return client.authorizationCodeGrant(who.oauth, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: who.dpop });
    },
    async stop() {
      await browser.close();
      await sandbox.stop();
    },
  };
}
