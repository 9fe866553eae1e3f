//! PDF documents — quotes, invoices, credit notes and account statements —
//! typeset in process by typst (through `typst-as-lib`).
//!
//! Nothing is fetched, ever: the templates (`templates/*.typ`) and the font
//! (Liberation Sans, SIL OFL 1.1, `assets/fonts/`) are compiled into the
//! binary, `typst-as-lib` is built without its package-download and
//! font-scanning features, and the templates import nothing but each other.
//! typst memoizes work in a global cache (`comemo`); the engine evicts it
//! after every document (`comemo_evict_max_age(Some(0))`), so a server that
//! prints all day does not grow.
//!
//! The services build a [`Letterhead`] (company data from the settings, the
//! configurable non-fiscal line, currency, time zone, language) and one of
//! the document types in [`view`]; everything printed is turned into text
//! here — translated, money and dates formatted like the screens
//! ([`format`]) — so the templates only lay it out. Values reach typst as
//! data (`sys.inputs`), never as markup, so nothing a user typed can inject
//! typst code.
//!
//! Typesetting is CPU work (tens of milliseconds for an invoice, more for a
//! long statement): call [`Documents::render`] from `spawn_blocking`.

pub mod format;
pub mod purchase;
pub mod view;

use typst::foundations::{Array, Bytes, Dict, Str, Value};
use typst_as_lib::{TypstEngine, TypstTemplateCollection};
use typst_layout::PagedDocument;

pub use view::{CreditNoteDoc, DocLine, InvoiceDoc, Letterhead, Party, QuoteDoc, StatementDoc};

const FONTS: [&[u8]; 2] = [
    include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf"),
];

const TEMPLATES: [(&str, &str); 3] = [
    ("common.typ", include_str!("templates/common.typ")),
    ("billing.typ", include_str!("templates/billing.typ")),
    ("statement.typ", include_str!("templates/statement.typ")),
];

/// Statements longer than this are written as untagged PDF (see
/// [`Documents::render`]).
const UNTAGGED_STATEMENT_LINES: usize = 1_000;

/// A document to print.
#[derive(Debug, Clone)]
pub enum Document {
    Quote(QuoteDoc),
    Invoice(InvoiceDoc),
    CreditNote(CreditNoteDoc),
    Statement(StatementDoc),
    PurchaseOrder(purchase::PurchaseOrderDoc),
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("typesetting the {what} failed: {detail}")]
    Typeset { what: &'static str, detail: String },
    #[error("writing the {what} as PDF failed: {detail}")]
    Pdf { what: &'static str, detail: String },
}

/// The typesetting engine, with the fonts parsed once. Cheap to share
/// behind an `Arc`; each [`Documents::render`] call is independent.
pub struct Documents {
    engine: TypstEngine<TypstTemplateCollection>,
}

impl Default for Documents {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Documents")
    }
}

impl Documents {
    pub fn new() -> Documents {
        let engine = TypstEngine::builder()
            .fonts(FONTS)
            .with_static_source_file_resolver(TEMPLATES)
            // Evict typst's memoization cache after every document: memory
            // stays flat however many documents are printed.
            .comemo_evict_max_age(Some(0))
            .build();
        Documents { engine }
    }

    /// Typesets `doc` as an A4 PDF.
    pub fn render(
        &self,
        letterhead: &Letterhead,
        doc: &Document,
    ) -> Result<Vec<u8>, DocumentError> {
        let (what, main, data) = match doc {
            Document::Quote(q) => ("quote", "billing.typ", view::quote(letterhead, q)),
            Document::Invoice(i) => ("invoice", "billing.typ", view::invoice(letterhead, i)),
            Document::CreditNote(n) => (
                "credit note",
                "billing.typ",
                view::credit_note(letterhead, n),
            ),
            Document::Statement(s) => {
                ("statement", "statement.typ", view::statement(letterhead, s))
            }
            Document::PurchaseOrder(p) => (
                "purchase order",
                "billing.typ",
                purchase::purchase_order(letterhead, p),
            ),
        };
        let mut data = match to_typst(&data) {
            Value::Dict(d) => d,
            _ => Dict::new(),
        };
        data.insert(
            "logo".into(),
            letterhead
                .logo
                .as_ref()
                .map_or(Value::None, |bytes| Value::Bytes(Bytes::new(bytes.clone()))),
        );
        let mut inputs = Dict::new();
        inputs.insert("data".into(), Value::Dict(data));
        let compiled: PagedDocument = self
            .engine
            .compile_with_input(main, inputs)
            .output
            .map_err(|e| DocumentError::Typeset {
                what,
                detail: format!("{e:?}"),
            })?;
        // A tagged PDF carries the structure a screen reader follows; for a
        // statement of thousands of lines that structure is most of the file
        // (10,000 lines: 2.4 MB tagged, 0.6 MB untagged) and of the writing
        // time. Long statements are written untagged, every other document
        // tagged.
        let tagged = match doc {
            Document::Statement(s) => s.statement.lines.len() <= UNTAGGED_STATEMENT_LINES,
            _ => true,
        };
        let options = typst_pdf::PdfOptions {
            tagged,
            ..Default::default()
        };
        typst_pdf::pdf(&compiled, &options).map_err(|e| DocumentError::Pdf {
            what,
            detail: format!("{e:?}"),
        })
    }
}

/// JSON data as typst values (numbers stay numbers, `null` is `none`).
fn to_typst(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int),
        serde_json::Value::String(s) => Value::Str(Str::from(s.as_str())),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(to_typst).collect::<Array>()),
        serde_json::Value::Object(o) => Value::Dict(
            o.iter()
                .map(|(k, v)| (Str::from(k.as_str()), to_typst(v)))
                .collect::<Dict>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::billing::lines::compute_document;
    use crate::domain::billing::{
        Aging, InvoiceState, LineInput, LineKind, LineTax, Movement, MovementKind, Percent,
        QuoteState, Settlement, statement,
    };
    use crate::domain::{Money, Quantity, Timestamp};
    use crate::notify::templates::Lang;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }

    pub(crate) fn letterhead(lang: Lang) -> Letterhead {
        Letterhead {
            company_name: "Servicios Pesados del Sur C.A.".into(),
            address: "Av. Principal, Galpón 3, Valencia".into(),
            phone: "+58 241 555 0100".into(),
            email: "taller@example.com".into(),
            logo: None,
            terms: "Garantía de 90 días en repuestos. *Precios* sujetos a cambio #sin aviso."
                .into(),
            non_fiscal_line: "ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES".into(),
            tax_id_label: "RIF".into(),
            currency: "USD".into(),
            time_zone: "America/Caracas".parse().unwrap(),
            lang,
        }
    }

    fn party() -> Party {
        Party {
            name: "Constructora Los Andes C.A.".into(),
            tax_id: "J-12345678-9".into(),
            address: "Caracas, Venezuela".into(),
            phone: "+58 212 555 0100".into(),
            email: "flota@example.com".into(),
        }
    }

    fn lines() -> (Vec<DocLine>, crate::domain::billing::DocumentTotals) {
        let spec = [
            (
                "Mano de obra: mantenimiento 500 h",
                "8",
                "45",
                "0",
                Some("16"),
            ),
            (
                "Filtro de aceite CAT 1R-0716",
                "2",
                "38.50",
                "10",
                Some("16"),
            ),
            ("Traslado de equipo (exento)", "1", "120", "0", None),
        ];
        let inputs: Vec<LineInput> = spec
            .iter()
            .map(|(_, q, p, disc, tax)| LineInput {
                quantity: Quantity::parse(q).unwrap(),
                unit_price: Money(d(p)),
                discount: Percent::parse(disc).unwrap(),
                tax: tax.map_or(LineTax::Exempt, |r| {
                    LineTax::Rate(Percent::parse(r).unwrap())
                }),
            })
            .collect();
        let (amounts, totals) = compute_document(&inputs, 2).unwrap();
        let lines = spec
            .iter()
            .zip(inputs)
            .zip(amounts)
            .map(|(((desc, ..), i), a)| DocLine {
                kind: if desc.starts_with("Filtro") {
                    LineKind::Part
                } else {
                    LineKind::Service
                },
                description: desc.to_string(),
                quantity: i.quantity,
                unit_price: i.unit_price,
                discount: i.discount,
                tax: i.tax,
                amount: a.net,
            })
            .collect();
        (lines, totals)
    }

    pub(crate) fn statement_doc(movements: usize) -> StatementDoc {
        let base = Timestamp::now();
        let kinds = [
            MovementKind::Invoice,
            MovementKind::Payment,
            MovementKind::Invoice,
            MovementKind::CreditNote,
        ];
        let ms: Vec<Movement> = (0..movements)
            .map(|i| Movement {
                date: day("2025-01-01") + chrono::TimeDelta::days((i / 30) as i64 + 1),
                recorded_at: base + chrono::TimeDelta::seconds(i as i64),
                kind: kinds[i % 4],
                document_id: uuid::Uuid::from_u128(i as u128),
                number: format!("FAC-{i:06}"),
                reference: "OS-000042".into(),
                amount: Money(d("125.50")),
            })
            .collect();
        let s = statement::build(ms, Some(day("2025-01-01")), day("2025-12-31"));
        let mut aging = Aging::default();
        aging.add(day("2025-11-01"), day("2025-12-31"), Money(d("1160.00")));
        aging.add(day("2025-12-31"), day("2025-12-31"), Money(d("232.00")));
        StatementDoc {
            customer: party(),
            statement: s,
            aging,
            generated_at: base,
        }
    }

    fn documents() -> Vec<Document> {
        let (l, totals) = lines();
        vec![
            Document::Quote(QuoteDoc {
                number: "PRE-000123-v2".into(),
                state: QuoteState::Sent,
                created_at: Timestamp::now(),
                valid_until: day("2025-03-31"),
                order_number: Some("OS-000042".into()),
                customer: party(),
                lines: l.clone(),
                totals: totals.clone(),
                notes: "Incluye traslado ida y vuelta.".into(),
                answer_comment: None,
            }),
            Document::Invoice(InvoiceDoc {
                number: Some("FAC-000001".into()),
                state: InvoiceState::PartiallyPaid,
                issue_date: Some(day("2025-03-10")),
                due_date: Some(day("2025-04-09")),
                order_number: Some("OS-000042".into()),
                customer: party(),
                lines: l.clone(),
                totals: totals.clone(),
                notes: String::new(),
                settlement: Settlement {
                    total: totals.total,
                    allocated: Money(d("300.00")),
                    credited: Money::ZERO,
                },
            }),
            Document::CreditNote(CreditNoteDoc {
                number: "NC-000001".into(),
                invoice_number: "FAC-000001".into(),
                issue_date: day("2025-03-12"),
                reason: "Descuento acordado por demora".into(),
                customer: party(),
                lines: l,
                totals,
            }),
            Document::Statement(statement_doc(40)),
            Document::PurchaseOrder(purchase::PurchaseOrderDoc {
                number: "OC-000007".into(),
                draft: false,
                created_at: Timestamp::now(),
                sent_at: Some(Timestamp::now()),
                supplier: party(),
                payment_terms: "30 días".into(),
                lines: vec![purchase::PurchaseDocLine {
                    sku: "FLT-1R0750".into(),
                    description: "Filtro de combustible CAT".into(),
                    quantity: d("10"),
                    unit: "pza".into(),
                    unit_cost: Money(d("28.50")),
                    promised_on: Some(day("2025-03-20")),
                    amount: Money(d("285.00")),
                }],
                total: Money(d("285.00")),
                notes: "Entregar en el taller de Valencia".into(),
            }),
        ]
    }

    fn kind_name(doc: &Document) -> &'static str {
        match doc {
            Document::Quote(_) => "quote",
            Document::Invoice(_) => "invoice",
            Document::CreditNote(_) => "credit-note",
            Document::Statement(_) => "statement",
            Document::PurchaseOrder(_) => "purchase-order",
        }
    }

    /// The text of a PDF, when `pdftotext` (poppler-utils) is installed.
    fn pdf_text(pdf: &[u8]) -> Option<String> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("doc.pdf");
        std::fs::write(&path, pdf).ok()?;
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    fn every_document_is_a_pdf_with_the_non_fiscal_line() {
        let docs = Documents::new();
        for lang in [Lang::Es, Lang::En] {
            let head = letterhead(lang);
            for doc in documents() {
                let pdf = docs.render(&head, &doc).unwrap_or_else(|e| panic!("{e}"));
                assert!(pdf.starts_with(b"%PDF"), "{doc:?} is not a PDF");
                // FAENA_DOCUMENTS_DUMP=<folder> keeps the PDFs to look at.
                if let Ok(dir) = std::env::var("FAENA_DOCUMENTS_DUMP") {
                    let name = format!("{}-{lang:?}.pdf", kind_name(&doc));
                    std::fs::write(std::path::Path::new(&dir).join(name), &pdf).unwrap();
                }
                let Some(text) = pdf_text(&pdf) else { continue };
                assert!(
                    text.contains("ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES"),
                    "{text}"
                );
                assert!(text.contains("Constructora Los Andes C.A."), "{text}");
                match (&doc, lang) {
                    (Document::Quote(_), Lang::Es) => {
                        assert!(text.contains("Presupuesto") && text.contains("PRE-000123-v2"));
                        assert!(text.contains("31 mar 2025"), "{text}");
                        // 8 × 45 = 360 + 2 × 38.50 − 10 % = 69.30 → 429.30; IVA 16 % = 68.69
                        assert!(text.contains("429,30"), "{text}");
                        assert!(
                            text.contains("*Precios* sujetos a cambio #sin aviso"),
                            "{text}"
                        );
                    }
                    (Document::Invoice(_), Lang::En) => {
                        assert!(text.contains("Invoice") && text.contains("FAC-000001"));
                        assert!(text.contains("Balance due"), "{text}");
                    }
                    (Document::Statement(_), Lang::Es) => {
                        assert!(text.contains("Estado de cuenta") && text.contains("Saldo final"));
                        assert!(text.contains("Más de 90 días") || text.contains("Antigüedad"));
                    }
                    _ => {}
                }
            }
        }
    }

    /// A timing probe, not a test of behaviour (ignored; run it by hand):
    /// how long a statement of `FAENA_STATEMENT_PROBE` lines (default
    /// 10,000) takes to typeset and to write as PDF, separately, with the
    /// statement template read from `FAENA_STATEMENT_TYP` when given — to
    /// try a layout without rebuilding. The benchmark with a database is
    /// `billingbench`.
    #[test]
    #[ignore]
    fn statement_timing_probe() {
        let n: usize = std::env::var("FAENA_STATEMENT_PROBE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000);
        let mut templates: Vec<(&'static str, &'static str)> = TEMPLATES.to_vec();
        if let Ok(path) = std::env::var("FAENA_STATEMENT_TYP") {
            let text = std::fs::read_to_string(path).unwrap();
            templates[2].1 = Box::leak(text.into_boxed_str());
        }
        let engine = TypstEngine::builder()
            .fonts(FONTS)
            .with_static_source_file_resolver(templates)
            .comemo_evict_max_age(Some(0))
            .build();
        let head = letterhead(Lang::Es);
        let doc = statement_doc(n);
        for run in 0..3 {
            let t = std::time::Instant::now();
            let data = view::statement(&head, &doc);
            let mut inputs = Dict::new();
            let Value::Dict(mut data) = to_typst(&data) else {
                panic!()
            };
            data.insert("logo".into(), Value::None);
            inputs.insert("data".into(), Value::Dict(data));
            let prepared = t.elapsed();
            let compiled: PagedDocument = engine
                .compile_with_input("statement.typ", inputs)
                .output
                .unwrap();
            let typeset = t.elapsed();
            let options = typst_pdf::PdfOptions {
                tagged: n <= UNTAGGED_STATEMENT_LINES,
                ..Default::default()
            };
            let pdf = typst_pdf::pdf(&compiled, &options).unwrap();
            let total = t.elapsed();
            println!(
                "run {run}: {n} lines, {} pages: data {:.0} ms, typeset {:.0} ms, pdf {:.0} ms, total {:.0} ms, {} bytes",
                compiled.pages().len(),
                prepared.as_secs_f64() * 1e3,
                (typeset - prepared).as_secs_f64() * 1e3,
                (total - typeset).as_secs_f64() * 1e3,
                total.as_secs_f64() * 1e3,
                pdf.len()
            );
        }
    }

    #[test]
    fn a_logo_is_printed_when_uploaded() {
        let mut head = letterhead(Lang::Es);
        let mut png = Vec::new();
        image::DynamicImage::new_rgb8(40, 20)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        head.logo = Some(png);
        let pdf = Documents::new()
            .render(&head, &Document::Statement(statement_doc(3)))
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(
            pdf.windows(6).any(|w| w == b"/Image"),
            "the logo is embedded"
        );
    }
}
