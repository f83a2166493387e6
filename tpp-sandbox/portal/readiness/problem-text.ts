// SPDX-License-Identifier: Apache-2.0
// Turns what went wrong into the words a developer can act on: the Berlin Group `tppMessages[].text`, the
// OAuth `error_description`, the PSU page's error summary, or the network's reason (refused, TLS, timeout).
import { CheckFailedError } from './errors.js';

interface TppMessage { category?: string; code?: string; text?: string }

/** `CODE: text` of each Berlin Group tppMessage, or undefined when the body has none. */
export function tppMessagesText(body: unknown): string | undefined {
  const messages = (body as { tppMessages?: TppMessage[] } | null)?.tppMessages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  return messages.map((message) => [message.code, message.text].filter(Boolean).join(': ')).join('; ');
}

/** `error: error_description` of an OAuth error body or challenge, or undefined. */
export function oauthErrorText(value: unknown): string | undefined {
  const error = value as { error?: unknown; error_description?: unknown } | null;
  if (!error || typeof error.error !== 'string') return undefined;
  return typeof error.error_description === 'string' && error.error_description ? `${error.error}: ${error.error_description}` : error.error;
}

/** The deepest cause's message and code: undici hides "ECONNREFUSED" or a TLS alert under "fetch failed". */
function networkText(error: Error): string {
  const reasons: string[] = [error.message];
  let cause = error.cause as (Error & { code?: string }) | undefined;
  for (let depth = 0; cause instanceof Error && depth < 4; depth += 1) {
    reasons.push(cause.code ? `${cause.code} ${cause.message}` : cause.message);
    cause = cause.cause as (Error & { code?: string }) | undefined;
  }
  return [...new Set(reasons)].join(': ');
}

/** A failure as the check's detail and the HTTP status that came with it. */
export function problemOf(error: unknown): { detail: string; httpStatus: number | undefined } {
  if (error instanceof CheckFailedError) return { detail: error.message, httpStatus: error.answerStatus };
  const withStatus = error as { status?: unknown; cause?: unknown } | null;
  const httpStatus = typeof withStatus?.status === 'number' ? withStatus.status : undefined;
  // openid-client: ResponseBodyError carries the body's error fields; WWWAuthenticateChallengeError its challenges.
  const oauth = oauthErrorText(error)
    ?? (Array.isArray(withStatus?.cause) ? (withStatus.cause as { parameters?: unknown }[]).map((challenge) => oauthErrorText(challenge.parameters)).find(Boolean) : undefined);
  if (oauth) return { detail: oauth, httpStatus };
  if (error instanceof Error) return { detail: networkText(error), httpStatus };
  return { detail: String(error), httpStatus };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text content of an HTML fragment: tags dropped, entities decoded, white space collapsed. */
export function htmlText(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
