// Customer metrics and risk (issue 16): "an at-risk score with a documented
// formula …; each at-risk customer shows why … Crossing the threshold raises
// an alert to the owner and office roles … and lists the customer on an 'at
// risk' page. Thresholds are settings." The admin lowers the threshold in
// the settings; a customer files complaints in the portal; "Recalcular
// ahora" lists them on the at-risk page with the reason, and the seller,
// watching the same page on a phone, sees the customer arrive live.
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

test('complaints push a customer over the threshold; the at-risk page says why, live', { timeout: 150000 }, async () => {
  const admin = await restSession('admin');
  const customer = await restSession('customer');
  const me = await customer.get('/api/v1/auth/me');
  const company = await admin.get(`/api/v1/customers/${me.customer_id}`);

  const office = await newPage(browser, { width: 1366 });
  const phone = await newPage(browser, { mobile: true });
  try {
    // The threshold is a setting: 30 points.
    await uiLogin(office, 'admin');
    await office.goto('/settings');
    const form = office.getByRole('form', { name: 'Posventa' });
    await form.getByLabel('Umbral de riesgo del cliente (puntos)').fill('30');
    await form.getByRole('button', { name: 'Guardar posventa' }).click();
    await office.getByText('Configuración de posventa guardada.').waitFor();

    // The customer's seller watches the at-risk list on a phone.
    await uiLogin(phone, 'seller');
    await phone.goto('/customers/at-risk');
    await phone.getByRole('heading', { level: 1, name: 'Clientes en riesgo' }).waitFor();
    const list = phone.getByRole('list', { name: 'Clientes en riesgo' });

    // Two complaints in the portal: 30 points.
    for (const subject of ['La excavadora pierde potencia', 'El técnico no llegó']) {
      await customer.post('/api/v1/tickets', { type: 'complaint', subject, description: 'Reclamo' });
    }

    // The customer's page says why, computed on the spot.
    await office.goto(`/customers/${me.customer_id}`);
    const card = office.getByRole('region', { name: 'Indicadores del cliente' });
    await card.getByText('Riesgo: 30/100').waitFor();
    await card.getByText('En riesgo', { exact: true }).waitFor();
    await card.getByRole('list', { name: 'Señales de riesgo' }).getByText(/2 reclamos abiertos/).waitFor();
    await shot(office, 'risk-customer-card');

    // "Recalcular ahora" on the at-risk page lists the customer.
    await office.goto('/customers/at-risk');
    await office.getByRole('button', { name: 'Recalcular ahora' }).click();
    await office.getByText(/^Se evalu/).first().waitFor();
    const table = office.getByRole('table', { name: 'Clientes en riesgo' });
    const row = table.getByRole('row').filter({ hasText: company.name });
    await row.getByText('30').first().waitFor();
    await row.getByText(/reclamos abiertos/).waitFor();
    await shot(office, 'risk-at-risk-page');

    // The seller's phone: no reload, the customer arrived.
    await list.getByText(company.name).waitFor({ timeout: 15000 });
    await shot(phone, 'risk-at-risk-phone');
    const run = await admin.get('/api/v1/customer-metrics/at-risk');
    assert.ok(run.some((c) => c.customer_id === me.customer_id));
  } finally {
    // Leave the default threshold for the other stories.
    await admin.put('/api/v1/settings/post-sale', { warranty_alert_days: 30, at_risk_threshold: 50 });
    await office.context().close();
    await phone.context().close();
  }
});
