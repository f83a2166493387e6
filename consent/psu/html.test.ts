// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, toDocument } from './html.js';
import { chooseLanguage, LANGUAGES } from './i18n/index.js';

describe('PSU page HTML', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = '<script>alert("x")</script>\'`&';
    const page = html`<p title="${name}">${name}</p>`;
    assert.equal(toDocument(page), '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&#96;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&#96;&amp;</p>');
  });

  it('nests trusted fragments and lists without escaping them twice', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    assert.equal(toDocument(html`<ul>${items}</ul>${undefined}${false}${null}`), '<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('cannot be fooled by a string that looks like a fragment', () => {
    const fake = { value: '<img src=x onerror=alert(1)>' };
    assert.equal(toDocument(html`${fake}`), escapeHtml('[object Object]'));
  });
});

describe('PSU page language', () => {
  it('takes ?lang= first, then Accept-Language by quality, then English', () => {
    assert.equal(chooseLanguage('sw', 'en'), 'sw');
    assert.equal(chooseLanguage('fr', 'sw-TZ,en;q=0.5'), 'sw');
    assert.equal(chooseLanguage(undefined, 'fr;q=1, en;q=0.2, sw;q=0.8'), 'sw');
    assert.equal(chooseLanguage(undefined, 'sw;q=0, de'), 'en');
    assert.equal(chooseLanguage(undefined, undefined), 'en');
  });

  it('has every string in Swahili that it has in English', () => {
    assert.deepEqual(Object.keys(LANGUAGES.sw).sort(), Object.keys(LANGUAGES.en).sort());
    assert.deepEqual(Object.keys(LANGUAGES.sw.statuses).sort(), Object.keys(LANGUAGES.en.statuses).sort());
  });
});
