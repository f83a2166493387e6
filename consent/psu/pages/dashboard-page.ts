// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from '../html.js';
import { page, type FieldError } from '../layout.js';
import { passkeyControl } from './sca-page.js';
import type { Messages } from '../i18n/index.js';

export interface DashboardEntry {
  consentId: string;
  tppName: string;
  permissions: readonly string[];
  accounts: readonly string[];
  status: keyof Messages['statuses'];
  validUntil: string | undefined;
  /** Waiting for this PSU's decision here (decoupled and redirect approaches). */
  approvable: boolean;
}

export interface DashboardView {
  messages: Messages;
  csrf: string;
  switchLanguageHref: string;
  revokeAction: string;
  approveAction: string;
  signOutAction: string;
  notice: string | undefined;
  entries: readonly DashboardEntry[];
  /** How many passkeys the PSU has, and where the script registers one. */
  passkeys: { count: number; optionsAction: string; action: string };
  errors?: readonly FieldError[] | undefined;
}

function entry(view: DashboardView, item: DashboardEntry): SafeHtml {
  const { messages } = view;
  return html`<li>
<h2>${item.tppName}</h2>
<dl>
<dt>${messages.status}</dt><dd>${messages.statuses[item.status]}</dd>
<dt>${messages.permissions}</dt><dd><ul>${item.permissions.map((text) => html`<li>${text}</li>`)}</ul></dd>
<dt>${messages.accounts}</dt><dd>${item.accounts.join(', ')}</dd>
${item.validUntil ? html`<dt>${messages.validityHeading}</dt><dd>${item.validUntil}</dd>` : ''}
</dl>
${item.status === 'valid' ? html`<form method="post" action="${view.revokeAction}">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="consent" value="${item.consentId}">
<button type="submit" class="secondary" id="withdraw-${item.consentId}" aria-label="${messages.withdraw(item.tppName)}">${messages.withdrawShort}</button>
</form>` : ''}
${item.approvable ? html`<form method="post" action="${view.approveAction}">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="consent" value="${item.consentId}">
<button type="submit" name="decision" value="accept" id="approve-${item.consentId}" aria-label="${messages.approve(item.tppName)}">${messages.approveShort}</button>
<button type="submit" name="decision" value="deny" class="secondary" id="decline-${item.consentId}">${messages.declineShort}</button>
</form>` : ''}
</li>`;
}

/** `/psu/consents`: every consent the PSU has given, and a way to withdraw each one that is active. */
export function dashboardPage(view: DashboardView): SafeHtml {
  const { messages } = view;
  return page({
    messages,
    title: messages.dashboardTitle,
    switchLanguageHref: view.switchLanguageHref,
    ...(view.errors?.length && { errors: view.errors }),
    body: html`${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<p>${messages.dashboardIntro}</p>
${view.entries.length ? html`<ul class="consents">${view.entries.map((item) => entry(view, item))}</ul>` : html`<p>${messages.dashboardEmpty}</p>`}
<h2>${messages.passkeysHeading}</h2>
<p>${messages.passkeysIntro}</p>
<p id="passkey-count">${messages.passkeyCount(view.passkeys.count)}</p>
${passkeyControl(messages, view.csrf, 'add-passkey', messages.addPasskey, view.passkeys, view.errors)}
<form method="post" action="${view.signOutAction}">
<input type="hidden" name="csrf" value="${view.csrf}">
<button type="submit" id="sign-out" class="secondary">${messages.signOut}</button>
</form>`,
  });
}
