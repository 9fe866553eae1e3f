// CRM (issue 14, "Proof"): a seller moves an opportunity to negotiation on
// the pipeline board (the keyboard-reachable "Move to…" menu, the same move
// a drag makes) and an admin watching the board in another browser sees
// the card arrive in the negotiation column without a reload; the admin's
// dashboard funnel then shows the new figure for negotiation.
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
