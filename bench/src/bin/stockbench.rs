//! `stockbench`: availability and the "to reorder" list on a large stock.
//!
//! Builds Faena's services on a fresh database (a temporary SQLite file, or
//! a fresh schema in the PostgreSQL database at `--postgres-url`), loads
//! `--items` catalog items (default 20,000) and `--moves` ledger moves
//! (default 1,000,000, spread evenly: an initial count, then reservations,
//! consumptions, releases and adjustments whose running balances are kept
//! right), with cached levels equal to the ledger and about 5 % of the
//! items below their minimum. Bulk-loaded with multi-row INSERTs (the
//! ledger's immutability triggers only refuse UPDATE and DELETE).
//!
//! Then it times, through the store's own queries (what the API runs):
//! - one item's availability (`stock_figures`, a primary-key lookup) and the
//!   full item read (`item`, with its level), over `--samples` random items;
//! - the whole reorder list (`reorder_list`), `--rounds` times;
//! - the ledger check of one item (Σ of its moves) as a reference.
//!
//! It prints figures only (p50 / p99 / max); targets are in
//! docs/performance.md (one item < 5 ms, the reorder list < 500 ms).
//!
//! ```text
//! cargo build --release -p faena-bench --bin stockbench
//! target/release/stockbench [--items 20000] [--moves 1000000] [--backend sqlite|postgres|both] [--postgres-url URL]
//! ```

#[path = "../fresh_db.rs"]
mod fresh_db;

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use faena::config::{Secret, Settings};
use faena::domain::inventory::{StockMoveKind, StockQty, StockUnit};
use faena::domain::{ItemId, Money, StockMoveId, Timestamp, UserId};
use faena::store::accounts::UserFilter;
use rand::Rng;
use sqlx::QueryBuilder;

struct Args {
    items: usize,
    moves: usize,
    samples: usize,
    rounds: usize,
    backends: Vec<&'static str>,
    postgres_url: Option<String>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut a = Args {
        items: 20_000,
        moves: 1_000_000,
        samples: 2_000,
        rounds: 20,
        backends: vec!["sqlite"],
        postgres_url: std::env::var("FAENA_TEST_POSTGRES_URL").ok(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().context("missing value");
        match arg.as_str() {
            "--items" => a.items = value()?.parse()?,
            "--moves" => a.moves = value()?.parse()?,
            "--samples" => a.samples = value()?.parse()?,
            "--rounds" => a.rounds = value()?.parse()?,
            "--postgres-url" => a.postgres_url = Some(value()?),
            "--backend" => {
                a.backends = match value()?.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    "both" => vec!["sqlite", "postgres"],
                    other => bail!("unknown backend {other}"),
                }
            }
            other => bail!("unknown argument {other}"),
        }
    }
    if a.items == 0 || a.moves < a.items {
        bail!("need at least one item and one move per item");
    }
    Ok(a)
}

/// One generated item and its ledger, with the balances the cache must hold.
struct GenItem {
    id: ItemId,
    sku: String,
    minimum: i64,
    maximum: i64,
    on_hand: i64,
    reserved: i64,
    below: bool,
}

/// One generated move (quantities in thousandths).
struct GenMove {
    id: StockMoveId,
    item: ItemId,
    kind: StockMoveKind,
    quantity: i64,
    on_hand_delta: i64,
    reserved_delta: i64,
    on_hand_after: i64,
    reserved_after: i64,
    at: Timestamp,
}

/// The moves of one item: an initial count, then a valid walk.
fn ledger(item: &mut GenItem, n: usize, start: Timestamp, rng: &mut impl Rng) -> Vec<GenMove> {
    const U: i64 = 1000;
    let mut out = Vec::with_capacity(n);
    let (mut on_hand, mut reserved) = (0i64, 0i64);
    for k in 0..n {
        let at = start + chrono::TimeDelta::milliseconds(k as i64);
        let (kind, quantity, dh, dr) = if k == 0 {
            let q = rng.random_range(20..200) * U;
            (StockMoveKind::InitialCount, q, q, 0)
        } else {
            let available = on_hand - reserved;
            match rng.random_range(0..4) {
                0 if available >= U => (StockMoveKind::Reservation, U, 0, U),
                1 if reserved >= U => (StockMoveKind::Consumption, U, -U, -U),
                2 if reserved >= U => (StockMoveKind::Release, U, 0, -U),
                _ => (StockMoveKind::Adjustment, U, U, 0),
            }
        };
        on_hand += dh;
        reserved += dr;
        out.push(GenMove {
            id: StockMoveId::new(),
            item: item.id,
            kind,
            quantity,
            on_hand_delta: dh,
            reserved_delta: dr,
            on_hand_after: on_hand,
            reserved_after: reserved,
            at,
        });
    }
    item.on_hand = on_hand;
    item.reserved = reserved;
    // About one item in twenty sits below its minimum (on the reorder list).
    let available = on_hand - reserved;
    if item.below {
        item.minimum = available + 5 * U;
    } else {
        item.minimum = (available / 2 / U) * U;
    }
    item.maximum = item.minimum + 50 * U;
    out
}

macro_rules! bulk_load {
    ($pool:expr, $db:ty, $items:expr, $moves:expr, $by:expr, $now:expr) => {{
        let pool = $pool;
        let (items, moves, by, now): (&[GenItem], &[GenMove], UserId, Timestamp) =
            ($items, $moves, $by, $now);
        let price = Money::parse("45.00", 2)?;
        let cost = Money::parse("30.00", 2)?;
        let mut tx = pool.begin().await?;
        for chunk in items.chunks(500) {
            let mut q: QueryBuilder<$db> = QueryBuilder::new(
                "INSERT INTO inventory_items (id, sku, description, search_text, brand, part_number,
                    unit, average_cost, average_cost_cents, sale_price, warranty_days, minimum,
                    maximum, reorder_multiple, preferred_supplier_id, active, created_at,
                    updated_at) ",
            );
            q.push_values(chunk, |mut b, it| {
                let description = format!("Repuesto de banco {}", it.sku);
                b.push_bind(it.id)
                    .push_bind(it.sku.clone())
                    .push_bind(description.clone())
                    .push_bind(format!("{} {}", it.sku.to_lowercase(), description.to_lowercase()))
                    .push_bind("Caterpillar")
                    .push_bind("1R-0750")
                    .push_bind(StockUnit::Piece)
                    .push_bind(cost)
                    .push_bind(3000i64)
                    .push_bind(price)
                    .push_bind(90i32)
                    .push_bind(StockQty::from_milli(it.minimum))
                    .push_bind(StockQty::from_milli(it.maximum))
                    .push_bind(StockQty::units(1))
                    .push_bind(None::<uuid::Uuid>)
                    .push_bind(true)
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(&mut *tx).await?;
            let mut q: QueryBuilder<$db> = QueryBuilder::new(
                "INSERT INTO stock_levels (item_id, on_hand, reserved, on_order, reorder_since, updated_at) ",
            );
            q.push_values(chunk, |mut b, it| {
                b.push_bind(it.id)
                    .push_bind(StockQty::from_milli(it.on_hand))
                    .push_bind(StockQty::from_milli(it.reserved))
                    .push_bind(StockQty::ZERO)
                    .push_bind(it.below.then_some(now))
                    .push_bind(now);
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        let started = Instant::now();
        for (n, chunk) in moves.chunks(2_000).enumerate() {
            let mut tx = pool.begin().await?;
            let mut q: QueryBuilder<$db> = QueryBuilder::new(
                "INSERT INTO stock_moves (id, item_id, kind, quantity, on_hand_delta, reserved_delta,
                    on_hand_after, reserved_after, reason, note, order_id, order_part_id,
                    purchase_line_id, unit_cost, created_by, created_at) ",
            );
            q.push_values(chunk, |mut b, m| {
                let reason = (m.kind == StockMoveKind::Adjustment).then_some("found");
                b.push_bind(m.id)
                    .push_bind(m.item)
                    .push_bind(m.kind)
                    .push_bind(StockQty::from_milli(m.quantity))
                    .push_bind(StockQty::from_milli(m.on_hand_delta))
                    .push_bind(StockQty::from_milli(m.reserved_delta))
                    .push_bind(StockQty::from_milli(m.on_hand_after))
                    .push_bind(StockQty::from_milli(m.reserved_after))
                    .push_bind(reason)
                    .push_bind("")
                    .push_bind(None::<uuid::Uuid>)
                    .push_bind(None::<uuid::Uuid>)
                    .push_bind(None::<uuid::Uuid>)
                    .push_bind(None::<Money>)
                    .push_bind(by)
                    .push_bind(m.at);
            });
            q.build().execute(&mut *tx).await?;
            tx.commit().await?;
            if n % 100 == 99 {
                eprintln!(
                    "  {} moves loaded ({:.0} s)",
                    (n + 1) * 2_000,
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }};
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pick = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    let mean = samples.iter().map(|d| ms(*d)).sum::<f64>() / samples.len() as f64;
    println!(
        "  {name:<34} n={:<5} p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  mean {:>8.3} ms",
        samples.len(),
        ms(pick(0.5)),
        ms(pick(0.99)),
        ms(*samples.last().unwrap()),
        mean
    );
}

async fn run(backend: &'static str, args: &Args) -> anyhow::Result<()> {
    let (dir, url) =
        fresh_db::fresh_database("stockbench", backend, args.postgres_url.as_deref()).await?;
    let mut settings = Settings::defaults();
    settings.database.url = Secret::new(url.clone());
    settings.mail.outbox_dir = dir.join("mail");
    settings.uploads.dir = dir.join("uploads");
    let services = faena::app::build_services(settings, 0).await?;
    faena::services::demo::load(&services).await?;
    let by = {
        let mut conn = services.store.conn().await?;
        conn.list_users(&UserFilter::default())
            .await?
            .first()
            .context("a demo user")?
            .id
    };

    println!(
        "{backend}: generating {} items and {} moves",
        args.items, args.moves
    );
    let mut rng = rand::rng();
    let now = Timestamp::now();
    let per_item = args.moves / args.items;
    let extra = args.moves % args.items;
    let mut items = Vec::with_capacity(args.items);
    let mut moves = Vec::with_capacity(args.moves);
    for i in 0..args.items {
        let mut item = GenItem {
            id: ItemId::new(),
            sku: format!("BENCH-{i:06}"),
            minimum: 0,
            maximum: 0,
            on_hand: 0,
            reserved: 0,
            below: i % 20 == 7,
        };
        let n = per_item + usize::from(i < extra);
        let start = now - chrono::TimeDelta::days(30) + chrono::TimeDelta::seconds(i as i64);
        moves.extend(ledger(&mut item, n, start, &mut rng));
        items.push(item);
    }
    let load = Instant::now();
    match backend {
        "sqlite" => {
            let pool = sqlx::SqlitePool::connect(&url).await?;
            bulk_load!(&pool, sqlx::Sqlite, &items, &moves, by, now);
            sqlx::query("ANALYZE").execute(&pool).await?;
            pool.close().await;
        }
        _ => {
            let pool = sqlx::PgPool::connect(&url).await?;
            bulk_load!(&pool, sqlx::Postgres, &items, &moves, by, now);
            sqlx::query("ANALYZE").execute(&pool).await?;
            pool.close().await;
        }
    }
    println!("  loaded in {:.1} s", load.elapsed().as_secs_f64());

    let mut conn = services.store.conn().await?;
    // The cache equals the ledger (checked on a sample: the whole check is
    // the test suite's job, and takes a while on a million moves).
    for item in items.iter().step_by(997) {
        let bad = conn.ledger_check(Some(item.id)).await?;
        if !bad.is_empty() {
            bail!("the generated ledger disagrees with its cache: {bad:?}");
        }
    }

    let mut figures = Vec::with_capacity(args.samples);
    let mut reads = Vec::with_capacity(args.samples);
    let mut checks = Vec::with_capacity(args.samples / 10);
    for k in 0..args.samples {
        let item = &items[rng.random_range(0..items.len())];
        let t = Instant::now();
        let f = conn.stock_figures(item.id).await?.context("figures")?;
        figures.push(t.elapsed());
        assert_eq!(f.available().milli(), item.on_hand - item.reserved);
        let t = Instant::now();
        conn.item(item.id).await?.context("item")?;
        reads.push(t.elapsed());
        if k % 10 == 0 {
            let t = Instant::now();
            conn.ledger_check(Some(item.id)).await?;
            checks.push(t.elapsed());
        }
    }
    let mut lists = Vec::with_capacity(args.rounds);
    let mut listed = 0;
    for _ in 0..args.rounds {
        let t = Instant::now();
        listed = conn.reorder_list().await?.len();
        lists.push(t.elapsed());
    }
    let expected = items.iter().filter(|i| i.below).count();
    if listed != expected {
        bail!("the reorder list has {listed} items, {expected} expected");
    }
    println!(
        "{backend}: {} items, {} moves, {listed} items to reorder",
        args.items, args.moves
    );
    summary("one item: available/projected", figures);
    summary("one item: full read with level", reads);
    summary("one item: ledger check (Σ moves)", checks);
    summary(&format!("reorder list ({listed} items)"), lists);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    for backend in args.backends.clone() {
        run(backend, &args).await?;
    }
    Ok(())
}
