// SPDX-License-Identifier: Apache-2.0
import { en, type Messages } from './en.js';
import { sw } from './sw.js';

export type { Messages };
export const LANGUAGES = { en, sw } as const satisfies Record<string, Messages>;
export type Language = keyof typeof LANGUAGES;

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && Object.hasOwn(LANGUAGES, value);

/**
 * The page language: `?lang=` when it names one Lango speaks, else the first of Accept-Language by quality
 * (RFC 9110 §12.5.4, primary subtag only), else English.
 */
export function chooseLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  if (isLanguage(query)) return query;
  const ranked = (acceptLanguage ?? '').split(',').map((part, index) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    return { primary: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
  }).filter((entry) => entry.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.primary).find(isLanguage) ?? 'en';
}

export function messagesFor(language: Language): Messages {
  return LANGUAGES[language];
}
