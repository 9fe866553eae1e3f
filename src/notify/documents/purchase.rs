//! The purchase order for the supplier (`OC-000001`), printed with the
//! billing layout (`templates/billing.typ`: letterhead, party block, a
//! seven-column table, totals, texts) and purchasing's own words: the party
//! is the supplier, the columns are SKU and description, quantity, unit,
//! unit cost, promised delivery and amount.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::format::{date, date_time, money, plain};
use super::view::{Letterhead, Party};
use crate::domain::{Money, Timestamp};
use crate::notify::templates::Lang;

#[derive(Debug, Clone)]
pub struct PurchaseDocLine {
    pub sku: String,
    pub description: String,
    pub quantity: Decimal,
    /// As printed ("pza", "L"…).
    pub unit: String,
    pub unit_cost: Money,
    pub promised_on: Option<NaiveDate>,
    pub amount: Money,
}

#[derive(Debug, Clone)]
pub struct PurchaseOrderDoc {
    pub number: String,
    /// A draft prints with a "BORRADOR" stamp.
    pub draft: bool,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub supplier: Party,
    pub payment_terms: String,
    pub lines: Vec<PurchaseDocLine>,
    pub total: Money,
    pub notes: String,
}

struct Words {
    lang: &'static str,
    title: &'static str,
    page: &'static str,
    supplier: &'static str,
    columns: [&'static str; 7],
    phone: &'static str,
    date: &'static str,
    sent: &'static str,
    terms: &'static str,
    currency: &'static str,
    total: &'static str,
    notes: &'static str,
    draft: &'static str,
}

const ES: Words = Words {
    lang: "es",
    title: "Orden de compra",
    page: "Página",
    supplier: "Proveedor",
    columns: [
        "#",
        "Repuesto",
        "Cant.",
        "Unidad",
        "Costo unit.",
        "Entrega",
        "Importe",
    ],
    phone: "Tel.",
    date: "Fecha",
    sent: "Enviada",
    terms: "Condiciones de pago",
    currency: "Moneda",
    total: "Total",
    notes: "Observaciones",
    draft: "BORRADOR",
};

const EN: Words = Words {
    lang: "en",
    title: "Purchase order",
    page: "Page",
    supplier: "Supplier",
    columns: [
        "#",
        "Part",
        "Qty",
        "Unit",
        "Unit cost",
        "Delivery",
        "Amount",
    ],
    phone: "Phone",
    date: "Date",
    sent: "Sent",
    terms: "Payment terms",
    currency: "Currency",
    total: "Total",
    notes: "Notes",
    draft: "DRAFT",
};

fn lines_of(text: &[&str]) -> Vec<String> {
    text.iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The template data of a purchase order (see `templates/common.typ`).
pub(super) fn purchase_order(h: &Letterhead, d: &PurchaseOrderDoc) -> Value {
    let w = match h.lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    };
    let m = |v: Money| money(v.0, &h.currency, h.lang);
    let phone = |p: &str| {
        if p.trim().is_empty() {
            String::new()
        } else {
            format!("{} {}", w.phone, p.trim())
        }
    };
    let company = lines_of(&[&h.address, &phone(&h.phone), &h.email]);
    let tax = if d.supplier.tax_id.trim().is_empty() {
        String::new()
    } else {
        format!("{}: {}", h.tax_id_label, d.supplier.tax_id.trim())
    };
    let supplier = lines_of(&[
        &tax,
        &d.supplier.address,
        &phone(&d.supplier.phone),
        &d.supplier.email,
    ]);
    let mut meta =
        vec![json!({"label": w.date, "value": date_time(d.created_at, h.time_zone, h.lang)})];
    if let Some(sent) = d.sent_at {
        meta.push(json!({"label": w.sent, "value": date_time(sent, h.time_zone, h.lang)}));
    }
    if !d.payment_terms.trim().is_empty() {
        meta.push(json!({"label": w.terms, "value": d.payment_terms.trim()}));
    }
    meta.push(json!({"label": w.currency, "value": h.currency}));
    let rows: Vec<Value> = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "position": (i + 1).to_string(),
                "description": format!("{} · {}", l.sku, l.description),
                "quantity": plain(l.quantity, h.lang),
                "unit_price": l.unit,
                "discount": m(l.unit_cost),
                "tax": l.promised_on.map(|p| date(p, h.lang)).unwrap_or_default(),
                "total": m(l.amount),
            })
        })
        .collect();
    let texts: Vec<Value> = [(w.notes, d.notes.trim())]
        .into_iter()
        .filter(|(_, body)| !body.is_empty())
        .map(|(title, body)| json!({"title": title, "body": body}))
        .collect();
    json!({
        "lang": w.lang,
        "title": w.title,
        "number": d.number,
        "stamp": if d.draft { Some(w.draft) } else { None },
        "non_fiscal": h.non_fiscal_line,
        "company": {"name": h.company_name, "lines": company},
        "customer": {"name": d.supplier.name, "lines": supplier},
        "labels": {"page": w.page, "customer": w.supplier, "columns": w.columns},
        "meta": meta,
        "lines": rows,
        "totals": [{"label": w.total, "value": m(d.total), "strong": true}],
        "texts": texts,
    })
}
