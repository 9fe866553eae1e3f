// CRM (issue 14, "Proof"): a seller moves an opportunity to negotiation on
// the pipeline board (the keyboard-reachable "Move to…" menu, the same move
// a drag makes) and an admin watching the board in another browser sees
// the card arrive in the negotiation column without a reload; the admin's
// dashboard funnel then shows the new figure for negotiation. The
// directory's advanced search keeps its filters in the URL (a reload
// shows the same search); a portal contact downloads a shared document at
// 360 px. A quote made from an opportunity in proposal, once the customer
// approves it, marks the opportunity won on the page the office is looking at.
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

const column = (page, stage) => page.getByTestId(`crm-column-${stage}`);

test('a seller moves a deal to negotiation; the admin board and funnel follow live', { timeout: 120000 }, async () => {
  const seller = await restSession('seller');
  const admin = await restSession('admin');
  const customers = await seller.get('/api/v1/customers?limit=50');
  const customer = customers.items[0];
  const title = `E2E trato ${Date.now()}`;
  await seller.post('/api/v1/crm/opportunities', { title, customer_id: customer.id, value: '15000.00' });
  const before = await admin.get('/api/v1/crm/dashboard');
  const reachedBefore = Number(before.funnel.find((s) => s.stage === 'negotiation').reached);

  const office = await newPage(browser, { width: 1366 });
  const sales = await newPage(browser, { width: 1366 });
  try {
    await uiLogin(office, 'admin');
    await office.goto('/crm');
    await office.getByRole('heading', { level: 1, name: 'Embudo de ventas' }).waitFor();
    const card = (page, stage) => column(page, stage).locator(`[data-title="${title}"]`);
    await card(office, 'prospect').waitFor();
    await shot(office, 'crm-board-before');

    await uiLogin(sales, 'seller');
    await sales.goto('/crm');
    await card(sales, 'prospect').waitFor();
    await sales.getByRole('button', { name: `Mover ${title}` }).click();
    await sales.getByRole('menuitem', { name: 'Negociación' }).click();
    await card(sales, 'negotiation').waitFor();

    // The admin's board: no reload, the card moves to negotiation.
    await card(office, 'negotiation').waitFor({ timeout: 15000 });
    assert.equal(await card(office, 'prospect').count(), 0);
    await shot(office, 'crm-board-after');

    // The admin's dashboard funnel shows the new figure.
    await office.locator('label').filter({ hasText: /^Panel$/ }).click();
    await office.waitForURL(/\/crm\/dashboard$/);
    const cell = office.getByTestId('crm-funnel-negotiation-reached');
    await cell.waitFor();
    assert.equal(Number((await cell.innerText()).trim()), reachedBefore + 1);
    await shot(office, 'crm-dashboard');
  } finally {
    await office.context().close();
    await sales.context().close();
  }
});

test('a quote made from an opportunity in proposal wins it when the customer approves, live', { timeout: 150000 }, async () => {
  const admin = await restSession('admin');
  const customer = await restSession('customer');
  const me = await customer.get('/api/v1/auth/me');
  const title = `E2E presupuesto de oportunidad ${Date.now()}`;
  const o = await admin.post('/api/v1/crm/opportunities', { title, customer_id: me.customer_id, value: '8000.00' });
  for (const to of ['qualified', 'proposal']) await admin.post(`/api/v1/crm/opportunities/${o.id}/move`, { to });

  const office = await newPage(browser, { width: 1366 });
  try {
    await uiLogin(office, 'admin');
    await office.goto(`/crm/opportunities/${o.id}`);
    await office.getByRole('heading', { level: 1, name: title }).waitFor();
    await office.getByText('Todavía no hay presupuestos para esta oportunidad.').waitFor();
    // "Desde una oportunidad en propuesta, crear presupuesto."
    await office.getByRole('link', { name: 'Crear presupuesto' }).click();
    await office.waitForURL(/\/quotes\/new\?opportunity_id=/);
    await office.getByText('Para la oportunidad del CRM').waitFor();
    const line = office.getByTestId('quote-line').first();
    await line.getByLabel('Descripción').fill('Reparación de transmisión');
    await line.getByLabel('Cantidad').fill('1');
    await line.getByLabel('Precio unitario').fill('8000');
    await office.getByRole('button', { name: 'Guardar' }).click();
    await office.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
    const quoteId = office.url().split('/').pop();
    await office.getByRole('button', { name: 'Enviar al cliente' }).click();
    await office.getByTestId('quote-state').filter({ hasText: 'Enviado' }).first().waitFor();

    // Back on the opportunity: the quote is listed, the stage is proposal.
    await office.goto(`/crm/opportunities/${o.id}`);
    await office.getByTestId('crm-stage').filter({ hasText: 'Propuesta' }).waitFor();
    await office.getByTestId('quote-state').filter({ hasText: 'Enviado' }).waitFor();
    await shot(office, 'crm-opportunity-quote-sent');

    // The customer approves; the page, never reloaded, shows the deal won.
    const url = office.url();
    await customer.post(`/api/v1/quotes/${quoteId}/answer`, { answer: 'approve' });
    await office.getByTestId('crm-stage').filter({ hasText: 'Ganada' }).waitFor({ timeout: 15000 });
    await office.getByTestId('quote-state').filter({ hasText: 'Aprobado' }).waitFor({ timeout: 15000 });
    assert.equal(office.url(), url);
    // The stage history records the move.
    await office.getByText('De Propuesta a Ganada').waitFor();
    await shot(office, 'crm-opportunity-won-by-quote');
  } finally {
    await office.context().close();
  }
});

test('the board is usable at 360 px for a seller', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { mobile: true, width: 360 });
  try {
    await uiLogin(page, 'seller');
    await page.goto('/crm');
    await page.getByRole('heading', { level: 1, name: 'Embudo de ventas' }).waitFor();
    await column(page, 'prospect').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no page-wide horizontal scroll (the board scrolls inside its area)');
    await shot(page, 'crm-board-360');
  } finally {
    await page.context().close();
  }
});

test('the directory combines city and open orders, kept in the URL', { timeout: 90000 }, async () => {
  const admin = await restSession('admin');
  const stamp = Date.now();
  const city = `Ciudad${stamp}`;
  const name = `E2E Ciudad ${stamp}`;
  const customer = await admin.post('/api/v1/customers', { name, tax_id: rif(stamp % 90000000), city });
  await admin.post('/api/v1/customers', { name: `${name} sin orden`, tax_id: rif((stamp + 1) % 90000000), city });
  await admin.post('/api/v1/orders', {
    customer_id: customer.id,
    reason: 'Revisión',
    service_value: '100',
    technician_ids: [],
  });
  const page = await newPage(browser, { width: 1366 });
  try {
    await uiLogin(page, 'admin');
    await page.goto('/customers');
    await page.getByRole('heading', { level: 1, name: 'Clientes' }).waitFor();
    await page.getByRole('textbox', { name: 'Ciudad' }).fill(city.toUpperCase());
    await page.waitForURL((u) => u.searchParams.get('city') === city.toUpperCase());
    await page.getByRole('link', { name: `${name} sin orden` }).waitFor();
    await page.getByRole('textbox', { name: 'Órdenes abiertas' }).click();
    await page.getByRole('option', { name: 'Con órdenes abiertas' }).click();
    await page.waitForURL((u) => u.searchParams.get('has_open_orders') === 'true');
    await page.getByRole('link', { name: `${name} sin orden` }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name, exact: true }).waitFor();
    // A reload (or a shared link) shows the same search.
    await page.reload();
    await page.getByRole('link', { name, exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: `${name} sin orden` }).count(), 0);
    await shot(page, 'crm-directory-filters');
  } finally {
    await page.context().close();
  }
});

test('a portal contact downloads a shared document at 360 px', { timeout: 60000 }, async () => {
  const admin = await restSession('admin');
  const customer = await restSession('customer');
  const me = await customer.get('/api/v1/auth/me');
  const company = me.customer_id ?? me.user?.customer_id;
  const fileName = `manual-${Date.now()}.pdf`;
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('%PDF-1.4\n% manual\n')]), fileName);
  await admin.post(`/api/v1/customers/${company}/documents?shared=true`, form);
  const hidden = new FormData();
  hidden.append('file', new Blob([Buffer.from('interno')]), `interno-${Date.now()}.txt`);
  await admin.post(`/api/v1/customers/${company}/documents`, hidden);

  const page = await newPage(browser, { mobile: true, width: 360 });
  try {
    await uiLogin(page, 'customer');
    await page.goto('/documents');
    await page.getByRole('heading', { level: 1, name: 'Documentos' }).waitFor();
    const link = page.getByRole('link', { name: fileName });
    await link.waitFor();
    assert.equal(await page.getByText(/^interno-/).count(), 0, 'internal documents stay hidden');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no horizontal scroll at 360 px');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), fileName);
    await shot(page, 'crm-portal-documents-360');
  } finally {
    await page.context().close();
  }
});
