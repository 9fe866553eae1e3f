// (a) Each role logs in and sees only the navigation its role allows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, shot, uiLogin } from './lib.mjs';

const EXPECTED = {
  master: ['Inicio', 'Órdenes', 'Repuestos usados', 'Caja / Cobranzas', 'Presupuestos', 'Inventario', 'Para reponer', 'Órdenes de compra', 'Proveedores', 'Rendimiento de proveedores', 'Facturas', 'Cuentas por cobrar', 'Informe de ingresos', 'Informe de operaciones', 'Informe de repuestos y proveedores', 'Informe de ventas', 'Informe de calidad de servicio', 'Tickets', 'Cumplimiento SLA', 'Citas', 'Solicitudes de mantenimiento', 'Mantenimiento próximo', 'Encuestas', 'Clientes', 'Clientes en riesgo', 'CRM', 'Panel CRM', 'Catálogos', 'Configuración', 'Usuarios', 'Envíos fallidos', 'Auditoría', 'Mi perfil', 'Notificaciones', 'Cambiar contraseña'],
  admin: ['Inicio', 'Órdenes', 'Repuestos usados', 'Caja / Cobranzas', 'Presupuestos', 'Inventario', 'Para reponer', 'Órdenes de compra', 'Proveedores', 'Rendimiento de proveedores', 'Facturas', 'Cuentas por cobrar', 'Informe de ingresos', 'Informe de operaciones', 'Informe de repuestos y proveedores', 'Informe de ventas', 'Informe de calidad de servicio', 'Tickets', 'Cumplimiento SLA', 'Citas', 'Solicitudes de mantenimiento', 'Mantenimiento próximo', 'Encuestas', 'Clientes', 'Clientes en riesgo', 'CRM', 'Panel CRM', 'Catálogos', 'Configuración', 'Envíos fallidos', 'Mi perfil', 'Notificaciones', 'Cambiar contraseña'],
  operator: ['Inicio', 'Órdenes', 'Repuestos usados', 'Caja / Cobranzas', 'Presupuestos', 'Inventario', 'Para reponer', 'Órdenes de compra', 'Proveedores', 'Rendimiento de proveedores', 'Facturas', 'Cuentas por cobrar', 'Informe de ingresos', 'Informe de operaciones', 'Informe de repuestos y proveedores', 'Informe de ventas', 'Informe de calidad de servicio', 'Tickets', 'Cumplimiento SLA', 'Citas', 'Solicitudes de mantenimiento', 'Mantenimiento próximo', 'Encuestas', 'Clientes', 'Clientes en riesgo', 'CRM', 'Panel CRM', 'Catálogos', 'Mi perfil', 'Notificaciones', 'Cambiar contraseña'],
  seller: ['Inicio', 'Órdenes', 'Presupuestos', 'Inventario', 'Facturas', 'Cuentas por cobrar', 'Informe de ingresos', 'Informe de operaciones', 'Informe de ventas', 'Informe de calidad de servicio', 'Tickets', 'Citas', 'Solicitudes de mantenimiento', 'Mantenimiento próximo', 'Clientes', 'Clientes en riesgo', 'CRM', 'Panel CRM', 'Mi perfil', 'Notificaciones', 'Cambiar contraseña'],
  technician: ['Inicio', 'Mis órdenes', 'Inventario', 'Informe de operaciones', 'Tickets', 'Citas', 'Solicitudes de mantenimiento', 'Mi perfil', 'Notificaciones', 'Cambiar contraseña'],
  customer: ['Inicio', 'Órdenes', 'Presupuestos', 'Facturas', 'Estado de cuenta', 'Tickets', 'Citas', 'Solicitudes de mantenimiento', 'Mantenimiento próximo', 'Encuestas', 'Mi empresa', 'Documentos', 'Mi perfil', 'Notificaciones', 'Cambiar contraseña'],
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const [role, expected] of Object.entries(EXPECTED)) {
  test(`${role} sees only its navigation`, { timeout: 30000 }, async () => {
    const page = await newPage(browser);
    try {
      await uiLogin(page, role);
      const nav = page.getByRole('navigation', { name: 'Navegación principal' });
      await nav.getByRole('link').first().waitFor();
      const labels = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(labels, expected);
      await shot(page, `home-${role}`);
      // Every entry opens a page with a heading (no blank screens).
      for (const label of expected.slice(1)) {
        await nav.getByRole('link', { name: label, exact: true }).click();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        if (role === 'master') await shot(page, `master-${label.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase()}`);
      }
    } finally {
      await page.context().close();
    }
  });
}
