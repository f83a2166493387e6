// SPDX-License-Identifier: Apache-2.0
/* global document -- a browser script; eslint.config.js declares node globals only */
// Generates the application's ES256 key pair in the browser (WebCrypto): the public JWK goes into the form, the
// private one is offered as a download and never leaves the browser otherwise.
const button = document.getElementById('browser-keygen');
const download = document.getElementById('private-key-download');
button?.addEventListener('click', async () => {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const { kty, crv, x, y } = publicJwk;
  const kid = x.slice(0, 16);
  document.getElementById('jwks').value = JSON.stringify({ keys: [{ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }] }, null, 2);
  document.getElementById('keys-uploaded').checked = true;
  const blob = new Blob([JSON.stringify({ ...privateJwk, kid, alg: 'ES256', use: 'sig' }, null, 2)], { type: 'application/json' });
  download.href = URL.createObjectURL(blob);
  download.hidden = false;
});
