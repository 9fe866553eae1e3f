//! `reportbench`: the management reports over years of data (issue 17,
//! "Fast on years of data").
//!
//! Builds Faena's services in-process on a fresh database (a temporary
//! SQLite file, or a fresh schema in the PostgreSQL database at
//! `--postgres-url` / `FAENA_TEST_POSTGRES_URL`), loads the demo data,
//! brings the customers to `--customers` (default 500, owned by a few
//! sellers) and the technicians to `--technicians` (default 12), then
//! writes three years of history back from today with multi-row INSERTs in
//! transactions of 5,000 rows:
//!
//! - `--orders` service orders (default 50,000), each with one or two
//!   technicians, about 90 % closed a few hours to three weeks after
//!   reception (closed only when paid, as the product requires), timeline
//!   entries by their technicians and the office (the closing one
//!   included), part lines on four in ten, a survey on most closed ones
//!   (about half answered);
//! - `--payments` payments on those orders (default 200,000): the live
//!   ones of a closed order add up to its balance, an open order has
//!   advances; a few deleted;
//! - `--invoices` invoices (default 200,000) with one to three lines
//!   (service and part kinds, 16 % tax or exempt, some discounted): one per
//!   closed order, the rest counter sales; paid, partially paid or open by
//!   age, some voided, some drafts; `--credit-notes` credit notes (default
//!   3,000) on issued ones;
//! - machines on the orders, the parts catalog with its stock ledger and
//!   purchasing (`--items` 2,000, `--suppliers` 100, `--stock-moves`
//!   1,000,000), support tickets with their chat and surveys (`--tickets`
//!   100,000), CRM opportunities with their stage history
//!   (`--opportunities` 20,000) and contacts with customers (`--contacts`
//!   30,000 by hand, plus one per ticket): see `reportbench_more.rs`.
//!
//! Then it times, `--runs` times each (default 20), as the demo admin, the
//! revenue report (last twelve months, three years, one customer), its
//! XLSX export, the operations, parts, sales and quality reports (twelve
//! months, three years), and the store reads behind the three-year
//! reports, printing min / p50 / p95 / max in milliseconds. Figures only:
//! nothing is asserted (docs/performance.md).
//!
//! PostgreSQL's tables are vacuumed and analyzed after the load, as
//! autovacuum would soon after a bulk insert (the visibility map lets the
//! reports' covering indexes answer without the tables); SQLite's are not (the server never runs `ANALYZE`)
//! unless `--sqlite-analyze` is given.
//!
//! **A data generator too.** A fresh database is removed at the end unless
//! `--keep` is given, which prints the URL to come back with:
//! `--database-url URL` runs on that database instead (one backend, from
//! the URL's scheme), seeding it first only if this tool has not already
//! (an empty database is migrated and gets the demo data and the seed).
//! `--seed-only` seeds and counts the rows without timing anything.
//!
//! ```text
//! cargo build --release -p faena-bench --bin reportbench
//! target/release/reportbench [--orders 50000] [--invoices 200000] [--payments 200000]
//!     [--customers 500] [--credit-notes 3000] [--technicians 12] [--items 2000]
//!     [--suppliers 100] [--stock-moves 1000000] [--tickets 100000]
//!     [--opportunities 20000] [--contacts 30000] [--runs 20]
//!     [--backend sqlite|postgres|both] [--postgres-url URL] [--sqlite-analyze]
//!     [--keep] [--seed-only] [--database-url URL]
//! ```

#[path = "../fresh_db.rs"]
mod fresh_db;

use std::time::Instant;

use anyhow::Context;
use chrono::{Months, NaiveDate, TimeDelta, TimeZone};
use chrono_tz::Tz;
use faena::config::{Secret, Settings};
use faena::domain::billing::lines::{LineAmounts, compute_document};
use faena::domain::billing::{LineInput, LineKind, LineTax, Percent};
use faena::domain::role::CustomerScope;
use faena::domain::tax_id::{TaxId, TaxIdCountry};
use faena::domain::{CustomerId, Email, Money, Quantity, Role, SessionId, Timestamp, UserId};
use faena::services::Principal;
use faena::services::invoices::export::ExportFormat;
use faena::services::reports::operations::{OperationsFigure, OperationsQuery};
use faena::services::reports::parts::{PartsFigure, PartsQuery, PartsReport};
use faena::services::reports::quality::{QualityQuery, QualityReport};
use faena::services::reports::records::{RecordsQuery, ReportRecords};
use faena::services::reports::revenue::RevenueQuery;
use faena::services::reports::sales::{SalesQuery, SalesReport};
use faena::store::Conn;
use faena::store::accounts::{NewUser, UserFilter};
use faena::store::billing::minor_units;
use faena::store::customers::CustomerData;
use faena::store::reports::{
    CustomerFilters, OperationsScope, PartsScope, QualityScope, RevenueScope, RevenueSource,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

struct Args {
    orders: usize,
    invoices: usize,
    payments: usize,
    customers: usize,
    credit_notes: usize,
    technicians: usize,
    runs: usize,
    items: usize,
    suppliers: usize,
    stock_moves: usize,
    tickets: usize,
    opportunities: usize,
    contacts: usize,
    backends: Vec<&'static str>,
    postgres_url: Option<String>,
    sqlite_analyze: bool,
    /// Run on this database instead of a fresh one: seeded first unless it
    /// already holds this tool's seed.
    database_url: Option<String>,
    /// Keep the fresh databases (and print their URLs).
    keep: bool,
    /// Seed (and count the rows), time nothing.
    seed_only: bool,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        orders: 50_000,
        invoices: 200_000,
        payments: 200_000,
        customers: 500,
        credit_notes: 3_000,
        technicians: 12,
        runs: 20,
        items: 2_000,
        suppliers: 100,
        stock_moves: 1_000_000,
        tickets: 100_000,
        opportunities: 20_000,
        contacts: 30_000,
        backends: vec!["sqlite", "postgres"],
        postgres_url: std::env::var("FAENA_TEST_POSTGRES_URL").ok(),
        sqlite_analyze: false,
        database_url: None,
        keep: false,
        seed_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().context("a value after the flag");
        match flag.as_str() {
            "--orders" => a.orders = value()?.parse()?,
            "--invoices" => a.invoices = value()?.parse()?,
            "--payments" => a.payments = value()?.parse()?,
            "--customers" => a.customers = value()?.parse()?,
            "--credit-notes" => a.credit_notes = value()?.parse()?,
            "--technicians" => a.technicians = value()?.parse()?,
            "--runs" => a.runs = value()?.parse()?,
            "--postgres-url" => a.postgres_url = Some(value()?),
            "--items" => a.items = value()?.parse()?,
            "--suppliers" => a.suppliers = value()?.parse()?,
            "--stock-moves" => a.stock_moves = value()?.parse()?,
            "--tickets" => a.tickets = value()?.parse()?,
            "--opportunities" => a.opportunities = value()?.parse()?,
            "--contacts" => a.contacts = value()?.parse()?,
            "--sqlite-analyze" => a.sqlite_analyze = true,
            "--database-url" => a.database_url = Some(value()?),
            "--keep" => a.keep = true,
            "--seed-only" => a.seed_only = true,
            "--backend" => {
                a.backends = match value()?.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    "both" => vec!["sqlite", "postgres"],
                    other => anyhow::bail!("unknown backend {other}"),
                }
            }
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    anyhow::ensure!(
        a.orders > 0
            && a.runs > 0
            && a.customers > 0
            && a.technicians > 0
            && a.items > 0
            && a.suppliers > 0,
        "--orders, --customers, --technicians, --items, --suppliers and --runs must be positive"
    );
    if let Some(url) = &a.database_url {
        a.backends = vec![if url.starts_with("sqlite:") {
            "sqlite"
        } else {
            "postgres"
        }];
    }
    Ok(a)
}

/// The counter that marks a database this tool has seeded (its value: the
/// day of the seed, as days since 1970).
const SEEDED: &str = "reportbench_seed";

/// The services on a fresh database (or on `--database-url`); the URL,
/// the run's folder, and whether the database already holds the seed.
async fn services(
    backend: &str,
    args: &Args,
) -> anyhow::Result<(faena::services::Services, String, std::path::PathBuf, bool)> {
    let (dir, url) = match &args.database_url {
        Some(url) => {
            let dir = std::env::temp_dir().join(format!("reportbench-{}", Uuid::now_v7().simple()));
            std::fs::create_dir_all(&dir)?;
            (dir, url.clone())
        }
        None => {
            fresh_db::fresh_database("reportbench", backend, args.postgres_url.as_deref()).await?
        }
    };
    let mut settings = Settings::defaults();
    settings.database.url = Secret::new(url.clone());
    settings.mail.outbox_dir = dir.join("mail");
    settings.uploads.dir = dir.join("uploads");
    let services = faena::app::build_services(settings, 0).await?;
    let seeded = counter(&mut services.store.conn().await?, SEEDED).await? > 0;
    if !seeded {
        faena::services::demo::load(&services).await?;
    }
    Ok((services, url, dir, seeded))
}

/// Removes a fresh database: its folder (SQLite), its schema (PostgreSQL).
async fn drop_fresh(url: &str, dir: &std::path::Path, args: &Args) -> anyhow::Result<()> {
    if let (Some(base), Some((_, schema))) = (&args.postgres_url, url.split_once("search_path%3D"))
        && url.starts_with("postgres")
    {
        use sqlx::Connection;
        anyhow::ensure!(
            schema.starts_with("bench_")
                && schema
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "not a bench schema: {schema}"
        );
        let mut conn = sqlx::PgConnection::connect(base).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
            .execute(&mut conn)
            .await?;
    }
    std::fs::remove_dir_all(dir).context("removing the run's folder")?;
    Ok(())
}

/// Runs the same query code on whichever backend `$conn` holds (the
/// store's `on_conn!`, which is private to the server crate).
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            Conn::Sqlite(handle) => {
                let $c = handle.conn();
                $body
            }
            Conn::Postgres(handle) => {
                let $c = handle.conn();
                $body
            }
        }
    };
}

/// Writes `$rows` with multi-row INSERTs (`$head` is the statement up to
/// `VALUES`), each of at most 30,000 bound values (SQLite allows 32,766).
macro_rules! insert_rows {
    ($conn:expr, $head:expr, $columns:expr, $rows:expr, |$b:ident, $r:ident| $push:block) => {
        for chunk in $rows.chunks((30_000 / $columns).max(1)) {
            match &mut *$conn {
                Conn::Sqlite(handle) => {
                    let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new($head);
                    q.push_values(chunk, |mut $b, $r| $push);
                    q.build().execute(handle.conn()).await?;
                }
                Conn::Postgres(handle) => {
                    let mut q = sqlx::QueryBuilder::<sqlx::Postgres>::new($head);
                    q.push_values(chunk, |mut $b, $r| $push);
                    q.build().execute(handle.conn()).await?;
                }
            }
        }
    };
}

/// Rows per transaction while seeding.
const TX_ROWS: usize = 5_000;

/// Writes a table in transactions of [`TX_ROWS`] rows.
macro_rules! write_table {
    ($store:expr, $head:expr, $columns:expr, $rows:expr, |$b:ident, $r:ident| $push:block) => {
        for part in $rows.chunks(TX_ROWS) {
            let mut tx = $store.begin().await?;
            insert_rows!(&mut tx, $head, $columns, part, |$b, $r| $push);
            tx.commit().await?;
        }
    };
}

#[path = "../reportbench_more.rs"]
mod more;

// --- the calendar ------------------------------------------------------------

/// A time-ordered id minted at `t` (as the server would have, then).
fn id_at(t: Timestamp) -> Uuid {
    let d = t.as_datetime();
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        d.timestamp() as u64,
        d.timestamp_subsec_nanos(),
    ))
}

fn local_day(t: Timestamp, tz: Tz) -> NaiveDate {
    t.as_datetime().with_timezone(&tz).date_naive()
}

/// The first instant of `day` in `tz` (as the services compute it).
fn start_of_day(day: NaiveDate, tz: Tz) -> Timestamp {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => Timestamp::from(t.with_timezone(&chrono::Utc)),
        None => Timestamp::from(midnight.and_utc()) - TimeDelta::hours(1),
    }
}

/// A random instant in `[from, to]`.
fn between(rng: &mut StdRng, from: Timestamp, to: Timestamp) -> Timestamp {
    let span = (to.as_datetime() - from.as_datetime()).num_seconds().max(0);
    from + TimeDelta::seconds(rng.random_range(0..=span))
}

/// A working-hours instant of `day` (08:00–18:00 local), never after `now`.
fn office_time(rng: &mut StdRng, day: NaiveDate, tz: Tz, now: Timestamp) -> Timestamp {
    let t = start_of_day(day, tz) + TimeDelta::minutes(rng.random_range(8 * 60..18 * 60));
    t.min(now)
}

fn money(cents: i64) -> Money {
    Money::parse(&format!("{}.{:02}", cents / 100, cents % 100), 2).expect("a valid amount")
}

fn cents(m: Money) -> i64 {
    minor_units(m, 2).expect("an amount in cents")
}

// --- what is written ---------------------------------------------------------

struct Order {
    id: Uuid,
    number: String,
    customer: usize,
    /// The customer's machine the order is about (see `more::machines`).
    equipment: Option<Uuid>,
    value: i64,
    received: Timestamp,
    closed: Option<Timestamp>,
    active: bool,
    techs: Vec<Uuid>,
    public_status: Option<Uuid>,
    internal_status: Option<Uuid>,
    created_by: Uuid,
    qr_token: String,
}

struct Event {
    id: Uuid,
    order: Uuid,
    visibility: &'static str,
    status: Option<Uuid>,
    label: String,
    comment: &'static str,
    author: Uuid,
    at: Timestamp,
    deleted: Option<(Timestamp, Uuid)>,
}

struct Part {
    id: Uuid,
    order: Uuid,
    description: &'static str,
    quantity: i64,
    price: i64,
    warranty_days: i32,
    shown: bool,
    by: Uuid,
    at: Timestamp,
    deleted: Option<(Timestamp, Uuid)>,
}

struct Payment {
    id: Uuid,
    number: String,
    order: Uuid,
    amount: i64,
    method: Uuid,
    reference: String,
    paid_on: NaiveDate,
    by: Uuid,
    at: Timestamp,
    deleted: Option<(Timestamp, Uuid)>,
}

struct Line {
    kind: LineKind,
    description: &'static str,
    input: LineInput,
}

struct Invoice {
    id: Uuid,
    number: Option<String>,
    customer: usize,
    order: Option<Uuid>,
    state: &'static str,
    issue: Option<NaiveDate>,
    lines: Vec<(Line, LineAmounts)>,
    gross: Money,
    discount: Money,
    subtotal: Money,
    tax: Money,
    total: Money,
    allocated: Money,
    credited: Money,
    by: Uuid,
    at: Timestamp,
    voided: Option<(Timestamp, NaiveDate)>,
}

struct CreditNote {
    id: Uuid,
    number: String,
    invoice: Uuid,
    customer: usize,
    issue: NaiveDate,
    reason: &'static str,
    line: usize,
    invoice_index: usize,
    total: Money,
    by: Uuid,
    at: Timestamp,
}

struct Survey {
    id: Uuid,
    order: Uuid,
    customer: usize,
    token_hash: String,
    at: Timestamp,
    answered: Option<(Timestamp, i32, i32)>,
}

/// Who and what the seed refers to.
struct World {
    tz: Tz,
    now: Timestamp,
    today: NaiveDate,
    start: Timestamp,
    office: Vec<Uuid>,
    master: Uuid,
    techs: Vec<Uuid>,
    customers: Vec<Uuid>,
    /// (id, visibility, label)
    statuses: Vec<(Uuid, String, String)>,
    methods: Vec<Uuid>,
}

const SERVICES: [(&str, i64); 6] = [
    ("Mantenimiento preventivo 250 h", 38_000),
    ("Diagnóstico del sistema hidráulico", 12_000),
    ("Reparación de motor", 240_000),
    ("Mano de obra en taller (hora)", 4_500),
    ("Servicio en campo", 65_000),
    ("Calibración de inyectores", 28_000),
];
const PARTS: [(&str, i64); 8] = [
    ("Filtro de aceite", 1_850),
    ("Filtro hidráulico", 6_400),
    ("Kit de sellos de cilindro", 14_500),
    ("Correa del alternador", 3_900),
    ("Aceite 15W-40 (galón)", 2_600),
    ("Pastillas de freno", 9_800),
    ("Bomba de agua", 42_000),
    ("Zapata de oruga", 31_000),
];
const TECH_COMMENTS: [&str; 5] = [
    "Equipo recibido, se inicia diagnóstico.",
    "Se reemplazan filtros y se revisan niveles.",
    "Fuga en el cilindro de levante; se cambian sellos.",
    "Prueba de carga satisfactoria.",
    "Pendiente repuesto del proveedor.",
];

/// A customer index, most work going to a few large ones (the first
/// customer is the largest).
fn pick_customer(rng: &mut StdRng, n: usize) -> usize {
    let u: f64 = rng.random();
    ((u.powf(2.5) * n as f64) as usize).min(n - 1)
}

fn line_input(quantity: i64, price: i64, discount: &str, exempt: bool) -> LineInput {
    LineInput {
        quantity: Quantity::parse(&quantity.to_string()).expect("a quantity"),
        unit_price: money(price),
        discount: Percent::parse(discount).expect("a percentage"),
        tax: if exempt {
            LineTax::Exempt
        } else {
            LineTax::Rate(Percent::parse("16").expect("a percentage"))
        },
    }
}

/// A counter-sale line: a service or a part at around its list price.
fn random_line(rng: &mut StdRng) -> Line {
    let discount = ["0", "0", "0", "0", "5", "10"][rng.random_range(0..6)];
    let exempt = rng.random_bool(0.1);
    if rng.random_bool(0.45) {
        let (description, price) = SERVICES[rng.random_range(0..SERVICES.len())];
        let price = price * rng.random_range(80..=130) / 100;
        let quantity = if price < 10_000 {
            rng.random_range(1..=8)
        } else {
            1
        };
        Line {
            kind: LineKind::Service,
            description,
            input: line_input(quantity, price, discount, exempt),
        }
    } else {
        let (description, price) = PARTS[rng.random_range(0..PARTS.len())];
        Line {
            kind: LineKind::Part,
            description,
            input: line_input(rng.random_range(1..=6), price, discount, exempt),
        }
    }
}

/// Splits `total` cents into `n` positive random parts.
fn split(rng: &mut StdRng, total: i64, n: usize) -> Vec<i64> {
    let weights: Vec<i64> = (0..n).map(|_| rng.random_range(1..=10)).collect();
    let sum: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let rest = total - parts.iter().sum::<i64>();
    if let Some(last) = parts.last_mut() {
        *last += rest;
    }
    parts
}

struct Seeded {
    orders: Vec<Order>,
    events: Vec<Event>,
    parts: Vec<Part>,
    payments: Vec<Payment>,
    invoices: Vec<Invoice>,
    credit_notes: Vec<CreditNote>,
    surveys: Vec<Survey>,
}

/// Generates the three years (deterministic for a given world).
fn generate(args: &Args, w: &World, bases: &Bases) -> anyhow::Result<Seeded> {
    let mut rng = StdRng::seed_from_u64(17);
    let (now, tz) = (w.now, w.tz);
    let closing_clerk = w.office[w.office.len() - 1];

    // Orders, numbered in the order they were received.
    let mut received: Vec<Timestamp> = (0..args.orders)
        .map(|_| between(&mut rng, w.start, now - TimeDelta::hours(1)))
        .collect();
    received.sort();
    let mut orders = Vec::with_capacity(args.orders);
    for (i, r) in received.into_iter().enumerate() {
        // Log-uniform between 3 hours and 3 weeks.
        let hours = (3f64.ln() + rng.random::<f64>() * (504f64 / 3.0).ln()).exp();
        let closed = rng
            .random_bool(0.9)
            .then(|| r + TimeDelta::minutes((hours * 60.0) as i64))
            .filter(|c| *c < now);
        let first = rng.random_range(0..w.techs.len());
        let mut techs = vec![w.techs[first]];
        if w.techs.len() > 1 && rng.random_bool(0.35) {
            let second = (first + rng.random_range(1..w.techs.len())) % w.techs.len();
            techs.push(w.techs[second]);
        }
        orders.push(Order {
            id: id_at(r),
            number: format!("OS-{:06}", bases.order + i as i64 + 1),
            customer: pick_customer(&mut rng, w.customers.len()),
            equipment: None,
            value: rng.random_range(150..5_000) * 100 + [0, 50][rng.random_range(0..2)],
            received: r,
            closed,
            active: !rng.random_bool(0.01),
            techs,
            public_status: None,
            internal_status: None,
            created_by: w.office[rng.random_range(0..w.office.len())],
            qr_token: format!("bench{:032x}", rng.random::<u128>()),
        });
    }

    // Timelines, parts, payments and surveys, order by order.
    let public: Vec<usize> = (0..w.statuses.len())
        .filter(|&i| w.statuses[i].1 == "public")
        .collect();
    let internal: Vec<usize> = (0..w.statuses.len())
        .filter(|&i| w.statuses[i].1 == "internal")
        .collect();
    let mut events = Vec::new();
    let mut parts = Vec::new();
    let mut surveys = Vec::new();
    let mut payments = Vec::with_capacity(args.payments);
    // Payments per order: one each, the rest spread at random.
    let mut per_order = vec![0usize; orders.len()];
    if args.payments >= orders.len() {
        per_order.fill(1);
        for _ in 0..args.payments - orders.len() {
            per_order[rng.random_range(0..orders.len())] += 1;
        }
    } else {
        for _ in 0..args.payments {
            per_order[rng.random_range(0..orders.len())] += 1;
        }
    }
    for (o, &n_payments) in orders.iter_mut().zip(&per_order) {
        let end = o.closed.unwrap_or(now);
        // The technicians' entries, and now and then the office's.
        let mut timeline: Vec<Event> = Vec::new();
        let n = if o.closed.is_some() {
            rng.random_range(1..=4)
        } else {
            rng.random_range(0..=3)
        };
        for k in 0..n + usize::from(rng.random_bool(0.2)) {
            let author = if k < n {
                o.techs[rng.random_range(0..o.techs.len())]
            } else {
                w.office[rng.random_range(0..w.office.len())]
            };
            let at = between(&mut rng, o.received, end);
            let internal_entry = rng.random_bool(0.5);
            let pool = if internal_entry { &internal } else { &public };
            let status = (!pool.is_empty() && rng.random_bool(0.75))
                .then(|| pool[rng.random_range(0..pool.len())]);
            timeline.push(Event {
                id: id_at(at),
                order: o.id,
                visibility: if internal_entry { "internal" } else { "public" },
                status: status.map(|s| w.statuses[s].0),
                label: status.map_or_else(String::new, |s| w.statuses[s].2.clone()),
                comment: TECH_COMMENTS[rng.random_range(0..TECH_COMMENTS.len())],
                author,
                at,
                deleted: rng
                    .random_bool(0.03)
                    .then(|| ((at + TimeDelta::hours(2)).min(now), author)),
            });
        }
        timeline.sort_by_key(|e| e.at);
        for e in timeline.iter().filter(|e| e.deleted.is_none()) {
            match e.visibility {
                "internal" if e.status.is_some() => o.internal_status = e.status,
                "public" if e.status.is_some() => o.public_status = e.status,
                _ => {}
            }
        }
        if let Some(closed) = o.closed {
            timeline.push(Event {
                id: id_at(closed),
                order: o.id,
                visibility: "public",
                status: None,
                label: "Orden cerrada".into(),
                comment: "",
                author: closing_clerk,
                at: closed,
                deleted: None,
            });
        }
        events.extend(timeline);

        // Parts on four orders in ten.
        let mut balance = o.value;
        if rng.random_bool(0.4) {
            for _ in 0..rng.random_range(1..=3) {
                let (description, price) = PARTS[rng.random_range(0..PARTS.len())];
                let at = between(&mut rng, o.received, end);
                let by = o.techs[rng.random_range(0..o.techs.len())];
                let deleted = rng
                    .random_bool(0.03)
                    .then(|| ((at + TimeDelta::hours(1)).min(end), by));
                let quantity = rng.random_range(1..=4);
                if deleted.is_none() {
                    balance += quantity * price;
                }
                parts.push(Part {
                    id: id_at(at),
                    order: o.id,
                    description,
                    quantity,
                    price,
                    warranty_days: [0, 90, 180][rng.random_range(0..3)],
                    shown: rng.random_bool(0.8),
                    by,
                    at,
                    deleted,
                });
            }
        }

        // Payments: a closed order was paid in full (the last payment at
        // the closing); an open one has advances. Now and then one more,
        // deleted (entered by mistake).
        if n_payments > 0 {
            let deleted_one = n_payments >= 2 && rng.random_bool(0.04);
            let live = n_payments - usize::from(deleted_one);
            let target = match o.closed {
                Some(_) => balance,
                None => balance * rng.random_range(20..=80) / 100,
            };
            let amounts = split(&mut rng, target, live);
            for (k, amount) in amounts.into_iter().enumerate() {
                let at = match o.closed {
                    Some(c) if k == live - 1 => (c - TimeDelta::minutes(10)).max(o.received),
                    _ => between(&mut rng, o.received, end),
                };
                payments.push(payment(&mut rng, w, o.id, amount, at, None));
            }
            if deleted_one {
                let at = between(&mut rng, o.received, end);
                let gone = (
                    (at + TimeDelta::hours(rng.random_range(1..72))).min(now),
                    w.master,
                );
                let amount = rng.random_range(50..2_000) * 100;
                payments.push(payment(&mut rng, w, o.id, amount, at, Some(gone)));
            }
        }

        // A survey on most closed orders, about half of them answered.
        if let Some(closed) = o.closed
            && rng.random_bool(0.6)
        {
            let answered_at = closed + TimeDelta::minutes(rng.random_range(60..5 * 24 * 60));
            let answered = (rng.random_bool(0.55) && answered_at < now).then(|| {
                let nps = [10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3, 0][rng.random_range(0..12)];
                let csat = [5, 5, 5, 4, 4, 3, 2, 1][rng.random_range(0..8)];
                (answered_at, nps, csat)
            });
            surveys.push(Survey {
                id: id_at(closed),
                order: o.id,
                customer: o.customer,
                token_hash: format!("{:032x}{:032x}", rng.random::<u128>(), rng.random::<u128>()),
                at: closed,
                answered,
            });
        }
    }
    payments.sort_by_key(|p| p.at);
    for (i, p) in payments.iter_mut().enumerate() {
        p.number = format!("REC-{:06}", bases.receipt + i as i64 + 1);
    }

    // Invoices: one per closed order (its service and up to two parts),
    // the rest counter sales.
    let mut invoices = Vec::with_capacity(args.invoices);
    let mut parts_of = std::collections::HashMap::<Uuid, Vec<&Part>>::new();
    for p in parts.iter().filter(|p| p.deleted.is_none()) {
        parts_of.entry(p.order).or_default().push(p);
    }
    for o in &orders {
        if invoices.len() >= args.invoices {
            break;
        }
        let Some(closed) = o.closed.filter(|_| o.active) else {
            continue;
        };
        let mut lines = vec![Line {
            kind: LineKind::Service,
            description: "Servicio técnico según orden de servicio",
            input: line_input(1, o.value, "0", false),
        }];
        for p in parts_of.get(&o.id).into_iter().flatten().take(2) {
            lines.push(Line {
                kind: LineKind::Part,
                description: p.description,
                input: line_input(p.quantity, p.price, "0", false),
            });
        }
        let at = (closed + TimeDelta::minutes(30)).min(now);
        invoices.push(invoice(
            &mut rng,
            w,
            o.customer,
            Some(o.id),
            local_day(at, tz),
            at,
            lines,
        )?);
    }
    let first_day = local_day(w.start, tz);
    let days = (w.today - first_day).num_days();
    while invoices.len() < args.invoices {
        let customer = pick_customer(&mut rng, w.customers.len());
        let lines = (0..rng.random_range(1..=3))
            .map(|_| random_line(&mut rng))
            .collect();
        if rng.random_bool(0.01) {
            // A draft: recent, no number, no dates.
            let at = between(&mut rng, now - TimeDelta::days(45), now);
            let mut draft = invoice(&mut rng, w, customer, None, local_day(at, tz), at, lines)?;
            draft.state = "draft";
            draft.issue = None;
            draft.allocated = Money::ZERO;
            draft.voided = None;
            invoices.push(draft);
            continue;
        }
        let day = first_day + TimeDelta::days(rng.random_range(0..=days));
        let at = office_time(&mut rng, day, tz, now);
        invoices.push(invoice(&mut rng, w, customer, None, day, at, lines)?);
    }

    // Credit notes on issued invoices (one line of theirs), at most one each.
    let mut credit_notes = Vec::with_capacity(args.credit_notes);
    let candidates: Vec<usize> = (0..invoices.len())
        .filter(|&i| matches!(invoices[i].state, "issued" | "partially_paid" | "paid"))
        .collect();
    let mut taken = std::collections::HashSet::new();
    let mut tries = 0;
    while credit_notes.len() < args.credit_notes && tries < args.credit_notes * 20 {
        tries += 1;
        let index = candidates[rng.random_range(0..candidates.len())];
        if !taken.insert(index) {
            continue;
        }
        let inv = &mut invoices[index];
        let line = rng.random_range(0..inv.lines.len());
        let total = inv.lines[line].1.total;
        let issue =
            (inv.issue.expect("issued") + TimeDelta::days(rng.random_range(1..=60))).min(w.today);
        let at = office_time(&mut rng, issue, tz, now);
        inv.credited = total;
        let open = Money(inv.total.0 - total.0);
        if inv.state == "paid" || inv.allocated > open {
            inv.allocated = open;
        }
        credit_notes.push(CreditNote {
            id: id_at(at),
            number: String::new(),
            invoice: inv.id,
            customer: inv.customer,
            issue,
            reason: [
                "Devolución de repuesto",
                "Ajuste de precio",
                "Error en facturación",
            ][rng.random_range(0..3)],
            line,
            invoice_index: index,
            total,
            by: inv.by,
            at,
        });
    }
    credit_notes.sort_by_key(|n| (n.issue, n.at));
    for (i, n) in credit_notes.iter_mut().enumerate() {
        n.number = format!("NC-{:06}", bases.credit_note + i as i64 + 1);
    }

    // Invoice numbers in issue order.
    let mut numbered: Vec<usize> = (0..invoices.len())
        .filter(|&i| invoices[i].issue.is_some())
        .collect();
    numbered.sort_by_key(|&i| (invoices[i].issue, invoices[i].at));
    for (k, i) in numbered.into_iter().enumerate() {
        invoices[i].number = Some(format!("FAC-{:06}", bases.invoice + k as i64 + 1));
    }
    Ok(Seeded {
        orders,
        events,
        parts,
        payments,
        invoices,
        credit_notes,
        surveys,
    })
}

fn payment(
    rng: &mut StdRng,
    w: &World,
    order: Uuid,
    amount: i64,
    at: Timestamp,
    deleted: Option<(Timestamp, Uuid)>,
) -> Payment {
    let method = rng.random_range(0..w.methods.len());
    Payment {
        id: id_at(at),
        number: String::new(),
        order,
        amount,
        method: w.methods[method],
        reference: if method == 0 {
            String::new()
        } else {
            format!("{:010}", rng.random_range(0..10_000_000_000i64))
        },
        paid_on: local_day(at, w.tz),
        by: w.office[rng.random_range(0..w.office.len())],
        at,
        deleted,
    }
}

/// An issued invoice of `day` with its state by age: old ones mostly
/// paid, recent ones mostly open; some voided.
fn invoice(
    rng: &mut StdRng,
    w: &World,
    customer: usize,
    order: Option<Uuid>,
    day: NaiveDate,
    at: Timestamp,
    lines: Vec<Line>,
) -> anyhow::Result<Invoice> {
    let inputs: Vec<LineInput> = lines.iter().map(|l| l.input).collect();
    let (amounts, totals) = compute_document(&inputs, 2).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let age = (w.today - day).num_days();
    let roll: f64 = rng.random();
    let (paid, partial) = match age {
        ..=30 => (0.40, 0.10),
        31..=60 => (0.75, 0.10),
        _ => (0.96, 0.02),
    };
    let (state, allocated, voided) = if rng.random_bool(0.015) {
        let on = (day + TimeDelta::days(rng.random_range(0..=5))).min(w.today);
        let at = office_time(rng, on, w.tz, w.now).max(at);
        ("void", Money::ZERO, Some((at, on)))
    } else if roll < paid {
        ("paid", totals.total, None)
    } else if roll < paid + partial {
        ("partially_paid", money(cents(totals.total) / 2), None)
    } else {
        ("issued", Money::ZERO, None)
    };
    Ok(Invoice {
        id: id_at(at),
        number: None,
        customer,
        order,
        state,
        issue: Some(day),
        lines: lines.into_iter().zip(amounts).collect(),
        gross: totals.gross,
        discount: totals.discount,
        subtotal: totals.subtotal,
        tax: totals.tax,
        total: totals.total,
        allocated,
        credited: Money::ZERO,
        by: w.office[rng.random_range(0..w.office.len())],
        at,
        voided,
    })
}

/// Where the numbering series stand after the demo data.
struct Bases {
    order: i64,
    invoice: i64,
    credit_note: i64,
    receipt: i64,
}

async fn counter(conn: &mut Conn, name: &str) -> anyhow::Result<i64> {
    let value: Option<i64> = on_backend!(conn, c =>
        sqlx::query_scalar("SELECT value FROM counters WHERE name = $1")
            .bind(name).fetch_optional(c).await)?;
    Ok(value.unwrap_or(0))
}

async fn set_counter(conn: &mut Conn, name: &str, value: i64) -> anyhow::Result<()> {
    on_backend!(conn, c => sqlx::query(
        "INSERT INTO counters (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = $2")
        .bind(name).bind(value).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// The people, customers, statuses and payment methods, completing the
/// demo's to the requested numbers through the store.
async fn world(s: &faena::services::Services, args: &Args) -> anyhow::Result<World> {
    let mut conn = s.store.conn().await?;
    let company = conn.company_settings().await?;
    let tz: Tz = company.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let users = conn
        .list_users(&UserFilter {
            role: None,
            active: Some(true),
        })
        .await?;
    let of = |role: Role| -> Vec<UserId> {
        users
            .iter()
            .filter(|u| u.role == role)
            .map(|u| u.id)
            .collect()
    };
    let master = *of(Role::Master).first().context("the demo master")?;
    let office: Vec<UserId> = [of(Role::Admin), of(Role::Operator)].concat();
    let mut techs = of(Role::Technician);
    let mut sellers = of(Role::Seller);
    drop(conn);
    let now = Timestamp::now();

    let mut tx = s.store.begin().await?;
    let names = [
        "Héctor", "Luis", "María", "José", "Pedro", "Carmen", "Jesús", "Rosa", "Andrés", "Elena",
        "Ramón", "Luisa",
    ];
    let mut k = 0;
    while techs.len() < args.technicians {
        k += 1;
        let email = Email::parse(&format!("tecnico{k}@bench.faena.demo"))?;
        let name = format!("{} Técnico {k}", names[k % names.len()]);
        let user = tx
            .insert_user(NewUser {
                id: UserId::new(),
                email: &email,
                name: &name,
                phone: "+58 414 555 0200",
                role: Role::Technician,
                customer_id: None,
                password_hash: None,
                now,
            })
            .await?;
        techs.push(user.id);
    }
    k = 0;
    while sellers.len() < 4 {
        k += 1;
        let email = Email::parse(&format!("vendedor{k}@bench.faena.demo"))?;
        let name = format!("{} Vendedor {k}", names[(k + 5) % names.len()]);
        let user = tx
            .insert_user(NewUser {
                id: UserId::new(),
                email: &email,
                name: &name,
                phone: "+58 414 555 0300",
                role: Role::Seller,
                customer_id: None,
                password_hash: None,
                now,
            })
            .await?;
        sellers.push(user.id);
    }

    let mut customers: Vec<Uuid> = on_backend!(&mut tx, c =>
        sqlx::query_scalar("SELECT id FROM customers ORDER BY number").fetch_all(c).await)?;
    let categories = ["Construcción", "Minería", "Transporte", "Agro", "Gobierno"];
    let cities = [
        "Caracas",
        "Valencia",
        "Maracaibo",
        "Barquisimeto",
        "Puerto Ordaz",
    ];
    let mut serial = 50_000_000u32;
    let mut rng = StdRng::seed_from_u64(500);
    while customers.len() < args.customers {
        let i = customers.len();
        // A valid RIF: the first check digit that passes.
        serial += 1;
        let tax_id = (0..10)
            .find_map(|d| TaxId::parse(TaxIdCountry::Venezuela, &format!("J-{serial}-{d}")).ok())
            .context("a valid RIF")?;
        let number = format!("CLI-{:06}", tx.next_number("customer").await?);
        let data = CustomerData {
            name: format!("Cliente de prueba {i:04} C.A."),
            tax_id,
            tax_id_country: TaxIdCountry::Venezuela,
            category: categories[i % categories.len()].into(),
            owner_id: rng
                .random_bool(0.8)
                .then(|| sellers[rng.random_range(0..sellers.len())]),
            credit_limit: money(rng.random_range(10..200) * 100_000),
            email: None,
            phone: "+58 212 555 0100".into(),
            address: "Zona industrial".into(),
            city: cities[i % cities.len()].into(),
            notes: String::new(),
        };
        let c = tx
            .insert_customer(CustomerId::new(), &number, &data, now)
            .await?;
        customers.push(c.id.0);
    }
    let statuses: Vec<(Uuid, String, String)> = on_backend!(&mut tx, c =>
        sqlx::query_as("SELECT id, visibility, label FROM order_statuses WHERE active = TRUE
                        ORDER BY visibility, position").fetch_all(c).await)?;
    let methods: Vec<Uuid> = on_backend!(&mut tx, c =>
        sqlx::query_scalar("SELECT id FROM payment_methods ORDER BY name").fetch_all(c).await)?;
    tx.commit().await?;
    anyhow::ensure!(!methods.is_empty(), "the demo payment methods");

    let today = local_day(now, tz);
    let start = start_of_day(
        today
            .checked_sub_months(Months::new(36))
            .context("a date")?
            + TimeDelta::days(1),
        tz,
    );
    Ok(World {
        tz,
        now,
        today,
        start,
        office: office.into_iter().map(|u| u.0).collect(),
        master: master.0,
        techs: techs.into_iter().map(|u| u.0).collect(),
        customers,
        statuses,
        methods,
    })
}

async fn seed(s: &faena::services::Services, args: &Args) -> anyhow::Result<World> {
    let began = Instant::now();
    let w = world(s, args).await?;
    let mut conn = s.store.conn().await?;
    let bases = Bases {
        order: counter(&mut conn, "service_order").await?,
        invoice: counter(&mut conn, "invoice").await?,
        credit_note: counter(&mut conn, "credit_note").await?,
        receipt: counter(&mut conn, "receipt").await?,
    };
    drop(conn);
    let mut d = generate(args, &w, &bases)?;
    let machines = more::machines(&w, &mut d.orders);
    let generated = began.elapsed().as_secs_f64();
    let cust = |i: usize| w.customers[i];
    let writing = Instant::now();

    let machine_rows = more::write_machines(s, &w, &machines).await?;

    write_table!(
        s.store,
        "INSERT INTO service_orders (id, number, customer_id, equipment_id, reason, search_text,
            service_value, public_status_id, internal_status_id, qr_token, active, received_at,
            promised_at, closed_at, created_by, created_at, updated_at) ",
        17,
        d.orders,
        |b, o| {
            let reason = "Mantenimiento y reparación";
            let updated = o.closed.unwrap_or(o.received);
            b.push_bind(o.id)
                .push_bind(&o.number)
                .push_bind(cust(o.customer))
                .push_bind(o.equipment)
                .push_bind(reason)
                .push_bind(format!(
                    "{} {}",
                    o.number.to_lowercase(),
                    reason.to_lowercase()
                ))
                .push_bind(money(o.value))
                .push_bind(o.public_status)
                .push_bind(o.internal_status)
                .push_bind(&o.qr_token)
                .push_bind(o.active)
                .push_bind(o.received)
                .push_bind(Some(o.received + TimeDelta::days(7)))
                .push_bind(o.closed)
                .push_bind(o.created_by)
                .push_bind(o.received)
                .push_bind(updated);
        }
    );
    let assignments: Vec<(Uuid, Uuid, Timestamp)> = d
        .orders
        .iter()
        .flat_map(|o| {
            o.techs
                .iter()
                .map(move |t| (o.id, *t, o.received + TimeDelta::minutes(15)))
        })
        .collect();
    write_table!(
        s.store,
        "INSERT INTO order_technicians (order_id, user_id, assigned_at) ",
        3,
        assignments,
        |b, a| {
            b.push_bind(a.0).push_bind(a.1).push_bind(a.2);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO order_events (id, order_id, visibility, status_id, label, comment,
            author_id, created_at, edited_at, edited_by, deleted_at, deleted_by) ",
        12,
        d.events,
        |b, e| {
            b.push_bind(e.id)
                .push_bind(e.order)
                .push_bind(e.visibility)
                .push_bind(e.status)
                .push_bind(&e.label)
                .push_bind(e.comment)
                .push_bind(e.author)
                .push_bind(e.at)
                .push_bind(None::<Timestamp>)
                .push_bind(None::<Uuid>)
                .push_bind(e.deleted.map(|x| x.0))
                .push_bind(e.deleted.map(|x| x.1));
        }
    );
    write_table!(
        s.store,
        "INSERT INTO order_parts (id, order_id, description, quantity, unit_price,
            warranty_days, shown_to_customer, added_by, created_at, updated_at,
            edited_at, edited_by, deleted_at, deleted_by) ",
        14,
        d.parts,
        |b, p| {
            b.push_bind(p.id)
                .push_bind(p.order)
                .push_bind(p.description)
                .push_bind(Quantity::parse(&p.quantity.to_string()).expect("a quantity"))
                .push_bind(money(p.price))
                .push_bind(p.warranty_days)
                .push_bind(p.shown)
                .push_bind(p.by)
                .push_bind(p.at)
                .push_bind(p.deleted.map_or(p.at, |x| x.0))
                .push_bind(None::<Timestamp>)
                .push_bind(None::<Uuid>)
                .push_bind(p.deleted.map(|x| x.0))
                .push_bind(p.deleted.map(|x| x.1));
        }
    );
    write_table!(
        s.store,
        "INSERT INTO payments (id, number, order_id, amount, amount_cents, method_id, reference,
            paid_on, registered_by, created_at, deleted_at, deleted_by, delete_reason) ",
        13,
        d.payments,
        |b, p| {
            b.push_bind(p.id)
                .push_bind(&p.number)
                .push_bind(p.order)
                .push_bind(money(p.amount))
                .push_bind(p.amount)
                .push_bind(p.method)
                .push_bind(&p.reference)
                .push_bind(p.paid_on)
                .push_bind(p.by)
                .push_bind(p.at)
                .push_bind(p.deleted.map(|x| x.0))
                .push_bind(p.deleted.map(|x| x.1))
                .push_bind(p.deleted.map(|_| "Registrado por error"));
        }
    );
    write_table!(
        s.store,
        "INSERT INTO invoices (id, number, customer_id, order_id, quote_version_id, state,
            currency, issue_date, due_date, notes, terms, gross, discount, subtotal, tax,
            total, total_minor, allocated, credited, created_by, created_at, updated_at,
            issued_at, issued_by, voided_at, voided_on, voided_by, void_reason,
            lines_service_cents, lines_part_cents) ",
        30,
        d.invoices,
        |b, i| {
            let issued = i.issue.is_some();
            // Σ of the lines of a kind in cents (none: NULL).
            let kind_cents = |kind: LineKind| {
                i.lines
                    .iter()
                    .filter(|(l, _)| l.kind == kind)
                    .map(|(_, a)| cents(a.total))
                    .reduce(|x, y| x + y)
            };
            b.push_bind(i.id)
                .push_bind(i.number.as_deref())
                .push_bind(cust(i.customer))
                .push_bind(i.order)
                .push_bind(None::<Uuid>)
                .push_bind(i.state)
                .push_bind("USD")
                .push_bind(i.issue)
                .push_bind(i.issue.map(|d| d + TimeDelta::days(30)))
                .push_bind("")
                .push_bind("")
                .push_bind(i.gross)
                .push_bind(i.discount)
                .push_bind(i.subtotal)
                .push_bind(i.tax)
                .push_bind(i.total)
                .push_bind(cents(i.total))
                .push_bind(i.allocated)
                .push_bind(i.credited)
                .push_bind(i.by)
                .push_bind(i.at)
                .push_bind(i.voided.map_or(i.at, |v| v.0))
                .push_bind(issued.then_some(i.at))
                .push_bind(issued.then_some(i.by))
                .push_bind(i.voided.map(|v| v.0))
                .push_bind(i.voided.map(|v| v.1))
                .push_bind(i.voided.map(|_| i.by))
                .push_bind(i.voided.map(|_| "Emitida por error"))
                .push_bind(kind_cents(LineKind::Service))
                .push_bind(kind_cents(LineKind::Part));
        }
    );
    let lines: Vec<(Uuid, i32, &Line, &LineAmounts)> = d
        .invoices
        .iter()
        .flat_map(|i| {
            i.lines
                .iter()
                .enumerate()
                .map(move |(k, (l, a))| (i.id, k as i32 + 1, l, a))
        })
        .collect();
    let line_head = |table: &str, parent: &str| {
        format!(
            "INSERT INTO {table} ({parent}, id, position, kind, item_id, description, quantity,
                unit_price, discount_pct, tax_exempt, tax_rate, gross, discount, net, tax, total) "
        )
    };
    write_table!(
        s.store,
        line_head("invoice_lines", "invoice_id"),
        16,
        lines,
        |b, l| {
            let (parent, position, line, a) = *l;
            b.push_bind(parent)
                .push_bind(Uuid::now_v7())
                .push_bind(position)
                .push_bind(line.kind)
                .push_bind(None::<Uuid>)
                .push_bind(line.description)
                .push_bind(line.input.quantity)
                .push_bind(line.input.unit_price)
                .push_bind(line.input.discount)
                .push_bind(line.input.tax.is_exempt())
                .push_bind(line.input.tax.rate())
                .push_bind(a.gross)
                .push_bind(a.discount)
                .push_bind(a.net)
                .push_bind(a.tax)
                .push_bind(a.total);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO credit_notes (id, number, invoice_id, customer_id, currency, issue_date,
            reason, gross, discount, subtotal, tax, total, total_minor, created_by, created_at) ",
        15,
        d.credit_notes,
        |b, n| {
            let a = &d.invoices[n.invoice_index].lines[n.line].1;
            b.push_bind(n.id)
                .push_bind(&n.number)
                .push_bind(n.invoice)
                .push_bind(cust(n.customer))
                .push_bind("USD")
                .push_bind(n.issue)
                .push_bind(n.reason)
                .push_bind(a.gross)
                .push_bind(a.discount)
                .push_bind(a.net)
                .push_bind(a.tax)
                .push_bind(n.total)
                .push_bind(cents(n.total))
                .push_bind(n.by)
                .push_bind(n.at);
        }
    );
    write_table!(
        s.store,
        line_head("credit_note_lines", "credit_note_id"),
        16,
        d.credit_notes,
        |b, n| {
            let (line, a) = &d.invoices[n.invoice_index].lines[n.line];
            b.push_bind(n.id)
                .push_bind(Uuid::now_v7())
                .push_bind(1i32)
                .push_bind(line.kind)
                .push_bind(None::<Uuid>)
                .push_bind(line.description)
                .push_bind(line.input.quantity)
                .push_bind(line.input.unit_price)
                .push_bind(line.input.discount)
                .push_bind(line.input.tax.is_exempt())
                .push_bind(line.input.tax.rate())
                .push_bind(a.gross)
                .push_bind(a.discount)
                .push_bind(a.net)
                .push_bind(a.tax)
                .push_bind(a.total);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO surveys (id, order_id, ticket_id, customer_id, token_hash, created_at,
            invite_at, expires_at, answered_at, answered_by, nps, csat, comment,
            followup_ticket_id) ",
        14,
        d.surveys,
        |b, v| {
            b.push_bind(v.id)
                .push_bind(v.order)
                .push_bind(None::<Uuid>)
                .push_bind(cust(v.customer))
                .push_bind(&v.token_hash)
                .push_bind(v.at)
                .push_bind(v.at + TimeDelta::hours(2))
                .push_bind(v.at + TimeDelta::days(14))
                .push_bind(v.answered.map(|a| a.0))
                .push_bind(None::<Uuid>)
                .push_bind(v.answered.map(|a| a.1))
                .push_bind(v.answered.map(|a| a.2))
                .push_bind("")
                .push_bind(None::<Uuid>);
        }
    );
    let mut tx = s.store.begin().await?;
    set_counter(
        &mut tx,
        "service_order",
        bases.order + d.orders.len() as i64,
    )
    .await?;
    set_counter(
        &mut tx,
        "invoice",
        bases.invoice + d.invoices.iter().filter(|i| i.number.is_some()).count() as i64,
    )
    .await?;
    set_counter(
        &mut tx,
        "credit_note",
        bases.credit_note + d.credit_notes.len() as i64,
    )
    .await?;
    set_counter(&mut tx, "receipt", bases.receipt + d.payments.len() as i64).await?;
    tx.commit().await?;
    let more_rows = more::seed_more(s, args, &w, &d.orders, &machines).await?;
    let mut tx = s.store.begin().await?;
    set_counter(&mut tx, SEEDED, i64::from(w.today.to_epoch_days())).await?;
    tx.commit().await?;
    let written = writing.elapsed().as_secs_f64();
    let rows = machine_rows
        + more_rows
        + d.orders.len()
        + assignments.len()
        + d.events.len()
        + d.parts.len()
        + d.payments.len()
        + d.invoices.len()
        + lines.len()
        + 2 * d.credit_notes.len()
        + d.surveys.len();
    println!(
        "  seeded {rows} rows in {:.1} s ({generated:.1} s generating, {written:.1} s writing, \
         {:.0} rows/s)",
        began.elapsed().as_secs_f64(),
        rows as f64 / written
    );
    Ok(w)
}

async fn analyze(s: &faena::services::Services) -> anyhow::Result<f64> {
    let t = Instant::now();
    let mut conn = s.store.conn().await?;
    // On PostgreSQL only the seeded tables: a bare VACUUM would visit
    // every schema of the database (other runs' included).
    let sql = match s.store.backend() {
        faena::store::Backend::Sqlite => "ANALYZE",
        faena::store::Backend::Postgres => {
            "VACUUM (ANALYZE) customers, users, service_orders, order_technicians, order_events,
                     order_parts, payments, invoices, invoice_lines, credit_notes,
                     credit_note_lines, surveys, order_statuses, equipment, suppliers,
                     inventory_items, item_models, purchase_orders, purchase_order_lines,
                     purchase_receipts, stock_moves, stock_levels, tickets, channels,
                     publications, crm_opportunities, crm_stage_history,
                     customer_interactions"
        }
    };
    on_backend!(&mut conn, c => sqlx::query(sql).execute(c).await.map(|_| ()))?;
    Ok(t.elapsed().as_secs_f64())
}

/// Row counts after seeding: that the volumes are real.
async fn row_counts(s: &faena::services::Services) -> anyhow::Result<()> {
    let sqlite = matches!(s.store.backend(), faena::store::Backend::Sqlite);
    // The integer copies in minor units equal the decimal amounts (the
    // float is exact at these magnitudes; the server never reads it).
    let minor_check = |table: &str, minor: &str, amount: &str| {
        if sqlite {
            format!(
                "SELECT COUNT(*) FROM {table}
                 WHERE {minor} <> CAST(ROUND(CAST({amount} AS REAL) * 100) AS INTEGER)"
            )
        } else {
            format!("SELECT COUNT(*) FROM {table} WHERE {minor} <> {amount} * 100")
        }
    };
    let invoices_minor = minor_check("invoices", "total_minor", "total");
    // An invoice's lines by kind in cents against its lines.
    let kind_check = |kind: &str| {
        let line_cents = if sqlite {
            "CAST(ROUND(CAST(l.total AS REAL) * 100) AS INTEGER)"
        } else {
            "l.total * 100"
        };
        format!(
            "SELECT COUNT(*) FROM invoices i
             WHERE COALESCE(i.lines_{kind}_cents, -1) <> COALESCE((SELECT SUM({line_cents})
                 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.kind = '{kind}'), -1)"
        )
    };
    let service_check = kind_check("service");
    let part_check = kind_check("part");
    let payments_minor = minor_check("payments", "amount_cents", "amount");
    let queries: Vec<(&str, &str)> = vec![
        ("customers", "SELECT COUNT(*) FROM customers"),
        ("users", "SELECT COUNT(*) FROM users"),
        (
            "  technicians",
            "SELECT COUNT(*) FROM users WHERE role = 'technician'",
        ),
        ("service_orders", "SELECT COUNT(*) FROM service_orders"),
        (
            "  closed",
            "SELECT COUNT(*) FROM service_orders WHERE closed_at IS NOT NULL",
        ),
        (
            "  deactivated",
            "SELECT COUNT(*) FROM service_orders WHERE active = FALSE",
        ),
        (
            "order_technicians",
            "SELECT COUNT(*) FROM order_technicians",
        ),
        ("order_events", "SELECT COUNT(*) FROM order_events"),
        ("order_parts", "SELECT COUNT(*) FROM order_parts"),
        ("payments", "SELECT COUNT(*) FROM payments"),
        (
            "  deleted",
            "SELECT COUNT(*) FROM payments WHERE deleted_at IS NOT NULL",
        ),
        ("  amount_cents <> amount x 100", &payments_minor),
        ("invoices", "SELECT COUNT(*) FROM invoices"),
        (
            "  draft",
            "SELECT COUNT(*) FROM invoices WHERE state = 'draft'",
        ),
        (
            "  issued",
            "SELECT COUNT(*) FROM invoices WHERE state = 'issued'",
        ),
        (
            "  partially_paid",
            "SELECT COUNT(*) FROM invoices WHERE state = 'partially_paid'",
        ),
        (
            "  paid",
            "SELECT COUNT(*) FROM invoices WHERE state = 'paid'",
        ),
        (
            "  void",
            "SELECT COUNT(*) FROM invoices WHERE state = 'void'",
        ),
        ("  total_minor <> total x 100", &invoices_minor),
        ("invoice_lines", "SELECT COUNT(*) FROM invoice_lines"),
        ("  lines_service_cents <> lines", &service_check),
        ("  lines_part_cents <> lines", &part_check),
        ("credit_notes", "SELECT COUNT(*) FROM credit_notes"),
        (
            "credit_note_lines",
            "SELECT COUNT(*) FROM credit_note_lines",
        ),
        ("surveys", "SELECT COUNT(*) FROM surveys"),
        (
            "  answered",
            "SELECT COUNT(*) FROM surveys WHERE answered_at IS NOT NULL",
        ),
        (
            "payment_allocations",
            "SELECT COUNT(*) FROM payment_allocations",
        ),
        ("equipment", "SELECT COUNT(*) FROM equipment"),
        (
            "  orders on a machine",
            "SELECT COUNT(*) FROM service_orders WHERE equipment_id IS NOT NULL",
        ),
        ("suppliers", "SELECT COUNT(*) FROM suppliers"),
        ("inventory_items", "SELECT COUNT(*) FROM inventory_items"),
        ("item_models", "SELECT COUNT(*) FROM item_models"),
        ("purchase_orders", "SELECT COUNT(*) FROM purchase_orders"),
        (
            "purchase_order_lines",
            "SELECT COUNT(*) FROM purchase_order_lines",
        ),
        ("purchase_receipts", "SELECT COUNT(*) FROM purchase_receipts"),
        ("stock_moves", "SELECT COUNT(*) FROM stock_moves"),
        (
            "  consumption",
            "SELECT COUNT(*) FROM stock_moves WHERE kind = 'consumption'",
        ),
        (
            "  receipt",
            "SELECT COUNT(*) FROM stock_moves WHERE kind = 'receipt'",
        ),
        (
            "  levels <> ledger (items)",
            "SELECT COUNT(*) FROM stock_levels l WHERE l.on_hand <>
                (SELECT COALESCE(SUM(m.on_hand_delta), 0) FROM stock_moves m WHERE m.item_id = l.item_id)
              OR l.reserved <>
                (SELECT COALESCE(SUM(m.reserved_delta), 0) FROM stock_moves m WHERE m.item_id = l.item_id)",
        ),
        ("tickets", "SELECT COUNT(*) FROM tickets"),
        (
            "  closed",
            "SELECT COUNT(*) FROM tickets WHERE state = 'closed'",
        ),
        (
            "  response breached",
            "SELECT COUNT(*) FROM tickets WHERE sla_response_breached_at IS NOT NULL",
        ),
        (
            "  ticket surveys",
            "SELECT COUNT(*) FROM surveys WHERE ticket_id IS NOT NULL",
        ),
        ("channels", "SELECT COUNT(*) FROM channels"),
        ("publications", "SELECT COUNT(*) FROM publications"),
        (
            "  chat messages",
            "SELECT COUNT(*) FROM publications WHERE data LIKE '{\"type\":\"chat.message\"%'",
        ),
        ("crm_opportunities", "SELECT COUNT(*) FROM crm_opportunities"),
        ("  won", "SELECT COUNT(*) FROM crm_opportunities WHERE stage = 'won'"),
        ("crm_stage_history", "SELECT COUNT(*) FROM crm_stage_history"),
        (
            "customer_interactions",
            "SELECT COUNT(*) FROM customer_interactions",
        ),
        (
            "  proactive",
            "SELECT COUNT(*) FROM customer_interactions WHERE initiative = 'proactive'",
        ),
    ];
    let mut conn = s.store.conn().await?;
    println!("  rows:");
    for (name, sql) in queries {
        let n: i64 = on_backend!(&mut conn, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(c).await)?;
        println!("    {name:<30} {n:>9}");
    }
    Ok(())
}

fn figures(name: &str, mut ms: Vec<f64>, said: &str) {
    ms.sort_by(f64::total_cmp);
    // Nearest rank.
    let pct = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
    println!(
        "  {name:<42} min {:>8.1}   p50 {:>8.1}   p95 {:>8.1}   max {:>8.1} ms   {said}",
        ms[0],
        pct(0.50),
        pct(0.95),
        ms[ms.len() - 1]
    );
}

/// The revenue report over `[from, to]` against its rows summed in Rust
/// with `rust_decimal`, as the report did before it summed integer copies
/// in SQL: the same figures, or an error.
async fn same_revenue(
    s: &faena::services::Services,
    who: &Principal,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<()> {
    use rust_decimal::Decimal;
    let q = RevenueQuery {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let r = s
        .revenue_report(who, q)
        .await
        .map_err(|e| anyhow::anyhow!("{:?}: {}", e.code, e.detail))?;
    let issued = "i.issue_date >= $1 AND i.issue_date <= $2 AND i.currency = 'USD'
                  AND i.state IN ('issued', 'partially_paid', 'paid')";
    let sum = |rows: Vec<(String, Money)>, kind: Option<&str>| -> Decimal {
        rows.into_iter()
            .filter(|(k, _)| kind.is_none_or(|kind| k == kind))
            .map(|(_, m)| m.0)
            .sum()
    };
    let mut conn = s.store.conn().await?;
    let mut rows = async |sql: String| -> anyhow::Result<Vec<(String, Money)>> {
        Ok(
            on_backend!(&mut conn, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(from).bind(to).fetch_all(c).await)?,
        )
    };
    let invoices = rows(format!("SELECT '', i.total FROM invoices i WHERE {issued}")).await?;
    let credits = rows(
        "SELECT '', n.total FROM credit_notes n
         WHERE n.issue_date >= $1 AND n.issue_date <= $2 AND n.currency = 'USD'"
            .into(),
    )
    .await?;
    let payments = rows(
        "SELECT '', p.amount FROM payments p
         WHERE p.paid_on >= $1 AND p.paid_on <= $2 AND p.deleted_at IS NULL"
            .into(),
    )
    .await?;
    let lines = rows(format!(
        "SELECT l.kind, l.total FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE {issued}"
    ))
    .await?;
    let count = (invoices.len() as i64, payments.len() as i64);
    let expected = [
        ("invoiced", sum(invoices, None), r.totals.invoiced.0),
        ("credited", sum(credits, None), r.totals.credited.0),
        ("collected", sum(payments, None), r.totals.collected.0),
        ("service lines", sum(lines.clone(), Some("service")), {
            let k = r
                .by_service_type
                .iter()
                .find(|k| k.kind == LineKind::Service);
            k.map_or(Decimal::ZERO, |k| k.invoiced.0)
        }),
        ("part lines", sum(lines, Some("part")), {
            let k = r.by_service_type.iter().find(|k| k.kind == LineKind::Part);
            k.map_or(Decimal::ZERO, |k| k.invoiced.0)
        }),
    ];
    for (name, rust, report) in expected {
        anyhow::ensure!(rust == report, "{name}: rows sum {rust}, report {report}");
    }
    anyhow::ensure!(
        count == (r.totals.invoices, r.totals.payments),
        "counts: rows {count:?}, report {} / {}",
        r.totals.invoices,
        r.totals.payments
    );
    let by_customer: Decimal = r.by_customer.iter().map(|c| c.figures.net.0).sum();
    let by_period: Decimal = r.periods.iter().map(|p| p.figures.net.0).sum();
    anyhow::ensure!(
        by_customer == r.totals.net.0 && by_period == r.totals.net.0,
        "net: customers {by_customer}, periods {by_period}, totals {}",
        r.totals.net
    );
    println!(
        "  revenue, 3 years: the same figures as its rows summed in Rust (invoiced {}, credited {}, \
         collected {}, {} invoices, {} payments)",
        r.totals.invoiced, r.totals.credited, r.totals.collected, count.0, count.1
    );
    Ok(())
}

async fn principal(s: &faena::services::Services, role: Role) -> anyhow::Result<Principal> {
    let user = s
        .store
        .conn()
        .await?
        .list_users(&UserFilter {
            role: Some(role),
            active: Some(true),
        })
        .await?
        .into_iter()
        .next()
        .context("a demo user")?;
    Ok(Principal {
        user,
        session_id: SessionId::new(),
        expires_at: Timestamp::now() + TimeDelta::hours(1),
    })
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Times `f` `runs` times and prints its figures with what the last run said.
async fn time<T, F, Fut>(
    name: &str,
    runs: usize,
    mut f: F,
    say: impl Fn(&T) -> String,
) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut all = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f().await?;
        all.push(ms(t));
        last = Some(out);
    }
    let said = last.as_ref().map(&say).unwrap_or_default();
    figures(name, all, &said);
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // sqlx's "slow statement" warnings would repeat the figures below.
    faena::telemetry::init_logs("warn,sqlx::query=error");
    let args = args()?;
    let err = |e: faena::error::AppError| anyhow::anyhow!("{:?}: {}", e.code, e.detail);
    for backend in args.backends.clone() {
        println!(
            "reportbench on {backend}: {} orders, {} invoices, {} payments, {} customers, \
             {} credit notes, {} runs each",
            args.orders, args.invoices, args.payments, args.customers, args.credit_notes, args.runs
        );
        let (s, url, dir, seeded) = services(backend, &args).await?;
        let w = if seeded {
            println!("  {url} already holds the seed: timing only");
            world(&s, &args).await?
        } else {
            let w = seed(&s, &args).await?;
            if backend == "postgres" || args.sqlite_analyze {
                println!("  VACUUM / ANALYZE in {:.1} s", analyze(&s).await?);
            } else {
                println!("  (no ANALYZE on SQLite: the server never runs it)");
            }
            w
        };
        row_counts(&s).await?;
        if args.seed_only {
            finish(s, &url, &dir, &args).await?;
            continue;
        }
        let who = principal(&s, Role::Admin).await?;
        let today = w.today;
        let three_years = today
            .checked_sub_months(Months::new(36))
            .context("a date")?
            + TimeDelta::days(1);
        let customer = CustomerId(w.customers[0]);
        let revenue = |q: RevenueQuery| {
            let (s, who) = (&s, &who);
            async move { s.revenue_report(who, q).await.map_err(err) }
        };
        let said = |r: &faena::services::reports::revenue::RevenueReport| {
            format!(
                "{} periods, {} invoices, {} payments",
                r.periods.len(),
                r.totals.invoices,
                r.totals.payments
            )
        };
        println!("  as admin:");
        time(
            "revenue, last 12 months (weekly)",
            args.runs,
            || revenue(RevenueQuery::default()),
            said,
        )
        .await?;
        time(
            "revenue, 3 years (monthly)",
            args.runs,
            || {
                revenue(RevenueQuery {
                    from: Some(three_years),
                    ..Default::default()
                })
            },
            said,
        )
        .await?;
        time(
            "revenue, last 12 months, largest customer",
            args.runs,
            || {
                revenue(RevenueQuery {
                    customer_id: Some(customer),
                    ..Default::default()
                })
            },
            said,
        )
        .await?;
        time(
            "revenue, 3 years, largest customer",
            args.runs,
            || {
                revenue(RevenueQuery {
                    from: Some(three_years),
                    customer_id: Some(customer),
                    ..Default::default()
                })
            },
            said,
        )
        .await?;
        time(
            "revenue export XLSX, 3 years",
            args.runs,
            || {
                let (s, who) = (&s, &who);
                async move {
                    let q = RevenueQuery {
                        from: Some(three_years),
                        ..Default::default()
                    };
                    s.export_revenue(who, q, ExportFormat::Xlsx)
                        .await
                        .map_err(err)
                }
            },
            |bytes: &Vec<u8>| format!("{} bytes", bytes.len()),
        )
        .await?;
        let operations = |from: Option<NaiveDate>| {
            let (s, who) = (&s, &who);
            async move {
                s.operations_report(
                    who,
                    OperationsQuery {
                        from,
                        ..Default::default()
                    },
                )
                .await
                .map_err(err)
            }
        };
        let said_ops = |r: &faena::services::reports::operations::OperationsReport| {
            format!(
                "{} periods, {} opened, {} closed, {} technicians",
                r.periods.len(),
                r.opened,
                r.closed,
                r.technicians.len()
            )
        };
        time(
            "operations, last 12 months (weekly)",
            args.runs,
            || operations(None),
            said_ops,
        )
        .await?;
        time(
            "operations, 3 years (monthly)",
            args.runs,
            || operations(Some(three_years)),
            said_ops,
        )
        .await?;

        same_revenue(&s, &who, three_years, today).await?;

        // The parts, sales and quality reports, twelve months and three
        // years, as the admin.
        let periods = |from: Option<NaiveDate>| {
            if from.is_some() {
                "3 years (monthly)"
            } else {
                "last 12 months (weekly)"
            }
        };
        for from in [None, Some(three_years)] {
            time(
                &format!("parts, {}", periods(from)),
                args.runs,
                || {
                    let (s, who) = (&s, &who);
                    async move {
                        let q = PartsQuery {
                            from,
                            ..Default::default()
                        };
                        s.parts_report(who, q).await.map_err(err)
                    }
                },
                |r: &PartsReport| {
                    format!(
                        "{} moves, {} items, {} models",
                        r.moves,
                        r.items_consumed,
                        r.by_model.len()
                    )
                },
            )
            .await?;
        }
        for from in [None, Some(three_years)] {
            time(
                &format!("sales, {}", periods(from)),
                args.runs,
                || {
                    let (s, who) = (&s, &who);
                    async move {
                        let q = SalesQuery {
                            from,
                            ..Default::default()
                        };
                        s.sales_report(who, q).await.map_err(err)
                    }
                },
                |r: &SalesReport| {
                    format!(
                        "{} opportunities, {} won, {} sellers",
                        r.totals.created,
                        r.totals.won,
                        r.by_seller.len()
                    )
                },
            )
            .await?;
        }
        for from in [None, Some(three_years)] {
            time(
                &format!("quality, {}", periods(from)),
                args.runs,
                || {
                    let (s, who) = (&s, &who);
                    async move {
                        let q = QualityQuery {
                            from,
                            ..Default::default()
                        };
                        s.quality_report(who, q).await.map_err(err)
                    }
                },
                |r: &QualityReport| {
                    format!(
                        "{} tickets, {} surveys, {} contacts",
                        r.totals.tickets_opened,
                        r.totals.surveys,
                        r.totals.proactive_contacts + r.totals.reactive_contacts
                    )
                },
            )
            .await?;
        }

        // The supplier ranking the parts report shows (purchasing's).
        time(
            "purchasing ranking, 3 years",
            args.runs,
            || {
                let (s, who) = (&s, &who);
                async move {
                    let q = faena::services::purchasing::performance::PeriodQuery {
                        from: Some(three_years),
                        to: Some(today),
                    };
                    s.performance_ranking(who, q).await.map_err(err)
                }
            },
            |r| format!("{} suppliers", r.suppliers.len()),
        )
        .await?;

        // Drill-downs over the whole three years (no period clicked): the
        // list behind a row of a table, first page.
        let parts_3y = s
            .parts_report(
                &who,
                PartsQuery {
                    from: Some(three_years),
                    ..Default::default()
                },
            )
            .await
            .map_err(err)?;
        let operations_3y = s
            .operations_report(
                &who,
                OperationsQuery {
                    from: Some(three_years),
                    ..Default::default()
                },
            )
            .await
            .map_err(err)?;
        let item = parts_3y.by_item.first().map(|i| i.item_id.to_string());
        let technician = operations_3y
            .technicians
            .first()
            .map(|t| t.user_id.to_string());
        for (name, figure, key) in [
            (
                "parts: one item's consumption",
                PartsFigure::Consumption,
                item.clone(),
            ),
            ("parts: every consumption", PartsFigure::Consumption, None),
        ] {
            time(
                &format!("drill-down, 3 years, {name}"),
                args.runs,
                || {
                    let (s, who, key) = (&s, &who, key.clone());
                    async move {
                        let q = PartsQuery {
                            from: Some(three_years),
                            ..Default::default()
                        };
                        let r = RecordsQuery {
                            key,
                            ..Default::default()
                        };
                        s.parts_records(who, q, figure, r).await.map_err(err)
                    }
                },
                |r: &ReportRecords| format!("{} records", r.total),
            )
            .await?;
        }
        for (name, figure) in [
            (
                "operations: one technician's closed orders",
                OperationsFigure::TechnicianClosed,
            ),
            (
                "operations: one technician's tasks",
                OperationsFigure::TechnicianTasks,
            ),
        ] {
            time(
                &format!("drill-down, 3 years, {name}"),
                args.runs,
                || {
                    let (s, who, key) = (&s, &who, technician.clone());
                    async move {
                        let q = OperationsQuery {
                            from: Some(three_years),
                            ..Default::default()
                        };
                        let r = RecordsQuery {
                            key,
                            ..Default::default()
                        };
                        s.operations_records(who, q, figure, r).await.map_err(err)
                    }
                },
                |r: &ReportRecords| format!("{} records", r.total),
            )
            .await?;
        }

        // Where the time goes: the store reads behind the three-year
        // reports, alone (rows returned in brackets).
        println!("  store reads, 3 years:");
        let rs = RevenueScope {
            from: three_years,
            to: today,
            currency: "USD".into(),
            customers: CustomerFilters::default(),
        };
        let os = OperationsScope {
            start: start_of_day(three_years, w.tz),
            end: start_of_day(today + TimeDelta::days(1), w.tz),
            customers: CustomerFilters::default(),
            technician_id: None,
        };
        let (rs, os) = (&rs, &os);
        // Each on the connection the services use: the revenue report's
        // snapshot (`Store::report_snapshot`: custom plans on PostgreSQL),
        // the other reports' pooled connection.
        macro_rules! read {
            ($name:expr, $conn:ident, |$c:ident| $call:expr) => {
                time(
                    $name,
                    args.runs,
                    || {
                        let store = &s.store;
                        async move {
                            let mut $c = store.$conn().await?;
                            Ok::<usize, anyhow::Error>($call.await?.len())
                        }
                    },
                    |n: &usize| format!("{n} rows"),
                )
                .await?;
            };
            ($name:expr, |$c:ident| $call:expr) => {
                read!($name, conn, |$c| $call)
            };
        }
        for (name, source) in [
            ("invoiced", RevenueSource::Invoiced),
            ("credited", RevenueSource::Credited),
            ("collected", RevenueSource::Collected),
        ] {
            read!(
                &format!("store: revenue by day, {name}"),
                report_snapshot,
                |c| c.report_revenue_by_day(rs, source)
            );
            read!(
                &format!("store: revenue by customer, {name}"),
                report_snapshot,
                |c| c.report_revenue_by_customer(rs, source)
            );
        }
        read!("store: report_invoiced_by_kind", report_snapshot, |c| c
            .report_invoiced_by_kind(rs));
        read!("store: report_customers", report_snapshot, |c| c
            .report_customers(rs));
        // The same read on a plain pooled connection: PostgreSQL may
        // switch to a generic plan after five runs.
        read!(
            "store: revenue by customer, collected (plain connection)",
            |c| c.report_revenue_by_customer(rs, RevenueSource::Collected)
        );
        read!("store: open_invoices (aging)", |c| c
            .open_invoices(CustomerScope::All, None));
        // The operations, parts and quality reads, by month over three years.
        let months: Vec<_> = faena::domain::report::periods(
            faena::domain::report::Granularity::Month,
            three_years,
            today,
        )
        .into_iter()
        .map(|(a, b)| {
            (
                start_of_day(a, w.tz),
                start_of_day(b + TimeDelta::days(1), w.tz),
            )
        })
        .collect();
        let months = &months;
        read!("store: report_orders_received", report_snapshot, |c| c
            .report_orders_received(months, os));
        read!("store: report_orders_closed", report_snapshot, |c| c
            .report_orders_closed(months, os));
        read!("store: report_technician_tallies", report_snapshot, |c| c
            .report_technician_tallies(os));
        read!("store: report_parts_by_technician", report_snapshot, |c| c
            .report_parts_by_technician(os));
        read!("store: report_tasks_by_technician", report_snapshot, |c| c
            .report_tasks_by_technician(os));
        read!("store: report_scores_by_technician", report_snapshot, |c| c
            .report_scores_by_technician(os));
        let ps = PartsScope {
            start: os.start,
            end: os.end,
            customers: CustomerFilters::default(),
        };
        let qs = QualityScope {
            start: os.start,
            end: os.end,
            customers: CustomerFilters::default(),
            technician_id: None,
        };
        let (ps, qs) = (&ps, &qs);
        read!(
            "store: report_consumption_by_period",
            report_snapshot,
            |c| c.report_consumption_by_period(months, &CustomerFilters::default())
        );
        read!("store: report_consumption_by_item", report_snapshot, |c| c
            .report_consumption_by_item(ps));
        read!("store: report_consumption_by_model", report_snapshot, |c| c
            .report_consumption_by_model(ps));
        read!("store: report_item_stock", report_snapshot, |c| c
            .report_item_stock());
        read!("store: report_tickets_opened", report_snapshot, |c| c
            .report_tickets_opened(months, qs));
        read!("store: report_tickets_closed", report_snapshot, |c| c
            .report_tickets_closed(months, qs));
        read!("store: report_contacts", report_snapshot, |c| c
            .report_contacts(months, qs));
        read!("store: report_survey_scores", report_snapshot, |c| c
            .report_survey_scores(months, qs));
        read!("store: report_worker_scores", report_snapshot, |c| c
            .report_worker_scores(qs));
        finish(s, &url, &dir, &args).await?;
    }
    Ok(())
}

/// Stops the services; removes a fresh database unless `--keep`, or says
/// how to reuse it. The run's folder (mail, uploads) goes unless it holds
/// the kept SQLite file.
async fn finish(
    s: faena::services::Services,
    url: &str,
    dir: &std::path::Path,
    args: &Args,
) -> anyhow::Result<()> {
    s.hub.stop();
    s.store.close().await;
    let sqlite = url.starts_with("sqlite:");
    if args.database_url.is_some() || (args.keep && !sqlite) {
        std::fs::remove_dir_all(dir).context("removing the run's folder")?;
    }
    if args.database_url.is_some() {
        Ok(())
    } else if args.keep {
        println!("  kept: reportbench --database-url '{url}'");
        Ok(())
    } else {
        drop_fresh(url, dir, args).await
    }
}
