//! Printouts, as self-contained HTML print views: the service ticket with its
//! QR code, the receipt of a payment and the final report of an order.
//!
//! Each page carries its own `@page` CSS for an 80 mm thermal roll or an A4
//! sheet ([`PrintFormat`]), so the browser's print dialog does the rest; no
//! PDF engine, nothing downloaded. Templates are plain `format!` strings and
//! every value from the database goes through [`escape`]. The QR code is an
//! inline SVG made by the `qrcode` crate, linking to the order's public page
//! `{public_url}/o/{qr_token}`.
//!
//! Nothing printed is a fiscal document ("ESTE SISTEMA NO EMITE DOCUMENTOS
//! FISCALES"), and every page says so ([`NON_FISCAL`]).
//!
//! Who may print what: whoever may see the order
//! ([`Services::may_access_order`]) gets its ticket, its receipts and its
//! report — customer contacts included, but their report leaves out internal
//! events, parts not shown to the customer and deleted payments.

use std::fmt::Write as _;

use chrono::NaiveDate;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Deserialize;

use super::{Principal, Services};
use crate::domain::money::currency_scale;
use crate::domain::{Money, OrderId, PaymentId, Quantity, Timestamp, Visibility};
use crate::error::{AppError, AppResult, Context};
use crate::store::Conn;
use crate::store::orders::{OrderEvent, OrderPart, OrderPhoto};
use crate::store::payments::{Balance, OrderHead, Payment, line_total};
use crate::store::settings::CompanySettings;

/// The line every printout carries.
pub const NON_FISCAL: &str = "Documento no fiscal / Not a fiscal document";

/// Where the company logo is served (printed when one is uploaded).
pub const LOGO_PATH: &str = "/api/v1/settings/logo";

/// Paper size of a print view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub enum PrintFormat {
    /// An 80 mm thermal roll (72 mm printable).
    #[serde(rename = "80mm")]
    Thermal80,
    /// An A4 sheet.
    #[serde(rename = "a4")]
    A4,
}

impl PrintFormat {
    fn class(self) -> &'static str {
        match self {
            PrintFormat::Thermal80 => "f80",
            PrintFormat::A4 => "a4",
        }
    }

    fn css(self) -> &'static str {
        match self {
            PrintFormat::Thermal80 => {
                "@page { size: 80mm auto; margin: 4mm; }
body { width: 72mm; font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 11px; }
.qr svg { width: 38mm; height: 38mm; }
.logo { max-width: 40mm; max-height: 20mm; }
table { font-size: 10px; }"
            }
            PrintFormat::A4 => {
                "@page { size: A4; margin: 15mm; }
body { max-width: 180mm; font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; font-size: 11pt; }
.qr svg { width: 40mm; height: 40mm; }
.logo { max-width: 60mm; max-height: 25mm; }"
            }
        }
    }
}

const BASE_CSS: &str = "* { box-sizing: border-box; }
body { margin: 0 auto; color: #000; line-height: 1.35; }
@media screen { body { margin: 1em auto; padding: 0 1em; } }
header.company { text-align: center; border-bottom: 1px solid #000; padding-bottom: .4em; margin-bottom: .6em; }
header.company h1 { font-size: 1.3em; margin: .2em 0; }
header.company p { margin: .1em 0; }
h2 { font-size: 1.15em; text-align: center; margin: .4em 0; }
h3 { font-size: 1em; margin: .8em 0 .3em; border-bottom: 1px solid #000; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15em .6em; margin: .3em 0; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: .3em 0; }
th, td { border-bottom: 1px solid #999; padding: .15em .3em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
.amount { font-size: 1.4em; font-weight: bold; text-align: center; margin: .5em 0; }
.terms { font-size: .85em; white-space: pre-wrap; overflow-wrap: anywhere; }
.signature { margin-top: 3em; text-align: center; }
.signature .line { border-top: 1px solid #000; width: 80%; margin: 0 auto .3em; }
.qr { text-align: center; margin-top: 1em; }
.qr p { font-size: .85em; overflow-wrap: anywhere; margin: .2em 0; }
.void { border: 2px solid #000; text-align: center; font-weight: bold; font-size: 1.3em; padding: .2em; margin: .5em 0; }
.internal { font-style: italic; }
tr.deleted td { text-decoration: line-through; }
footer.nonfiscal { margin-top: 1em; border-top: 1px dashed #000; padding-top: .3em; text-align: center; font-weight: bold; }
.totals td { border: 0; }
.totals tr.grand td { border-top: 1px solid #000; font-weight: bold; }";

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The QR code of `data` as an inline `<svg>` element (no XML prolog, which
/// has no place inside HTML). It scales with CSS through its `viewBox`.
pub fn qr_svg(data: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)?;
    let image = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    Ok(match image.find("<svg") {
        Some(start) => image[start..].to_string(),
        None => image,
    })
}

/// How values are shown: the company's currency and time zone.
struct Show {
    currency: String,
    scale: u32,
    tz: chrono_tz::Tz,
}

impl Show {
    fn new(settings: &CompanySettings) -> Show {
        Show {
            currency: settings.currency.clone(),
            scale: currency_scale(&settings.currency),
            tz: settings.time_zone.parse().unwrap_or(chrono_tz::UTC),
        }
    }

    /// `USD 1250.50`: always the currency's decimals.
    fn money(&self, m: Money) -> String {
        let mut value = m.0.round_dp(self.scale);
        value.rescale(self.scale);
        format!("{} {value}", escape(&self.currency))
    }

    fn time(&self, t: Timestamp) -> String {
        t.as_datetime()
            .with_timezone(&self.tz)
            .format("%d/%m/%Y %H:%M")
            .to_string()
    }

    fn date(&self, d: NaiveDate) -> String {
        d.format("%d/%m/%Y").to_string()
    }
}

fn quantity(q: Quantity) -> String {
    q.0.normalize().to_string()
}

/// A complete HTML document around `body`.
fn page(title: &str, format: PrintFormat, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{base}\n{paper}\n</style>\n</head>\n\
         <body class=\"{class}\">\n{body}\n<footer class=\"nonfiscal\">{nonfiscal}</footer>\n</body>\n</html>\n",
        title = escape(title),
        base = BASE_CSS,
        paper = format.css(),
        class = format.class(),
        nonfiscal = escape(NON_FISCAL),
    )
}

/// The company block: logo (when uploaded), name, address, phone, e-mail.
fn company_header(s: &CompanySettings) -> String {
    let mut out = String::from("<header class=\"company\">\n");
    if s.logo_path.is_some() {
        let _ = writeln!(
            out,
            "<img class=\"logo\" src=\"{LOGO_PATH}\" alt=\"{}\">",
            escape(&s.company_name)
        );
    }
    let _ = writeln!(out, "<h1>{}</h1>", escape(&s.company_name));
    if !s.address.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(&s.address));
    }
    let contact: Vec<String> = [
        (!s.phone.is_empty()).then(|| format!("Tel. {}", escape(&s.phone))),
        (!s.email.is_empty()).then(|| escape(&s.email)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !contact.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", contact.join(" · "));
    }
    out.push_str("</header>\n");
    out
}

/// `<dt>label</dt><dd>value</dd>`; `value` must already be HTML.
fn row(out: &mut String, label: &str, value_html: &str) {
    let _ = writeln!(out, "<dt>{}</dt><dd>{value_html}</dd>", escape(label));
}

fn equipment(o: &OrderHead) -> Option<String> {
    let parts: Vec<String> = [
        o.equipment_brand.clone(),
        o.equipment_model.clone(),
        o.equipment_serial.as_ref().map(|s| format!("S/N {s}")),
        o.equipment_year.map(|y| y.to_string()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The customer and order block shared by the ticket and the report.
fn order_details(out: &mut String, o: &OrderHead, technicians: &[String], show: &Show) {
    out.push_str("<dl>\n");
    row(out, "Orden", &escape(&o.number));
    row(out, "Fecha de recepción", &show.time(o.received_at));
    if let Some(promised) = o.promised_at {
        row(out, "Fecha prometida", &show.time(promised));
    }
    row(out, "Cliente", &escape(&o.customer_name));
    row(out, "RIF / RUT / NIT", &escape(&o.customer_tax_id));
    if !o.customer_phone.is_empty() {
        row(out, "Teléfono", &escape(&o.customer_phone));
    }
    if !o.customer_address.is_empty() {
        row(out, "Dirección", &escape(&o.customer_address));
    }
    if let Some(eq) = equipment(o) {
        row(out, "Equipo", &escape(&eq));
    }
    row(out, "Motivo", &escape(&o.reason));
    if !technicians.is_empty() {
        row(out, "Técnico(s)", &escape(&technicians.join(", ")));
    }
    row(out, "Valor del servicio", &show.money(o.service_value));
    row(out, "Recibida por", &escape(&o.created_by_name));
    out.push_str("</dl>\n");
}

/// The service ticket the customer signs when leaving the machine.
pub fn render_ticket(
    settings: &CompanySettings,
    order: &OrderHead,
    technicians: &[String],
    public_link: &str,
    qr: &str,
    format: PrintFormat,
) -> String {
    let show = Show::new(settings);
    let mut body = company_header(settings);
    let _ = writeln!(body, "<h2>Orden de servicio {}</h2>", escape(&order.number));
    order_details(&mut body, order, technicians, &show);
    if !settings.terms.trim().is_empty() {
        let _ = writeln!(
            body,
            "<h3>Términos y condiciones</h3>\n<div class=\"terms\">{}</div>",
            escape(settings.terms.trim())
        );
    }
    let _ = writeln!(
        body,
        "<section class=\"signature\">\n<div class=\"line\"></div>\n\
         <p>Firma del cliente / Customer signature</p>\n\
         <p>Nombre y documento: ______________________</p>\n</section>"
    );
    let _ = writeln!(
        body,
        "<section class=\"qr\">\n{qr}\n<p>Siga su orden en línea / Track your order:</p>\n\
         <p><a href=\"{link}\">{link}</a></p>\n</section>",
        link = escape(public_link),
    );
    page(
        &format!("Orden de servicio {}", order.number),
        format,
        &body,
    )
}

/// The receipt of one payment (advance or payment on account).
pub fn render_receipt(
    settings: &CompanySettings,
    payment: &Payment,
    balance: &Balance,
    format: PrintFormat,
) -> String {
    let show = Show::new(settings);
    let mut body = company_header(settings);
    let _ = writeln!(
        body,
        "<h2>Recibo de pago / Payment receipt<br>{}</h2>",
        escape(&payment.number)
    );
    if payment.deleted_at.is_some() {
        let _ = writeln!(body, "<div class=\"void\">ANULADO / VOID</div>");
    }
    let _ = writeln!(
        body,
        "<div class=\"amount\">{}</div>",
        show.money(payment.amount)
    );
    body.push_str("<dl>\n");
    row(&mut body, "Fecha de pago", &show.date(payment.paid_on));
    row(&mut body, "Orden", &escape(&payment.order_number));
    row(&mut body, "Cliente", &escape(&payment.customer_name));
    row(&mut body, "Forma de pago", &escape(&payment.method_name));
    if !payment.reference.is_empty() {
        row(
            &mut body,
            "Referencia / cuenta",
            &escape(&payment.reference),
        );
    }
    row(
        &mut body,
        "Registrado por",
        &escape(&payment.registered_by_name),
    );
    row(&mut body, "Registrado el", &show.time(payment.created_at));
    if let Some(deleted) = payment.deleted_at {
        row(&mut body, "Anulado el", &show.time(deleted));
    }
    row(
        &mut body,
        "Saldo actual de la orden",
        &show.money(balance.balance),
    );
    body.push_str("</dl>\n");
    page(&format!("Recibo {}", payment.number), format, &body)
}

/// Everything the final report shows.
pub struct ReportData<'a> {
    pub settings: &'a CompanySettings,
    pub order: &'a OrderHead,
    pub technicians: &'a [String],
    pub events: &'a [OrderEvent],
    pub photos: &'a [OrderPhoto],
    pub parts: &'a [OrderPart],
    pub payments: &'a [Payment],
    pub balance: &'a Balance,
    /// Staff see internal events (marked) and deleted payments (struck).
    pub staff: bool,
}

/// The final report of an order: its data, timeline, parts, payments and totals.
pub fn render_report(r: &ReportData<'_>, format: PrintFormat) -> String {
    let show = Show::new(r.settings);
    let mut body = company_header(r.settings);
    let title = match r.order.closed_at {
        Some(_) => "Reporte final",
        None => "Reporte de la orden (en curso)",
    };
    let _ = writeln!(body, "<h2>{title} — {}</h2>", escape(&r.order.number));
    order_details(&mut body, r.order, r.technicians, &show);
    if let Some(closed) = r.order.closed_at {
        let _ = writeln!(
            body,
            "<p><strong>Orden cerrada el {}</strong></p>",
            show.time(closed)
        );
    }

    body.push_str("<h3>Historial / Timeline</h3>\n");
    if r.events.is_empty() {
        body.push_str("<p>Sin eventos.</p>\n");
    } else {
        body.push_str(
            "<table class=\"events\">\n<tr><th>Fecha</th><th>Estatus</th><th>Comentario</th><th>Autor</th></tr>\n",
        );
        for e in r.events {
            let internal = e.visibility == Visibility::Internal;
            let label = if internal {
                format!(
                    "{} <span class=\"internal\">(interno)</span>",
                    escape(&e.label)
                )
            } else {
                escape(&e.label)
            };
            let photos = match r.photos.iter().filter(|p| p.event_id == e.id).count() {
                0 => String::new(),
                1 => " (1 foto)".to_string(),
                n => format!(" ({n} fotos)"),
            };
            let _ = writeln!(
                body,
                "<tr class=\"{class}\"><td>{}</td><td>{label}</td><td>{}{photos}</td><td>{}</td></tr>",
                show.time(e.created_at),
                escape(&e.comment),
                escape(&e.author_name),
                class = if internal { "internal" } else { "public" },
            );
        }
        body.push_str("</table>\n");
    }

    body.push_str("<h3>Partes y repuestos / Parts</h3>\n");
    if r.parts.is_empty() {
        body.push_str("<p>Sin partes.</p>\n");
    } else {
        body.push_str(
            "<table class=\"parts\">\n<tr><th>Fecha</th><th>Descripción</th><th class=\"n\">Cant.</th>\
             <th class=\"n\">Precio</th><th class=\"n\">Total</th><th>Garantía</th><th>Responsable</th></tr>\n",
        );
        for p in r.parts {
            let total = line_total(p.quantity.0, p.unit_price.0, show.scale)
                .map(|t| show.money(Money(t)))
                .unwrap_or_default();
            let warranty = match p.warranty_days {
                0 => "—".to_string(),
                1 => "1 día".to_string(),
                n => format!("{n} días"),
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{total}</td><td>{warranty}</td><td>{}</td></tr>",
                show.time(p.created_at),
                escape(&p.description),
                quantity(p.quantity),
                show.money(p.unit_price),
                escape(&p.added_by_name),
            );
        }
        body.push_str("</table>\n");
    }

    body.push_str("<h3>Pagos y adelantos / Payments</h3>\n");
    let payments: Vec<&Payment> = r
        .payments
        .iter()
        .filter(|p| r.staff || p.deleted_at.is_none())
        .collect();
    if payments.is_empty() {
        body.push_str("<p>Sin pagos.</p>\n");
    } else {
        body.push_str(
            "<table class=\"payments\">\n<tr><th>Recibo</th><th>Fecha</th><th>Forma</th>\
             <th>Referencia</th><th class=\"n\">Monto</th><th>Registrado por</th></tr>\n",
        );
        for p in payments {
            let deleted = p.deleted_at.is_some();
            let _ = writeln!(
                body,
                "<tr{}><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                if deleted { " class=\"deleted\"" } else { "" },
                escape(&p.number),
                if deleted { " (anulado)" } else { "" },
                show.date(p.paid_on),
                escape(&p.method_name),
                escape(&p.reference),
                show.money(p.amount),
                escape(&p.registered_by_name),
            );
        }
        body.push_str("</table>\n");
    }

    let b = r.balance;
    let total = Money(b.service_value.0 + b.parts_total.0);
    let _ = writeln!(
        body,
        "<h3>Totales / Totals</h3>\n<table class=\"totals\">\n\
         <tr><td>Valor del servicio</td><td class=\"n\">{}</td></tr>\n\
         <tr><td>Partes y repuestos</td><td class=\"n\">{}</td></tr>\n\
         <tr><td>Total</td><td class=\"n\">{}</td></tr>\n\
         <tr><td>Pagado</td><td class=\"n\">{}</td></tr>\n\
         <tr class=\"grand\"><td>Saldo</td><td class=\"n\">{}</td></tr>\n</table>",
        show.money(b.service_value),
        show.money(b.parts_total),
        show.money(total),
        show.money(b.paid),
        show.money(b.balance),
    );
    page(&format!("{title} {}", r.order.number), format, &body)
}

/// Names of the technicians assigned to an order.
async fn technician_names(conn: &mut Conn, id: OrderId) -> AppResult<Vec<String>> {
    Ok(conn
        .technicians_of(&[id])
        .await?
        .into_iter()
        .map(|(_, t)| t.name)
        .collect())
}

impl Services {
    /// The public page of an order, the QR code's target.
    pub fn order_public_link(&self, qr_token: &str) -> String {
        format!("{}/o/{qr_token}", self.public_url)
    }

    /// The printable service ticket of an order the caller may see.
    pub async fn ticket_html(
        &self,
        who: &Principal,
        id: OrderId,
        format: PrintFormat,
    ) -> AppResult<String> {
        let order = self.visible_order_head(who, id).await?;
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let technicians = technician_names(&mut conn, id).await?;
        let link = self.order_public_link(&order.qr_token);
        let qr = qr_svg(&link).context("drawing the QR code")?;
        Ok(render_ticket(
            &settings,
            &order,
            &technicians,
            &link,
            &qr,
            format,
        ))
    }

    /// The printable receipt of a payment on an order the caller may see.
    /// Customer contacts do not see deleted (reversed) payments.
    pub async fn receipt_html(
        &self,
        who: &Principal,
        id: PaymentId,
        format: PrintFormat,
    ) -> AppResult<String> {
        let payment = self.get_payment(who, id).await?;
        if payment.deleted_at.is_some() && !who.user.role.is_staff() {
            return Err(AppError::not_found("payment"));
        }
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let balance = conn.order_balance(payment.order_id).await?;
        Ok(render_receipt(&settings, &payment, &balance, format))
    }

    /// The final report of an order the caller may see (staff: everything;
    /// customer contacts: the public timeline, the parts shown to them and
    /// the payments in force).
    pub async fn report_html(
        &self,
        who: &Principal,
        id: OrderId,
        format: PrintFormat,
    ) -> AppResult<String> {
        let order = self.visible_order_head(who, id).await?;
        let staff = who.user.role.is_staff();
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let technicians = technician_names(&mut conn, id).await?;
        let events = conn.order_events(id, staff, false).await?;
        let photos = conn.order_photos(id).await?;
        let parts = conn.order_parts(id, staff, false).await?;
        let payments = conn.order_payments(id, staff).await?;
        let balance = conn.order_balance(id).await?;
        Ok(render_report(
            &ReportData {
                settings: &settings,
                order: &order,
                technicians: &technicians,
                events: &events,
                photos: &photos,
                parts: &parts,
                payments: &payments,
                balance: &balance,
                staff,
            },
            format,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_open_markup() {
        assert_eq!(
            escape(r#"<script>alert('x') & "y"</script>"#),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn qr_is_an_inline_svg_element() {
        let svg = qr_svg("https://faena.example/o/abcdefghijklmnopqrstuv").unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.contains("viewBox="));
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
    }

    #[test]
    fn money_shows_the_currency_decimals() {
        let mut s = CompanySettings::initial(Timestamp::now());
        let show = Show::new(&s);
        assert_eq!(
            show.money(Money(rust_decimal::Decimal::new(15, 0))),
            "USD 15.00"
        );
        s.currency = "CLP".into();
        let show = Show::new(&s);
        assert_eq!(
            show.money(Money(rust_decimal::Decimal::new(15000, 0))),
            "CLP 15000"
        );
    }
}
