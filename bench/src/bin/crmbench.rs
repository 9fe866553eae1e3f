//! `crmbench`: how long the CRM dashboard, the funnel metrics and the
//! pipeline board take over a large stage history.
//!
//! Builds Faena's services in-process on a fresh database (a temporary
//! SQLite file, or a fresh schema in the PostgreSQL database at
//! `--postgres-url`), loads the demo data, writes `--count` opportunities
//! (default 100,000) with `--changes` stage changes in all (default
//! 500,000, creation rows included) spread over two years and every owner,
//! then calls the same service methods the routes call, as the demo admin
//! (everything in scope) and as the demo seller, `--runs` times each
//! (default 5), and prints min / median / max in milliseconds. Figures only:
//! nothing is asserted (target in docs/performance.md: under 500 ms).
//!
//! ```text
//! cargo build --release --bin crmbench
//! target/release/crmbench [--count 100000] [--changes 500000] [--backend sqlite|postgres|both] [--postgres-url URL]
//! ```

#[path = "../fresh_db.rs"]
mod fresh_db;

use std::time::Instant;

use anyhow::Context;
use chrono::TimeDelta;
use faena::config::{Secret, Settings};
use faena::domain::crm::Stage;
use faena::domain::role::CustomerScope;
use faena::domain::{Money, OpportunityId, Role, SessionId, Timestamp};
use faena::services::Principal;
use faena::services::crm::metrics::MetricsQuery;
use faena::services::crm::pipeline::BoardQuery;
use faena::store::accounts::UserFilter;
use faena::store::crm::opportunities::OpportunityData;
use faena::store::customers::CustomerFilter;
use rand::Rng;

struct Args {
    count: usize,
    changes: usize,
    backends: Vec<&'static str>,
    postgres_url: Option<String>,
    runs: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        count: 100_000,
        changes: 500_000,
        backends: vec!["sqlite", "postgres"],
        postgres_url: std::env::var("FAENA_TEST_POSTGRES_URL").ok(),
        runs: 5,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().context("a value after the flag");
        match flag.as_str() {
            "--count" => a.count = value()?.parse()?,
            "--changes" => a.changes = value()?.parse()?,
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
    Ok(a)
}

async fn services(backend: &str, args: &Args) -> anyhow::Result<faena::services::Services> {
    let (dir, url) =
        fresh_db::fresh_database("crmbench", backend, args.postgres_url.as_deref()).await?;
    let mut settings = Settings::defaults();
    settings.database.url = Secret::new(url);
    settings.mail.outbox_dir = dir.join("mail");
    settings.uploads.dir = dir.join("uploads");
    let services = faena::app::build_services(settings, 0).await?;
    faena::services::demo::load(&services).await?;
    Ok(services)
}

/// Writes the opportunities and their histories in transactions of 2,000.
async fn seed(s: &faena::services::Services, args: &Args) -> anyhow::Result<()> {
    let mut conn = s.store.conn().await?;
    let customers = conn
        .customers_page(CustomerScope::All, &CustomerFilter::default(), None, 100)
        .await?;
    let owners: Vec<_> = conn
        .list_users(&UserFilter {
            role: None,
            active: Some(true),
        })
        .await?
        .into_iter()
        .filter(|u| matches!(u.role, Role::Admin | Role::Operator | Role::Seller))
        .map(|u| u.id)
        .collect();
    drop(conn);
    let mut rng = rand::rng();
    let start = Timestamp::now() - TimeDelta::days(730);
    // Moves after creation: changes − count, spread evenly.
    let moves_per = (args.changes.saturating_sub(args.count)) as f64 / args.count as f64;
    let mut carry = 0.0;
    let mut written = 0usize;
    let began = Instant::now();
    for chunk in (0..args.count).collect::<Vec<_>>().chunks(2_000) {
        let mut tx = s.store.begin().await?;
        for _ in chunk {
            let id = OpportunityId::new();
            let owner = owners[rng.random_range(0..owners.len())];
            let customer = &customers[rng.random_range(0..customers.len())];
            let mut at = start + TimeDelta::minutes(rng.random_range(0..(700 * 24 * 60)));
            let data = OpportunityData {
                title: format!("Bench {}", id.0.simple()),
                customer_id: customer.id,
                contact_id: None,
                value: Money::parse(&format!("{}.00", rng.random_range(100..100_000)), 2)?,
                probability: 10,
                expected_close: None,
                owner_id: owner,
                source: String::new(),
                equipment_interest: String::new(),
                notes: String::new(),
                next_step: String::new(),
                next_step_due: None,
            };
            tx.insert_opportunity(id, &data, Stage::Prospect, owner, at)
                .await?;
            written += 1;
            carry += moves_per;
            let mut stage = Stage::Prospect;
            while carry >= 1.0 {
                carry -= 1.0;
                let next = if stage.is_closed() {
                    Stage::Negotiation
                } else if rng.random_bool(0.15) {
                    Stage::Lost
                } else {
                    Stage::FUNNEL[(stage.rank() + 1).min(4)]
                };
                at = at + TimeDelta::hours(rng.random_range(1..(24 * 20)));
                let reason = (next == Stage::Lost).then_some("price");
                tx.insert_stage_change(id, Some(stage), next, reason, owner, at)
                    .await?;
                stage = next;
                written += 1;
            }
            tx.set_opportunity_stage(id, stage, stage.default_probability(), None, at)
                .await?;
        }
        tx.commit().await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    println!(
        "  seeded {} opportunities, {written} history rows in {:.1} s",
        args.count,
        began.elapsed().as_secs_f64()
    );
    Ok(())
}

fn figures(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "  {name:<28} min {:>8.1} ms   median {:>8.1} ms   max {:>8.1} ms",
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args()?;
    for backend in args.backends.clone() {
        println!(
            "crmbench on {backend}: {} opportunities, {} stage changes",
            args.count, args.changes
        );
        let s = services(backend, &args).await?;
        seed(&s, &args).await?;
        for role in [Role::Admin, Role::Seller] {
            let who = principal(&s, role).await?;
            let (mut dash, mut funnel, mut board) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..args.runs {
                let t = Instant::now();
                s.crm_dashboard(&who, MetricsQuery::default())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                dash.push(t.elapsed().as_secs_f64() * 1000.0);
                let t = Instant::now();
                s.crm_metrics(&who, MetricsQuery::default())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                funnel.push(t.elapsed().as_secs_f64() * 1000.0);
                let t = Instant::now();
                s.crm_board(&who, BoardQuery::default())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                board.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            // Where the time goes: the store reads behind them, alone.
            let scope = who.crm_scope().map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let (mut furthest, mut values, mut tracks) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..args.runs {
                let mut c = s.store.conn().await?;
                let t = Instant::now();
                c.funnel_furthest(scope, None).await?;
                furthest.push(t.elapsed().as_secs_f64() * 1000.0);
                let t = Instant::now();
                c.pipeline_values(scope, None).await?;
                values.push(t.elapsed().as_secs_f64() * 1000.0);
                let t = Instant::now();
                c.metric_tracks(scope, None).await?;
                tracks.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            println!(" as {role}:");
            figures("  store: funnel_furthest", furthest);
            figures("  store: pipeline_values", values);
            figures("  store: metric_tracks", tracks);
            figures("dashboard with its funnel (GET /crm/dashboard)", dash);
            figures("conversion metrics (GET /crm/metrics)", funnel);
            figures("board (GET /crm/board)", board);
        }
    }
    Ok(())
}
