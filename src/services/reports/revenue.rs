//! The revenue report (issue 17: "invoiced and collected by period,
//! customer, service type and seller; receivables aging").
//!
//! - **Invoiced**: issued invoices (not drafts; a voided invoice never
//!   counts) by their issue day; **credited**: credit notes by theirs;
//!   **net** = invoiced − credited. In the company's currency.
//! - **Collected**: payments received by their day (deleted ones do not
//!   count), whatever invoice they settle.
//! - **By service type**: the invoiced lines by kind (service, part),
//!   before any discount on the whole invoice.
//! - **Aging**: what is open today, by how late (the receivables page's
//!   figures, in the same scope).
//!
//! Each figure drills down to its records: the invoice search (customer
//! and issue days) and the payment search (days), which the screens link.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{ReportScope, range, report_scope};
use crate::domain::billing::Aging;
use crate::domain::billing::lines::LineKind;
use crate::domain::money::currency_scale;
use crate::domain::report::{Granularity, periods};
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, Money, UserId};
use crate::error::AppResult;
use crate::notify::templates::Lang;
use crate::services::invoices::export::{Cell, ExportFormat, TableWriter};
use crate::services::{Principal, Services, today_in};
use crate::store::reports::{CustomerFilters, RevenueScope, RevenueSource};

/// The revenue report's filters (all optional).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct RevenueQuery {
    /// First day (company's zone); default: twelve months before `to`.
    pub from: Option<NaiveDate>,
    /// Last day; default: today.
    pub to: Option<NaiveDate>,
    /// Default: days up to two months, weeks up to a year, months beyond.
    pub granularity: Option<Granularity>,
    pub customer_id: Option<CustomerId>,
    /// Customers this seller owns (a seller always sees only their own).
    pub seller_id: Option<UserId>,
    /// Customers of this category (segment).
    #[param(max_length = 100)]
    pub category: Option<String>,
}

/// The figures of a period, a customer or a seller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RevenueFigures {
    pub invoiced: Money,
    pub credited: Money,
    /// Invoiced − credited.
    pub net: Money,
    pub collected: Money,
    /// Invoices issued.
    pub invoices: i64,
    /// Payments received.
    pub payments: i64,
}

impl RevenueFigures {
    /// Adds a source's sum and count (a day's, or a customer's).
    fn add(&mut self, source: RevenueSource, amount: Decimal, count: i64) {
        match source {
            RevenueSource::Invoiced => {
                self.invoiced.0 += amount;
                self.net.0 += amount;
                self.invoices += count;
            }
            RevenueSource::Credited => {
                self.credited.0 += amount;
                self.net.0 -= amount;
            }
            RevenueSource::Collected => {
                self.collected.0 += amount;
                self.payments += count;
            }
        }
    }

    /// Adds another group's figures (a customer's, to its seller's).
    fn merge(&mut self, other: &RevenueFigures) {
        self.invoiced.0 += other.invoiced.0;
        self.credited.0 += other.credited.0;
        self.net.0 += other.net.0;
        self.collected.0 += other.collected.0;
        self.invoices += other.invoices;
        self.payments += other.payments;
    }

    /// Every amount with the currency's decimals (`300.00`, not `300`).
    fn in_scale(mut self, scale: u32) -> Self {
        for m in [
            &mut self.invoiced,
            &mut self.credited,
            &mut self.net,
            &mut self.collected,
        ] {
            m.0.rescale(scale);
        }
        self
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RevenuePeriod {
    /// First and last day of the period (clipped to the range).
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub figures: RevenueFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RevenueByCustomer {
    pub customer_id: CustomerId,
    pub name: String,
    pub figures: RevenueFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RevenueBySeller {
    /// `null`: customers without a seller.
    pub seller_id: Option<UserId>,
    pub name: Option<String>,
    pub figures: RevenueFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RevenueByServiceType {
    #[ts(type = "\"service\" | \"part\"")]
    pub kind: LineKind,
    pub invoiced: Money,
}

/// The revenue report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RevenueReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub currency: String,
    pub totals: RevenueFigures,
    /// Every period of the range, oldest first (empty ones too).
    pub periods: Vec<RevenuePeriod>,
    /// Customers with a figure, by net invoiced, largest first.
    pub by_customer: Vec<RevenueByCustomer>,
    /// By seller, largest first.
    pub by_seller: Vec<RevenueBySeller>,
    pub by_service_type: Vec<RevenueByServiceType>,
    /// What is open today, by how late.
    pub aging: Aging,
}

impl Services {
    /// The revenue report (office roles; a seller, their customers).
    pub async fn revenue_report(
        &self,
        who: &Principal,
        q: RevenueQuery,
    ) -> AppResult<RevenueReport> {
        let scope = report_scope(who)?;
        // The settings first, on a connection of their own: their first
        // read may write the defaults, and the snapshot below is read-only.
        let company = self.store.conn().await?.company_settings().await?;
        let (from, to, granularity) = range(&company.time_zone, q.from, q.to, q.granularity)?;
        let seller_id = match scope {
            ReportScope::All => q.seller_id,
            ReportScope::Seller(me) => Some(me),
        };
        let filter = RevenueScope {
            from,
            to,
            currency: company.currency.clone(),
            customers: CustomerFilters {
                customer_id: q.customer_id,
                seller_id,
                category: super::category(q.category)?,
            },
        };
        let scale = currency_scale(&company.currency);
        // Sums of the integer copies, by day (for the periods and totals) and
        // by customer (for the customers and sellers): a few thousand rows
        // at most, whatever the number of documents.
        let sources = [
            RevenueSource::Invoiced,
            RevenueSource::Credited,
            RevenueSource::Collected,
        ];
        let mut conn = self.store.report_snapshot().await?;
        let mut by_day = Vec::with_capacity(sources.len());
        let mut by_customer_sums = Vec::with_capacity(sources.len());
        for source in sources {
            by_day.push((source, conn.report_revenue_by_day(&filter, source).await?));
            by_customer_sums.push((
                source,
                conn.report_revenue_by_customer(&filter, source).await?,
            ));
        }
        let kinds = conn.report_invoiced_by_kind(&filter).await?;
        let customers: HashMap<CustomerId, _> = conn
            .report_customers(&filter)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        // The aging in the same scope (a seller: their customers).
        let aging_scope = match scope {
            ReportScope::All => CustomerScope::All,
            ReportScope::Seller(me) => CustomerScope::OwnedBy(me),
        };
        let today = today_in(&company.time_zone);
        let mut aging = Aging::default();
        for i in conn
            .open_invoices(aging_scope, filter.customers.customer_id)
            .await?
        {
            if customers.contains_key(&i.customer_id) {
                aging.add(i.due_date, today, i.settlement().open());
            }
        }
        drop(conn);

        let spans = periods(granularity, from, to);
        let period_of = |day: NaiveDate| spans.partition_point(|(start, _)| *start <= day) - 1;
        let amount = |source: RevenueSource, minor: i64| {
            Decimal::new(minor, source.scale().unwrap_or(scale))
        };
        let mut by_period = vec![RevenueFigures::default(); spans.len()];
        let mut totals = RevenueFigures::default();
        for (source, days) in &by_day {
            for d in days {
                let a = amount(*source, d.minor);
                by_period[period_of(d.day)].add(*source, a, d.documents);
                totals.add(*source, a, d.documents);
            }
        }
        let mut by_customer: HashMap<CustomerId, RevenueFigures> = HashMap::new();
        for (source, sums) in &by_customer_sums {
            for c in sums {
                by_customer.entry(c.customer_id).or_default().add(
                    *source,
                    amount(*source, c.minor),
                    c.documents,
                );
            }
        }
        let mut by_kind: BTreeMap<&'static str, (LineKind, Decimal)> = BTreeMap::new();
        for k in &kinds {
            let name: &'static str = k.kind.into();
            by_kind.entry(name).or_insert((k.kind, Decimal::ZERO)).1 += Decimal::new(k.cents, 2);
        }
        let mut by_seller: HashMap<Option<UserId>, (Option<String>, RevenueFigures)> =
            HashMap::new();
        for (id, f) in &by_customer {
            let (owner, name) = customers
                .get(id)
                .map_or((None, None), |c| (c.owner_id, c.owner_name.clone()));
            let entry = by_seller
                .entry(owner)
                .or_insert((name, RevenueFigures::default()));
            entry.1.merge(f);
        }
        let mut by_customer: Vec<RevenueByCustomer> = by_customer
            .into_iter()
            .map(|(customer_id, figures)| RevenueByCustomer {
                customer_id,
                name: customers
                    .get(&customer_id)
                    .map_or_else(String::new, |c| c.name.clone()),
                figures: figures.in_scale(scale),
            })
            .collect();
        by_customer.sort_by(|a, b| {
            b.figures
                .net
                .cmp(&a.figures.net)
                .then_with(|| a.name.cmp(&b.name))
        });
        let mut by_seller: Vec<RevenueBySeller> = by_seller
            .into_iter()
            .map(|(seller_id, (name, figures))| RevenueBySeller {
                seller_id,
                name,
                figures: figures.in_scale(scale),
            })
            .collect();
        by_seller.sort_by(|a, b| {
            b.figures
                .net
                .cmp(&a.figures.net)
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(RevenueReport {
            from,
            to,
            granularity,
            currency: company.currency,
            totals: totals.in_scale(scale),
            periods: spans
                .iter()
                .zip(by_period)
                .map(|(&(start, end), figures)| RevenuePeriod {
                    start,
                    end,
                    figures: figures.in_scale(scale),
                })
                .collect(),
            by_customer,
            by_seller,
            by_service_type: by_kind
                .into_values()
                .map(|(kind, mut amount)| {
                    amount.rescale(scale);
                    RevenueByServiceType {
                        kind,
                        invoiced: Money(amount),
                    }
                })
                .collect(),
            aging,
        })
    }
}

impl Services {
    /// The revenue report's periods as CSV or XLSX (real date and number
    /// cells), with a total row; same filters and scope as the report.
    pub async fn export_revenue(
        &self,
        who: &Principal,
        q: RevenueQuery,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let report = self.revenue_report(who, q).await?;
        let header: &[&str] = match self.language() {
            Lang::Es => &[
                "Desde",
                "Hasta",
                "Facturado",
                "Notas de crédito",
                "Neto",
                "Cobrado",
                "Facturas",
                "Pagos",
            ],
            Lang::En => &[
                "From",
                "To",
                "Invoiced",
                "Credit notes",
                "Net",
                "Collected",
                "Invoices",
                "Payments",
            ],
        };
        let sheet = match self.language() {
            Lang::Es => "Ingresos",
            Lang::En => "Revenue",
        };
        let mut out = TableWriter::new(format, sheet, header, currency_scale(&report.currency))?;
        let row = |start: Option<NaiveDate>, end: Option<NaiveDate>, f: &RevenueFigures| {
            vec![
                Cell::Date(start),
                Cell::Date(end),
                Cell::Amount(f.invoiced),
                Cell::Amount(f.credited),
                Cell::Amount(f.net),
                Cell::Amount(f.collected),
                Cell::Count(f.invoices),
                Cell::Count(f.payments),
            ]
        };
        for p in &report.periods {
            out.row(&row(Some(p.start), Some(p.end), &p.figures))?;
        }
        out.row(&row(Some(report.from), Some(report.to), &report.totals))?;
        out.finish()
    }
}
