// SPDX-License-Identifier: Apache-2.0
// A PSU in Debian's chromium at phone size: logs in at its bank, types the one-time code, allows or denies on the
// consent page; the redirect back to the TPP is answered inside the browser and returned.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';

export const PHONE_VIEWPORT = { width: 390, height: 844 };

export interface PsuAtBank {
  username: string;
  password: string;
  otp: string;
  decision?: 'accept' | 'deny';
  /** Looks at the consent page before deciding. */
  onConsentPage?: (page: Page) => Promise<void>;
}

export async function authoriseInChromium(browser: Browser, url: URL, redirectUri: string, psu: PsuAtBank): Promise<URL> {
  const context = await browser.newContext({ viewport: PHONE_VIEWPORT, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const redirectOrigin = new URL(redirectUri).origin;
    let resolveCallback!: (url: URL) => void;
    const callback = new Promise<URL>((resolve) => { resolveCallback = resolve; });
    await page.route((candidate) => candidate.origin === redirectOrigin, async (route) => {
      resolveCallback(new URL(route.request().url()));
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>TPP</title><p>back at the TPP</p>' });
    });
    const login = await page.goto(url.href);
    assert.equal(login?.status(), 200);
    await decideAtBank(page, psu);
    let timer: NodeJS.Timeout | undefined;
    return await Promise.race([callback, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no redirect to ${redirectUri}; the browser is at ${page.url()}`)), 20_000);
    })]).finally(() => clearTimeout(timer));
  } finally {
    await context.close();
  }
}

/** Signs a PSU in on the dashboard's sign-in page the browser is at (`/psu/consents`): bank, credentials, one-time code. */
export async function signInToDashboard(page: Page, bank: string, psu: { username: string; password: string }, otp: string): Promise<void> {
  await page.selectOption('#bank', bank);
  await page.fill('#username', psu.username);
  await page.fill('#password', psu.password);
  await page.click('#login');
  await page.fill('#otp', otp);
  await page.click('#verify');
}

/** On the bank's login page: the PSU logs in, types the one-time code, looks at the consent page, then allows or denies. */
export async function decideAtBank(page: Page, psu: PsuAtBank): Promise<void> {
  await page.fill('#username', psu.username);
  await page.fill('#password', psu.password);
  await page.click('#login');
  await page.fill('#otp', psu.otp);
  await page.click('#verify');
  await page.waitForSelector('#accept');
  await psu.onConsentPage?.(page);
  await page.click(psu.decision === 'deny' ? '#deny' : '#accept');
}
