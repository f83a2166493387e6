// SPDX-License-Identifier: Apache-2.0
// The portal's HTML: a tagged template that escapes every interpolation unless it is already markup, and the
// page layout. No inline script anywhere (the CSP forbids it); the few scripts are files under /portal/assets.
import { escapeHtml } from '../../../platform/http/index.js';

const MARKUP = Symbol('markup');

export interface Markup {
  readonly [MARKUP]: string;
}

const raw = (text: string): Markup => ({ [MARKUP]: text });
const isMarkup = (value: unknown): value is Markup => typeof value === 'object' && value !== null && MARKUP in value;

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isMarkup(value)) return value[MARKUP];
  return escapeHtml(String(value));
}

/** Markup with every `${…}` escaped (arrays joined, markup kept, undefined/null/false dropped). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  return raw(strings.reduce((out, text, index) => out + text + (index < values.length ? render(values[index]) : ''), ''));
}

export const markupText = (markup: Markup): string => markup[MARKUP];

/** An instant as `YYYY-MM-DD HH:MM:SS` (UTC), empty when absent. */
export const when = (epochMs: number | undefined): string => (epochMs === undefined ? '' : new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19));

export const PORTAL_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// Swagger UI's bundle sets styles inline: style-src needs 'unsafe-inline' on the reference page only.
export const REFERENCE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface LayoutOptions {
  title: string;
  signedIn?: { name: string; csrf: string; teams: { id: string; name: string }[]; teamId: string | undefined } | undefined;
  /** A one-line notice above the content (after an action). */
  notice?: string | undefined;
}

/** The page around `body`. */
export function layout(options: LayoutOptions, body: Markup): string {
  const user = options.signedIn;
  const nav = user
    ? html`<a href="/portal/dashboard">Dashboard</a> <a href="/portal/sandbox">Sandbox data</a> <a href="/portal/team">Team</a>`
    : html`<a href="/portal/signup">Sign up</a> <a href="/portal/signin">Sign in</a>`;
  const account = user && html`<form method="post" action="/portal/signout" class="inline"><input type="hidden" name="csrf" value="${user.csrf}">
    <span>${user.name}</span> <button type="submit" id="signout">Sign out</button></form>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · Lango developer portal</title><link rel="stylesheet" href="/portal/assets/portal.css"></head>
<body><header><a href="/portal/" class="brand">Lango developers</a><nav>${markupText(html`${nav} <a href="/portal/reference">API reference</a> <a href="/portal/guides">Guides</a> <a href="/portal/quickstart">Quick start</a>`)}</nav>${account ? markupText(account) : ''}</header>
<main><h1>${escapeHtml(options.title)}</h1>${options.notice ? `<p class="notice" role="status">${escapeHtml(options.notice)}</p>` : ''}${markupText(body)}</main>
<footer>A sandbox: every credential here is a test credential. <a href="/sandbox/manifest.json">Sandbox manifest</a></footer></body></html>`;
}

/** An error box for a refused form: the message and, when the domain gave one, its stable code. */
export function errorBox(error: { message: string; reason?: string | undefined } | undefined): Markup {
  return error ? html`<p class="error" role="alert" id="error">${error.message}${error.reason ? html` <code>${error.reason}</code>` : ''}</p>` : html``;
}
