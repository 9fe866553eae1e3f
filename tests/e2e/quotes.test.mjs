// Quotes end to end on the real server (issue 13, "Proof"): the office
// prepares a quote for an order in the editor (live totals), sends it; the
// customer, on a 360 px phone, opens it in the portal and approves with one
// click; the office's quote page — open in another browser context — shows
// it approved WITHOUT a reload, and the order's timeline records it with the
// new service value.
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

test('the customer approves a quote on a phone and the office sees it live', { timeout: 180000 }, async () => {
  const admin = await restSession('admin');
  const me = await (await restSession('customer')).get('/api/v1/auth/me');
  const order = await admin.post('/api/v1/orders', {
    customer_id: me.customer_id,
    reason: 'E2E presupuestos: cambio de filtros y mantenimiento',
    service_value: '0',
    technician_ids: [],
  });

  const office = await newPage(browser, { width: 1366 });
  const phone = await newPage(browser, { mobile: true });
  try {
    // 1. The office prepares the quote from the order page.
    await uiLogin(office, 'admin');
    await office.goto(`/orders/${order.id}`);
    const section = office.getByTestId('order-quotes');
    await section.getByText('Esta orden no tiene presupuestos.').waitFor();
    await section.getByRole('link', { name: 'Crear presupuesto' }).click();
    await office.waitForURL(/\/quotes\/new\?order_id=/);
    const line = office.getByTestId('quote-line').first();
    await line.getByLabel('Descripción').fill('Mano de obra: mantenimiento 500 h');
    await line.getByLabel('Cantidad').fill('8');
    await line.getByLabel('Precio unitario').fill('45');
    // Live totals from the server: 8 × 45 = 360 + 16 % = 417.60.
    await office.getByTestId('quote-total').filter({ hasText: '417,60' }).waitFor();
    await office.getByRole('button', { name: 'Guardar' }).click();
    await office.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
    const quoteUrl = office.url();
    await office.getByTestId('quote-state').filter({ hasText: 'Borrador' }).first().waitFor();
    await office.getByRole('button', { name: 'Enviar al cliente' }).click();
    await office.getByTestId('quote-state').filter({ hasText: 'Enviado' }).first().waitFor();
    const number = (await office.getByRole('heading', { level: 2 }).first().innerText()).trim();
    assert.match(number, /^PRE-\d{6}$/);
    await shot(office, 'quotes-office-sent');

    // 2. The customer approves on a 360 px phone.
    await uiLogin(phone, 'customer');
    await phone.goto('/quotes');
    await phone.getByTestId('quote-row').filter({ hasText: number }).click();
    await phone.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
    await phone.getByText('Mano de obra: mantenimiento 500 h').waitFor();
    const approve = phone.getByRole('button', { name: 'Aprobar' });
    const box = await approve.boundingBox();
    // Full width of the content: 360 px less the page's and the card's padding.
    assert.ok(box && box.width >= 260, 'a full-width button on the phone');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling on 360 px (${overflow})`);
    await shot(phone, 'quotes-phone-before');
    await approve.click();
    await phone.getByText('¡Gracias! Recibimos tu respuesta.').waitFor();
    await phone.getByTestId('quote-state').filter({ hasText: 'Aprobado' }).first().waitFor();
    await shot(phone, 'quotes-phone-approved');

    // 3. The office's page, never reloaded, shows it approved.
    assert.equal(office.url(), quoteUrl);
    await office.getByTestId('quote-state').filter({ hasText: 'Aprobado' }).first().waitFor({ timeout: 15000 });
    await shot(office, 'quotes-office-approved-live');

    // 4. The order's timeline records it, with the service value set.
    await office.goto(`/orders/${order.id}`);
    await office.getByText(`Presupuesto ${number} aprobado`).first().waitFor();
    await office.getByTestId('order-quote').filter({ hasText: 'Aprobado' }).waitFor();
    const detail = await admin.get(`/api/v1/orders/${order.id}`);
    assert.equal(detail.service_value, '417.60');
  } finally {
    await office.context().close();
    await phone.context().close();
  }
});
