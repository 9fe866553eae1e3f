//! Exports of the customer directory and of opportunities, as CSV or XLSX,
//! always within the caller's scope (a seller exports only their own).
//!
//! Rows are read in keyset pages of [`BATCH`], so 50,000 customers never
//! sit in memory at once: a CSV export is an HTTP body streamed page by
//! page; an XLSX export writes each page into a constant-memory worksheet
//! (rows go to a temporary file as they are written) and sends the finished
//! file. XLSX cells are typed: amounts and percentages are numbers, days
//! and instants are Excel dates (in the company's time zone), not text.

use bytes::Bytes;
use futures_util::Stream;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde::Deserialize;

use crate::domain::crm::OpportunityScope;
use crate::domain::role::CustomerScope;
use crate::domain::{Permission, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::customers::check_directory_filter;
use crate::services::{Principal, Services, company_tz};
use crate::store::crm::opportunities::{OpportunityCursor, OpportunityFilter, OpportunityRow};
use crate::store::customers::{Customer, CustomerCursor, CustomerFilter};

/// Rows read per query.
pub const BATCH: i64 = 1000;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// One CSV field, quoted when it holds a separator, quote or line break;
/// a leading `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet
/// never runs it as a formula.
fn csv_field(out: &mut String, value: &str) {
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&guarded.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&guarded);
    }
}

fn csv_row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

const OPPORTUNITY_HEADER: [&str; 11] = [
    "title",
    "customer",
    "owner",
    "stage",
    "value",
    "probability",
    "expected_close",
    "source",
    "next_step",
    "created_at",
    "updated_at",
];

const CUSTOMER_HEADER: [&str; 11] = [
    "number",
    "name",
    "tax_id",
    "category",
    "email",
    "phone",
    "address",
    "city",
    "credit_limit",
    "active",
    "created_at",
];

fn local(t: Timestamp, tz: chrono_tz::Tz) -> chrono::NaiveDateTime {
    t.as_datetime().with_timezone(&tz).naive_local()
}

fn opportunity_fields(r: &OpportunityRow, tz: chrono_tz::Tz) -> Vec<String> {
    vec![
        r.title.clone(),
        r.customer_name.clone(),
        r.owner_name.clone(),
        r.stage.to_string(),
        r.value.to_string(),
        r.probability.to_string(),
        r.expected_close.map(|d| d.to_string()).unwrap_or_default(),
        r.source.clone(),
        r.next_step.clone(),
        local(r.created_at, tz).format("%Y-%m-%d %H:%M").to_string(),
        local(r.updated_at, tz).format("%Y-%m-%d %H:%M").to_string(),
    ]
}

fn customer_fields(c: &Customer, tz: chrono_tz::Tz) -> Vec<String> {
    vec![
        c.number.clone(),
        c.name.clone(),
        c.tax_id.to_string(),
        c.category.clone(),
        c.email.clone().unwrap_or_default(),
        c.phone.clone(),
        c.address.clone(),
        c.city.clone(),
        c.credit_limit.to_string(),
        c.active.to_string(),
        local(c.created_at, tz).format("%Y-%m-%d %H:%M").to_string(),
    ]
}

/// An Excel date-time of a naive local time.
fn excel_datetime(t: chrono::NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    use chrono::{Datelike, Timelike};
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second() as f64,
    )
}

fn xlsx_error(e: XlsxError) -> AppError {
    AppError::internal(anyhow::anyhow!("writing an XLSX export: {e}"))
}

fn number(m: crate::domain::Money) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    m.0.to_f64().unwrap_or_default()
}

/// Formats shared by the typed cells.
struct Formats {
    bold: Format,
    money: Format,
    date: Format,
    datetime: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("#,##0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

fn header(sheet: &mut Worksheet, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (i, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *name, &f.bold)?;
    }
    Ok(())
}

fn opportunity_cells(
    sheet: &mut Worksheet,
    row: u32,
    r: &OpportunityRow,
    tz: chrono_tz::Tz,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, &r.title)?;
    sheet.write_string(row, 1, &r.customer_name)?;
    sheet.write_string(row, 2, &r.owner_name)?;
    sheet.write_string(row, 3, r.stage.to_string())?;
    sheet.write_number_with_format(row, 4, number(r.value), &f.money)?;
    sheet.write_number(row, 5, r.probability as f64)?;
    if let Some(d) = r.expected_close {
        match excel_datetime(d.and_hms_opt(0, 0, 0).unwrap_or_default()) {
            Ok(day) => sheet.write_datetime_with_format(row, 6, &day, &f.date)?,
            // Excel's dates run from 1900 to 9999; another is written as text.
            Err(_) => sheet.write_string(row, 6, d.format("%Y-%m-%d").to_string())?,
        };
    }
    sheet.write_string(row, 7, &r.source)?;
    sheet.write_string(row, 8, &r.next_step)?;
    sheet.write_datetime_with_format(
        row,
        9,
        &excel_datetime(local(r.created_at, tz))?,
        &f.datetime,
    )?;
    sheet.write_datetime_with_format(
        row,
        10,
        &excel_datetime(local(r.updated_at, tz))?,
        &f.datetime,
    )?;
    Ok(())
}

fn customer_cells(
    sheet: &mut Worksheet,
    row: u32,
    c: &Customer,
    tz: chrono_tz::Tz,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, &c.number)?;
    sheet.write_string(row, 1, &c.name)?;
    sheet.write_string(row, 2, c.tax_id.to_string())?;
    sheet.write_string(row, 3, &c.category)?;
    sheet.write_string(row, 4, c.email.as_deref().unwrap_or_default())?;
    sheet.write_string(row, 5, &c.phone)?;
    sheet.write_string(row, 6, &c.address)?;
    sheet.write_string(row, 7, &c.city)?;
    sheet.write_number_with_format(row, 8, number(c.credit_limit), &f.money)?;
    sheet.write_boolean(row, 9, c.active)?;
    sheet.write_datetime_with_format(
        row,
        10,
        &excel_datetime(local(c.created_at, tz))?,
        &f.datetime,
    )?;
    Ok(())
}

type Body = std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>>>>;

fn io_error(e: AppError) -> std::io::Error {
    std::io::Error::other(format!("{e:?}"))
}

impl Services {
    async fn time_zone(&self) -> AppResult<chrono_tz::Tz> {
        Ok(company_tz(
            &self.store.conn().await?.company_settings().await?.time_zone,
        ))
    }

    async fn opportunity_batch(
        &self,
        scope: OpportunityScope,
        filter: &OpportunityFilter,
        after: Option<&OpportunityCursor>,
    ) -> AppResult<Vec<OpportunityRow>> {
        Ok(self
            .store
            .conn()
            .await?
            .opportunities(scope, filter, after, BATCH)
            .await?)
    }

    async fn customer_batch(
        &self,
        scope: CustomerScope,
        filter: &CustomerFilter,
        after: Option<&CustomerCursor>,
    ) -> AppResult<Vec<Customer>> {
        Ok(self
            .store
            .conn()
            .await?
            .customers_page(scope, filter, after, BATCH)
            .await?)
    }

    /// The opportunities in scope matching `filter` as a CSV body streamed
    /// one page at a time.
    pub async fn export_opportunities_csv(
        &self,
        who: &Principal,
        filter: OpportunityFilter,
    ) -> AppResult<Body> {
        let scope = who.crm_scope()?;
        let tz = self.time_zone().await?;
        let services = self.clone();
        type State = (Services, OpportunityFilter, Option<OpportunityCursor>, bool);
        let start: Option<State> = Some((services, filter, None, true));
        let stream = futures_util::stream::try_unfold(start, move |state| async move {
            let Some((services, filter, after, first)) = state else {
                return Ok(None);
            };
            let rows = services
                .opportunity_batch(scope, &filter, after.as_ref())
                .await
                .map_err(io_error)?;
            let mut out = String::new();
            if first {
                csv_row(&mut out, &OPPORTUNITY_HEADER.map(String::from));
            }
            for r in &rows {
                csv_row(&mut out, &opportunity_fields(r, tz));
            }
            let next = (rows.len() as i64 == BATCH).then(|| {
                let last = rows.last().expect("a full batch has a last row");
                let cursor = OpportunityCursor {
                    updated_at: last.updated_at,
                    id: last.id,
                };
                (services, filter, Some(cursor), false)
            });
            Ok(Some((Bytes::from(out), next)))
        });
        Ok(Box::pin(stream))
    }

    /// The customers in scope matching `filter` as a CSV body streamed one
    /// page at a time.
    pub async fn export_directory_csv(
        &self,
        who: &Principal,
        filter: CustomerFilter,
    ) -> AppResult<Body> {
        who.require(Permission::ReadCustomers)?;
        who.require(Permission::CreateCustomers)?;
        check_directory_filter(&filter)?;
        let scope = who.customer_scope();
        let tz = self.time_zone().await?;
        let services = self.clone();
        type State = (Services, CustomerFilter, Option<CustomerCursor>, bool);
        let start: Option<State> = Some((services, filter, None, true));
        let stream = futures_util::stream::try_unfold(start, move |state| async move {
            let Some((services, filter, after, first)) = state else {
                return Ok(None);
            };
            let rows = services
                .customer_batch(scope, &filter, after.as_ref())
                .await
                .map_err(io_error)?;
            let mut out = String::new();
            if first {
                csv_row(&mut out, &CUSTOMER_HEADER.map(String::from));
            }
            for c in &rows {
                csv_row(&mut out, &customer_fields(c, tz));
            }
            let next = (rows.len() as i64 == BATCH).then(|| {
                let last = rows.last().expect("a full batch has a last row");
                let cursor = CustomerCursor {
                    sort_name: last.name.to_lowercase(),
                    id: last.id,
                };
                (services, filter, Some(cursor), false)
            });
            Ok(Some((Bytes::from(out), next)))
        });
        Ok(Box::pin(stream))
    }

    /// The opportunities in scope matching `filter` as an XLSX file.
    pub async fn export_opportunities_xlsx(
        &self,
        who: &Principal,
        filter: OpportunityFilter,
    ) -> AppResult<Vec<u8>> {
        let scope = who.crm_scope()?;
        let tz = self.time_zone().await?;
        let f = Formats::new();
        let mut workbook = Workbook::new();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        header(sheet, &OPPORTUNITY_HEADER, &f).map_err(xlsx_error)?;
        let (mut row, mut after) = (1u32, None);
        loop {
            let rows = self
                .opportunity_batch(scope, &filter, after.as_ref())
                .await?;
            for r in &rows {
                opportunity_cells(sheet, row, r, tz, &f).map_err(xlsx_error)?;
                row += 1;
            }
            match rows.last() {
                Some(last) if rows.len() as i64 == BATCH => {
                    after = Some(OpportunityCursor {
                        updated_at: last.updated_at,
                        id: last.id,
                    })
                }
                _ => break,
            }
        }
        workbook.save_to_buffer().map_err(xlsx_error)
    }

    /// The customers in scope matching `filter` as an XLSX file.
    pub async fn export_directory_xlsx(
        &self,
        who: &Principal,
        filter: CustomerFilter,
    ) -> AppResult<Vec<u8>> {
        who.require(Permission::ReadCustomers)?;
        who.require(Permission::CreateCustomers)?;
        check_directory_filter(&filter)?;
        let scope = who.customer_scope();
        let tz = self.time_zone().await?;
        let f = Formats::new();
        let mut workbook = Workbook::new();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        header(sheet, &CUSTOMER_HEADER, &f).map_err(xlsx_error)?;
        let (mut row, mut after) = (1u32, None);
        loop {
            let rows = self.customer_batch(scope, &filter, after.as_ref()).await?;
            for c in &rows {
                customer_cells(sheet, row, c, tz, &f).map_err(xlsx_error)?;
                row += 1;
            }
            match rows.last() {
                Some(last) if rows.len() as i64 == BATCH => {
                    after = Some(CustomerCursor {
                        sort_name: last.name.to_lowercase(),
                        id: last.id,
                    })
                }
                _ => break,
            }
        }
        workbook.save_to_buffer().map_err(xlsx_error)
    }
}
