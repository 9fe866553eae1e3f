/**
 * Vitest setup for jsdom: the browser APIs Mantine needs but jsdom lacks
 * (matchMedia, ResizeObserver, scrollIntoView), i18n initialisation, and a
 * clean slate (DOM, stubbed globals, storage, language) after every test.
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import i18n, { DEFAULT_LANGUAGE } from '../i18n';
import { setCompanyTimeZone } from '../lib/format';

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList,
});

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub as unknown as typeof ResizeObserver;
window.HTMLElement.prototype.scrollIntoView = () => {};

// CI machines are shared and slow: give findBy*/waitFor more than 1 s.
configure({ asyncUtilTimeout: 4000 });

// Times are shown in the company's zone; tests that care set their own.
beforeEach(() => setCompanyTimeZone('UTC'));

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await i18n.changeLanguage(DEFAULT_LANGUAGE);
  window.localStorage.clear();
});
