// SPDX-License-Identifier: Apache-2.0
// Loading and ending one authorisation's interaction: oidc-provider binds it to the browser that started it
// (its `_interaction` cookie); Lango's flow state adds where the PSU is and the forms' CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionResult, OidcInteraction } from '../../provider/oidc-provider.js';
import { errorPage } from '../pages/error-page.js';
import type { PsuDeps } from '../psu-deps.js';
import { sameToken, type PsuFlow } from '../psu-flow.js';
import { field, pageLanguage, seeOther, sendPage, type PageLanguage } from './page-reply.js';

export interface LoadedInteraction {
  interaction: OidcInteraction;
  flow: PsuFlow;
  /** The flow's key in the cache. */
  key: string;
  lang: PageLanguage;
  /** `/psu/interaction/<uid>`. */
  base: string;
}

/** The interaction of this request, or undefined after answering "page expired" (400, or 403 for a bad CSRF token). */
export async function loadInteraction(deps: PsuDeps, request: FastifyRequest, reply: FastifyReply): Promise<LoadedInteraction | undefined> {
  const lang = pageLanguage(request);
  const expired = (status: number) => {
    sendPage(reply, errorPage({ messages: lang.messages, switchLanguageHref: lang.switchHref, text: lang.messages.pageExpired }), status);
    return undefined;
  };
  const { uid } = request.params as { uid: string };
  const interaction = await deps.provider().interactionDetails(request.raw, reply.raw).catch(() => undefined);
  if (!interaction || interaction.uid !== uid) return expired(400);
  const key = `interaction:${uid}`;
  const flow = (await deps.flows.get(key)) ?? (await deps.flows.start(key));
  if (request.method === 'POST' && !sameToken(field(request.body, 'csrf'), flow.csrf)) return expired(403);
  return { interaction, flow, key, lang, base: `/psu/interaction/${encodeURIComponent(uid)}` };
}

/** Hands the result to oidc-provider and sends the browser back to the authorisation endpoint (303). */
export async function finishInteraction(deps: PsuDeps, request: FastifyRequest, reply: FastifyReply, loaded: LoadedInteraction, result: InteractionResult): Promise<FastifyReply> {
  const returnTo = await deps.provider().interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
  await deps.flows.end(loaded.key);
  return seeOther(reply, returnTo);
}

/** RFC 6749 §4.1.2.1 access_denied: the TPP learns the PSU (or SCA) said no, and why in a few words. */
export const denied = (description: string): InteractionResult => ({ error: 'access_denied', error_description: description });
