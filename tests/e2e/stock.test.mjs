// Stock that moves live as technicians work (issue 15, "Proof"): a
// technician on a 360 px phone picks a catalog part for their order, sees
// how many are available, and takes the last unit; in another browser the
// office's "to reorder" page shows the item, with its suggested quantity,
// without a reload. Then the technician adds one more "to order" (not
// enough is available): it appears in the office's "Por pedir" list without
// a reload, and a purchase order receipt reserves it for the order, which
// leaves the list live.
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

async function phonePage() {
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
  return page;
}

async function assertNoSideScroll(page, what) {
  await page.waitForLoadState('networkidle').catch(() => {});
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${what}: the page is ${width} px wide at 360 px`);
}

test('a technician takes the last unit on a phone and the office sees it to reorder, live', { timeout: 120000 }, async () => {
  const admin = await restSession('admin');
  const me = await (await restSession('technician')).get('/api/v1/auth/me');
  // An item with one unit on the shelf and a minimum of one: fine until taken.
  const sku = `E2E-SELLO-${Date.now().toString(36).toUpperCase()}`;
  const item = await admin.post('/api/v1/stock/items', {
    sku,
    description: 'Kit de sellos E2E',
    unit: 'kit',
    sale_price: '215.00',
    warranty_days: 180,
    minimum: '1',
    maximum: '4',
    reorder_multiple: '1',
  });
  await admin.post(`/api/v1/stock/items/${item.id}/moves`, { kind: 'initial_count', quantity: '1' });
  const customers = await admin.get('/api/v1/customers?q=Minera&limit=5');
  const order = await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E inventario: cambio de sellos del cilindro',
    service_value: '100.00',
    technician_ids: [me.id],
  });

  const office = await newPage(browser, { width: 1366 });
  const phone = await phonePage();
  try {
    // The office watches the reorder list: the item is not on it.
    await uiLogin(office, 'admin');
    await office.goto('/stock/reorder');
    await office.getByRole('heading', { level: 1, name: 'Para reponer' }).waitFor();
    await office.waitForLoadState('networkidle').catch(() => {});
    assert.equal(await office.locator(`tr[data-sku="${sku}"]`).count(), 0, 'not on the list yet');

    // The technician picks the part from the catalog on their phone.
    await uiLogin(phone, 'technician');
    await phone.goto(`/orders/${order.id}`);
    await phone.getByText('Del inventario', { exact: true }).click();
    await phone.getByRole('textbox', { name: 'Buscar repuesto' }).fill(sku);
    const result = phone.getByRole('listitem', { name: `Elegir ${sku}` });
    await result.getByText('Disponible: 1').waitFor();
    await assertNoSideScroll(phone, 'part picker');
    await shot(phone, 'stock-picker-phone');
    await result.click();
    const form = phone.getByRole('form', { name: 'Agregar repuesto' });
    await form.getByTestId('chosen-available').getByText('Disponible: 1').waitFor();
    await form.getByLabel('Cantidad').fill('1');
    await form.getByRole('button', { name: 'Agregar repuesto' }).click();
    await phone.getByText('Repuesto agregado y reservado.').waitFor();
    await phone.getByRole('article', { name: `${sku} · Kit de sellos E2E` }).waitFor();
    await assertNoSideScroll(phone, 'order with a catalog part');

    // The office's list shows it without a reload: 0 projected, 4 suggested.
    const row = office.locator(`tr[data-sku="${sku}"]`);
    await row.waitFor({ timeout: 15000 });
    assert.equal((await row.getByTestId('suggested').innerText()).trim(), '4');
    await shot(office, 'stock-reorder-live');

    // And the server agrees: reserved, nothing available.
    const availability = await admin.get(`/api/v1/stock/items/${item.id}/availability`);
    assert.equal(availability.available, '0');
    assert.equal(availability.reserved, '1');
    assert.equal(availability.below_minimum, true);

    // None left: the picker offers to add it "to order" (a backorder). The
    // catalog picker stays open after the first part.
    const search = phone.getByRole('textbox', { name: 'Buscar repuesto' });
    if (!(await search.isVisible())) await phone.getByText('Del inventario', { exact: true }).first().click();
    await search.fill(sku);
    const again = phone.getByRole('listitem', { name: `Elegir ${sku}` });
    await again.getByText('Sin stock').waitFor();
    await again.click();
    const form2 = phone.getByRole('form', { name: 'Agregar repuesto' });
    await form2.getByLabel('Cantidad').fill('2');
    await form2.getByText('Solo hay 0 disponible.').waitFor();
    await form2.getByLabel('Agregar como «por pedir» (no hay suficiente disponible)').check();
    await assertNoSideScroll(phone, 'picker offering "to order"');
    await form2.getByRole('button', { name: 'Agregar repuesto' }).click();
    await phone.getByText('Repuesto agregado como «por pedir».').waitFor();

    // Purchasing's "Por pedir" shows it without a reload, with its order.
    const backorders = office.getByRole('table', { name: 'Por pedir' });
    const waiting = backorders.locator(`tr[data-sku="${sku}"]`);
    await waiting.waitFor({ timeout: 15000 });
    await waiting.getByRole('link', { name: order.number }).waitFor();
    await waiting.getByText(me.name).waitFor();
    // It is demand: the suggestion now covers it (up to 4 from −2).
    await office.getByRole('table', { name: 'Para reponer' }).locator(`tr[data-sku="${sku}"]`).getByTestId('suggested').getByText('6').waitFor();
    await shot(office, 'stock-backorders-live');

    // A purchase order for it is sent and received: the backorder is
    // reserved for the order in the receipt and leaves the list, live.
    const suppliers = await admin.get('/api/v1/suppliers?limit=1');
    const po = await admin.post('/api/v1/purchase-orders', {
      supplier_id: suppliers.items[0].id,
      lines: [{ item_id: item.id, quantity: '6', unit_cost: '150.00' }],
    });
    await admin.post(`/api/v1/purchase-orders/${po.order.id}/send`, {});
    await admin.post(`/api/v1/purchase-orders/${po.order.id}/receive`, { lines: [{ line_id: po.lines[0].id, quantity: '6' }] });
    await waiting.waitFor({ state: 'detached', timeout: 15000 });
    const detail = await admin.get(`/api/v1/orders/${order.id}`);
    assert.deepEqual(
      detail.parts.map((p) => p.stock_status),
      ['reserved', 'reserved'],
    );
    const filled = await admin.get(`/api/v1/stock/items/${item.id}/availability`);
    assert.equal(filled.reserved, '3');
    assert.equal(filled.backordered, '0');
  } finally {
    await office.context().close();
    await phone.context().close();
  }
});
