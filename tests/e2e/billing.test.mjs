// Issue 13, invoices: on the real server, the office invoices a closed
// order from the order page and issues it (the order's payment is applied
// as an advance), then registers the rest as a payment on the invoice;
// meanwhile the customer, on a 360 × 740 phone in another browser context,
// watches their account statement, which shows the new line and running
// balance live, without a reload; then the office e-mails the statement.
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

async function connected(page) {
  await page.getByTestId('reconnecting').first().waitFor({ state: 'detached', timeout: 15000 });
}

async function noHorizontalScroll(page, where) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `horizontal scroll on ${where}: ${scroll} > ${width}`);
}

test('an invoice from a closed order is issued and paid; the portal statement follows live', { timeout: 150000 }, async () => {
  const admin = await restSession('admin');
  const me = await (await restSession('customer')).get('/api/v1/auth/me');
  const stamp = Date.now();
  // A closed order: its service value fully paid in advance.
  const order = await admin.post('/api/v1/orders', {
    customer_id: me.customer_id,
    reason: `E2E facturación ${stamp}`,
    service_value: '100.00',
  });
  const methods = await admin.get('/api/v1/payment-methods');
  const method = methods.find((m) => m.active);
  await admin.post(`/api/v1/orders/${order.id}/payments`, { amount: '100.00', method_id: method.id, reference: 'adelanto' });
  await admin.post(`/api/v1/orders/${order.id}/close`, {});

  // The customer watches their statement on a phone.
  const customer = await newPage(browser, { mobile: true });
  await uiLogin(customer, 'customer');
  await customer.goto('/billing/statement');
  await connected(customer);
  await customer.getByTestId('closing-balance').waitFor();
  await customer.evaluate(() => {
    window.__noReload = true;
  });
  const linesBefore = await customer.getByTestId('statement-line').count();
  await noHorizontalScroll(customer, 'the portal statement');

  // The office invoices the order from its page and issues the invoice.
  const office = await newPage(browser);
  await uiLogin(office, 'admin');
  await office.goto(`/orders/${order.id}`);
  await office.getByRole('button', { name: 'Facturar orden' }).click();
  await office.getByRole('button', { name: 'Emitir factura' }).click();
  await office.getByTestId('invoice-state').filter({ hasText: 'Pago parcial' }).waitFor();
  await shot(office, 'billing-invoice-issued');

  // The statement shows the invoice without a reload.
  await customer.waitForFunction((n) => document.querySelectorAll('[data-testid="statement-line"]').length === n + 1, linesBefore, {
    timeout: 15000,
  });

  // The office registers the rest (16.00) on the invoice.
  await office.getByTestId('allocate-payment').click();
  await office.getByLabel('Forma de pago').first().click();
  await office.getByRole('option', { name: method.name }).click();
  await office.getByTestId('payment-amount').fill('16.00');
  await office.getByTestId('confirm-payment').click();
  await office.getByTestId('invoice-state').filter({ hasText: 'Pagada' }).waitFor();

  // The portal statement has the payment line and the new running balance, live.
  await customer.waitForFunction((n) => document.querySelectorAll('[data-testid="statement-line"]').length === n + 2, linesBefore, {
    timeout: 15000,
  });
  const statement = await (await restSession('customer')).get(`/api/v1/customers/${me.customer_id}/statement`);
  const last = statement.lines[statement.lines.length - 1];
  assert.equal(last.kind, 'payment');
  assert.equal(last.balance, statement.closing_balance);
  const shown = await customer.getByTestId('line-balance').last().innerText();
  const digits = (s) => s.replace(/[^0-9]/g, '');
  assert.equal(digits(shown), digits(Number(last.balance).toFixed(2)), `running balance ${shown} vs ${last.balance}`);
  assert.equal(await customer.evaluate(() => window.__noReload), true, 'the statement page was not reloaded');
  await noHorizontalScroll(customer, 'the portal statement after the payment');
  await shot(customer, 'billing-portal-statement');
  // The customer's own statement page offers no sending.
  assert.equal(await customer.getByRole('button', { name: 'Enviar por e-mail' }).count(), 0);

  // The office sends the statement by e-mail, its PDF attached ("estado de
  // cuenta … como PDF adjunto a sus correos").
  await office.goto(`/billing/statement/${me.customer_id}`);
  await office.getByTestId('closing-balance').waitFor();
  await office.getByRole('button', { name: 'Enviar por e-mail' }).click();
  const sent = office.getByTestId('statement-sent');
  await sent.waitFor();
  assert.match(await sent.innerText(), /Estado de cuenta enviado con el PDF a: .+@/);
  await shot(office, 'billing-statement-sent');
});

// The customer directory's "estado de cuenta" (issue 14): the profile shows
// what the customer owes, follows it live, and opens the invoice search for
// this customer.
test('the customer profile shows the account status and follows it live', { timeout: 120000 }, async () => {
  const admin = await restSession('admin');
  const me = await (await restSession('customer')).get('/api/v1/auth/me');
  const order = await admin.post('/api/v1/orders', {
    customer_id: me.customer_id,
    reason: `E2E cuenta del cliente ${Date.now()}`,
    service_value: '250.00',
  });
  const methods = await admin.get('/api/v1/payment-methods');
  const method = methods.find((m) => m.active);
  await admin.post(`/api/v1/orders/${order.id}/payments`, { amount: '250.00', method_id: method.id, reference: 'adelanto' });
  await admin.post(`/api/v1/orders/${order.id}/close`, {});

  const page = await newPage(browser);
  try {
    await uiLogin(page, 'admin');
    await page.goto(`/customers/${me.customer_id}`);
    await connected(page);
    const balance = page.getByTestId('customer-account').getByTestId('account-balance');
    await balance.waitFor();
    const before = (await balance.innerText()).trim();

    // The office invoices the paid order elsewhere: the balance moves live.
    const draft = await admin.post(`/api/v1/orders/${order.id}/invoice`, {});
    const issued = await admin.post(`/api/v1/invoices/${draft.invoice.id}/issue`, {});
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid="customer-account"] [data-testid="account-balance"]')?.textContent?.trim() !== b,
      before,
      { timeout: 15000 },
    );
    const from = `${new Date().toISOString().slice(0, 7)}-01`;
    const statement = await admin.get(`/api/v1/customers/${me.customer_id}/statement?from=${from}`);
    const digits = (t) => t.replace(/[^0-9]/g, '');
    assert.equal(digits(await balance.innerText()), digits(Number(statement.closing_balance).toFixed(2)));
    await page.getByTestId('customer-account').getByRole('link', { name: issued.invoice.number }).waitFor();
    await shot(page, 'customer-profile-account');

    // "Ver todas las facturas": the invoice search of this customer.
    await page.getByRole('link', { name: 'Ver todas las facturas' }).click();
    await page.waitForURL(/\/billing\/invoices\?customer_id=/);
    await page.getByTestId(`invoice-${issued.invoice.number}`).waitFor();
  } finally {
    await page.context().close();
  }
});

// "recordatorios … en días configurables" (issue 13): the admin sets the
// billing settings on the settings page; a malformed reminder list is
// refused on the form with a translated hint; what is saved is there after
// a reload. An operator does not see the section.
test('the admin configures billing on the settings page', { timeout: 90000 }, async () => {
  const admin = await restSession('admin');
  const initial = await admin.get('/api/v1/settings/billing');
  const page = await newPage(browser);
  try {
    await uiLogin(page, 'admin');
    await page.goto('/settings');
    const section = page.getByRole('region', { name: 'Facturación' });
    await section.getByLabel('Días de crédito de las facturas').fill('10');
    const reminders = section.getByLabel('Recordatorios de facturas abiertas');
    await reminders.fill('-3, siete');
    await section.getByRole('button', { name: 'Guardar facturación' }).click();
    await section.getByText('Hasta 10 números enteros entre -365 y 365, separados por comas').waitFor();
    await reminders.fill('-2, 5, 15');
    await section.getByLabel('Leyenda no fiscal').fill('Documento sin valor fiscal (E2E)');
    await section.getByRole('button', { name: 'Guardar facturación' }).click();
    await page.getByText('Configuración de facturación guardada').waitFor();
    const saved = await admin.get('/api/v1/settings/billing');
    assert.equal(saved.payment_terms_days, 10);
    assert.deepEqual(saved.receivable_reminder_days, [-2, 5, 15]);
    assert.equal(saved.non_fiscal_line, 'Documento sin valor fiscal (E2E)');
    await page.reload();
    await page.getByRole('region', { name: 'Facturación' }).getByLabel('Recordatorios de facturas abiertas').waitFor();
    assert.equal(await page.getByLabel('Recordatorios de facturas abiertas').inputValue(), '-2, 5, 15');
    await shot(page, 'billing-settings');

    const operator = await newPage(browser);
    await uiLogin(operator, 'operator');
    await operator.goto('/settings');
    await operator.getByRole('heading', { name: 'Datos de la empresa' }).waitFor();
    assert.equal(await operator.getByRole('region', { name: 'Facturación' }).count(), 0);
    await operator.close();
  } finally {
    const { updated_at: _, ...restore } = initial;
    await admin.put('/api/v1/settings/billing', restore);
    await page.close();
  }
});
