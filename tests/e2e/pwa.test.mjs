// The installable app and live notifications: (h) the service worker
// registers and the manifest and icons are served; (i) a technician who is
// put on an order sees the in-app notification at once, without a reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the app is installable: service worker, manifest and icons', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { mobile: true });
  try {
    await page.goto('/login');
    const worker = await page.evaluate(async () => {
      const ready = await Promise.race([
        navigator.serviceWorker.ready,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker after 15 s')), 15000)),
      ]);
      return ready.active?.scriptURL ?? '';
    });
    assert.match(worker, /\/sw\.js$/);
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await page.evaluate(async (href) => {
      const r = await fetch(href);
      return { type: r.headers.get('content-type'), body: await r.json() };
    }, manifestHref);
    assert.match(manifest.type, /json/);
    assert.equal(manifest.body.name, 'Faena');
    assert.equal(manifest.body.display, 'standalone');
    for (const icon of manifest.body.icons) {
      const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
      assert.equal(status, 200, icon.src);
    }
  } finally {
    await page.context().close();
  }
});

test('a technician sees a new assignment live', { timeout: 60000 }, async () => {
  const admin = await restSession('admin');
  const technician = await restSession('technician');
  const me = await technician.get('/api/v1/auth/me');
  const customers = await admin.get('/api/v1/customers?q=Constructora&limit=5');
  const page = await newPage(browser, { mobile: true });
  try {
    await uiLogin(page, 'technician');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // Wait until the page's socket has subscribed to the user's channel.
    await page.waitForFunction(
      (channel) => (window.__faenaCentrifuge ?? []).some((c) => c.getSubscription(channel)?.state === 'subscribed'),
      `user:${me.id}`,
      { timeout: 10000 },
    );
    const figure = page.getByTestId('open-orders');
    const count = async () => Number((await figure.innerText()).match(/\d+/g)?.pop() ?? NaN);
    const before = await count();
    assert.ok(Number.isFinite(before), 'the home page shows my open orders');
    const order = await admin.post('/api/v1/orders', {
      customer_id: customers.items[0].id,
      reason: 'Revisar hidráulica',
      service_value: '0',
      technician_ids: [me.id],
    });
    await page.getByText(`te asignaron la orden ${order.number}`).first().waitFor({ timeout: 5000 });
    // The home figures follow without a reload.
    for (let i = 0; i < 50 && (await count()) !== before + 1; i++) await page.waitForTimeout(100);
    assert.equal(await count(), before + 1, 'my open orders went up by one, live');
    await page.waitForTimeout(600); // let the toast finish sliding in
    await shot(page, 'technician-assignment-toast');
  } finally {
    await page.context().close();
  }
});
