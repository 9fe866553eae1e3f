// Interactions (issue 16): "every contact with a customer is an
// interaction … recorded automatically where the product already sees the
// contact, and by hand for calls and visits (a quick form usable on a
// phone). The customer profile shows one timeline of interactions."
// The seller records a call on their phone; the admin looking at the same
// customer's page sees it arrive without a reload, and then the ticket the
// customer opens in the portal.
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

test('a call recorded on a phone and a portal ticket reach the customer timeline live', { timeout: 150000 }, async () => {
  const customer = await restSession('customer');
  const me = await customer.get('/api/v1/auth/me');
  const reason = `Llamada de seguimiento ${Date.now()}`;

  const office = await newPage(browser, { width: 1366 });
  const phone = await newPage(browser, { mobile: true });
  try {
    await uiLogin(office, 'admin');
    await office.goto(`/customers/${me.customer_id}`);
    const timeline = office.getByRole('list', { name: 'Interacciones con el cliente' });
    const section = office.getByRole('region', { name: 'Interacciones' });
    await section.waitFor();

    // The customer's seller, on a phone, records the call.
    await uiLogin(phone, 'seller');
    await phone.goto(`/customers/${me.customer_id}`);
    await phone.getByRole('button', { name: 'Registrar interacción' }).click();
    const form = phone.getByRole('dialog', { name: 'Registrar interacción' });
    await form.getByLabel('Canal').selectOption({ label: 'Teléfono' });
    await form.getByText('Proactiva', { exact: true }).click();
    assert.equal(await form.getByRole('radio', { name: 'Proactiva' }).isChecked(), true);
    await form.getByLabel('Motivo').fill(reason);
    await form.getByLabel('Resultado').fill('Pide cotización de filtros');
    await shot(phone, 'interaction-form-phone');
    await form.getByRole('button', { name: 'Guardar interacción' }).click();
    await phone.getByText('Interacción registrada.').waitFor();

    // The admin's page: no reload, the call is on the timeline.
    const entry = timeline.getByRole('listitem').filter({ hasText: reason });
    await entry.waitFor({ timeout: 15000 });
    await entry.getByText('por Víctor Vendedor').waitFor();
    await entry.getByText('Proactiva').waitFor();

    // The customer opens a ticket in the portal: recorded by the product.
    const subject = `No arranca ${Date.now()}`;
    const ticket = await customer.post('/api/v1/tickets', { type: 'technical_support', subject, description: 'Desde ayer' });
    const opened = timeline.getByRole('listitem').filter({ hasText: subject });
    await opened.waitFor({ timeout: 15000 });
    await opened.getByText('Registrada por Faena').waitFor();
    const link = opened.getByRole('link', { name: 'Ver ticket' });
    assert.equal(await link.getAttribute('href'), `/tickets/${ticket.id}`);
    await shot(office, 'interaction-timeline-live');
  } finally {
    await office.context().close();
    await phone.context().close();
  }
});
