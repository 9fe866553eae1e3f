// Management reports, operations (issue 17): "an admin opens the
// operations report, sees its figures, clicks the orders opened and lands
// on the list of those orders; one of them opens on its own page".
//
// The demo has no service orders: the story opens one through the API
// first (received now, so it is in the report's default range — the last
// twelve months to today).
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

test('the operations report: a figure down to its orders, and an order on its page', { timeout: 120000 }, async () => {
  const admin = await restSession('admin');
  const tech = await (await restSession('technician')).get('/api/v1/auth/me');
  const customers = await admin.get('/api/v1/customers?q=Andes&limit=5');
  const order = await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E informe de operaciones: revisión de frenos',
    service_value: '120.00',
    technician_ids: [tech.id],
  });
  const detail = await admin.get(`/api/v1/orders/${order.id}`);
  assert.ok(detail.number, JSON.stringify(detail));

  const page = await newPage(browser, { width: 1366 });
  try {
    await uiLogin(page, 'admin');
    // From the menu's "Informes" group.
    const reports = page.getByRole('navigation').getByRole('group', { name: 'Informes' });
    await reports.getByRole('link', { name: 'Informe de operaciones' }).click();
    await page.getByRole('heading', { level: 1, name: 'Informe de operaciones' }).waitFor();
    await page.getByTestId('operations-period').waitFor({ timeout: 20000 });

    // The headline counts the order just opened (and any the other stories opened).
    const opened = page.getByTestId('operations-total-opened');
    const count = Number((await opened.innerText()).replace(/\D/g, ''));
    assert.ok(count >= 1, `opened: ${await opened.innerText()}`);
    assert.equal(await opened.evaluate((e) => e.tagName), 'A', 'a figure with orders behind it is a link');
    // The period table and the technicians' workload are there too.
    await page.getByRole('table', { name: 'Órdenes por periodo' }).waitFor();
    await page.getByRole('table', { name: 'Carga y productividad por técnico' }).getByText('Tomás Técnico').waitFor();
    await page.getByRole('img', { name: 'Gráfico de órdenes abiertas y cerradas por periodo' }).waitFor();
    await shot(page, 'report-operations');

    // "Abiertas" → the orders opened in the report's range.
    await opened.click();
    await page.getByRole('heading', { level: 1, name: 'Órdenes abiertas' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/reports/operations/records');
    assert.equal(new URL(page.url()).searchParams.get('figure'), 'opened');
    const row = page.getByTestId(`record-order-${order.id}`);
    await row.waitFor();
    assert.match(await row.innerText(), /revisión de frenos/);
    const total = page.getByTestId('records-total');
    assert.equal(await total.innerText(), count === 1 ? '1 registro' : `${count.toLocaleString('es')} registros`);
    await shot(page, 'report-operations-records');

    // The order opens on its own page.
    await row.getByRole('link', { name: detail.number }).click();
    await page.getByRole('heading', { name: new RegExp(detail.number) }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/orders/${order.id}`);

    // Back, and back to the report with the same view.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Órdenes abiertas' }).waitFor();
    await page.getByTestId('records-back').click();
    await page.getByRole('heading', { level: 1, name: 'Informe de operaciones' }).waitFor();
    await page.getByTestId('operations-total-opened').waitFor();
  } finally {
    await page.context().close();
  }
});
