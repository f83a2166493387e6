// SPDX-License-Identifier: Apache-2.0
// Drives the PSU pages with plain HTTP, as a browser without JavaScript would: a cookie jar, forms posted as
// application/x-www-form-urlencoded, redirects followed by hand so each step's answer can be asserted.

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export interface Page {
  status: number;
  url: string;
  location: string | undefined;
  html: string;
  headers: Headers;
}

export class PsuBrowser {
  readonly #cookies = new Map<string, StoredCookie>();

  constructor(private readonly headers: Record<string, string> = {}) {}

  async get(url: string | URL): Promise<Page> {
    return this.request(String(url), { method: 'GET' });
  }

  async post(url: string | URL, form: Record<string, string | string[]>): Promise<Page> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const item of [value].flat()) body.append(key, item);
    return this.request(String(url), { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Follows 3xx answers while they stay on `origin`; returns the first answer that is not one, or leaves it. */
  async follow(page: Page, origin: string): Promise<Page> {
    let current = page;
    while (current.location && current.status >= 300 && current.status < 400) {
      const next = new URL(current.location, current.url);
      if (next.origin !== origin) return current;
      current = await this.get(next);
    }
    return current;
  }

  private async request(url: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Page> {
    const path = new URL(url).pathname;
    const cookie = [...this.#cookies.values()].filter((stored) => path.startsWith(stored.path)).map((stored) => `${stored.name}=${stored.value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...this.headers, ...init.headers, ...(cookie && { cookie }) } });
    for (const line of response.headers.getSetCookie()) this.store(line);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, url, location: location && new URL(location, url).href, html: await response.text(), headers: response.headers };
  }

  private store(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const [name = '', ...value] = pair.split('=');
    const path = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
    const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute) || /^expires=thu, 01 jan 1970/i.test(attribute));
    const key = `${name}@${path}`;
    if (expired || value.join('=') === '') this.#cookies.delete(key);
    else this.#cookies.set(key, { name, value: value.join('='), path });
  }
}

/** The CSRF token of the form on a page. */
export function csrfOf(page: Page): string {
  const token = /name="csrf" value="([^"]+)"/.exec(page.html)?.[1];
  if (!token) throw new Error(`no CSRF token on ${page.url} (${page.status}):\n${page.html.slice(0, 500)}`);
  return token;
}

/** The action of the form containing the element with this id. */
export function formActionOf(page: Page, id: string): string {
  const at = page.html.indexOf(`id="${id}"`);
  const start = page.html.lastIndexOf('<form', at);
  const action = /action="([^"]*)"/.exec(page.html.slice(start))?.[1];
  if (at < 0 || start < 0 || action === undefined) throw new Error(`no form with #${id} on ${page.url}:\n${page.html.slice(0, 500)}`);
  return new URL(action.replace(/&amp;/g, '&'), page.url).href;
}

export interface PsuAnswers {
  bank?: string;
  username: string;
  password: string;
  /** Codes typed one after the other; the last one is expected to pass unless lock-out is tested. */
  otps: string[];
  decision?: 'accept' | 'deny';
  /** Account ids to tick; all offered ones when absent. */
  accounts?: string[];
}

/** Offered account ids on the consent page. */
export function accountsOffered(page: Page): string[] {
  return [...page.html.matchAll(/name="account" value="([^"]+)"/g)].map((match) => match[1]!);
}

/**
 * Runs an authorisation in the PSU pages: login, one-time codes, consent; returns the redirect to the TPP
 * (the Location outside the server) and the pages seen on the way.
 */
export async function authoriseAsPsu(browser: PsuBrowser, authorizationUrl: URL, answers: PsuAnswers): Promise<{ callback: URL; pages: Page[] }> {
  const origin = authorizationUrl.origin;
  const pages: Page[] = [];
  let page = await browser.follow(await browser.get(authorizationUrl), origin);
  pages.push(page);
  const done = () => ({ callback: new URL(page.location!), pages });
  page = await browser.follow(await browser.post(formActionOf(page, 'login'), {
    csrf: csrfOf(page), ...(answers.bank && { bank: answers.bank }), username: answers.username, password: answers.password,
  }), origin);
  pages.push(page);
  for (const otp of answers.otps) {
    if (page.location) return done();
    page = await browser.follow(await browser.post(formActionOf(page, 'verify'), { csrf: csrfOf(page), otp }), origin);
    pages.push(page);
  }
  if (page.location) return done();
  const decision = answers.decision ?? 'accept';
  page = await browser.follow(await browser.post(formActionOf(page, 'accept'), {
    csrf: csrfOf(page), decision, account: answers.accounts ?? accountsOffered(page),
  }), origin);
  pages.push(page);
  if (!page.location) throw new Error(`the authorisation did not end in a redirect: ${page.status}\n${page.html.slice(0, 800)}`);
  return done();
}
