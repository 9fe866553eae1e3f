// Issue 12 §5: the web client's pages carry a Content-Security-Policy, frame
// protection, nosniff and a Referrer-Policy (no-referrer on the QR page). This
// story checks the headers on the real pages and that the built client
// (Vite + Mantine, the live socket, the service worker) runs under the policy
// without a single violation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, restSession, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A fresh order of the first demo customer, with its QR token. */
async function anOrder() {
  const admin = await restSession('admin');
  const customers = await admin.get('/api/v1/customers?limit=5');
  const order = await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E: cabeceras',
    service_value: '150.00',
  });
  return admin.get(`/api/v1/orders/${order.id}`);
}

/** Records CSP violations (DOM event and console) of every page of the context. */
async function watchViolations(page) {
  const seen = [];
  await page.context().addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) seen.push(msg.text());
  });
  return async () => [...seen, ...(await page.evaluate(() => window.__cspViolations ?? []))];
}

function assertPageHeaders(response, referrer) {
  const h = response.headers();
  assert.match(h['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  assert.match(h['content-security-policy'] ?? '', /script-src 'self'/);
  assert.equal(h['x-frame-options'], 'DENY');
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.equal(h['referrer-policy'], referrer);
}

test('office pages run under the CSP without violations', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  const violations = await watchViolations(page);
  const login = await page.goto('/login');
  assertPageHeaders(login, 'same-origin');
  await uiLogin(page, 'admin');
  const order = await anOrder();
  for (const path of ['/orders', `/orders/${order.id}`, '/customers', '/tickets', '/settings']) {
    const r = await page.goto(path);
    assertPageHeaders(r, 'same-origin');
    await page.getByRole('navigation').first().waitFor();
    await page.waitForLoadState('networkidle');
  }
  // The live socket connected under connect-src 'self'.
  await page.getByTestId('reconnecting').waitFor({ state: 'detached' });
  assert.deepEqual(await violations(), []);
  // The watcher does see a violation: a foreign image is blocked and reported.
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'https://example.invalid/x.png';
    document.body.append(img);
  });
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  assert.match((await violations()).join(' '), /img-src/);
});

test('the QR page sends no referrer and runs under the CSP', { timeout: 60000 }, async () => {
  const detail = await anOrder();
  const page = await newPage(browser, { mobile: true });
  const violations = await watchViolations(page);
  const r = await page.goto(`/o/${detail.qr_token}`);
  assertPageHeaders(r, 'no-referrer');
  await page.getByRole('heading', { name: new RegExp(detail.number) }).waitFor();
  await page.getByTestId('reconnecting').waitFor({ state: 'detached' });
  assert.deepEqual(await violations(), []);
});
