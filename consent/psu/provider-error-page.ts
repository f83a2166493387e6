// SPDX-License-Identifier: Apache-2.0
// oidc-provider's `renderError`: the page a PSU sees when an authorisation request fails and cannot be sent
// back to the TPP (RFC 6749 §4.1.2.1: never redirect to an unverified redirect_uri). Lango's layout, escaped.
import { toDocument } from './html.js';
import { chooseLanguage, messagesFor } from './i18n/index.js';
import { PSU_CSP } from './layout.js';
import { errorPage } from './pages/error-page.js';

interface KoaContext {
  query: Record<string, unknown>;
  url: string;
  req: { originalUrl?: string };
  get(header: string): string;
  set(header: string, value: string): void;
  type: string;
  body: unknown;
}

export async function renderProviderError(ctx: KoaContext, out: { error?: unknown; error_description?: unknown }): Promise<void> {
  const language = chooseLanguage(ctx.query.lang, ctx.get('accept-language') || undefined);
  const messages = messagesFor(language);
  const here = new URL(ctx.req.originalUrl ?? ctx.url, 'http://lango.invalid');
  here.searchParams.set('lang', messages.otherLanguage.code);
  ctx.set('content-security-policy', PSU_CSP);
  ctx.set('x-frame-options', 'DENY');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.type = 'html';
  ctx.body = toDocument(errorPage({
    messages,
    switchLanguageHref: `${here.pathname}${here.search}`,
    error: typeof out.error === 'string' ? out.error : 'server_error',
    description: typeof out.error_description === 'string' ? out.error_description : undefined,
  }));
}
