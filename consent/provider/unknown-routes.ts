// SPDX-License-Identifier: Apache-2.0
// A path under /oauth that oidc-provider has no route for: Koa would answer a text "Not Found"; Lango answers
// every unknown path in the error model of the API addressed (here OAuth, as the platform's not-found handler does).
import { LangoError, renderOAuthError } from '../../platform/errors/index.js';

interface KoaContext {
  status: number;
  body: unknown;
  method: string;
  req: { originalUrl?: string };
  url: string;
  set(headers: Record<string, string>): void;
  type: string;
}

export async function answerUnknownRoutes(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  await next();
  if (ctx.status !== 404 || ctx.body !== undefined) return;
  const path = (ctx.req.originalUrl ?? ctx.url).split('?')[0];
  const rendered = renderOAuthError(new LangoError('ROUTE_NOT_FOUND', `no endpoint ${ctx.method} ${path} on this listener`));
  ctx.status = rendered.status;
  ctx.set(rendered.headers ?? {});
  ctx.type = rendered.contentType;
  ctx.body = rendered.body;
}
