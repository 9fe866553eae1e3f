// (d) Password recovery through the e-mail written to the mail outbox.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MAIL_DIR, URL_BASE, launch, newPage, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function decodeQuotedPrintable(s) {
  const bytes = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function newestMailTo(address, since) {
  const files = readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => path.join(MAIL_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= since - 1000)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const f of files) {
    const raw = readFileSync(f, 'utf8');
    if (raw.includes(`To: ${address}`)) return decodeQuotedPrintable(raw);
  }
  return null;
}

test('a user recovers their password from the e-mailed link', { timeout: 60000 }, async () => {
  assert.ok(MAIL_DIR, 'FAENA_MAIL_DIR is set');
  const email = 'vendedor@faena.demo';
  const page = await newPage(browser, { mobile: true });
  const since = Date.now();
  await page.goto('/forgot-password');
  await page.getByLabel(/^Correo electrónico/).fill(email);
  await page.getByRole('button', { name: 'Enviar enlace' }).click();

  let mail = null;
  for (let i = 0; i < 50 && !mail; i++) {
    mail = newestMailTo(email, since);
    if (!mail) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(mail, 'the recovery e-mail was written');
  const link = mail.match(/https?:\/\/[^\s"<]+\/reset-password\?token=[^\s"<]+/)?.[0];
  assert.ok(link, 'the e-mail has a reset link');
  const target = new URL(link);
  await page.goto(`${URL_BASE}${target.pathname}${target.search}`);
  const newPassword = 'nueva-clave-e2e-2026';
  await page.getByLabel(/^Nueva contraseña/).fill(newPassword);
  await page.getByLabel(/^Confirmar nueva contraseña/).fill(newPassword);
  await page.getByRole('button', { name: 'Guardar contraseña' }).click();
  await page.getByText('Tu contraseña fue actualizada').waitFor();
  await shot(page, 'password-reset');

  await uiLogin(page, 'seller', newPassword);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await shot(page, 'seller-home-after-reset');
  // Put the demo password back so other tests (and reruns on the same data) still work.
  await page.evaluate(async (current) => {
    await fetch('/api/v1/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ current_password: current, new_password: 'vendedor2023' }),
    });
  }, newPassword);
  await page.context().close();
});
