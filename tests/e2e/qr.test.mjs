// (b) A technician posts a public status with a photo on an order; the QR page
// /o/<token>, open anonymously in another browser context, shows it within
// 2 seconds without a reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TINY_PNG, launch, newPage, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the QR page shows a new public status live', { timeout: 60000 }, async () => {
  const admin = await restSession('admin');
  const me = await (await restSession('technician')).get('/api/v1/auth/me');
  const customers = await admin.get('/api/v1/customers?limit=5');
  const order = await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E: no enciende',
    service_value: '150.00',
  });
  await admin.put(`/api/v1/orders/${order.id}/technicians`, { technician_ids: [me.id] });
  const detail = await admin.get(`/api/v1/orders/${order.id}`);
  assert.ok(detail.qr_token, 'office roles get the QR token');

  // The public page, anonymous, at phone width.
  const qr = await newPage(browser, { mobile: true });
  await qr.goto(`/o/${detail.qr_token}`);
  await qr.getByRole('heading', { name: new RegExp(detail.number) }).waitFor();
  // Live once the badge is gone.
  await qr.getByTestId('reconnecting').waitFor({ state: 'detached' });

  // The technician posts from their phone: my orders → order → update with a photo.
  const tech = await newPage(browser, { mobile: true });
  await uiLogin(tech, 'technician');
  await tech.goto('/my-orders');
  await tech.getByRole('link', { name: detail.number }).click();
  const form = tech.getByRole('form', { name: 'Publicar novedad' });
  await form.getByLabel('Estado').click();
  await tech.getByRole('option', { name: 'En diagnóstico' }).click();
  await form.getByLabel(/^Comentario/).fill('Motor desarmado, revisando inyectores');
  await form.locator('input[type=file]').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: TINY_PNG });
  await shot(tech, 'technician-order');
  const posted = Date.now();
  await form.getByRole('button', { name: 'Publicar' }).click();

  await qr.getByText('Motor desarmado, revisando inyectores').waitFor({ timeout: 2000 + 3000 });
  const elapsed = Date.now() - posted;
  assert.ok(elapsed < 2000 + 1500, `shown after ${elapsed} ms`);
  await qr.getByRole('link', { name: 'Foto 1' }).first().waitFor();
  await qr.getByTestId('public-status').filter({ hasText: 'En diagnóstico' }).waitFor();
  await qr.getByText('En diagnóstico').first().waitFor();
  await shot(qr, 'qr-page');
  await qr.context().close();
  await tech.context().close();
});

// Issue 10, bug 7: the balance and parts block of the QR page follows live.
// The page is open on a 360 px phone; the office adds a part shown to the
// customer, a hidden one and a payment, and reverses it: the page lists the
// shown part, the totals match the lines, and nothing internal appears.
test('the QR page follows parts and payments live on a phone', { timeout: 60000 }, async () => {
  const admin = await restSession('admin');
  const master = await restSession('master');
  const customers = await admin.get('/api/v1/customers?limit=5');
  const order = await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E: QR en vivo',
    service_value: '100.00',
  });
  const detail = await admin.get(`/api/v1/orders/${order.id}`);
  const qr = await newPage(browser, { mobile: true });
  try {
    await qr.goto(`/o/${detail.qr_token}`);
    await qr.getByRole('heading', { name: new RegExp(detail.number) }).waitFor();
    await qr.getByTestId('reconnecting').waitFor({ state: 'detached' });
    await qr.getByTestId('balance').filter({ hasText: '100,00' }).waitFor();
    await qr.getByText('Sin repuestos.').waitFor();

    await admin.post(`/api/v1/orders/${order.id}/parts`, {
      description: 'Correa de distribución',
      quantity: '2',
      unit_price: '85.00',
      warranty_days: 90,
    });
    await admin.post(`/api/v1/orders/${order.id}/parts`, {
      description: 'Trapos de taller (interno)',
      quantity: '1',
      unit_price: '5.00',
      shown_to_customer: false,
    });
    const part = qr.getByTestId('public-part').filter({ hasText: 'Correa de distribución' });
    await part.getByText('170,00').waitFor({ timeout: 3000 });
    await qr.getByTestId('balance').filter({ hasText: '270,00' }).waitFor({ timeout: 3000 });

    const methods = await admin.get('/api/v1/payment-methods');
    const paid = await admin.post(`/api/v1/orders/${order.id}/payments`, { amount: '70.00', method_id: methods[0].id });
    await qr.getByTestId('balance').filter({ hasText: '200,00' }).waitFor({ timeout: 3000 });
    await shot(qr, 'qr-page-live-balance');
    await master.del(`/api/v1/payments/${paid.payment.id}`, { reason: 'Cobro duplicado' });
    await qr.getByTestId('balance').filter({ hasText: '270,00' }).waitFor({ timeout: 3000 });

    // Customer-safe only, and the totals add up to the lines shown.
    const text = await qr.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /Trapos de taller/);
    assert.doesNotMatch(text, /175,00/);
    assert.equal(await qr.getByTestId('public-part').count(), 1);
    const width = await qr.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal scroll at 360 px (${width})`);
  } finally {
    await qr.context().close();
  }
});
