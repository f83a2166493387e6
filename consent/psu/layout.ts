// SPDX-License-Identifier: Apache-2.0
// The page shell of every PSU page: language, viewport for phones, a small inline stylesheet (allowed by its
// hash in the Content-Security-Policy, so no other style can apply), the passkey script (the only one that may
// run, by its hash), and the error summary.
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

/**
 * The passkey button's script (no bundler, no external script): on a click it fetches the options from the
 * button's `data-options` (a form post carrying the page's CSRF token), runs `navigator.credentials.create`
 * (options with a `user`) or `.get`, and submits the credential as JSON in `#passkey-form`. Without WebAuthn the
 * button stays hidden; a refusal or a failure shows `data-error` in `#passkey-error`, the rest of the page
 * (the one-time code) untouched.
 */
const PASSKEY_JS = `
(function(){
var b=document.querySelector('[data-passkey]');if(!b||!window.PublicKeyCredential||!navigator.credentials)return;
var f=document.getElementById('passkey-form'),out=document.getElementById('passkey-error');
function dec(s){s=s.replace(/-/g,'+').replace(/_/g,'/');while(s.length%4)s+='=';var r=atob(s),a=new Uint8Array(r.length);for(var i=0;i<r.length;i++)a[i]=r.charCodeAt(i);return a.buffer}
function enc(v){var a=new Uint8Array(v),s='';for(var i=0;i<a.length;i++)s+=String.fromCharCode(a[i]);return btoa(s).replace(/\\+/g,'-').replace(/\\//g,'_').replace(/=+$/,'')}
function ids(l){(l||[]).forEach(function(c){c.id=dec(c.id)})}
function fail(){out.textContent=b.getAttribute('data-error');out.hidden=false;b.disabled=false;b.focus()}
b.hidden=false;
b.addEventListener('click',function(){
b.disabled=true;out.hidden=true;
fetch(b.getAttribute('data-options'),{method:'POST',credentials:'same-origin',headers:{'content-type':'application/x-www-form-urlencoded'},body:new URLSearchParams({csrf:f.querySelector('[name=csrf]').value})})
.then(function(r){if(!r.ok)throw new Error(String(r.status));return r.json()})
.then(function(o){o.challenge=dec(o.challenge);if(o.user){o.user.id=dec(o.user.id);ids(o.excludeCredentials);return navigator.credentials.create({publicKey:o})}ids(o.allowCredentials);return navigator.credentials.get({publicKey:o})})
.then(function(c){
if(!c)throw new Error('none');
var r=c.response,j={id:c.id,rawId:enc(c.rawId),type:c.type,clientExtensionResults:c.getClientExtensionResults(),response:{clientDataJSON:enc(r.clientDataJSON)}};
if(c.authenticatorAttachment)j.authenticatorAttachment=c.authenticatorAttachment;
if(r.attestationObject){j.response.attestationObject=enc(r.attestationObject);j.response.transports=r.getTransports?r.getTransports():[]}
else{j.response.authenticatorData=enc(r.authenticatorData);j.response.signature=enc(r.signature);if(r.userHandle)j.response.userHandle=enc(r.userHandle)}
f.querySelector('[name=credential]').value=JSON.stringify(j);f.submit()})
.catch(fail)});
})();
`.trim();

/** The passkey script, for the pages with a passkey button (trusted markup: a module constant, covered by the CSP hash). */
export const PASSKEY_SCRIPT = html([`<script>${PASSKEY_JS}</script>`] as unknown as TemplateStringsArray);

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

/**
 * The Content-Security-Policy of every PSU page: nothing but the one inline stylesheet, the one passkey script
 * and its same-origin fetch, and same-origin forms.
 */
export const PSU_CSP = `default-src 'none'; style-src 'sha256-${sha256(CSS)}'; script-src 'sha256-${sha256(PASSKEY_JS)}'; connect-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'`;

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
