// SPDX-License-Identifier: Apache-2.0
// The sandbox PSU, played by a robot on the portal's server: it drives Lango's PSU pages over plain HTTP as a
// browser without JavaScript would (cookie jar, forms posted urlencoded, redirects followed by hand) — sign in,
// one-time code, Allow with every offered account — and stops at the redirect back to the TPP. Only for sandbox
// PSUs, whose credentials are published; the pages' stable ids (#login, #verify, #accept) are its contract.
import { fetch as undiciFetch, type Agent } from 'undici';
import { CheckFailedError } from './errors.js';
import { htmlText } from './problem-text.js';

interface Page {
  status: number;
  url: string;
  /** Absolute Location of a 3xx answer. */
  location: string | undefined;
  html: string;
}

export interface PsuCredentials {
  username: string;
  password: string;
  otp: string;
}

const MAX_REDIRECTS = 10;
const ROBOT_AGENT = 'Lango-Readiness-Robot/1 (sandbox PSU)';

class PsuPages {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  constructor(private readonly agent: Agent) {}

  get(url: string): Promise<Page> {
    return this.#request(url, { method: 'GET' });
  }

  post(url: string, form: Record<string, string | readonly string[]>): Promise<Page> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const item of [value].flat()) body.append(key, item);
    return this.#request(url, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Follows redirects while they stay on `origin`; a redirect elsewhere (back to the TPP) is returned as it is. */
  async follow(page: Page, origin: string): Promise<Page> {
    let current = page;
    for (let hops = 0; current.location && current.status >= 300 && current.status < 400; hops += 1) {
      if (new URL(current.location).origin !== origin) return current;
      if (hops >= MAX_REDIRECTS) throw new CheckFailedError(`the PSU pages redirect in a loop at ${current.url}`, current.status);
      current = await this.get(current.location);
    }
    return current;
  }

  async #request(url: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<Page> {
    const path = new URL(url).pathname;
    const cookie = [...this.#cookies.values()].filter((stored) => path.startsWith(stored.path)).map((stored) => `${stored.name}=${stored.value}`).join('; ');
    const response = await undiciFetch(url, {
      ...init, redirect: 'manual', dispatcher: this.agent,
      headers: { 'user-agent': ROBOT_AGENT, accept: 'text/html', ...init.headers, ...(cookie && { cookie }) },
    });
    for (const line of response.headers.getSetCookie()) this.#store(line);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, url, location: location && new URL(location, url).href, html: await response.text() };
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const [name = '', ...value] = pair.split('=');
    const path = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
    const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute) || /^expires=thu, 01 jan 1970/i.test(attribute));
    const key = `${name}@${path}`;
    if (expired || value.join('=') === '') this.#cookies.delete(key);
    else this.#cookies.set(key, { name, value: value.join('='), path });
  }
}

/** What the page tells its reader went wrong: the error summary, else its heading and first paragraph. */
function pageMessage(page: Page): string {
  const summary = /<div class="error-summary"[\s\S]*?<ul>([\s\S]*?)<\/ul>/.exec(page.html)?.[1];
  if (summary) return [...summary.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => htmlText(item[1]!)).join('; ');
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page.html)?.[1];
  const paragraph = /<\/h1>\s*<p[^>]*>([\s\S]*?)<\/p>/.exec(page.html)?.[1];
  const text = [heading, paragraph].filter(Boolean).map((part) => htmlText(part!)).join(': ');
  return text || `HTTP ${page.status}`;
}

/**
 * The action and hidden fields (CSRF token, the bank) of the form holding the element `id`, or CheckFailedError
 * saying what the page shows instead: a wrong password, an expired code.
 */
function formOf(page: Page, id: string, step: string): { action: string; hidden: Record<string, string> } {
  const at = page.html.indexOf(`id="${id}"`);
  const start = at < 0 ? -1 : page.html.lastIndexOf('<form', at);
  const end = start < 0 ? -1 : page.html.indexOf('</form>', start);
  const form = start < 0 || end < 0 ? '' : page.html.slice(start, end);
  const action = /action="([^"]*)"/.exec(form)?.[1];
  const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1]!, htmlText(match[2]!)]));
  if (action === undefined || !hidden.csrf) throw new CheckFailedError(`${step}: the PSU pages answered "${pageMessage(page)}"`, page.status);
  return { action: new URL(htmlText(action), page.url).href, hidden };
}

const offeredAccounts = (page: Page) => [...page.html.matchAll(/name="account" value="([^"]+)"/g)].map((match) => match[1]!);

/**
 * Authorises at the bank as the PSU: from the authorisation URL (after PAR) through sign-in, one-time code and
 * Allow to the redirect back to the TPP, which it returns. CheckFailedError with the page's own message otherwise.
 */
export async function authoriseAsRobot(agent: Agent, authorizationUrl: URL, psu: PsuCredentials): Promise<URL> {
  const origin = authorizationUrl.origin;
  const pages = new PsuPages(agent);
  const leftForTpp = (page: Page) => (page.location && new URL(page.location).origin !== origin ? new URL(page.location) : undefined);

  let page = await pages.follow(await pages.get(authorizationUrl.href), origin);
  const early = leftForTpp(page);
  if (early) return early;
  const login = formOf(page, 'login', 'opening the authorisation');
  page = await pages.follow(await pages.post(login.action, { ...login.hidden, username: psu.username, password: psu.password }), origin);
  let back = leftForTpp(page);
  if (back) return back;
  const verify = formOf(page, 'verify', 'signing in');
  page = await pages.follow(await pages.post(verify.action, { ...verify.hidden, otp: psu.otp }), origin);
  back = leftForTpp(page);
  if (back) return back;
  const consent = formOf(page, 'accept', 'the one-time code');
  page = await pages.follow(await pages.post(consent.action, { ...consent.hidden, decision: 'accept', account: offeredAccounts(page) }), origin);
  back = leftForTpp(page);
  if (back) return back;
  throw new CheckFailedError(`allowing access: the PSU pages answered "${pageMessage(page)}" instead of sending the PSU back`, page.status);
}
