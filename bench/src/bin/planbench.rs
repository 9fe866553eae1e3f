//! `planbench`: preventive maintenance forecasts at fleet scale (issue 16,
//! "10,000 machines with 1,000,000 readings").
//!
//! Builds Faena's services in-process on a fresh database (a temporary
//! SQLite file, or a fresh schema in the PostgreSQL database at
//! `--postgres-url`), loads the demo data, writes `--machines` machines
//! (default 10,000) spread over the demo customers, each with a plan (by
//! engine hours, calendar or whichever first) and `--readings` readings in
//! all (default 1,000,000) over two years — irregular intervals, each
//! machine its own usage, some idle for months. Then it times, `--runs`
//! times each (default 5), the calls the product makes:
//!
//! - the nightly recomputation of every forecast (`recompute_all_forecasts`),
//!   first when every forecast is new (all written), then when none changed;
//! - the "due soon" list as the admin (`GET /service-plans/due-soon`);
//! - one reading arriving (`POST /equipment/{id}/readings`), which
//!   recomputes that machine's forecast in its transaction.
//!
//! Figures only: nothing is asserted (docs/performance.md).
//!
//! ```text
//! cargo build --release -p faena-bench --bin planbench
//! target/release/planbench [--machines 10000] [--readings 1000000] [--backend sqlite|postgres|both] [--postgres-url URL] [--runs 5]
//! ```

#[path = "../fresh_db.rs"]
mod fresh_db;

use std::time::Instant;

use anyhow::Context;
use chrono::TimeDelta;
use faena::config::{Secret, Settings};
use faena::domain::role::CustomerScope;
use faena::domain::service_plan::PlanBasis;
use faena::domain::{Role, SessionId, Timestamp};
use faena::services::Principal;
use faena::store::accounts::UserFilter;
use faena::store::customers::{CustomerFilter, EquipmentData};
use faena::store::service_plans::PlanTerms;
use rand::Rng;

struct Args {
    machines: usize,
    readings: usize,
    backends: Vec<&'static str>,
    postgres_url: Option<String>,
    runs: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        machines: 10_000,
        readings: 1_000_000,
        backends: vec!["sqlite", "postgres"],
        postgres_url: std::env::var("FAENA_TEST_POSTGRES_URL").ok(),
        runs: 5,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().context("a value after the flag");
        match flag.as_str() {
            "--machines" => a.machines = value()?.parse()?,
            "--readings" => a.readings = value()?.parse()?,
            "--runs" => a.runs = value()?.parse()?,
            "--postgres-url" => a.postgres_url = Some(value()?),
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
        a.machines > 0 && a.runs > 0,
        "--machines and --runs must be positive"
    );
    Ok(a)
}

async fn services(backend: &str, args: &Args) -> anyhow::Result<faena::services::Services> {
    let (dir, url) =
        fresh_db::fresh_database("planbench", backend, args.postgres_url.as_deref()).await?;
    let mut settings = Settings::defaults();
    settings.database.url = Secret::new(url);
    settings.mail.outbox_dir = dir.join("mail");
    settings.uploads.dir = dir.join("uploads");
    let services = faena::app::build_services(settings, 0).await?;
    faena::services::demo::load(&services).await?;
    Ok(services)
}

/// Writes the machines, their readings and plans, 200 machines a
/// transaction. Returns one machine's id (for the single-reading timing).
async fn seed(
    s: &faena::services::Services,
    args: &Args,
) -> anyhow::Result<faena::domain::EquipmentId> {
    let mut conn = s.store.conn().await?;
    let customers = conn
        .customers_page(CustomerScope::All, &CustomerFilter::default(), None, 100)
        .await?;
    let admin = conn
        .list_users(&UserFilter {
            role: Some(Role::Admin),
            active: Some(true),
        })
        .await?
        .into_iter()
        .next()
        .context("the demo admin")?
        .id;
    drop(conn);
    let mut rng = rand::rng();
    let now = Timestamp::now();
    let per_machine = (args.readings / args.machines).max(2);
    let began = Instant::now();
    let mut written = 0usize;
    let mut last = None;
    for chunk in (0..args.machines).collect::<Vec<_>>().chunks(200) {
        let mut tx = s.store.begin().await?;
        for &i in chunk {
            let customer = &customers[i % customers.len()];
            let data = EquipmentData {
                brand: "Caterpillar".into(),
                model: ["320D", "950H", "D6T", "140M"][i % 4].into(),
                serial: format!("BENCH{i:06}"),
                year: Some(2018 + (i % 7) as i32),
                warranty_ends_on: None,
                notes: String::new(),
            };
            let machine = tx.insert_equipment(customer.id, &data, 0, now).await?;
            // Two years of readings at irregular intervals; a tenth of the
            // machines idle for their last months.
            let rate: f64 = rng.random_range(0.5..12.0);
            let idle_from = if i % 10 == 0 {
                per_machine * 2 / 3
            } else {
                per_machine
            };
            let step_minutes = (730 * 24 * 60) / per_machine as i64;
            let mut at = now - TimeDelta::days(730);
            let mut hours = rng.random_range(0..5_000i64);
            let mut readings = Vec::with_capacity(per_machine);
            for k in 0..per_machine {
                let minutes = rng
                    .random_range(step_minutes / 4..step_minutes * 7 / 4)
                    .max(1);
                at = at + TimeDelta::minutes(minutes);
                if at >= now {
                    break;
                }
                if k < idle_from {
                    hours += (rate * minutes as f64 / (24.0 * 60.0)).round() as i64;
                }
                readings.push((at, hours));
            }
            written += readings.len();
            tx.import_readings(machine.id, &readings, Some(admin))
                .await?;
            // The last service somewhere in the last 40 % of the history.
            let service = readings[rng.random_range(readings.len() * 6 / 10..readings.len())];
            let basis = [
                PlanBasis::EngineHours,
                PlanBasis::Calendar,
                PlanBasis::WhicheverFirst,
            ][i % 3];
            let terms = PlanTerms {
                basis,
                every_hours: if basis == PlanBasis::Calendar {
                    0
                } else {
                    [250, 500][i % 2]
                },
                every_months: if basis == PlanBasis::EngineHours {
                    0
                } else {
                    [6, 12][i % 2]
                },
                due_soon_days: 14,
                last_service_on: service.0.as_datetime().date_naive(),
                last_service_hours: service.1,
            };
            tx.upsert_service_plan(machine.id, &terms, admin, now)
                .await?;
            last = Some(machine.id);
        }
        tx.commit().await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    println!(
        "  seeded {} machines with plans, {written} readings in {:.1} s",
        args.machines,
        began.elapsed().as_secs_f64()
    );
    last.context("at least one machine")
}

fn figures(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "  {name:<52} min {:>8.1} ms   median {:>8.1} ms   max {:>8.1} ms",
        ms[0],
        ms[ms.len() / 2],
        ms[ms.len() - 1]
    );
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args()?;
    let err = |e: faena::error::AppError| anyhow::anyhow!("{:?}: {}", e.code, e.detail);
    for backend in args.backends.clone() {
        println!(
            "planbench on {backend}: {} machines, {} readings",
            args.machines, args.readings
        );
        let s = services(backend, &args).await?;
        let machine = seed(&s, &args).await?;
        let admin = principal(&s, Role::Admin).await?;

        let t = Instant::now();
        let first = s.recompute_all_forecasts().await.map_err(err)?;
        let first_ms = ms(t);
        println!(
            "  first recomputation: {} plans, {} readings read, {} forecasts written in {first_ms:.0} ms",
            first.plans, first.readings, first.changed
        );
        let (mut nightly, mut due, mut reading) = (Vec::new(), Vec::new(), Vec::new());
        let mut due_rows = 0;
        let mut meter = s
            .get_equipment(&admin, machine)
            .await
            .map_err(err)?
            .engine_hours;
        for _ in 0..args.runs {
            let t = Instant::now();
            let again = s.recompute_all_forecasts().await.map_err(err)?;
            nightly.push(ms(t));
            anyhow::ensure!(
                again.changed == 0,
                "a second run changed {} forecasts",
                again.changed
            );
            let t = Instant::now();
            due_rows = s.due_soon_machines(&admin).await.map_err(err)?.len();
            due.push(ms(t));
            meter += 8;
            let t = Instant::now();
            s.record_engine_hours(&admin, machine, meter)
                .await
                .map_err(err)?;
            reading.push(ms(t));
        }
        figures("nightly recomputation, nothing changed", nightly);
        figures(&format!("due-soon list as admin ({due_rows} rows)"), due);
        figures("one reading with its forecast (POST readings)", reading);
    }
    Ok(())
}
