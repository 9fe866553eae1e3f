// Management reports (issue 17): the sales, service quality and parts
// reports. An admin opens each from the menu, sees a figure, drills into
// it and sees the records behind it; a seller opening the parts report
// gets the no-permission view; a technician on a 360 px phone opening the
// operations report sees only their own figures, and the page does not
// scroll sideways.
//
// What the demo (`faena demo`) gives: four opportunities created at load
// (sales: "Creadas"), catalog items counted in (parts: "Valor del
// inventario", today's stock); no tickets and no orders — the stories
// open a ticket and an order through the API first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { URL_BASE, launch, newPage, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens a report from the menu's "Informes" group and waits for its figures. */
async function openReport(page, name, periodTestId) {
  const reports = page.getByRole('navigation').getByRole('group', { name: 'Informes' });
  await reports.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByTestId(periodTestId).waitFor({ timeout: 20000 });
}

/** The number a figure shows ("4", "1.234,50 US$" → 1234.5). */
async function figure(locator) {
  const text = (await locator.innerText()).replace(/[^\d,.-]/g, '').replace(/\./g, '').replace(',', '.');
  return Number(text);
}

test('an admin drills into the sales, quality and parts reports', { timeout: 150000 }, async () => {
  // A ticket opened now by the customer contact: the quality report counts it.
  const customer = await restSession('customer');
  const ticket = await customer.post('/api/v1/tickets', {
    type: 'technical_support',
    subject: 'E2E informe de calidad: la máquina no arranca',
    description: 'Desde esta mañana',
  });
  assert.ok(ticket.id, JSON.stringify(ticket));

  const page = await newPage(browser, { width: 1366 });
  try {
    await uiLogin(page, 'admin');

    // Sales: the demo's opportunities, created at load.
    await openReport(page, 'Informe de ventas', 'sales-period');
    const created = page.getByTestId('sales-total-created');
    const createdCount = await figure(created);
    assert.ok(createdCount >= 4, `created: ${await created.innerText()}`);
    await page.getByRole('table', { name: 'Embudo de ventas' }).waitFor();
    await page.getByRole('img', { name: 'Gráfico de oportunidades creadas, ganadas y perdidas por periodo' }).waitFor();
    await shot(page, 'report-sales');
    await created.click();
    await page.getByRole('heading', { level: 1, name: 'Oportunidades creadas' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/reports/sales/records');
    const deals = page.getByRole('table', { name: 'Registros' });
    await deals.getByText('Contrato de mantenimiento de flota').waitFor();
    assert.ok((await page.locator('[data-testid^="record-opportunity-"]').count()) >= 4);
    await shot(page, 'report-sales-records');

    // Service quality: the ticket just opened.
    await openReport(page, 'Informe de calidad de servicio', 'quality-period');
    const opened = page.getByTestId('quality-total-tickets_opened');
    assert.ok((await figure(opened)) >= 1, `tickets opened: ${await opened.innerText()}`);
    await page.getByRole('img', { name: 'Gráfico de tickets abiertos y cerrados por periodo' }).waitFor();
    await page.getByRole('table', { name: 'Calidad de servicio por periodo' }).waitFor();
    await shot(page, 'report-quality');
    await opened.click();
    await page.getByRole('heading', { level: 1, name: 'Tickets abiertos' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/reports/quality/records');
    const row = page.getByTestId(`record-ticket-${ticket.id}`);
    await row.waitFor();
    assert.match(await row.innerText(), /la máquina no arranca/);
    await shot(page, 'report-quality-records');

    // Parts and suppliers: today's stock, valued.
    await openReport(page, 'Informe de repuestos y proveedores', 'parts-period');
    const stock = page.getByTestId('parts-total-stock');
    assert.ok((await figure(stock)) > 0, `stock value: ${await stock.innerText()}`);
    await page.getByRole('region', { name: 'Ranking de proveedores' }).waitFor();
    await shot(page, 'report-parts');
    await stock.click();
    await page.getByRole('heading', { level: 1, name: 'Inventario valorizado' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/reports/parts/records');
    await page.getByTestId('records-filters').getByText('Hoy (no depende del periodo del informe)').waitFor();
    const items = page.getByRole('table', { name: 'Registros' });
    // The demo catalog's fuel filter, counted in at load.
    await items.getByRole('link', { name: 'FLT-1R0750' }).waitFor();
    assert.ok((await page.locator('[data-testid^="record-item-"]').count()) >= 5);
    await shot(page, 'report-parts-records');
  } finally {
    await page.context().close();
  }
});

test('a seller opening the parts report gets the no-permission view', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { width: 1280 });
  try {
    await uiLogin(page, 'seller');
    const reports = page.getByRole('navigation').getByRole('group', { name: 'Informes' });
    await reports.getByRole('link', { name: 'Informe de ventas' }).waitFor();
    assert.equal(await reports.getByRole('link', { name: 'Informe de repuestos y proveedores' }).count(), 0, 'not in their menu');

    await page.goto('/reports/parts');
    await page.getByRole('heading', { level: 1, name: 'Informe de repuestos y proveedores' }).waitFor();
    await page.getByRole('alert').getByText('No tienes permiso para realizar esta acción.').waitFor();
    assert.equal(await page.getByRole('search', { name: 'Filtros del informe' }).count(), 0);
    assert.equal(await page.getByTestId('parts-period').count(), 0);
    await shot(page, 'report-parts-seller');
  } finally {
    await page.context().close();
  }
});

test('a technician on a phone sees only their own operations figures, without sideways scrolling', { timeout: 90000 }, async () => {
  const admin = await restSession('admin');
  const me = await (await restSession('technician')).get('/api/v1/auth/me');
  const customers = await admin.get('/api/v1/customers?q=Minera&limit=5');
  // An order of theirs, and one of nobody's: only theirs counts for them.
  await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E informe en el teléfono: cambio de aceite',
    service_value: '80.00',
    technician_ids: [me.id],
  });
  await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E informe en el teléfono: orden sin técnico',
    service_value: '80.00',
  });
  const everything = await admin.get('/api/v1/reports/operations');
  const theirs = await (await restSession('technician')).get('/api/v1/reports/operations');
  assert.ok(theirs.opened < everything.opened, `theirs ${theirs.opened}, all ${everything.opened}`);

  const context = await browser.newContext({
    baseURL: URL_BASE,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'es-VE',
  });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[pageerror]', err.message));
  try {
    await uiLogin(page, 'technician');
    await page.goto('/reports/operations');
    await page.getByRole('heading', { level: 1, name: 'Informe de operaciones' }).waitFor();
    await page.getByTestId('operations-period').waitFor({ timeout: 20000 });
    await page.getByText(/Solo ves tus propias cifras\./).waitFor();

    // Their figures: the orders assigned to them, and only them in the technicians' table.
    const opened = page.getByTestId('operations-total-opened');
    assert.equal(Number((await opened.innerText()).replace(/\D/g, '')), theirs.opened);
    const techs = page.getByRole('table', { name: 'Carga y productividad por técnico' });
    await techs.getByText(me.name).waitFor();
    assert.equal(await techs.locator('tbody tr').count(), 1);
    // No technician, seller or customer to choose.
    const filters = page.getByRole('search', { name: 'Filtros del informe' });
    assert.equal(await filters.getByRole('textbox', { name: 'Técnico' }).count(), 0);
    assert.equal(await filters.getByRole('textbox', { name: 'Cliente' }).count(), 0);

    await page.waitForLoadState('networkidle').catch(() => {});
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide at 360 px`);
    await shot(page, 'report-operations-technician-phone');
  } finally {
    await context.close();
  }
});
