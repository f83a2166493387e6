// SPDX-License-Identifier: Apache-2.0
// Server-made HTML pages, for every context that serves one (the PSU pages, the operations UI): one escaping rule
// and one set of headers, each page bringing its own Content-Security-Policy and referrer policy.
import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character]!);
}

/** Sends an HTML document: never cached, never framed, not sniffed, under the page's CSP and referrer policy. */
export function sendHtmlPage(reply: FastifyReply, document: string, policy: { csp: string; referrerPolicy: string }, status = 200): FastifyReply {
  return reply.status(status).headers({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': policy.csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': policy.referrerPolicy,
  }).send(document);
}
