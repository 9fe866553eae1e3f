// Onboarding (issue 16): "the seed's five steps for a new customer …
// as a checklist created with the customer (steps editable in settings),
// each with an owner and a due date that raise reminders; visible on the
// customer profile." A seller creates a customer; on their phone the
// customer's page shows the five steps, and the seller ticks the first one
// off; the admin looking at the same page sees it done, live.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, restSession, rif, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("a new customer's onboarding checklist, ticked on a phone, live for the office", { timeout: 150000 }, async () => {
  const seller = await restSession('seller');
  const name = `Canteras E2E ${Date.now()}`;
  const customer = await seller.post('/api/v1/customers', { name, tax_id: rif(Date.now() % 90000000) });

  const office = await newPage(browser, { width: 1366 });
  const phone = await newPage(browser, { mobile: true });
  try {
    await uiLogin(office, 'admin');
    await office.goto(`/customers/${customer.id}`);
    const officeCard = office.getByRole('region', { name: 'Incorporación del cliente' });
    await officeCard.getByText('0 de 5 pasos hechos').waitFor();

    await uiLogin(phone, 'seller');
    await phone.goto(`/customers/${customer.id}`);
    const card = phone.getByRole('region', { name: 'Incorporación del cliente' });
    const steps = card.getByRole('list', { name: 'Pasos de incorporación' });
    await card.getByText('0 de 5 pasos hechos').waitFor();
    assert.equal(await steps.getByRole('listitem').count(), 5);
    const first = 'Entrega de equipo y documentación';
    await steps.getByRole('listitem', { name: first }).getByText('Vence hoy').waitFor();
    await card.getByRole('checkbox', { name: first }).click();
    await card.getByText('1 de 5 pasos hechos').waitFor();
    await card.getByText(/^Hecho por Víctor Vendedor el/).waitFor();
    await shot(phone, 'onboarding-phone');

    // The admin's page: no reload, the step is done.
    await officeCard.getByText('1 de 5 pasos hechos').waitFor({ timeout: 15000 });
    assert.equal(await officeCard.getByRole('checkbox', { name: first }).isChecked(), true);
    await shot(office, 'onboarding-office');
  } finally {
    await office.context().close();
    await phone.context().close();
  }
});
