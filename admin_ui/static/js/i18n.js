// The console's language: Thai by default, English when the user switches. The choice is
// kept in localStorage and sent to the API as Accept-Language, so server messages match.

import { MESSAGES } from './messages.js';

export const THAI = 'th';
export const ENGLISH = 'en';
const STORAGE_KEY = 'pakongklab.console.language';
const listeners = new Set();

function storedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY) === ENGLISH ? ENGLISH : THAI;
  } catch {
    return THAI;  // Storage can be switched off, and then Thai is the default.
  }
}

let current = storedLanguage();

/** Return the current language code, 'th' or 'en'. */
export function language() {
  return current;
}

/** Switch the language, remember it, and tell every listener. */
export function setLanguage(code) {
  current = code === ENGLISH ? ENGLISH : THAI;
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // The switch still applies until the page is reloaded.
  }
  document.documentElement.lang = current;
  for (const listener of listeners) listener(current);
}

/** Call `listener(code)` after each language switch. */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

/**
 * Translate `key`, filling `{name}` placeholders from `params`.
 * An unknown key is returned as it is, so a missing message shows up on screen and in tests.
 */
export function t(key, params = {}) {
  const pair = MESSAGES[key];
  if (!pair) {
    console.warn(`Console message '${key}' is missing.`);
    return key;
  }
  const template = current === ENGLISH ? pair[1] : pair[0];
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Pick the Thai or English member of a pair such as an agency's nameTh/nameEn. */
export function pick(thai, english) {
  return current === ENGLISH && english ? english : thai;
}

/** Translate the static parts of the page shell that carry `data-i18n`. */
export function translateShell(root = document) {
  document.documentElement.lang = current;
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
}
