//! What each document prints, as plain text ready for the templates:
//! labels in the company's language, money and dates formatted like the
//! screens, times in the company's time zone.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::format::{date, date_time, money, percent, plain};
use crate::domain::billing::{
    Aging, AgingBucket, DocumentTotals, InvoiceState, LineKind, LineTax, MovementKind, Percent,
    QuoteState, Settlement, Statement,
};
use crate::domain::{Money, Quantity, Timestamp};
use crate::notify::templates::Lang;

/// The company as documents show it, and how they show values.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub company_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The uploaded logo (PNG, JPEG, GIF or WebP bytes), when there is one.
    pub logo: Option<Vec<u8>>,
    /// Terms and conditions printed under quotes and invoices.
    pub terms: String,
    /// "ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES" (configurable).
    pub non_fiscal_line: String,
    /// How the tax id is called where the company is (RIF, RUT, NIT).
    pub tax_id_label: String,
    pub currency: String,
    pub time_zone: chrono_tz::Tz,
    pub lang: Lang,
}

/// The customer block.
#[derive(Debug, Clone, Default)]
pub struct Party {
    pub name: String,
    pub tax_id: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub struct DocLine {
    pub kind: LineKind,
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub discount: Percent,
    pub tax: LineTax,
    /// Net of the discount, before tax: the column adds up to the subtotal.
    pub amount: Money,
}

#[derive(Debug, Clone)]
pub struct QuoteDoc {
    /// The version's number (`PRE-000123-v2`).
    pub number: String,
    pub state: QuoteState,
    pub created_at: Timestamp,
    pub valid_until: NaiveDate,
    pub order_number: Option<String>,
    pub customer: Party,
    pub lines: Vec<DocLine>,
    pub totals: DocumentTotals,
    pub notes: String,
    pub answer_comment: Option<String>,
}

#[derive(Debug, Clone)]
pub struct InvoiceDoc {
    /// `None` for a draft.
    pub number: Option<String>,
    pub state: InvoiceState,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub order_number: Option<String>,
    pub customer: Party,
    pub lines: Vec<DocLine>,
    pub totals: DocumentTotals,
    pub notes: String,
    pub settlement: Settlement,
}

#[derive(Debug, Clone)]
pub struct CreditNoteDoc {
    pub number: String,
    pub invoice_number: String,
    pub issue_date: NaiveDate,
    pub reason: String,
    pub customer: Party,
    pub lines: Vec<DocLine>,
    pub totals: DocumentTotals,
}

#[derive(Debug, Clone)]
pub struct StatementDoc {
    pub customer: Party,
    pub statement: Statement,
    /// Aging of the open invoices on the statement's last day.
    pub aging: Aging,
    pub generated_at: Timestamp,
}

/// The words of the documents in one language.
struct Words {
    lang: &'static str,
    page: &'static str,
    customer: &'static str,
    quote: &'static str,
    invoice: &'static str,
    draft_invoice: &'static str,
    credit_note: &'static str,
    statement: &'static str,
    columns: [&'static str; 7],
    statement_columns: [&'static str; 6],
    phone: &'static str,
    date: &'static str,
    valid_until: &'static str,
    order: &'static str,
    state: &'static str,
    issue_date: &'static str,
    due_date: &'static str,
    invoice_ref: &'static str,
    period: &'static str,
    since_start: &'static str,
    generated: &'static str,
    currency: &'static str,
    gross: &'static str,
    discount: &'static str,
    subtotal: &'static str,
    tax: &'static str,
    exempt: &'static str,
    total: &'static str,
    paid: &'static str,
    credited: &'static str,
    open: &'static str,
    notes: &'static str,
    terms: &'static str,
    comment: &'static str,
    reason: &'static str,
    opening: &'static str,
    charges: &'static str,
    credits: &'static str,
    closing: &'static str,
    aging: &'static str,
    buckets: [&'static str; 5],
    service: &'static str,
    part: &'static str,
}

const ES: Words = Words {
    lang: "es",
    page: "Página",
    customer: "Cliente",
    quote: "Presupuesto",
    invoice: "Factura",
    draft_invoice: "Borrador",
    credit_note: "Nota de crédito",
    statement: "Estado de cuenta",
    columns: [
        "#",
        "Descripción",
        "Cant.",
        "Precio unit.",
        "Desc.",
        "IVA",
        "Importe",
    ],
    statement_columns: ["Fecha", "Documento", "Detalle", "Cargo", "Abono", "Saldo"],
    phone: "Tel.",
    date: "Fecha",
    valid_until: "Válido hasta",
    order: "Orden de servicio",
    state: "Estado",
    issue_date: "Fecha de emisión",
    due_date: "Vencimiento",
    invoice_ref: "Factura",
    period: "Período",
    since_start: "Desde el inicio",
    generated: "Emitido",
    currency: "Moneda",
    gross: "Subtotal bruto",
    discount: "Descuento",
    subtotal: "Subtotal",
    tax: "IVA",
    exempt: "Exento",
    total: "Total",
    paid: "Pagado",
    credited: "Notas de crédito",
    open: "Saldo pendiente",
    notes: "Observaciones",
    terms: "Términos y condiciones",
    comment: "Comentario del cliente",
    reason: "Motivo",
    opening: "Saldo inicial",
    charges: "Cargos",
    credits: "Abonos",
    closing: "Saldo final",
    aging: "Antigüedad de saldos",
    buckets: [
        "Al día",
        "1–30 días",
        "31–60 días",
        "61–90 días",
        "Más de 90 días",
    ],
    service: "Servicio",
    part: "Repuesto",
};

const EN: Words = Words {
    lang: "en",
    page: "Page",
    customer: "Customer",
    quote: "Quote",
    invoice: "Invoice",
    draft_invoice: "Draft",
    credit_note: "Credit note",
    statement: "Account statement",
    columns: [
        "#",
        "Description",
        "Qty",
        "Unit price",
        "Disc.",
        "Tax",
        "Amount",
    ],
    statement_columns: ["Date", "Document", "Detail", "Charge", "Credit", "Balance"],
    phone: "Phone",
    date: "Date",
    valid_until: "Valid until",
    order: "Service order",
    state: "Status",
    issue_date: "Issue date",
    due_date: "Due date",
    invoice_ref: "Invoice",
    period: "Period",
    since_start: "Since the start",
    generated: "Issued",
    currency: "Currency",
    gross: "Gross subtotal",
    discount: "Discount",
    subtotal: "Subtotal",
    tax: "Tax",
    exempt: "Exempt",
    total: "Total",
    paid: "Paid",
    credited: "Credit notes",
    open: "Balance due",
    notes: "Notes",
    terms: "Terms and conditions",
    comment: "Customer's comment",
    reason: "Reason",
    opening: "Opening balance",
    charges: "Charges",
    credits: "Credits",
    closing: "Closing balance",
    aging: "Aging",
    buckets: [
        "Current",
        "1–30 days",
        "31–60 days",
        "61–90 days",
        "Over 90 days",
    ],
    service: "Service",
    part: "Part",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

fn quote_state(s: QuoteState, lang: Lang) -> &'static str {
    use QuoteState::*;
    match (lang, s) {
        (Lang::Es, Draft) => "Borrador",
        (Lang::Es, Sent) => "Enviado",
        (Lang::Es, Approved) => "Aprobado",
        (Lang::Es, Rejected) => "Rechazado",
        (Lang::Es, ChangesRequested) => "Cambios solicitados",
        (Lang::Es, Expired) => "Vencido",
        (Lang::Es, Superseded) => "Reemplazado por una versión posterior",
        (Lang::En, Draft) => "Draft",
        (Lang::En, Sent) => "Sent",
        (Lang::En, Approved) => "Approved",
        (Lang::En, Rejected) => "Rejected",
        (Lang::En, ChangesRequested) => "Changes requested",
        (Lang::En, Expired) => "Expired",
        (Lang::En, Superseded) => "Replaced by a later version",
    }
}

fn invoice_state(s: InvoiceState, lang: Lang) -> &'static str {
    use InvoiceState::*;
    match (lang, s) {
        (Lang::Es, Draft) => "Borrador",
        (Lang::Es, Issued) => "Emitida",
        (Lang::Es, PartiallyPaid) => "Pagada parcialmente",
        (Lang::Es, Paid) => "Pagada",
        (Lang::Es, Void) => "Anulada",
        (Lang::En, Draft) => "Draft",
        (Lang::En, Issued) => "Issued",
        (Lang::En, PartiallyPaid) => "Partially paid",
        (Lang::En, Paid) => "Paid",
        (Lang::En, Void) => "Void",
    }
}

fn movement(kind: MovementKind, lang: Lang) -> &'static str {
    use MovementKind::*;
    match (lang, kind) {
        (Lang::Es, Invoice) => "Factura",
        (Lang::Es, PaymentReversal) => "Reversión de pago",
        (Lang::Es, Payment) => "Pago",
        (Lang::Es, CreditNote) => "Nota de crédito",
        (Lang::Es, InvoiceVoid) => "Anulación de factura",
        (Lang::En, Invoice) => "Invoice",
        (Lang::En, PaymentReversal) => "Payment reversed",
        (Lang::En, Payment) => "Payment",
        (Lang::En, CreditNote) => "Credit note",
        (Lang::En, InvoiceVoid) => "Invoice voided",
    }
}

struct Ctx<'a> {
    h: &'a Letterhead,
    w: &'static Words,
}

impl Ctx<'_> {
    fn money(&self, m: Money) -> String {
        money(m.0, &self.h.currency, self.h.lang)
    }

    fn date(&self, d: NaiveDate) -> String {
        date(d, self.h.lang)
    }

    fn company(&self) -> Value {
        let h = self.h;
        let mut lines = Vec::new();
        push_nonempty(&mut lines, &h.address);
        if !h.phone.trim().is_empty() {
            lines.push(format!("{} {}", self.w.phone, h.phone.trim()));
        }
        push_nonempty(&mut lines, &h.email);
        json!({ "name": h.company_name, "lines": lines })
    }

    fn party(&self, p: &Party) -> Value {
        let mut lines = Vec::new();
        if !p.tax_id.trim().is_empty() {
            lines.push(format!("{}: {}", self.h.tax_id_label, p.tax_id.trim()));
        }
        push_nonempty(&mut lines, &p.address);
        if !p.phone.trim().is_empty() {
            lines.push(format!("{} {}", self.w.phone, p.phone.trim()));
        }
        push_nonempty(&mut lines, &p.email);
        json!({ "name": p.name, "lines": lines })
    }

    fn lines(&self, lines: &[DocLine]) -> Value {
        let lang = self.h.lang;
        let rows: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let kind = match l.kind {
                    LineKind::Service => self.w.service,
                    LineKind::Part => self.w.part,
                };
                json!({
                    "position": (i + 1).to_string(),
                    "description": format!("{} · {kind}", l.description),
                    "quantity": plain(l.quantity.0, lang),
                    "unit_price": self.money(l.unit_price),
                    "discount": if l.discount.is_zero() { String::new() } else { percent(l.discount.0, lang) },
                    "tax": match l.tax {
                        LineTax::Exempt => self.w.exempt.to_string(),
                        LineTax::Rate(r) => percent(r.0, lang),
                    },
                    "total": self.money(l.amount),
                })
            })
            .collect();
        Value::Array(rows)
    }

    fn totals(&self, t: &DocumentTotals) -> Vec<Value> {
        let lang = self.h.lang;
        let mut rows = Vec::new();
        if !t.discount.0.is_zero() {
            rows.push(row(self.w.gross, self.money(t.gross), false));
            rows.push(row(
                self.w.discount,
                format!("-{}", self.money(t.discount)),
                false,
            ));
        }
        rows.push(row(self.w.subtotal, self.money(t.subtotal), false));
        for s in &t.taxes {
            let label = match s.rate {
                None => format!("{} ({})", self.w.exempt, self.money(s.base)),
                Some(r) => format!(
                    "{} {} ({})",
                    self.w.tax,
                    percent(r.0, lang),
                    self.money(s.base)
                ),
            };
            rows.push(row(&label, self.money(s.tax), false));
        }
        rows.push(row(self.w.total, self.money(t.total), true));
        rows
    }

    fn texts(&self, blocks: &[(&str, &str)]) -> Value {
        Value::Array(
            blocks
                .iter()
                .filter(|(_, body)| !body.trim().is_empty())
                .map(|(title, body)| json!({ "title": title, "body": body.trim() }))
                .collect(),
        )
    }

    fn base(&self, title: &str, number: &str, stamp: Option<&str>, customer: &Party) -> Value {
        json!({
            "lang": self.w.lang,
            "title": title,
            "number": number,
            "stamp": stamp,
            "non_fiscal": self.h.non_fiscal_line,
            "company": self.company(),
            "customer": self.party(customer),
            "labels": {
                "page": self.w.page,
                "customer": self.w.customer,
                "columns": self.w.columns,
                "aging": self.w.aging,
            },
        })
    }
}

/// Statement lines per grid cell (see `templates/statement.typ`).
const CHUNK_LINES: usize = 20;

/// Longest statement detail that stays on one line of its column.
const DETAIL_CHARS: usize = 44;

/// `text` on one line of at most `max` characters ("…" when shortened).
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut short: String = flat.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

fn push_nonempty(lines: &mut Vec<String>, text: &str) {
    if !text.trim().is_empty() {
        lines.push(text.trim().to_string());
    }
}

fn row(label: &str, value: String, strong: bool) -> Value {
    json!({ "label": label, "value": value, "strong": strong })
}

fn meta(label: &str, value: impl Into<String>) -> Value {
    json!({ "label": label, "value": value.into() })
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

pub(super) fn quote(h: &Letterhead, q: &QuoteDoc) -> Value {
    let c = Ctx {
        h,
        w: words(h.lang),
    };
    let stamp = match q.state {
        QuoteState::Sent => None,
        s => Some(quote_state(s, h.lang).to_uppercase()),
    };
    let mut m = vec![
        meta(
            c.w.date,
            c.date(
                q.created_at
                    .as_datetime()
                    .with_timezone(&h.time_zone)
                    .date_naive(),
            ),
        ),
        meta(c.w.valid_until, c.date(q.valid_until)),
    ];
    if let Some(o) = &q.order_number {
        m.push(meta(c.w.order, o.clone()));
    }
    m.push(meta(c.w.state, quote_state(q.state, h.lang)));
    let comment = q.answer_comment.clone().unwrap_or_default();
    merge(
        c.base(c.w.quote, &q.number, stamp.as_deref(), &q.customer),
        json!({
            "meta": m,
            "lines": c.lines(&q.lines),
            "totals": c.totals(&q.totals),
            "texts": c.texts(&[(c.w.comment, &comment), (c.w.notes, &q.notes), (c.w.terms, &h.terms)]),
        }),
    )
}

pub(super) fn invoice(h: &Letterhead, i: &InvoiceDoc) -> Value {
    let c = Ctx {
        h,
        w: words(h.lang),
    };
    let stamp = match i.state {
        InvoiceState::Draft | InvoiceState::Void | InvoiceState::Paid => {
            Some(invoice_state(i.state, h.lang).to_uppercase())
        }
        _ => None,
    };
    let mut m = Vec::new();
    if let Some(d) = i.issue_date {
        m.push(meta(c.w.issue_date, c.date(d)));
    }
    if let Some(d) = i.due_date {
        m.push(meta(c.w.due_date, c.date(d)));
    }
    if let Some(o) = &i.order_number {
        m.push(meta(c.w.order, o.clone()));
    }
    m.push(meta(c.w.state, invoice_state(i.state, h.lang)));
    let mut totals = c.totals(&i.totals);
    if i.state.is_posted() {
        let s = &i.settlement;
        if !s.allocated.0.is_zero() {
            totals.push(row(c.w.paid, format!("-{}", c.money(s.allocated)), false));
        }
        if !s.credited.0.is_zero() {
            totals.push(row(
                c.w.credited,
                format!("-{}", c.money(s.credited)),
                false,
            ));
        }
        totals.push(row(c.w.open, c.money(s.open()), true));
    }
    let number = i
        .number
        .clone()
        .unwrap_or_else(|| c.w.draft_invoice.to_string());
    merge(
        c.base(c.w.invoice, &number, stamp.as_deref(), &i.customer),
        json!({
            "meta": m,
            "lines": c.lines(&i.lines),
            "totals": totals,
            "texts": c.texts(&[(c.w.notes, &i.notes), (c.w.terms, &h.terms)]),
        }),
    )
}

pub(super) fn credit_note(h: &Letterhead, n: &CreditNoteDoc) -> Value {
    let c = Ctx {
        h,
        w: words(h.lang),
    };
    let m = vec![
        meta(c.w.date, c.date(n.issue_date)),
        meta(c.w.invoice_ref, n.invoice_number.clone()),
    ];
    merge(
        c.base(c.w.credit_note, &n.number, None, &n.customer),
        json!({
            "meta": m,
            "lines": c.lines(&n.lines),
            "totals": c.totals(&n.totals),
            "texts": c.texts(&[(c.w.reason, &n.reason)]),
        }),
    )
}

pub(super) fn statement(h: &Letterhead, s: &StatementDoc) -> Value {
    let c = Ctx {
        h,
        w: words(h.lang),
    };
    let st = &s.statement;
    let period = match st.from {
        Some(from) => format!("{} – {}", c.date(from), c.date(st.to)),
        None => format!("{} – {}", c.w.since_start, c.date(st.to)),
    };
    let m = vec![
        meta(c.w.period, period),
        meta(
            c.w.generated,
            date_time(s.generated_at, h.time_zone, h.lang),
        ),
        meta(c.w.currency, h.currency.clone()),
    ];
    let summary = vec![
        row(c.w.opening, c.money(st.opening_balance), false),
        row(c.w.charges, c.money(st.charges), false),
        row(c.w.credits, c.money(st.credits), false),
        row(c.w.closing, c.money(st.closing_balance), true),
    ];
    let mut rows: Vec<[String; 6]> = Vec::with_capacity(st.lines.len() + 1);
    rows.push([
        st.from.map(|d| c.date(d)).unwrap_or_default(),
        String::new(),
        c.w.opening.to_string(),
        String::new(),
        String::new(),
        c.money(st.opening_balance),
    ]);
    for l in &st.lines {
        let what = movement(l.kind, h.lang);
        let description = if l.reference.is_empty() {
            what.to_string()
        } else {
            format!("{what} · {}", l.reference)
        };
        let amount = |m: Money| {
            if m.0.is_zero() {
                String::new()
            } else {
                c.money(m)
            }
        };
        rows.push([
            c.date(l.date),
            l.number.clone(),
            one_line(&description, DETAIL_CHARS),
            amount(l.charge),
            amount(l.credit),
            c.money(l.balance),
        ]);
    }
    let chunks: Vec<Value> = rows
        .chunks(CHUNK_LINES)
        .map(|chunk| {
            let column = |i: usize| chunk.iter().map(|r| r[i].clone()).collect::<Vec<_>>();
            json!({
                "date": column(0),
                "number": column(1),
                "description": column(2),
                "charge": column(3),
                "credit": column(4),
                "balance": column(5),
            })
        })
        .collect();
    let buckets = [
        AgingBucket::Current,
        AgingBucket::Days1To30,
        AgingBucket::Days31To60,
        AgingBucket::Days61To90,
        AgingBucket::Over90,
    ];
    let mut aging: Vec<Value> = buckets
        .iter()
        .zip(c.w.buckets)
        .map(|(b, label)| json!({ "label": label, "value": c.money(s.aging.get(*b)) }))
        .collect();
    aging.push(json!({ "label": c.w.total, "value": c.money(s.aging.total) }));
    let mut base = c.base(c.w.statement, "", None, &s.customer);
    base["labels"]["columns"] = json!(c.w.statement_columns);
    merge(
        base,
        json!({
            "meta": m,
            "summary": summary,
            "chunks": chunks,
            "aging": aging,
            "texts": [],
        }),
    )
}
