//! CSV and XLSX of the invoice search and of the statement.
//!
//! Both are written row by row from typed cells: text, a date, or an
//! amount. CSV writes amounts as plain decimals (`1234.50`, a dot, no
//! grouping: any spreadsheet reads them) and dates as ISO days; XLSX writes
//! real number cells with the currency's decimals and real date cells
//! (`rust_xlsxwriter`), so sums and filters work on the sheet. Excel keeps
//! numbers as doubles: the exact decimal becomes a double only in this last
//! step, at the file's edge.

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::Invoice;
use super::search::{InvoicePage, InvoiceSearch};
use super::statement::StatementPeriod;
use crate::domain::{CustomerId, Money};
use crate::error::{AppError, AppResult};
use crate::services::{Principal, Services};

/// One cell of an export.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Date(Option<NaiveDate>),
    Amount(Money),
    /// A whole number (a count).
    Count(i64),
    /// A measured figure (hours, a score, a quantity): a number cell, or
    /// an empty one.
    Number(Option<rust_decimal::Decimal>),
}

/// The two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// Writes rows as they come, into CSV or XLSX.
pub struct TableWriter {
    format: ExportFormat,
    csv: Vec<u8>,
    workbook: Workbook,
    row: u32,
    scale: u32,
}

impl TableWriter {
    pub fn new(format: ExportFormat, sheet: &str, header: &[&str], scale: u32) -> AppResult<Self> {
        let mut w = TableWriter {
            format,
            // A BOM so spreadsheet programs read the accents as UTF-8.
            csv: b"\xEF\xBB\xBF".to_vec(),
            workbook: Workbook::new(),
            row: 0,
            scale,
        };
        if format == ExportFormat::Xlsx {
            // Constant memory: each row goes to a temporary file as it is
            // written, so a long export never holds its cells in memory.
            let ws = w
                .workbook
                .add_worksheet_with_constant_memory()
                .map_err(xlsx)?;
            ws.set_name(sheet).map_err(xlsx)?;
        }
        let cells: Vec<Cell> = header.iter().map(|h| Cell::Text((*h).into())).collect();
        w.bold_row(&cells)?;
        Ok(w)
    }

    fn bold_row(&mut self, cells: &[Cell]) -> AppResult<()> {
        self.write(cells, true)
    }

    pub fn row(&mut self, cells: &[Cell]) -> AppResult<()> {
        self.write(cells, false)
    }

    fn write(&mut self, cells: &[Cell], bold: bool) -> AppResult<()> {
        match self.format {
            ExportFormat::Csv => self.csv.extend_from_slice(csv_line(cells).as_bytes()),
            ExportFormat::Xlsx => {
                let decimals = if self.scale == 0 {
                    "#,##0".to_string()
                } else {
                    format!("#,##0.{}", "0".repeat(self.scale as usize))
                };
                let amount = Format::new().set_num_format(decimals);
                let date = Format::new().set_num_format("yyyy-mm-dd");
                let bold_format = Format::new().set_bold();
                let row = self.row;
                let ws = self.workbook.worksheet_from_index(0).map_err(xlsx)?;
                for (col, c) in cells.iter().enumerate() {
                    let col = u16::try_from(col).unwrap_or(u16::MAX);
                    match c {
                        Cell::Text(t) if bold => {
                            ws.write_string_with_format(row, col, t, &bold_format)
                                .map_err(xlsx)?;
                        }
                        Cell::Text(t) => {
                            ws.write_string(row, col, t).map_err(xlsx)?;
                        }
                        Cell::Date(Some(d)) => {
                            match ExcelDateTime::from_ymd(
                                u16::try_from(d.year()).unwrap_or(0),
                                d.month() as u8,
                                d.day() as u8,
                            ) {
                                Ok(day) => ws.write_date_with_format(row, col, &day, &date),
                                // Excel's dates run from 1900 to 9999; another is text.
                                Err(_) => {
                                    ws.write_string(row, col, d.format("%Y-%m-%d").to_string())
                                }
                            }
                            .map_err(xlsx)?;
                        }
                        Cell::Date(None) => {}
                        Cell::Count(n) => {
                            ws.write_number(row, col, *n as f64).map_err(xlsx)?;
                        }
                        Cell::Number(Some(d)) => {
                            ws.write_number(row, col, d.to_f64().unwrap_or_default())
                                .map_err(xlsx)?;
                        }
                        Cell::Number(None) => {}
                        Cell::Amount(m) => {
                            ws.write_number_with_format(
                                row,
                                col,
                                m.0.to_f64().unwrap_or_default(),
                                &amount,
                            )
                            .map_err(xlsx)?;
                        }
                    }
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    pub fn finish(mut self) -> AppResult<Vec<u8>> {
        match self.format {
            ExportFormat::Csv => Ok(self.csv),
            ExportFormat::Xlsx => self.workbook.save_to_buffer().map_err(xlsx),
        }
    }
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::internal(anyhow::anyhow!("writing the spreadsheet: {e}"))
}

/// One CSV line (with its CRLF): plain decimals, ISO days.
pub fn csv_line(cells: &[Cell]) -> String {
    let mut line = cells
        .iter()
        .map(|c| match c {
            Cell::Text(t) => csv_field(t),
            Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Cell::Amount(m) => m.to_string(),
            Cell::Count(n) => n.to_string(),
            Cell::Number(d) => d.map(|d| d.normalize().to_string()).unwrap_or_default(),
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is
/// prefixed with `'` so a spreadsheet never runs it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Most invoices in one export.
const MAX_EXPORT_ROWS: usize = 100_000;

/// Invoices read per query of an export.
const EXPORT_PAGE: i64 = 500;

/// A CSV answer streamed as it is written.
pub type CsvBody =
    std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>>>>;

const INVOICE_HEADER: [&str; 14] = [
    "Número",
    "Estado",
    "Cliente",
    "RIF/RUT/NIT",
    "Orden",
    "Emisión",
    "Vencimiento",
    "Subtotal",
    "Impuesto",
    "Total",
    "Pagado",
    "Acreditado",
    "Pendiente",
    "Moneda",
];

fn invoice_cells(i: &Invoice) -> [Cell; 14] {
    [
        Cell::Text(i.number.clone().unwrap_or_default()),
        Cell::Text(i.state.to_string()),
        Cell::Text(i.customer_name.clone()),
        Cell::Text(i.customer_tax_id.clone()),
        Cell::Text(i.order_number.clone().unwrap_or_default()),
        Cell::Date(i.issue_date),
        Cell::Date(i.due_date),
        Cell::Amount(i.subtotal),
        Cell::Amount(i.tax),
        Cell::Amount(i.total),
        Cell::Amount(i.allocated),
        Cell::Amount(i.credited),
        Cell::Amount(i.open),
        Cell::Text(i.currency.clone()),
    ]
}

impl Services {
    /// The invoice search (every page) as CSV or XLSX.
    pub async fn export_invoices(
        &self,
        who: &Principal,
        search: InvoiceSearch,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let currency = self.company_settings().await?.currency;
        let scale = crate::domain::money::currency_scale(&currency);
        let mut out = TableWriter::new(format, "Facturas", &INVOICE_HEADER, scale)?;
        let mut cursor: Option<String> = None;
        let mut written = 0;
        loop {
            let page = self
                .search_invoices(who, search.clone(), cursor.as_deref(), EXPORT_PAGE)
                .await?;
            for i in &page.items {
                out.row(&invoice_cells(i))?;
                written += 1;
            }
            match page.next_cursor {
                Some(next) if written < MAX_EXPORT_ROWS => cursor = Some(next),
                _ => break,
            }
        }
        out.finish()
    }

    /// The invoice search as a CSV body streamed a page at a time: a year
    /// of invoices never sits in memory at once. The first page is read
    /// before answering, so a refusal is a problem answer, not a broken
    /// download.
    pub async fn export_invoices_csv(
        &self,
        who: &Principal,
        search: InvoiceSearch,
    ) -> AppResult<CsvBody> {
        let first = self
            .search_invoices(who, search.clone(), None, EXPORT_PAGE)
            .await?;
        let mut head = String::from("\u{FEFF}");
        head.push_str(&csv_line(
            &INVOICE_HEADER.map(|h| Cell::Text(h.to_string())),
        ));
        let services = self.clone();
        let who = who.clone();
        type State = (Option<InvoicePage>, Option<String>, usize, String);
        let start: Option<State> = Some((Some(first), None, 0, head));
        let stream = futures_util::stream::try_unfold(start, move |state| {
            let services = services.clone();
            let who = who.clone();
            let search = search.clone();
            async move {
                let Some((page, cursor, written, mut out)) = state else {
                    return Ok::<_, std::io::Error>(None);
                };
                let page = match page {
                    Some(p) => p,
                    None => services
                        .search_invoices(&who, search, cursor.as_deref(), EXPORT_PAGE)
                        .await
                        .map_err(|e| std::io::Error::other(format!("{e:?}")))?,
                };
                for i in &page.items {
                    out.push_str(&csv_line(&invoice_cells(i)));
                }
                let written = written + page.items.len();
                let next = match page.next_cursor {
                    Some(next) if written < MAX_EXPORT_ROWS => {
                        Some((None, Some(next), written, String::new()))
                    }
                    _ => None,
                };
                Ok(Some((bytes::Bytes::from(out), next)))
            }
        });
        Ok(Box::pin(stream))
    }

    /// The statement as CSV or XLSX: opening balance, the lines with their
    /// running balance, closing balance.
    pub async fn export_statement(
        &self,
        who: &Principal,
        customer: CustomerId,
        period: StatementPeriod,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let parts = self.statement_parts(who, customer, period).await?;
        let scale = crate::domain::money::currency_scale(&parts.currency);
        let s = &parts.statement;
        let mut out = TableWriter::new(
            format,
            "Estado de cuenta",
            &[
                "Fecha",
                "Tipo",
                "Documento",
                "Referencia",
                "Cargo",
                "Abono",
                "Saldo",
            ],
            scale,
        )?;
        out.row(&[
            Cell::Date(s.from),
            Cell::Text("saldo_inicial".into()),
            Cell::Text(String::new()),
            Cell::Text(parts.customer.name.clone()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Amount(s.opening_balance),
        ])?;
        for l in &s.lines {
            out.row(&[
                Cell::Date(Some(l.date)),
                Cell::Text(l.kind.to_string()),
                Cell::Text(l.number.clone()),
                Cell::Text(l.reference.clone()),
                Cell::Amount(l.charge),
                Cell::Amount(l.credit),
                Cell::Amount(l.balance),
            ])?;
        }
        out.row(&[
            Cell::Date(Some(s.to)),
            Cell::Text("saldo_final".into()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Amount(s.charges),
            Cell::Amount(s.credits),
            Cell::Amount(s.closing_balance),
        ])?;
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Los Andes, C.A."), "\"Los Andes, C.A.\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("di \"hola\""), "\"di \"\"hola\"\"\"");
    }
}
