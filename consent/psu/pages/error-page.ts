// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import type { Messages } from '../i18n/index.js';

export interface ErrorView {
  messages: Messages;
  switchLanguageHref: string;
  /** The OAuth error code and description, shown for the TPP's developers; escaped like everything else. */
  error?: string | undefined;
  description?: string | undefined;
  text?: string | undefined;
}

/** What the PSU sees when an authorisation cannot go on and there is no safe redirect back to the TPP. */
export function errorPage(view: ErrorView): SafeHtml {
  const { messages } = view;
  return page({
    messages,
    title: messages.errorTitle,
    switchLanguageHref: view.switchLanguageHref,
    body: html`<p>${view.text ?? messages.errorText}</p>
${view.error ? html`<p class="hint"><code id="error-code">${view.error}</code>${view.description ? html`: <span id="error-description">${view.description}</span>` : ''}</p>` : ''}`,
  });
}
