// Management reports (issue 17): "an admin opens the revenue report,
// changes the period, clicks a bar and lands on the invoices behind it;
// downloads the XLSX and the test opens it and checks a number cell and a
// date cell."
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, restSession, shot, uiLogin } from './lib.mjs';
import { readFirstSheet } from './xlsx.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A day in the company's zone, `YYYY-MM-DD`, `offset` days from today. */
function day(timeZone, offset = 0) {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return fmt.format(new Date(Date.now() + offset * 86400000));
}

test('the revenue report: a new period, a bar down to its invoices, and a typed XLSX', { timeout: 150000 }, async () => {
  const admin = await restSession('admin');
  const { time_zone: tz } = await admin.get('/api/v1/settings/time-zone');
  const me = await (await restSession('customer')).get('/api/v1/auth/me');
  // An invoice issued today for 1,234.50 (exempt).
  const draft = await admin.post('/api/v1/invoices', {
    customer_id: me.customer_id,
    lines: [{ kind: 'service', description: 'Overhaul de motor E2E', quantity: '1', unit_price: '1234.50', tax_exempt: true }],
  });
  const issued = await admin.post(`/api/v1/invoices/${draft.invoice.id}/issue`, {});
  const number = issued.invoice?.number ?? issued.number;
  assert.ok(number, JSON.stringify(issued));
  const today = day(tz);
  const from = day(tz, -20);

  const page = await newPage(browser, { width: 1366 });
  try {
    await uiLogin(page, 'admin');
    await page.getByRole('link', { name: 'Informe de ingresos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Informe de ingresos' }).waitFor();

    // Three weeks, so by day: the period as a shared link carries it.
    await page.goto(`/reports/revenue?from=${from}&to=${today}`);
    const filters = page.getByRole('search', { name: 'Filtros del informe' });
    assert.equal(await filters.getByLabel('Desde').inputValue(), from);
    await page.getByTestId('revenue-period').getByText(/por día/).waitFor({ timeout: 20000 });
    await shot(page, 'revenue-report');

    // Today's "Facturado" bar leads to today's invoices.
    await page.getByTestId(`revenue-bar-net-${today}`).click();
    await page.waitForFunction(() => window.location.pathname === '/billing/invoices');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('issued_from'), today);
    assert.equal(url.searchParams.get('issued_to'), today);
    await page.getByTestId(`invoice-${number}`).waitFor();
    await shot(page, 'revenue-drilldown');

    // Back to the report: the XLSX has real date and number cells.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Informe de ingresos' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Descargar XLSX' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'ingresos.xlsx');
    const chunks = [];
    for await (const c of await file.createReadStream()) chunks.push(c);
    const cells = readFirstSheet(Buffer.concat(chunks));
    assert.deepEqual(cells.A1, { kind: 'text', value: 'Desde' });
    assert.deepEqual(cells.A2, { kind: 'date', value: from });
    // Row 22 is today (21 days from row 2); its invoiced amount a number.
    assert.deepEqual(cells.A22, { kind: 'date', value: today });
    assert.equal(cells.C22.kind, 'number');
    assert.ok(cells.C22.value >= 1234.5, JSON.stringify(cells.C22));
  } finally {
    await page.context().close();
  }
});

test('live: an invoice issued elsewhere moves the open revenue report without a reload', { timeout: 90000 }, async () => {
  const admin = await restSession('admin');
  const { time_zone: tz } = await admin.get('/api/v1/settings/time-zone');
  const me = await (await restSession('customer')).get('/api/v1/auth/me');
  const today = day(tz);
  const page = await newPage(browser, { width: 1366 });
  try {
    await uiLogin(page, 'admin');
    await page.goto(`/reports/revenue?from=${today}&to=${today}`);
    const invoiced = page.getByTestId('revenue-total-invoiced');
    await invoiced.waitFor({ timeout: 20000 });
    const before = await invoiced.textContent();
    // Someone else issues an invoice of 4,321.00 for today.
    const draft = await admin.post('/api/v1/invoices', {
      customer_id: me.customer_id,
      lines: [{ kind: 'service', description: 'Informe en vivo E2E', quantity: '1', unit_price: '4321.00', tax_exempt: true }],
    });
    await admin.post(`/api/v1/invoices/${draft.invoice.id}/issue`, {});
    // The same page, no reload: the figure moves.
    await page.waitForFunction(
      (old) => document.querySelector('[data-testid="revenue-total-invoiced"]')?.textContent !== old,
      before,
      { timeout: 20000 },
    );
    assert.notEqual(await invoiced.textContent(), before);
  } finally {
    await page.context().close();
  }
});
