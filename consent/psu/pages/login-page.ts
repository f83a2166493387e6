// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from '../html.js';
import { fieldError, page, type FieldError } from '../layout.js';
import type { Messages } from '../i18n/index.js';
import type { PsuBank } from '../psu-directory.js';

export interface LoginView {
  messages: Messages;
  intro: string;
  action: string;
  csrf: string;
  switchLanguageHref: string;
  /** Every bank, for the `#bank` select; or the one bank the authorisation request named. */
  banks: readonly PsuBank[];
  fixedBank: PsuBank | undefined;
  values?: { bank?: string | undefined; username?: string | undefined };
  errors?: readonly FieldError[];
  /** A back-office operator's sign-in (operations client): its own title, no bank. */
  operator?: boolean;
}

function bankField(view: LoginView): SafeHtml | string {
  const { messages } = view;
  if (view.operator) return '';
  if (view.fixedBank) {
    return html`<input type="hidden" name="bank" value="${view.fixedBank.tenantId}">
<p>${messages.bank}: <strong>${view.fixedBank.name}</strong></p>`;
  }
  const error = fieldError(view.errors, 'bank');
  return html`<label for="bank">${messages.bank}</label>${error.message}
<select id="bank" name="bank"${error.attributes}>
<option value="">${messages.chooseBank}</option>
${view.banks.map((bank) => html`<option value="${bank.tenantId}"${bank.tenantId === view.values?.bank ? html` selected` : ''}>${bank.name}</option>`)}
</select>`;
}

/** Step 1: the PSU's bank credentials. Ids `#bank`, `#username`, `#password`, `#login` are stable for browser tests. */
export function loginPage(view: LoginView): SafeHtml {
  const { messages } = view;
  const username = fieldError(view.errors, 'username');
  const password = fieldError(view.errors, 'password');
  return page({
    messages,
    title: view.operator ? messages.operatorLoginTitle : messages.loginTitle,
    switchLanguageHref: view.switchLanguageHref,
    ...(view.errors && { errors: view.errors }),
    body: html`<p>${view.intro}</p>
<form method="post" action="${view.action}" novalidate>
<input type="hidden" name="csrf" value="${view.csrf}">
${bankField(view)}
<label for="username">${messages.username}</label>${username.message}
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="${view.values?.username ?? ''}"${username.attributes}>
<label for="password">${messages.password}</label>${password.message}
<input type="password" id="password" name="password" autocomplete="current-password"${password.attributes}>
<button type="submit" id="login">${messages.signIn}</button>
</form>`,
  });
}
