// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from '../html.js';
import { PASSKEY_SCRIPT, fieldError, page, type FieldError } from '../layout.js';
import type { Messages } from '../i18n/index.js';

export interface ScaView {
  messages: Messages;
  action: string;
  csrf: string;
  switchLanguageHref: string;
  errors?: readonly FieldError[];
  /** When the PSU has a passkey: where the script fetches the assertion options, and where it posts the assertion. */
  passkey?: { optionsAction: string; action: string } | undefined;
}

/**
 * The passkey button and its form; the button is shown by the script only where WebAuthn works. Used on the
 * SCA page (`#use-passkey`) and on the dashboard (`#add-passkey`).
 */
export function passkeyControl(messages: Messages, csrf: string, id: string, label: string, passkey: { optionsAction: string; action: string }, errors: readonly FieldError[] | undefined): SafeHtml {
  const error = errors?.find((candidate) => candidate.field === id);
  return html`<form method="post" action="${passkey.action}" id="passkey-form">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="credential" value="">
<p class="error" id="passkey-error" role="alert"${error ? '' : html` hidden`}>${error?.message ?? ''}</p>
<button type="button" id="${id}" class="secondary" data-passkey data-options="${passkey.optionsAction}" data-error="${id === 'use-passkey' ? messages.passkeyFailed : messages.passkeyNotAdded}" hidden>${label}</button>
</form>
${PASSKEY_SCRIPT}`;
}

/** Step 2: the one-time code, or a passkey. Ids `#otp`, `#verify` and `#use-passkey` are stable for browser tests. */
export function scaPage(view: ScaView): SafeHtml {
  const { messages } = view;
  const otp = fieldError(view.errors, 'otp', 'otp-hint');
  return page({
    messages,
    title: messages.scaTitle,
    switchLanguageHref: view.switchLanguageHref,
    ...(view.errors && { errors: view.errors }),
    body: html`<p>${messages.scaIntro}</p>
<form method="post" action="${view.action}" novalidate>
<input type="hidden" name="csrf" value="${view.csrf}">
<label for="otp">${messages.otp}</label>
<p class="hint" id="otp-hint">${messages.otpHint}</p>${otp.message}
<input type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" maxlength="6"${otp.attributes}>
<button type="submit" id="verify">${messages.verify}</button>
</form>
${view.passkey ? html`<p>${messages.passkeyOr}</p>
${passkeyControl(messages, view.csrf, 'use-passkey', messages.usePasskey, view.passkey, view.errors)}` : ''}`,
  });
}
