// SPDX-License-Identifier: Apache-2.0
// What every browser test of the authorisation server starts from: Lango's consent and sandbox roles, a
// chromium, the manifest's demo TPP as an openid-client relying party, and a DPoP-protected resource that
// checks tokens through introspection as the gateway will (as the first-party channel app).
import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { privateKeyJwtClient, startConsentHarness, type ConsentHarness } from '../support/consent-harness.js';
import { startDpopResource, type DpopResource, type Introspection } from '../support/dpop-resource.js';

export const PHONE = { width: 390, height: 844 };

export interface Psu {
  tenantId: string;
  username: string;
  password: string;
  accounts: { id: string }[];
}

export interface FapiStage {
  harness: ConsentHarness;
  browser: Browser;
  tpp: client.Configuration;
  gateway: client.Configuration;
  resource: DpopResource;
  stop(): Promise<void>;
}

export async function startFapiStage(): Promise<FapiStage> {
  const [harness, browser] = await Promise.all([startConsentHarness(), launchChromium()]);
  const { demoTpp, demoChannelApp } = harness.manifest;
  const tpp = await privateKeyJwtClient(harness.issuer, demoTpp.clientId, demoTpp.privateJwk);
  const gateway = await privateKeyJwtClient(harness.issuer, demoChannelApp.clientId, demoChannelApp.privateJwk);
  const resource = await startDpopResource(async (token) => (await client.tokenIntrospection(gateway, token)) as Introspection);
  return {
    harness, browser, tpp, gateway, resource,
    async stop() {
      await browser.close();
      await resource.close();
      await harness.stop();
    },
  };
}
