// The master's working day, in the browser (issue 10): users — create one
// (with its invitation), change its role, deactivate it — then the audit page
// says who did what in Spanish sentences with names, filters by user, action
// and days, and shows every time on the company's clock even though this
// browser runs on another continent's (Tokyo, UTC+9, against the demo
// company's America/Caracas, UTC−4: bug 11).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { URL_BASE, launch, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const BROWSER_ZONE = 'Asia/Tokyo';

/** A desktop page whose browser clock is in `timezoneId`. */
async function officePage(timezoneId) {
  const context = await browser.newContext({
    baseURL: URL_BASE,
    viewport: { width: 1366, height: 900 },
    locale: 'es-VE',
    timezoneId,
  });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[pageerror]', err.message));
  return page;
}

/** "6:18": the hour and minute of an instant in `timeZone`, as Spanish screens write it. */
function clock(iso, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(iso),
  );
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${Number(get('hour'))}:${get('minute')}`;
}

/** `YYYY-MM-DD` of an instant in `timeZone`, shifted by `days`. */
function day(iso, timeZone, days = 0) {
  const d = new Date(new Date(iso).getTime() + days * 86400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

async function pick(page, label, option) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function assertNoEnglish(page, what) {
  const text = await page.evaluate(() => document.body.innerText);
  for (const english of ['Choose File', 'No file chosen', 'Loading...', 'Submit', 'Cancel', 'undefined', 'null']) {
    assert.ok(!text.includes(english), `${what} shows "${english}"`);
  }
  const keys = text.match(/\b(?:[a-z]+Area|orders|nav|common|roles)\.[a-zA-Z_.]+\b/g);
  assert.equal(keys, null, `${what} shows untranslated keys: ${keys}`);
}

test("the master's day: users and roles, then the audit log with names and filters", { timeout: 150000 }, async () => {
  const master = await restSession('master');
  const { time_zone: companyZone } = await (await fetch(`${URL_BASE}/api/v1/settings/time-zone`)).json();
  assert.notEqual(companyZone, BROWSER_ZONE);
  const stamp = Date.now().toString(36);
  const name = `Marta Jornada ${stamp}`;
  const email = `marta.${stamp}@faena.demo`;

  const page = await officePage(BROWSER_ZONE);
  try {
    await uiLogin(page, 'master');
    assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), BROWSER_ZONE);

    // Create a technician; the invitation goes out.
    await page.getByRole('link', { name: 'Usuarios', exact: true }).click();
    await page.getByRole('button', { name: 'Nuevo usuario' }).first().click();
    const form = page.locator('#new-user-form');
    await form.getByLabel('Nombre').fill(name);
    await form.getByLabel('Correo').fill(email);
    await form.getByLabel('Rol').selectOption('technician');
    await form.getByRole('button', { name: 'Crear y enviar invitación' }).click();
    await page.getByText(`Usuario creado. Enviamos la invitación a ${email}.`).waitFor();
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByRole('cell', { name: 'Técnico', exact: true }).waitFor();

    // Change the role to operator.
    await page.getByRole('button', { name: `Editar a ${name}` }).click();
    const edit = page.getByRole('dialog', { name: `Editar a ${name}` });
    await edit.getByLabel('Rol').selectOption('operator');
    await edit.getByRole('button', { name: 'Guardar' }).click();
    await row.getByRole('cell', { name: 'Operador', exact: true }).waitFor();

    // Deactivate, after confirming.
    await page.getByRole('button', { name: `Desactivar a ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: `¿Desactivar a ${name}?` });
    await confirm.getByRole('button', { name: 'Desactivar' }).click();
    await row.getByText('Inactivo', { exact: true }).waitFor();
    await shot(page, 'day-master-users');

    // Someone fails to sign in meanwhile: an entry with no actor.
    await fetch(`${URL_BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nadie@faena.demo', password: 'no-es-la-clave' }),
    });

    // The audit log: who did what, in sentences, with names.
    await page.getByRole('link', { name: 'Auditoría', exact: true }).click();
    await page.getByRole('heading', { name: 'Auditoría' }).waitFor();
    const table = page.getByTestId('audit-table');
    const created = table.getByRole('row').filter({ hasText: `Usuario Maestro creó el usuario ${name}.` });
    const roleChanged = table.getByRole('row').filter({ hasText: `Usuario Maestro cambió el rol de ${name}.` });
    const deactivated = table.getByRole('row').filter({ hasText: `Usuario Maestro desactivó al usuario ${name}.` });
    await created.getByText(`${email}, como Técnico`).waitFor();
    await roleChanged.getByText('De Técnico a Operador').waitFor();
    await deactivated.getByRole('cell', { name: 'Usuario Maestro', exact: true }).waitFor();
    await table
      .getByRole('row')
      .filter({ hasText: 'Inicio de sesión fallido con el correo nadie@faena.demo.' })
      .getByRole('cell', { name: 'Alguien sin sesión' })
      .waitFor();

    // Times on the company's clock, not the browser's.
    const [entry] = await master.get('/api/v1/audit?action=user_deactivated&limit=1');
    const text = await deactivated.innerText();
    assert.ok(text.includes(clock(entry.at, companyZone)), `${text} shows ${clock(entry.at, companyZone)} (${companyZone})`);
    assert.ok(!text.includes(clock(entry.at, BROWSER_ZONE)), `${text} must not show the browser's ${clock(entry.at, BROWSER_ZONE)}`);
    await assertNoEnglish(page, 'audit page');
    await shot(page, 'day-master-audit');

    // Filter by action: only role changes.
    await pick(page, 'Acción', 'Rol cambiado');
    await roleChanged.waitFor();
    await created.waitFor({ state: 'detached' });
    const actions = await table.getByRole('row').evaluateAll((rows) => rows.map((r) => r.dataset.action).filter(Boolean));
    assert.ok(actions.length > 0 && actions.every((a) => a === 'role_changed'), `only role changes: ${actions}`);

    // And by user: the master's role changes still show; another user's none.
    await pick(page, 'Usuario', 'Usuario Maestro');
    await roleChanged.waitFor();
    await pick(page, 'Usuario', 'Ana Administradora');
    await page.getByText('No hay registros con estos filtros.').waitFor();
    await page.getByRole('button', { name: 'Limpiar filtros' }).click();
    await created.waitFor();

    // By days of the company's calendar: today has the entries, tomorrow none.
    const today = day(entry.at, companyZone);
    await page.getByLabel('Desde').fill(today);
    await page.getByLabel('Hasta').fill(today);
    await deactivated.waitFor();
    await page.getByLabel('Desde').fill(day(entry.at, companyZone, 1));
    await page.getByLabel('Hasta').fill(day(entry.at, companyZone, 1));
    await page.getByText('No hay registros con estos filtros.').waitFor();
    await shot(page, 'day-master-audit-filtered');
  } finally {
    await page.context().close();
  }
});
