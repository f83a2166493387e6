// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from '../html.js';
import { fieldError, page, type FieldError } from '../layout.js';
import type { Messages } from '../i18n/index.js';

export interface ScaView {
  messages: Messages;
  action: string;
  csrf: string;
  switchLanguageHref: string;
  errors?: readonly FieldError[];
}

/** Step 2: the one-time code. Ids `#otp` and `#verify` are stable for browser tests. */
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
</form>`,
  });
}
