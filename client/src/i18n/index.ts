/**
 * Internationalisation: i18next with the bundled Spanish (default) and English
 * catalogues. The chosen language is remembered in localStorage and mirrored
 * on `<html lang>` so assistive technology pronounces text correctly.
 *
 * Translation keys are type-checked against the Spanish catalogue (`catalogue.ts`) (see the module
 * augmentation below); `i18n.test.ts` keeps `en.json` in step with it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, es, type Catalogue } from './catalogue';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'es';
export const LANGUAGE_STORAGE_KEY = 'faena.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalogue };
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(value)) return value;
  } catch {
    // Storage can be unavailable (privacy mode); use the default.
  }
  return DEFAULT_LANGUAGE;
}

void i18n.use(initReactI18next).init({
  resources: { es: { translation: es }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React already escapes.
  initAsync: false, // resources are bundled, so initialise synchronously
  showSupportNotice: false,
});

document.documentElement.lang = i18n.language;

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Not persisting is acceptable.
  }
});

/** Switches the UI language (and remembers the choice). */
export function setLanguage(language: Language): Promise<unknown> {
  return i18n.changeLanguage(language);
}

export default i18n;
