// SPDX-License-Identifier: Apache-2.0
// What every PSU page response shares: language choice, security headers, forms and cookies.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toDocument, type SafeHtml } from '../html.js';
import { chooseLanguage, messagesFor, type Language, type Messages } from '../i18n/index.js';
import { PSU_CSP } from '../layout.js';
import { acceptUrlEncodedForms, sendHtmlPage, type FormFields } from '../../../platform/http/index.js';

export type Form = FormFields;

/** Largest PSU form body, in bytes: a login or a consent with some dozens of accounts. */
const FORM_LIMIT_BYTES = 16 * 1024;

/** Parses `application/x-www-form-urlencoded` (the only body the PSU pages accept) into repeated-key-aware fields. */
export function acceptForms(server: FastifyInstance): void {
  acceptUrlEncodedForms(server, FORM_LIMIT_BYTES);
}

/** A single form field (the first when repeated). */
export function field(form: unknown, name: string): string | undefined {
  const value = (form as Form | undefined)?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A repeated form field as a list. */
export function fields(form: unknown, name: string): string[] {
  const value = (form as Form | undefined)?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export interface PageLanguage {
  language: Language;
  messages: Messages;
  /** `?lang=xx` to keep on form actions and links when the PSU picked the language explicitly. */
  query: string;
  /** This page in the other language. */
  switchHref: string;
}

export function pageLanguage(request: FastifyRequest): PageLanguage {
  const requested = (request.query as Record<string, unknown> | undefined)?.lang;
  const language = chooseLanguage(requested, request.headers['accept-language']);
  const messages = messagesFor(language);
  const path = request.url.split('?')[0]!;
  return {
    language,
    messages,
    query: requested === language ? `?lang=${language}` : '',
    switchHref: `${path}?lang=${messages.otherLanguage.code}`,
  };
}

/** Sends a page: HTML, never cached, no framing, no scripts (CSP), no referrer leaking the interaction id. */
export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return sendHtmlPage(reply, toDocument(page), { csp: PSU_CSP, referrerPolicy: 'no-referrer' }, status);
}

/** A JSON answer to the passkey script (WebAuthn options): never cached. */
export function sendJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.status(status).headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).send(JSON.stringify(body));
}

/** Post/Redirect/Get: 303 so a reload never resubmits a form (RFC 9110 §15.4.4). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.status(303).header('location', location).header('cache-control', 'no-store').send();
}

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** A session cookie: HttpOnly, SameSite=Lax, Secure on the TLS listener, scoped to one path. */
export function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, path: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`);
}
