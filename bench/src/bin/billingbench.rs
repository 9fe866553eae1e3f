//! `billingbench`: the account statement of a customer with 10,000
//! movements — how long the statement (as the JSON the API answers) and its
//! PDF take, on SQLite and PostgreSQL. Prints figures; asserts no timing.
//!
//! Builds Faena's services in-process on a fresh database (a temporary
//! SQLite file, or a fresh schema in the PostgreSQL database at
//! `--postgres-url` / `FAENA_TEST_POSTGRES_URL`), loads the demo data, and
//! gives the first demo customer `--movements` movements through the store:
//! half issued invoices (one line, 16 % tax), half payments on one order,
//! spread over the past year. Then, `--runs` times each:
//!
//! - statement: read the movements (one indexed `UNION ALL`), build the
//!   statement and its aging (`domain::billing::statement`), serialize it to
//!   JSON — the work of `GET /api/v1/customers/{id}/statement`;
//! - PDF: the same statement typeset (typst, A4) — `…/statement/pdf`.
//!
//! ```text
//! cargo build --release -p faena-bench --bin billingbench
//! target/release/billingbench [--movements 10000] [--runs 5] [--backend sqlite|postgres|both]
//! ```

#[path = "../fresh_db.rs"]
mod fresh_db;

use std::time::Instant;

use anyhow::Context;
use chrono::{NaiveDate, TimeDelta};
use faena::config::{Secret, Settings};
use faena::domain::billing::lines::compute_document;
use faena::domain::billing::statement::build;
use faena::domain::billing::{Aging, DocumentSeries, LineInput, LineKind, LineTax, Percent};
use faena::domain::role::CustomerScope;
use faena::domain::{
    CustomerId, InvoiceId, Money, OrderId, PaymentId, Quantity, Timestamp, UserId,
};
use faena::notify::documents::{Document, Documents, Letterhead, Party, StatementDoc};
use faena::notify::templates::Lang;
use faena::store::accounts::UserFilter;
use faena::store::billing::invoices::{InvoiceIssue, NewInvoice};
use faena::store::billing::{NewLine, StoredTotals};
use faena::store::orders::{NewOrder, OrderData};
use faena::store::payments::NewPayment;

struct Args {
    movements: usize,
    runs: usize,
    backends: Vec<&'static str>,
    postgres_url: Option<String>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut a = Args {
        movements: 10_000,
        runs: 5,
        backends: vec!["sqlite", "postgres"],
        postgres_url: std::env::var("FAENA_TEST_POSTGRES_URL").ok(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().context("missing value");
        match arg.as_str() {
            "--movements" => a.movements = value()?.parse()?,
            "--runs" => a.runs = value()?.parse::<usize>()?.max(1),
            "--postgres-url" => a.postgres_url = Some(value()?),
            "--backend" => {
                a.backends = match value()?.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    _ => vec!["sqlite", "postgres"],
                }
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    Ok(a)
}

async fn services(backend: &str, args: &Args) -> anyhow::Result<faena::services::Services> {
    let (dir, url) =
        fresh_db::fresh_database("billingbench", backend, args.postgres_url.as_deref()).await?;
    let mut settings = Settings::defaults();
    settings.database.url = Secret::new(url);
    settings.mail.outbox_dir = dir.join("mail");
    settings.uploads.dir = dir.join("uploads");
    let services = faena::app::build_services(settings, 0).await?;
    faena::services::demo::load(&services).await?;
    Ok(services)
}

/// Gives `customer` `n` movements: invoices and payments alternating over
/// the past year, in batches of 500 per transaction.
async fn seed(
    services: &faena::services::Services,
    customer: CustomerId,
    user: UserId,
    n: usize,
) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    let start = today - TimeDelta::days(365);
    let order = OrderId::new();
    let mut tx = services.store.begin().await?;
    tx.insert_order(&NewOrder {
        id: order,
        number: "OS-BENCH".into(),
        customer_id: customer,
        data: OrderData {
            equipment_id: None,
            reason: "Contrato anual de mantenimiento".into(),
            service_value: Money::parse("999999999.00", 2)?,
            promised_at: None,
        },
        qr_token: format!("bench{}", uuid::Uuid::now_v7().simple()),
        created_by: user,
        now: Timestamp::now(),
    })
    .await?;
    let method = tx
        .payment_methods(false)
        .await?
        .first()
        .context("a payment method")?
        .id;
    tx.commit().await?;
    let input = LineInput {
        quantity: Quantity::parse("1")?,
        unit_price: Money::parse("125.50", 2)?,
        discount: Percent::ZERO,
        tax: LineTax::Rate(Percent::parse("16")?),
    };
    let (amounts, totals) = compute_document(&[input], 2)?;
    let stored = StoredTotals::new(&totals, 2).context("totals")?;
    let line = NewLine {
        kind: LineKind::Service,
        item_id: None,
        description: "Mantenimiento preventivo".into(),
        input,
        amounts: amounts[0],
    };
    for batch in 0..n.div_ceil(500) {
        let mut tx = services.store.begin().await?;
        for i in batch * 500..((batch + 1) * 500).min(n) {
            let day: NaiveDate = start + TimeDelta::days((i * 365 / n.max(1)) as i64);
            let now = Timestamp::now();
            if i % 2 == 0 {
                let id = InvoiceId::new();
                tx.insert_invoice(&NewInvoice {
                    id,
                    customer_id: customer,
                    order_id: Some(order),
                    quote_version_id: None,
                    currency: "USD".into(),
                    notes: String::new(),
                    terms: String::new(),
                    totals: stored.clone(),
                    lines: vec![line.clone()],
                    created_by: user,
                    now,
                })
                .await?;
                let series = DocumentSeries::Invoice;
                let number = series.format(tx.next_number(series.counter()).await?);
                tx.issue_invoice(
                    id,
                    &InvoiceIssue {
                        number,
                        issue_date: day,
                        due_date: day + TimeDelta::days(30),
                        by: user,
                        now,
                    },
                )
                .await?;
            } else {
                let number = format!("REC-{:06}", tx.next_number("receipt").await?);
                tx.insert_payment(&NewPayment {
                    id: PaymentId::new(),
                    number,
                    order_id: order,
                    amount: Money::parse("100.00", 2)?,
                    method_id: method,
                    reference: format!("TRF-{i}"),
                    paid_on: day,
                    registered_by: user,
                    now,
                })
                .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    (ms[0], median, ms[ms.len() - 1])
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    faena::telemetry::init_logs("warn");
    let args = parse_args()?;
    let documents = Documents::new();
    println!(
        "billingbench: statement of one customer with {} movements, {} runs each",
        args.movements, args.runs
    );
    println!(
        "backend   | lines  | statement JSON ms (min / median / max) | PDF ms (min / median / max) | PDF bytes"
    );
    for backend in &args.backends {
        let services = services(backend, &args).await?;
        let mut conn = services.store.conn().await?;
        let user = conn
            .list_users(&UserFilter::default())
            .await?
            .first()
            .context("a demo user")?
            .id;
        let customer_id = customer_of_demo(&mut conn).await?;
        let customer = conn
            .billing_customer(CustomerScope::All, customer_id)
            .await?
            .context("the demo customer")?;
        drop(conn);
        seed(&services, customer.id, user, args.movements).await?;
        let today = chrono::Utc::now().date_naive();
        let (mut json_ms, mut pdf_ms) = (Vec::new(), Vec::new());
        let (mut lines, mut bytes) = (0, 0);
        for _ in 0..args.runs {
            let t = Instant::now();
            let mut conn = services.store.conn().await?;
            let movements = conn
                .account_movements(customer.id, today, chrono_tz::UTC)
                .await?;
            let statement = build(movements, None, today);
            let mut aging = Aging::default();
            for open in conn
                .open_invoices(CustomerScope::All, Some(customer.id))
                .await?
            {
                aging.add(open.due_date, today, open.settlement().open());
            }
            let json = serde_json::to_vec(&statement)?;
            json_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            lines = statement.lines.len();
            std::hint::black_box(json);
            drop(conn);

            let t = Instant::now();
            let doc = Document::Statement(StatementDoc {
                customer: Party {
                    name: customer.name.clone(),
                    tax_id: customer.tax_id.clone(),
                    address: customer.address.clone(),
                    phone: customer.phone.clone(),
                    email: String::new(),
                },
                statement,
                aging,
                generated_at: Timestamp::now(),
            });
            let pdf = documents.render(&letterhead(), &doc)?;
            pdf_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            bytes = pdf.len();
        }
        let (j0, j1, j2) = stats(json_ms);
        let (p0, p1, p2) = stats(pdf_ms);
        println!(
            "{backend:<9} | {lines:>6} | {j0:>8.1} / {j1:>8.1} / {j2:>8.1}            | {p0:>7.0} / {p1:>7.0} / {p2:>7.0}     | {bytes}"
        );
        services.hub.stop();
    }
    Ok(())
}

async fn customer_of_demo(conn: &mut faena::store::Conn) -> anyhow::Result<CustomerId> {
    let email = faena::domain::Email::parse("cliente@faena.demo")?;
    let (user, _) = conn
        .user_credentials(&email)
        .await?
        .context("the demo customer contact")?;
    user.customer_id.context("the contact's company")
}

fn letterhead() -> Letterhead {
    Letterhead {
        company_name: "Servicios Pesados del Sur C.A.".into(),
        address: "Av. Principal, Galpón 3, Valencia".into(),
        phone: "+58 241 555 0100".into(),
        email: "taller@example.com".into(),
        logo: None,
        terms: String::new(),
        non_fiscal_line: "ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES".into(),
        tax_id_label: "RIF".into(),
        currency: "USD".into(),
        time_zone: chrono_tz::UTC,
        lang: Lang::Es,
    }
}
