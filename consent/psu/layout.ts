// SPDX-License-Identifier: Apache-2.0
// The page shell of every PSU page: language, viewport for phones, a small inline stylesheet (allowed by its
// hash in the Content-Security-Policy, so no other style or any script can run), and the error summary.
import { createHash } from 'node:crypto';
import { html, type SafeHtml } from './html.js';
import type { Messages } from './i18n/index.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0b0c0c;background:#f3f2f1}
header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1rem;background:#0b3d2e;color:#fff}
header a{color:#fff}
.brand{font-weight:700;letter-spacing:.02em}
main{max-width:36rem;margin:0 auto;padding:1rem;background:#fff;min-height:calc(100vh - 3rem)}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
label,legend{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=password],select{width:100%;padding:.6rem;font:inherit;border:2px solid #0b0c0c;border-radius:0}
input[inputmode=numeric]{max-width:10rem;letter-spacing:.2em}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.choice input{width:1.5rem;height:1.5rem;margin:0}
.choice label{margin:0;align-self:center}
legend{padding:0}
.hint{color:#505a5f;margin:.25rem 0}
button{font:inherit;font-weight:600;padding:.7rem 1.2rem;margin:1rem .5rem 0 0;border:0;cursor:pointer;background:#00703c;color:#fff;min-width:8rem}
button.secondary{background:#f3f2f1;color:#0b0c0c;border:2px solid #0b0c0c}
button:focus,input:focus,select:focus,a:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.error{color:#d4351c;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:#d4351c!important}
.error-summary{border:4px solid #d4351c;padding:.75rem 1rem;margin-bottom:1rem}
.error-summary h2{margin-top:0}
.notice{border-left:6px solid #00703c;padding:.5rem 1rem;background:#f3f2f1}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;vertical-align:top;padding:.5rem .25rem;border-bottom:1px solid #b1b4b6}
ul{padding-left:1.25rem}
`.trim();

// The stylesheet is a module constant, so it may be trusted markup (the literal part of a template); the
// browser does not unescape inside <style>, and the CSP hash covers exactly this text.
const STYLE = html([`<style>${CSS}</style>`] as unknown as TemplateStringsArray);

/** The Content-Security-Policy of every PSU page: nothing but the one inline stylesheet and same-origin forms. */
export const PSU_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'`;

/** A field's error, linked from the summary by the field id. */
export interface FieldError {
  field: string;
  message: string;
}

export interface PageSettings {
  messages: Messages;
  title: string;
  /** Link target of the language switch: this page in the other language. */
  switchLanguageHref: string;
  errors?: readonly FieldError[];
  body: SafeHtml;
}

/** GOV.UK-style error summary: announced on load (role=alert), each message links to its field. */
function errorSummary(messages: Messages, errors: readonly FieldError[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${messages.errorSummary}</h2>
<ul>${errors.map((error) => html`<li><a href="#${error.field}">${error.message}</a></li>`)}</ul>
</div>`;
}

export function page(settings: PageSettings): SafeHtml {
  const { messages } = settings;
  const errors = settings.errors ?? [];
  return html`<!DOCTYPE html>
<html lang="${messages.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${errors.length ? `${messages.errorSummary}: ` : ''}${settings.title} – Lango</title>
${STYLE}
</head>
<body>
<header><span class="brand">Lango</span><nav aria-label="${messages.languageNav}"><a href="${settings.switchLanguageHref}" lang="${messages.otherLanguage.code}" hreflang="${messages.otherLanguage.code}">${messages.otherLanguage.label}</a></nav></header>
<main id="main">
${errorSummary(messages, errors)}
<h1>${settings.title}</h1>
${settings.body}
</main>
</body>
</html>`;
}

/**
 * The error paragraph under a field and the attributes that tie hint and error to the field (WCAG 3.3.1,
 * 1.3.1): `aria-invalid` when it has an error, `aria-describedby` listing the hint and the error.
 */
export function fieldError(errors: readonly FieldError[] | undefined, field: string, hintId?: string): { attributes: SafeHtml; message: SafeHtml } {
  const error = errors?.find((candidate) => candidate.field === field);
  const describedBy = [hintId, error && `${field}-error`].filter(Boolean).join(' ');
  return {
    attributes: html`${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}`,
    message: error ? html`<p class="error" id="${field}-error">${error.message}</p>` : html``,
  };
}
