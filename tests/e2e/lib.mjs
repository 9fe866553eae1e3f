// Shared helpers for the browser tests: Chromium launch, REST calls as a
// demo user, logging in through the UI, screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const URL_BASE = process.env.FAENA_URL ?? 'http://127.0.0.1:8080';
export const MAIL_DIR = process.env.FAENA_MAIL_DIR ?? '';
export const ARTIFACTS = process.env.FAENA_ARTIFACTS ?? path.resolve('../../test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export const USERS = {
  master: ['master@master.com', 'master2023'],
  admin: ['admin@faena.demo', 'admin2023'],
  technician: ['tecnico@faena.demo', 'tecnico2023'],
  operator: ['operador@faena.demo', 'operador2023'],
  seller: ['vendedor@faena.demo', 'vendedor2023'],
  customer: ['cliente@faena.demo', 'cliente2023'],
};

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new context at phone width (360 × 740) or desktop (1280 px, or `width`). */
export async function newPage(browser, { mobile = false, width = 1280 } = {}) {
  const context = await browser.newContext({
    baseURL: URL_BASE,
    viewport: mobile ? { width: 360, height: 740 } : { width, height: 860 },
    locale: 'es-VE',
  });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[pageerror]', err.message));
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Logs in through the login form and waits for the app shell. */
export async function uiLogin(page, role, password) {
  const [email, pw] = USERS[role];
  await page.goto('/login');
  await page.getByLabel(/^Correo electrónico/).fill(email);
  await page.getByLabel(/^Contraseña/).fill(password ?? pw);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('navigation').first().waitFor();
}

/**
 * A tiny REST client with its own cookie jar. Like a browser on the site's
 * pages it sends the site's Origin: the server refuses cookie-signed changes
 * without one (403 cross_site_request).
 */
export async function restSession(role) {
  const [email, password] = USERS[role];
  const res = await fetch(`${URL_BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, remember_me: false }),
  });
  if (!res.ok) throw new Error(`login ${role}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async (method, p, body) => {
    const init = { method, headers: { cookie, origin: new URL(URL_BASE).origin } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const r = await fetch(`${URL_BASE}${p}`, init);
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
    put: (p, b) => call('PUT', p, b),
    del: (p, b) => call('DELETE', p, b),
  };
}

/** A 2×2 PNG (valid image for photo uploads). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/** A Venezuelan RIF (J) with its SENIAT check digit, for a fresh customer. */
export function rif(body) {
  const digits = String(body).padStart(8, '0');
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = 3 * 4 + [...digits].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  const r = 11 - (sum % 11);
  return `J-${digits}-${r >= 10 ? 0 : r}`;
}
