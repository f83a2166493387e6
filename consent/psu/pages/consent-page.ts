// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from '../html.js';
import { fieldError, page, type FieldError } from '../layout.js';
import type { Messages } from '../i18n/index.js';
import type { PsuAccount } from '../psu-directory.js';

export interface ConsentView {
  messages: Messages;
  action: string;
  csrf: string;
  switchLanguageHref: string;
  tppName: string;
  bankName: string;
  permissions: readonly string[];
  accounts: readonly PsuAccount[];
  /** Accounts ticked when the page shows (all by default, or what the PSU ticked before an error). */
  checked: ReadonlySet<string>;
  validUntil: string | undefined;
  frequencyPerDay: number | undefined;
  paymentOnly: boolean;
  errors?: readonly FieldError[];
}

/** Step 3: who asks, for what, on which accounts, for how long; Allow or Deny (`#accept`, `#deny`). */
export function consentPage(view: ConsentView): SafeHtml {
  const { messages } = view;
  const accounts = fieldError(view.errors, 'accounts');
  return page({
    messages,
    title: messages.consentTitle,
    switchLanguageHref: view.switchLanguageHref,
    ...(view.errors && { errors: view.errors }),
    body: html`<p>${messages.consentIntro(view.tppName, view.bankName)}</p>
<form method="post" action="${view.action}" novalidate>
<input type="hidden" name="csrf" value="${view.csrf}">
<h2>${messages.permissionsHeading}</h2>
<ul>${view.permissions.map((text) => html`<li>${text}</li>`)}</ul>
<fieldset id="accounts"${accounts.attributes}>
<legend><h2>${messages.accountsHeading}</h2></legend>${accounts.message}
${view.accounts.map((account) => html`<div class="choice"><input type="checkbox" id="account-${account.id}" name="account" value="${account.id}"${view.checked.has(account.id) ? html` checked` : ''}>
<label for="account-${account.id}">${account.name} · ${account.number} · ${account.currency}</label></div>`)}
</fieldset>
<h2>${messages.validityHeading}</h2>
${view.paymentOnly ? html`<p>${messages.paymentOnce}</p>` : html`${view.validUntil ? html`<p>${messages.validUntil(view.validUntil)}</p>` : ''}${view.frequencyPerDay ? html`<p>${messages.frequency(view.frequencyPerDay)}</p>` : ''}`}
<button type="submit" id="accept" name="decision" value="accept">${messages.accept}</button>
<button type="submit" id="deny" name="decision" value="deny" class="secondary">${messages.deny}</button>
</form>`,
  });
}
