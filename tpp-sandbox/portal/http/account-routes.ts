// SPDX-License-Identifier: Apache-2.0
// Sign-up, e-mail verification, sign-in and the team: pages under /portal and the same under /portal/api/v1.
// A verification link's GET only shows a button: mail scanners that fetch links must not use them up.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendHtmlPage } from '../../../platform/http/index.js';
import type { DeveloperId, MemberRole, OrganisationId } from '../accounts/index.js';
import { apiCaller, formCaller, pageCaller, shown, text, type Form, type PortalDeps, type ShownError, type Signed } from './portal-context.js';
import { PORTAL_CSP, errorBox, html, layout, type Markup } from './portal-html.js';


/** Sends a page; `signed` shows the account bar. */
export function page(reply: FastifyReply, title: string, body: Markup, signed?: Signed, options: { status?: number; notice?: string } = {}): FastifyReply {
  const signedIn = signed && { name: signed.session.name, csrf: signed.session.csrf, teams: signed.teams, teamId: signed.team.id };
  return sendHtmlPage(reply, layout({ title, signedIn, notice: options.notice }, body), { csp: PORTAL_CSP, referrerPolicy: 'no-referrer' }, options.status ?? 200);
}

const signUpForm = (values: Form = {}, error?: ShownError) => html`${errorBox(error)}
<form method="post" action="/portal/signup" class="stack">
  <label>Your name <input name="name" id="name" required maxlength="200" value="${text(values, 'name')}"></label>
  <label>E-mail <input name="email" id="email" type="email" required value="${text(values, 'email')}"></label>
  <label>Password (12 characters or more) <input name="password" id="password" type="password" required minlength="12" autocomplete="new-password"></label>
  <label>Organisation (your team) <input name="organisationName" id="organisationName" required maxlength="200" value="${text(values, 'organisationName')}"></label>
  <button type="submit" id="signup">Create account</button>
</form>`;

const signInForm = (next: string, values: Form = {}, error?: ShownError) => html`${errorBox(error)}
<form method="post" action="/portal/signin" class="stack">
  <input type="hidden" name="next" value="${next}">
  <label>E-mail <input name="email" id="email" type="email" required value="${text(values, 'email')}"></label>
  <label>Password <input name="password" id="password" type="password" required autocomplete="current-password"></label>
  <button type="submit" id="signin">Sign in</button>
</form>
<p>No account yet? <a href="/portal/signup">Sign up</a>. Lost the verification e-mail?</p>
<form method="post" action="/portal/resend-verification" class="inline"><input name="email" type="email" placeholder="you@example.com" aria-label="E-mail"> <button type="submit">Send a new link</button></form>`;

/** Only a local path: never an open redirect. */
const safeNext = (next: string) => (/^\/portal\/[^/\\]/.test(next) || next === '/portal/' ? next : '/portal/dashboard');

export async function accountRoutes(server: FastifyInstance, deps: PortalDeps): Promise<void> {
  const { accounts, sessions } = deps;

  async function startSession(request: FastifyRequest, reply: FastifyReply, email: string, password: string) {
    const developer = await accounts.signIn(email, password);
    const teams = await accounts.organisationsOf(developer.id);
    return sessions.start(request, reply, { developerId: developer.id, email: developer.email, name: developer.name, teamId: teams[0]?.organisation.id });
  }

  // Pages.
  server.get('/portal/signup', async (_request, reply) => page(reply, 'Create your developer account', signUpForm()));
  server.post('/portal/signup', async (request, reply) => {
    const form = request.body as Form;
    try {
      const { developer } = await accounts.signUp({ email: text(form, 'email'), password: text(form, 'password'), name: text(form, 'name'), organisationName: text(form, 'organisationName') });
      return page(reply, 'Check your inbox', html`<p id="check-inbox">We sent a link to <strong>${developer.email}</strong>. Open it within 24 hours to confirm your address.</p>
<p>In the sandbox, e-mails land in the <a href="/sandbox/outbox?recipient=${encodeURIComponent(developer.email)}">notification outbox</a>.</p>`);
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Create your developer account', signUpForm(form, refused), undefined, { status: refused.status });
    }
  });

  server.get<{ Querystring: { token?: string } }>('/portal/verify-email', async (request, reply) => page(reply, 'Confirm your e-mail address', html`
<form method="post" action="/portal/verify-email"><input type="hidden" name="token" value="${request.query.token ?? ''}"><button type="submit" id="confirm">Confirm my address</button></form>`));
  server.post('/portal/verify-email', async (request, reply) => {
    try {
      const developer = await accounts.verifyEmail(text(request.body, 'token'));
      return page(reply, 'Address confirmed', html`<p id="verified">Thank you, ${developer.name}: ${developer.email} is confirmed.</p>${signInForm('/portal/dashboard', { email: developer.email })}`);
    } catch (error) {
      const refused = shown(error);
      const again = refused.reason === 'TOKEN_EXPIRED' || refused.reason === 'TOKEN_INVALID'
        ? html`<form method="post" action="/portal/resend-verification" class="inline"><label>E-mail <input name="email" type="email" required></label> <button type="submit" id="resend">Send a new link</button></form>`
        : html`<p><a href="/portal/signin">Sign in</a></p>`;
      return page(reply, 'This link does not work', html`${errorBox(refused)}${again}`, undefined, { status: refused.status });
    }
  });
  server.post('/portal/resend-verification', async (request, reply) => {
    try {
      await accounts.resendVerification(text(request.body, 'email'));
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Send a new link', errorBox(refused), undefined, { status: refused.status });
    }
    return page(reply, 'Check your inbox', html`<p id="check-inbox">If an unconfirmed account has this address, a new link is on its way.</p>`);
  });

  server.get<{ Querystring: { next?: string } }>('/portal/signin', async (request, reply) => page(reply, 'Sign in', signInForm(safeNext(request.query.next ?? ''))));
  server.post('/portal/signin', async (request, reply) => {
    const form = request.body as Form;
    try {
      await startSession(request, reply, text(form, 'email'), text(form, 'password'));
      return reply.redirect(safeNext(text(form, 'next')), 303);
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Sign in', signInForm(safeNext(text(form, 'next')), form, refused), undefined, { status: refused.status });
    }
  });
  server.post('/portal/signout', async (request, reply) => {
    await sessions.end(request, reply);
    return reply.redirect('/portal/', 303);
  });
  server.post('/portal/team/switch', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    const teamId = text(request.body, 'teamId');
    if (signed.teams.some((team) => team.id === teamId)) await sessions.update(request, { ...signed.session, teamId });
    return reply.redirect('/portal/dashboard', 303);
  });

  server.get('/portal/team', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    return page(reply, `Team ${signed.team.name}`, await teamBody(signed), signed);
  });
  server.post('/portal/team/invitations', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    try {
      await accounts.inviteMember(signed.team.id as OrganisationId, signed.developerId, text(request.body, 'email'), (text(request.body, 'role') || 'developer') as MemberRole);
      return page(reply, `Team ${signed.team.name}`, await teamBody(signed), signed, { notice: 'Invitation sent.' });
    } catch (error) {
      const refused = shown(error);
      return page(reply, `Team ${signed.team.name}`, await teamBody(signed, refused), signed, { status: refused.status });
    }
  });
  server.get<{ Querystring: { token?: string } }>('/portal/invitations/accept', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    return page(reply, 'Join a team', html`<form method="post" action="/portal/invitations/accept"><input type="hidden" name="csrf" value="${signed.session.csrf}">
<input type="hidden" name="token" value="${request.query.token ?? ''}"><button type="submit" id="accept-invitation">Join the team</button></form>`, signed);
  });
  server.post('/portal/invitations/accept', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    try {
      const membership = await accounts.acceptInvitation(text(request.body, 'token'), signed.developerId);
      await sessions.update(request, { ...signed.session, teamId: membership.organisationId });
      return reply.redirect('/portal/dashboard', 303);
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Join a team', errorBox(refused), signed, { status: refused.status });
    }
  });

  async function teamBody(signed: Signed, error?: ShownError): Promise<Markup> {
    const members = await accounts.members(signed.team.id as OrganisationId, signed.developerId);
    const owner = signed.team.role === 'owner';
    return html`<table><thead><tr><th>Name</th><th>E-mail</th><th>Role</th></tr></thead><tbody>
${members.map((member) => html`<tr><td>${member.name}</td><td>${member.email}</td><td>${member.role}</td></tr>`)}</tbody></table>
${owner ? html`<h2>Invite a member</h2>${errorBox(error)}<form method="post" action="/portal/team/invitations" class="inline"><input type="hidden" name="csrf" value="${signed.session.csrf}">
<input name="email" type="email" required aria-label="E-mail" placeholder="teammate@example.com"> <select name="role" aria-label="Role"><option>developer</option><option>owner</option></select> <button type="submit" id="invite">Invite</button></form>` : errorBox(error)}`;
  }

  // API: the same operations as JSON.
  server.post('/portal/api/v1/signup', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { developer, organisationId } = await accounts.signUp({ email: String(body.email ?? ''), password: String(body.password ?? ''), name: String(body.name ?? ''), organisationName: String(body.organisationName ?? '') });
    return reply.status(201).send({ developerId: developer.id, email: developer.email, organisationId, verified: false });
  });
  server.post('/portal/api/v1/verify-email', async (request) => {
    const developer = await accounts.verifyEmail(String((request.body as Record<string, unknown> | undefined)?.token ?? ''));
    return { developerId: developer.id, email: developer.email, verified: true };
  });
  server.post('/portal/api/v1/session', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const session = await startSession(request, reply, String(body.email ?? ''), String(body.password ?? ''));
    return reply.status(201).send({ developerId: session.developerId, teamId: session.teamId, csrfToken: session.csrf });
  });
  server.delete('/portal/api/v1/session', async (request, reply) => {
    await sessions.end(request, reply);
    return reply.status(204).send();
  });
  server.get('/portal/api/v1/me', async (request) => {
    const signed = await apiCaller(deps, request);
    return { developerId: signed.developerId, email: signed.session.email, name: signed.session.name, team: signed.team, teams: signed.teams };
  });
  server.get('/portal/api/v1/team/members', async (request) => {
    const signed = await apiCaller(deps, request);
    return { members: await accounts.members(signed.team.id as OrganisationId, signed.developerId as DeveloperId) };
  });
  server.post('/portal/api/v1/team/invitations', async (request, reply) => {
    const signed = await apiCaller(deps, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    return reply.status(201).send(await accounts.inviteMember(signed.team.id as OrganisationId, signed.developerId, String(body.email ?? ''), String(body.role ?? 'developer') as MemberRole));
  });
}
