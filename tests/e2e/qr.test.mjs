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
