// Issue 10, bug 1: the order chat ("Conversación" on /orders/:id) sends and
// receives for every role — office at 1366 px, the technician and the
// customer on a 360 px phone — in every direction, and keeps working across
// a forced reconnect. It failed before because the order page and its chat
// panel both consume `order:<id>` and the panel's subscription was removed.
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

const chat = (page) => page.getByRole('region', { name: 'Conversación' });

async function send(page, text) {
  await chat(page).getByLabel(/^Mensaje/).fill(text);
  await chat(page).getByLabel(/^Mensaje/).press('Enter');
  await chat(page).getByTestId('chat-log').getByText(text).waitFor({ timeout: 5000 });
  assert.equal(await chat(page).getByRole('alert').count(), 0, 'no send error');
}

async function sees(page, text) {
  await chat(page).getByTestId('chat-log').getByText(text).waitFor({ timeout: 5000 });
}

async function openOrder(page, role, orderId) {
  await uiLogin(page, role);
  await page.goto(`/orders/${orderId}`);
  await chat(page).waitFor();
  await page.getByTestId('reconnecting').first().waitFor({ state: 'detached', timeout: 15000 });
}

/** Cuts the page's network and its sockets, then restores them. */
async function forceReconnect(page, whileAway) {
  await page.context().setOffline(true);
  await page.evaluate(() => {
    for (const c of window.__faenaCentrifuge ?? []) c.disconnect();
    for (const c of window.__faenaCentrifuge ?? []) c.connect();
  });
  await page.getByTestId('reconnecting').first().waitFor({ timeout: 10000 });
  await whileAway();
  await page.context().setOffline(false);
  await page.getByTestId('reconnecting').first().waitFor({ state: 'detached', timeout: 30000 });
}

async function noHorizontalScroll(page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `horizontal scroll: ${scroll} > ${width}`);
}

test('order chat: office, technician and customer, both ways, across a reconnect', { timeout: 120000 }, async () => {
  const admin = await restSession('admin');
  const tech = await (await restSession('technician')).get('/api/v1/auth/me');
  const me = await (await restSession('customer')).get('/api/v1/auth/me');
  const order = await admin.post('/api/v1/orders', {
    customer_id: me.customer_id,
    reason: 'E2E: la retro pierde aceite',
    service_value: '120.00',
  });
  await admin.put(`/api/v1/orders/${order.id}/technicians`, { technician_ids: [tech.id] });

  const office = await newPage(browser, { width: 1366 });
  const technician = await newPage(browser, { mobile: true });
  const customer = await newPage(browser, { mobile: true });
  await openOrder(office, 'operator', order.id);
  await openOrder(technician, 'technician', order.id);
  await openOrder(customer, 'customer', order.id);

  // Every role sends; the two others receive it live.
  await send(office, 'Oficina: ¿pueden traer la máquina el lunes?');
  await sees(technician, 'Oficina: ¿pueden traer la máquina el lunes?');
  await sees(customer, 'Oficina: ¿pueden traer la máquina el lunes?');

  await send(technician, 'Técnico: llevo el kit de sellos');
  await sees(office, 'Técnico: llevo el kit de sellos');
  await sees(customer, 'Técnico: llevo el kit de sellos');

  await send(customer, 'Cliente: sí, el lunes a las 8');
  await sees(office, 'Cliente: sí, el lunes a las 8');
  await sees(technician, 'Cliente: sí, el lunes a las 8');
  await noHorizontalScroll(technician);
  await noHorizontalScroll(customer);

  // The customer's and the technician's phones lose the connection; what is
  // written meanwhile arrives after they reconnect, and they can send again.
  await forceReconnect(customer, async () => {
    await forceReconnect(technician, async () => {
      await send(office, 'Oficina: mensaje mientras no había señal');
    });
  });
  await sees(customer, 'Oficina: mensaje mientras no había señal');
  await sees(technician, 'Oficina: mensaje mientras no había señal');

  await send(customer, 'Cliente: ya volví');
  await sees(office, 'Cliente: ya volví');
  await sees(technician, 'Cliente: ya volví');
  await send(technician, 'Técnico: yo también');
  await sees(office, 'Técnico: yo también');
  await sees(customer, 'Técnico: yo también');
  await send(office, 'Oficina: perfecto');
  await sees(customer, 'Oficina: perfecto');
  await sees(technician, 'Oficina: perfecto');

  // Each message once, in every view.
  for (const page of [office, technician, customer]) {
    const offsets = await chat(page)
      .getByTestId('chat-message')
      .evaluateAll((els) => els.map((e) => e.dataset.offset));
    assert.equal(new Set(offsets).size, offsets.length);
    assert.equal(offsets.length, 7);
  }
  await shot(office, 'order-chat-office');
  await shot(technician, 'order-chat-technician');
  await shot(customer, 'order-chat-customer');
  for (const page of [office, technician, customer]) await page.context().close();
});
