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
//! Paper speaks the company's language (the `notifications.language`
//! setting, as e-mails do) and writes money as the screens do; the words and
//! the money format live in [`super::paper`].
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

use super::paper::{Words, money_text, words};
use super::{Principal, Services};
use crate::domain::money::currency_scale;
use crate::domain::{Money, OrderId, PaymentId, Quantity, Timestamp, Visibility};
use crate::error::{AppError, AppResult, Context};
use crate::notify::templates::Lang;
use crate::store::Conn;
use crate::store::orders::{OrderEvent, OrderPart, OrderPhoto};
use crate::store::payments::{Balance, OrderHead, Payment, line_total};
use crate::store::settings::CompanySettings;

/// The line every printout carries, in the company's language
/// ([`Words::non_fiscal`]).
pub const NON_FISCAL: &str = "Documento no fiscal";

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

/// How values are shown: the company's language, currency and time zone.
struct Show {
    currency: String,
    scale: u32,
    tz: chrono_tz::Tz,
    lang: Lang,
    w: &'static Words,
}

impl Show {
    fn new(settings: &CompanySettings, lang: Lang) -> Show {
        Show {
            currency: settings.currency.clone(),
            scale: currency_scale(&settings.currency),
            tz: settings.time_zone.parse().unwrap_or(chrono_tz::UTC),
            lang,
            w: words(lang),
        }
    }

    /// As the screens write it: "1250,50 US$" (Spanish), "$1,250.50"
    /// (English); always the currency's decimals.
    fn money(&self, m: Money) -> String {
        escape(&money_text(m.0, &self.currency, self.scale, self.lang))
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
fn page(title: &str, format: PrintFormat, body: &str, w: &Words) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{base}\n{paper}\n</style>\n</head>\n\
         <body class=\"{class}\">\n{body}\n<footer class=\"nonfiscal\">{nonfiscal}</footer>\n</body>\n</html>\n",
        title = escape(title),
        base = BASE_CSS,
        paper = format.css(),
        class = format.class(),
        nonfiscal = escape(w.non_fiscal),
        lang = w.html_lang,
    )
}

/// The company block: logo (when uploaded), name, address, phone, e-mail.
fn company_header(s: &CompanySettings, w: &Words) -> String {
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
        (!s.phone.is_empty()).then(|| format!("{} {}", w.tel, escape(&s.phone))),
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
    let w = show.w;
    out.push_str("<dl>\n");
    row(out, w.order, &escape(&o.number));
    row(out, w.received_at, &show.time(o.received_at));
    if let Some(promised) = o.promised_at {
        row(out, w.promised_at, &show.time(promised));
    }
    row(out, w.customer, &escape(&o.customer_name));
    row(out, w.tax_id, &escape(&o.customer_tax_id));
    if !o.customer_phone.is_empty() {
        row(out, w.phone, &escape(&o.customer_phone));
    }
    if !o.customer_address.is_empty() {
        row(out, w.address, &escape(&o.customer_address));
    }
    if let Some(eq) = equipment(o) {
        row(out, w.equipment, &escape(&eq));
    }
    row(out, w.reason, &escape(&o.reason));
    if !technicians.is_empty() {
        row(out, w.technicians, &escape(&technicians.join(", ")));
    }
    row(out, w.service_value, &show.money(o.service_value));
    row(out, w.received_by, &escape(&o.created_by_name));
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
    lang: Lang,
) -> String {
    let show = Show::new(settings, lang);
    let w = show.w;
    let mut body = company_header(settings, w);
    let _ = writeln!(
        body,
        "<h2>{} {}</h2>",
        w.service_order,
        escape(&order.number)
    );
    order_details(&mut body, order, technicians, &show);
    if !settings.terms.trim().is_empty() {
        let _ = writeln!(
            body,
            "<h3>{}</h3>\n<div class=\"terms\">{}</div>",
            w.terms,
            escape(settings.terms.trim())
        );
    }
    let _ = writeln!(
        body,
        "<section class=\"signature\">\n<div class=\"line\"></div>\n\
         <p>{}</p>\n<p>{}: ______________________</p>\n</section>",
        w.signature, w.name_and_id,
    );
    let _ = writeln!(
        body,
        "<section class=\"qr\">\n{qr}\n<p>{track}</p>\n\
         <p><a href=\"{link}\">{link}</a></p>\n</section>",
        track = w.track,
        link = escape(public_link),
    );
    page(
        &format!("{} {}", w.service_order, order.number),
        format,
        &body,
        w,
    )
}

/// The receipt of one payment (advance or payment on account).
pub fn render_receipt(
    settings: &CompanySettings,
    payment: &Payment,
    balance: &Balance,
    format: PrintFormat,
    lang: Lang,
) -> String {
    let show = Show::new(settings, lang);
    let w = show.w;
    let mut body = company_header(settings, w);
    let _ = writeln!(
        body,
        "<h2>{}<br>{}</h2>",
        w.receipt_title,
        escape(&payment.number)
    );
    if payment.deleted_at.is_some() {
        let _ = writeln!(body, "<div class=\"void\">{}</div>", w.void);
    }
    let _ = writeln!(
        body,
        "<div class=\"amount\">{}</div>",
        show.money(payment.amount)
    );
    body.push_str("<dl>\n");
    row(&mut body, w.paid_on, &show.date(payment.paid_on));
    row(&mut body, w.order, &escape(&payment.order_number));
    row(&mut body, w.customer, &escape(&payment.customer_name));
    row(&mut body, w.method, &escape(&payment.method_name));
    if !payment.reference.is_empty() {
        row(&mut body, w.reference, &escape(&payment.reference));
    }
    row(
        &mut body,
        w.registered_by,
        &escape(&payment.registered_by_name),
    );
    row(&mut body, w.registered_at, &show.time(payment.created_at));
    if let Some(deleted) = payment.deleted_at {
        row(&mut body, w.voided_at, &show.time(deleted));
        if let Some(name) = &payment.deleted_by_name {
            row(&mut body, w.voided_by, &escape(name));
        }
        if let Some(reason) = payment.delete_reason.as_deref().filter(|r| !r.is_empty()) {
            row(&mut body, w.void_reason, &escape(reason));
        }
    }
    row(&mut body, w.current_balance, &show.money(balance.balance));
    body.push_str("</dl>\n");
    page(
        &format!("{} {}", w.receipt, payment.number),
        format,
        &body,
        w,
    )
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
    /// The company's language.
    pub lang: Lang,
}

/// The final report of an order: its data, timeline, parts, payments and totals.
pub fn render_report(r: &ReportData<'_>, format: PrintFormat) -> String {
    let show = Show::new(r.settings, r.lang);
    let w = show.w;
    let mut body = company_header(r.settings, w);
    let title = match r.order.closed_at {
        Some(_) => w.final_report,
        None => w.report_in_progress,
    };
    let _ = writeln!(body, "<h2>{title} — {}</h2>", escape(&r.order.number));
    order_details(&mut body, r.order, r.technicians, &show);
    if let Some(closed) = r.order.closed_at {
        let _ = writeln!(
            body,
            "<p><strong>{} {}</strong></p>",
            w.closed_on,
            show.time(closed)
        );
    }

    let _ = writeln!(body, "<h3>{}</h3>", w.timeline);
    if r.events.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", w.no_events);
    } else {
        let _ = writeln!(
            body,
            "<table class=\"events\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            w.date, w.status, w.comment, w.author
        );
        for e in r.events {
            let internal = e.visibility == Visibility::Internal;
            let label = if internal {
                format!(
                    "{} <span class=\"internal\">({})</span>",
                    escape(&e.label),
                    w.internal
                )
            } else {
                escape(&e.label)
            };
            let photos = w.photos(r.photos.iter().filter(|p| p.event_id == e.id).count());
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

    let _ = writeln!(body, "<h3>{}</h3>", w.parts);
    if r.parts.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", w.no_parts);
    } else {
        let _ = writeln!(
            body,
            "<table class=\"parts\">\n<tr><th>{}</th><th>{}</th><th class=\"n\">{}</th>\
             <th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th></tr>",
            w.date, w.description, w.quantity, w.price, w.total, w.warranty, w.responsible
        );
        for p in r.parts {
            let total = line_total(p.quantity.0, p.unit_price.0, show.scale)
                .map(|t| show.money(Money(t)))
                .unwrap_or_default();
            let warranty = w.days(p.warranty_days);
            // Only staff get hidden lines; they are internal and not billed,
            // so the parts total below is the sum of the other lines.
            let hidden = if p.shown_to_customer {
                String::new()
            } else {
                format!(" <span class=\"internal\">({})</span>", w.not_billed)
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}{hidden}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
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

    let _ = writeln!(body, "<h3>{}</h3>", w.payments);
    let payments: Vec<&Payment> = r
        .payments
        .iter()
        .filter(|p| r.staff || p.deleted_at.is_none())
        .collect();
    if payments.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", w.no_payments);
    } else {
        let _ = writeln!(
            body,
            "<table class=\"payments\">\n<tr><th>{}</th><th>{}</th><th>{}</th>\
             <th>{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
            w.receipt, w.date, w.method_short, w.reference, w.amount, w.registered_by
        );
        for p in payments {
            let deleted = p.deleted_at.is_some();
            let _ = writeln!(
                body,
                "<tr{}><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                if deleted { " class=\"deleted\"" } else { "" },
                escape(&p.number),
                if deleted {
                    format!(" ({})", w.voided)
                } else {
                    String::new()
                },
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
        "<h3>{totals}</h3>\n<table class=\"totals\">\n\
         <tr><td>{service}</td><td class=\"n\">{}</td></tr>\n\
         <tr><td>{parts}</td><td class=\"n\">{}</td></tr>\n\
         <tr><td>{total}</td><td class=\"n\">{}</td></tr>\n\
         <tr><td>{paid}</td><td class=\"n\">{}</td></tr>\n\
         <tr class=\"grand\"><td>{balance}</td><td class=\"n\">{}</td></tr>\n</table>",
        show.money(b.service_value),
        show.money(b.parts_total),
        show.money(total),
        show.money(b.paid),
        show.money(b.balance),
        totals = w.totals,
        service = w.service_value,
        parts = w.parts,
        total = w.total,
        paid = w.paid,
        balance = w.balance,
    );
    page(&format!("{title} {}", r.order.number), format, &body, w)
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
            self.language(),
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
        Ok(render_receipt(
            &settings,
            &payment,
            &balance,
            format,
            self.language(),
        ))
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
                lang: self.language(),
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
    fn money_shows_the_currency_decimals_as_the_screens_do() {
        let mut s = CompanySettings::initial(Timestamp::now());
        let show = Show::new(&s, Lang::Es);
        assert_eq!(
            show.money(Money(rust_decimal::Decimal::new(15, 0))),
            "15,00\u{a0}US$"
        );
        s.currency = "CLP".into();
        let show = Show::new(&s, Lang::En);
        assert_eq!(
            show.money(Money(rust_decimal::Decimal::new(15000, 0))),
            "CLP\u{a0}15,000"
        );
    }

    #[test]
    fn a_receipt_speaks_the_company_language_and_says_why_it_was_voided() {
        use crate::domain::{CustomerId, PaymentMethodId, UserId};
        let settings = CompanySettings::initial(Timestamp::now());
        let payment = Payment {
            id: PaymentId::new(),
            number: "REC-000045".into(),
            order_id: OrderId::new(),
            order_number: "OS-000007".into(),
            customer_id: CustomerId::new(),
            customer_name: "Grúas del Sur C.A.".into(),
            amount: Money(rust_decimal::Decimal::new(120050, 2)),
            method_id: PaymentMethodId::new(),
            method_name: "Zelle".into(),
            reference: "ZL-1".into(),
            paid_on: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            registered_by: UserId::new(),
            registered_by_name: "Olga Operadora".into(),
            created_at: Timestamp::now(),
            deleted_at: Some(Timestamp::now()),
            deleted_by: None,
            deleted_by_name: Some("Usuario Maestro".into()),
            delete_reason: Some("Pago duplicado".into()),
        };
        let balance = Balance {
            service_value: Money(rust_decimal::Decimal::new(250000, 2)),
            parts_total: Money(rust_decimal::Decimal::ZERO),
            paid: Money(rust_decimal::Decimal::ZERO),
            balance: Money(rust_decimal::Decimal::new(250000, 2)),
        };
        let es = render_receipt(&settings, &payment, &balance, PrintFormat::A4, Lang::Es);
        for expected in [
            "<html lang=\"es\">",
            "Recibo de pago",
            ">ANULADO<",
            "1200,50\u{a0}US$",
            "2500,00\u{a0}US$",
            "Motivo de la anulación</dt><dd>Pago duplicado",
            "Documento no fiscal",
        ] {
            assert!(es.contains(expected), "lacks {expected}: {es}");
        }
        for english in ["Payment receipt", "VOID", "Not a fiscal"] {
            assert!(!es.contains(english), "{english}");
        }
        let en = render_receipt(&settings, &payment, &balance, PrintFormat::A4, Lang::En);
        for expected in [
            "<html lang=\"en\">",
            "Payment receipt",
            ">VOID<",
            "$1,200.50",
            "$2,500.00",
            "Reason for voiding</dt><dd>Pago duplicado",
            "Not a fiscal document",
        ] {
            assert!(en.contains(expected), "lacks {expected}: {en}");
        }
        for spanish in ["Recibo de pago", "ANULADO", "Documento no fiscal"] {
            assert!(!en.contains(spanish), "{spanish}");
        }
    }
}
