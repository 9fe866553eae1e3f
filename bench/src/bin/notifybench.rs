//! `notifybench`: throughput and lag of the notification outbox.
//!
//! Builds Faena's services in-process on a fresh database (a temporary
//! SQLite file, or a fresh schema in the PostgreSQL database at
//! `--postgres-url`), starts the real outbox worker (default settings:
//! batch 50, poll 1 s), points e-mail at an in-process SMTP sink on
//! 127.0.0.1 and Web Push at an in-process HTTP sink on 127.0.0.1 (the sink
//! answers 201; the worker still encrypts every message, RFC 8291 + VAPID).
//!
//! It enqueues `--count` e-mails and `--count` pushes with a far-future
//! `next_attempt_at`, then moves them all to one due time ("not before")
//! two seconds ahead, and measures:
//! - throughput: deliveries / (last `sent_at` − due time), per channel and
//!   together;
//! - lag: `sent_at` − due time per row, p50 / p99 / max.
//!
//! The reminders scheduler (appointments) turns due reminders into such
//! outbox rows; this measures the outbox's "not before" path, which every
//! delayed notification (survey invitations, reminders) goes through.
//!
//! With `--reminders` it measures the appointment reminders instead:
//! `--count` appointments whose reminder rows are all due when the
//! scheduler starts; it reports the scheduler's own step (reminder row →
//! outbox rows, `reminders.sent_at` − due) and the whole path to the
//! sinks (due → delivered), p50 / p99.
//!
//! Bounded: one run per backend, a wall-clock limit (`--timeout-secs`,
//! default 900), loopback only.
//!
//! ```text
//! cargo build --release --bin notifybench
//! target/release/notifybench --count 10000 [--backend sqlite|postgres|both] [--postgres-url URL]
//! target/release/notifybench --reminders --count 10000 --backend both
//! ```

#[path = "../fresh_db.rs"]
mod fresh_db;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use faena::config::{Secret, Settings, SmtpSecurity};
use faena::domain::Timestamp;
use faena::store::accounts::UserFilter;
use faena::store::outbox::{DeliveryChannel, DeliveryStatus, NewNotification, PushSubscription};
use rand::RngCore;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

struct Args {
    count: usize,
    backends: Vec<&'static str>,
    postgres_url: Option<String>,
    timeout: Duration,
    /// Which channels to enqueue.
    channels: Vec<DeliveryChannel>,
    /// An external SMTP server on 127.0.0.1 instead of the in-process sink
    /// (e.g. tests/notify/smtp_sink.py); its count is not checked.
    smtp_port: Option<u16>,
    /// Measure the reminder scheduler instead: `count` appointments whose
    /// reminders are all due at once.
    reminders: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut a = Args {
        count: 10_000,
        backends: vec!["sqlite"],
        postgres_url: std::env::var("FAENA_TEST_POSTGRES_URL").ok(),
        timeout: Duration::from_secs(900),
        channels: vec![DeliveryChannel::Email, DeliveryChannel::Push],
        smtp_port: None,
        reminders: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().context("missing value");
        match arg.as_str() {
            "--count" => a.count = value()?.parse()?,
            "--backend" => {
                a.backends = match value()?.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    "both" => vec!["sqlite", "postgres"],
                    other => bail!("unknown backend {other}"),
                }
            }
            "--postgres-url" => a.postgres_url = Some(value()?),
            "--channels" => {
                a.channels = match value()?.as_str() {
                    "email" => vec![DeliveryChannel::Email],
                    "push" => vec![DeliveryChannel::Push],
                    "both" => vec![DeliveryChannel::Email, DeliveryChannel::Push],
                    other => bail!("unknown channels {other}"),
                }
            }
            "--smtp-port" => a.smtp_port = Some(value()?.parse()?),
            "--reminders" => a.reminders = true,
            "--timeout-secs" => a.timeout = Duration::from_secs(value()?.parse()?),
            "-h" | "--help" => {
                println!(
                    "notifybench [--count N] [--reminders] [--backend sqlite|postgres|both] [--channels email|push|both] [--smtp-port P] [--postgres-url URL] [--timeout-secs S]"
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}"),
        }
    }
    anyhow::ensure!(
        a.count > 0 && a.count <= 1_000_000,
        "--count must be 1..=1000000"
    );
    Ok(a)
}

/// A minimal SMTP server: accepts every message, counts them.
async fn smtp_sink(count: Arc<AtomicU64>) -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let count = count.clone();
            stream.set_nodelay(true).ok();
            tokio::spawn(async move {
                let _: Option<()> = async {
                    let (r, mut w) = stream.into_split();
                    let mut r = BufReader::new(r);
                    let mut line = String::new();
                    w.write_all(b"220 sink ESMTP\r\n").await.ok()?;
                    loop {
                        line.clear();
                        if r.read_line(&mut line).await.ok()? == 0 {
                            return None;
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" => b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                            "DATA" => {
                                w.write_all(b"354 go ahead\r\n").await.ok()?;
                                loop {
                                    line.clear();
                                    if r.read_line(&mut line).await.ok()? == 0 {
                                        return None;
                                    }
                                    if line == ".\r\n" || line == ".\n" {
                                        break;
                                    }
                                }
                                count.fetch_add(1, Ordering::Relaxed);
                                b"250 queued\r\n"
                            }
                            "QUIT" => {
                                w.write_all(b"221 bye\r\n").await.ok()?;
                                return None;
                            }
                            _ => b"250 ok\r\n",
                        };
                        w.write_all(reply).await.ok()?;
                    }
                }
                .await;
            });
        }
    });
    Ok(port)
}

/// A minimal HTTP/1.1 push service: 201 to every request, keep-alive.
async fn push_sink(count: Arc<AtomicU64>) -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let count = count.clone();
            stream.set_nodelay(true).ok();
            tokio::spawn(async move {
                let _: Option<()> = async {
                    let (r, mut w) = stream.into_split();
                    let mut r = BufReader::new(r);
                    let mut line = String::new();
                    loop {
                        let mut length = 0usize;
                        let mut first = true;
                        loop {
                            line.clear();
                            if r.read_line(&mut line).await.ok()? == 0 {
                                return None;
                            }
                            if line == "\r\n" && !first {
                                break;
                            }
                            first = false;
                            if let Some((k, v)) = line.split_once(':')
                                && k.eq_ignore_ascii_case("content-length")
                            {
                                length = v.trim().parse().ok()?;
                            }
                        }
                        let mut body = vec![0u8; length.min(1 << 20)];
                        r.read_exact(&mut body).await.ok()?;
                        count.fetch_add(1, Ordering::Relaxed);
                        w.write_all(b"HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n")
                            .await
                            .ok()?;
                    }
                }
                .await;
            });
        }
    });
    Ok(port)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Row {
    backend: &'static str,
    channel: &'static str,
    count: usize,
    per_second: f64,
    p50: f64,
    p99: f64,
    max: f64,
}

/// A fresh Faena (demo data loaded, no workers started yet) wired to the
/// loopback sinks, and one browser subscribed to push for `subscriber`
/// (the first user when `None`).
struct Rig {
    services: faena::services::Services,
    dir: std::path::PathBuf,
    smtp_count: Arc<AtomicU64>,
    push_count: Arc<AtomicU64>,
    endpoint: String,
    user: faena::domain::UserId,
}

async fn rig(backend: &'static str, args: &Args, customer: bool) -> anyhow::Result<Rig> {
    let (dir, url) =
        fresh_db::fresh_database("notifybench", backend, args.postgres_url.as_deref()).await?;
    let smtp_count = Arc::new(AtomicU64::new(0));
    let push_count = Arc::new(AtomicU64::new(0));
    let smtp_port = match args.smtp_port {
        Some(p) => p,
        None => smtp_sink(smtp_count.clone()).await?,
    };
    let push_port = push_sink(push_count.clone()).await?;

    let mut settings = Settings::defaults();
    settings.database.url = Secret::new(url);
    settings.mail.smtp_host = "127.0.0.1".into();
    settings.mail.smtp_port = smtp_port;
    settings.mail.smtp_security = SmtpSecurity::None;
    settings.mail.outbox_dir = dir.join("mail");
    settings.uploads.dir = dir.join("uploads");
    let services = faena::app::build_services(settings, 0).await?;
    faena::services::demo::load(&services).await?;
    let mut conn = services.store.conn().await?;
    let user = if customer {
        // The demo's portal contact.
        let email = faena::domain::Email::parse("cliente@faena.demo")?;
        conn.user_credentials(&email)
            .await?
            .context("the demo customer contact")?
            .0
            .id
    } else {
        conn.list_users(&UserFilter::default())
            .await?
            .first()
            .context("a demo user")?
            .id
    };
    drop(conn);

    // A browser with real P-256 keys, so each push is really encrypted.
    let secret = loop {
        let mut scalar = [0u8; 32];
        rand::rng().fill_bytes(&mut scalar);
        if let Ok(k) = web_push_native::p256::SecretKey::from_slice(&scalar) {
            break k;
        }
    };
    let point = {
        use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
        secret.public_key().to_encoded_point(false)
    };
    let mut auth = [0u8; 16];
    rand::rng().fill_bytes(&mut auth);
    let endpoint = format!("http://127.0.0.1:{push_port}/push/bench");
    let mut tx = services.store.begin().await?;
    tx.upsert_push_subscription(&PushSubscription {
        id: uuid::Uuid::now_v7(),
        user_id: user,
        endpoint: endpoint.clone(),
        p256dh: URL_SAFE_NO_PAD.encode(point.as_bytes()),
        auth: URL_SAFE_NO_PAD.encode(auth),
        device: "bench".into(),
        created_at: Timestamp::now(),
    })
    .await?;

    tx.commit().await?;
    Ok(Rig {
        services,
        dir,
        smtp_count,
        push_count,
        endpoint,
        user,
    })
}

async fn run(backend: &'static str, args: &Args) -> anyhow::Result<Vec<Row>> {
    let Rig {
        services,
        dir,
        smtp_count,
        push_count,
        endpoint,
        user,
    } = rig(backend, args, false).await?;
    let (batch, poll) = (
        services.settings.notifications.batch_size,
        services.settings.notifications.poll_interval_millis,
    );
    let mut tx = services.store.begin().await?;
    // Enqueue, not yet due.
    let later = Timestamp::now() + chrono::TimeDelta::days(1);
    let email = serde_json::json!({
        "subject": "Recordatorio de cita",
        "text": "Hola Ana:\n\nTe recordamos tu cita de mañana a las 10:00.\n",
        "html": "<p>Hola Ana:</p><p>Te recordamos tu cita de mañana a las 10:00.</p>",
    })
    .to_string();
    let push = r#"{"kind":"notification","notification":"appointment_reminder","title":"Recordatorio","body":"Mañana 10:00"}"#;
    let started = Instant::now();
    for i in 0..args.count {
        for (channel, address, payload) in [
            (
                DeliveryChannel::Email,
                format!("cliente{i}@example.test"),
                email.as_str(),
            ),
            (DeliveryChannel::Push, endpoint.clone(), push),
        ] {
            if !args.channels.contains(&channel) {
                continue;
            }
            let key = format!("bench:{i}:{}", <&'static str>::from(channel));
            tx.enqueue_notification(&NewNotification {
                kind: faena::domain::notification::NotificationKind::AppointmentReminder,
                channel,
                recipient_user_id: Some(user),
                recipient_address: &address,
                payload,
                idempotency_key: &key,
                subject_type: faena::domain::notification::SubjectType::Appointment,
                subject_id: &i.to_string(),
                status: DeliveryStatus::Pending,
                now: later,
            })
            .await?;
        }
    }
    tx.commit().await?;
    let enqueue_secs = started.elapsed().as_secs_f64();
    eprintln!(
        "[{backend}] enqueued {} rows in {enqueue_secs:.1} s; worker batch {batch}, poll {poll} ms",
        args.channels.len() * args.count
    );

    faena::jobs::outbox::start(services.clone());
    // All due at one instant, two seconds ahead (the worker is not woken:
    // it finds them on its own poll, as it would a reminder falling due).
    let due = Timestamp::now() + chrono::TimeDelta::seconds(2);
    let mut conn = services.store.conn().await?;
    conn.defer_notifications("bench:", due).await?;
    drop(conn);

    let total = (args.channels.len() * args.count) as u64;
    let deadline = Instant::now() + args.timeout;
    loop {
        let external =
            if args.smtp_port.is_some() && args.channels.contains(&DeliveryChannel::Email) {
                args.count as u64
            } else {
                0
            };
        let done =
            smtp_count.load(Ordering::Relaxed) + push_count.load(Ordering::Relaxed) + external;
        let mut conn = services.store.conn().await?;
        let in_flight = conn
            .deliveries_in_flight(Timestamp::now() + chrono::TimeDelta::days(2))
            .await?;
        drop(conn);
        if in_flight == 0 && done >= total {
            break;
        }
        if Instant::now() > deadline {
            bail!("[{backend}] timed out: {done} of {total} delivered");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let rows = services
        .store
        .conn()
        .await?
        .deliveries_by_key_prefix("bench:")
        .await?;
    services.store.close().await;
    std::fs::remove_dir_all(&dir).ok();

    let mut out = Vec::new();
    for (name, filter) in [
        ("email (SMTP)", Some(DeliveryChannel::Email)),
        ("push (HTTP)", Some(DeliveryChannel::Push)),
        ("both", None),
    ] {
        let chosen: Vec<_> = rows
            .iter()
            .filter(|d| filter.is_none_or(|c| d.channel == c))
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let dead = chosen
            .iter()
            .filter(|d| d.status != DeliveryStatus::Sent)
            .count();
        anyhow::ensure!(dead == 0, "[{backend}] {dead} {name} rows not sent");
        let due_at = due.as_datetime();
        let mut lags: Vec<f64> = chosen
            .iter()
            .map(|d| {
                (d.sent_at.expect("sent").as_datetime() - due_at)
                    .num_microseconds()
                    .unwrap_or(0) as f64
                    / 1e6
            })
            .collect();
        lags.sort_by(|a, b| a.total_cmp(b));
        let last = lags.last().copied().unwrap_or(0.0).max(1e-6);
        out.push(Row {
            backend,
            channel: name,
            count: chosen.len(),
            per_second: chosen.len() as f64 / last,
            p50: percentile(&lags, 50.0),
            p99: percentile(&lags, 99.0),
            max: last,
        });
    }
    let expect = |c| {
        if args.channels.contains(&c) && !(c == DeliveryChannel::Email && args.smtp_port.is_some())
        {
            args.count as u64
        } else {
            0
        }
    };
    anyhow::ensure!(
        smtp_count.load(Ordering::Relaxed) == expect(DeliveryChannel::Email)
            && push_count.load(Ordering::Relaxed) == expect(DeliveryChannel::Push),
        "[{backend}] the sinks counted {} e-mails and {} pushes, expected {} each",
        smtp_count.load(Ordering::Relaxed),
        push_count.load(Ordering::Relaxed),
        args.count
    );
    Ok(out)
}

/// The reminder scheduler's own step and the whole path: `count`
/// appointments of a demo customer, each with one reminder row, all due
/// when the scheduler starts (as after downtime, or a busy morning).
/// Measures reminder row → outbox row (the scheduler) and reminder due →
/// delivered (scheduler + outbox), p50 / p99.
async fn run_reminders(backend: &'static str, args: &Args) -> anyhow::Result<Vec<Row>> {
    use faena::store::appointments::NewAppointment;
    let Rig {
        services,
        dir,
        smtp_count,
        push_count,
        user,
        ..
    } = rig(backend, args, true).await?;
    let mut conn = services.store.conn().await?;
    let customer = conn
        .user(user)
        .await?
        .and_then(|u| u.customer_id)
        .context("a customer contact")?;
    drop(conn);
    let recipients = services
        .store
        .conn()
        .await?
        .portal_recipients(customer)
        .await?
        .len();
    let now = Timestamp::now();
    let starts = now + chrono::TimeDelta::days(1);
    let started = Instant::now();
    let mut ids = Vec::with_capacity(args.count);
    let mut tx = services.store.begin().await?;
    for _ in 0..args.count {
        let a = tx
            .insert_appointment(&NewAppointment {
                id: uuid::Uuid::now_v7(),
                customer_id: customer,
                equipment_id: None,
                technician_id: None,
                starts_at: starts,
                ends_at: starts + chrono::TimeDelta::hours(1),
                place: "Obra Norte".into(),
                notes: String::new(),
                state: faena::domain::appointment::AppointmentState::Scheduled,
                created_by: user,
                now,
            })
            .await?;
        // Due already: the scheduler is not running yet.
        tx.insert_reminder(a.id, 1440, now, now).await?;
        ids.push(a.id);
    }
    tx.commit().await?;
    eprintln!(
        "[{backend}] {} appointments with a due reminder in {:.1} s; {recipients} portal recipient(s) each; scheduler batch {}, outbox batch {} x {} concurrent",
        args.count,
        started.elapsed().as_secs_f64(),
        services.settings.scheduler.batch_size,
        services.settings.notifications.batch_size,
        services.settings.notifications.concurrency,
    );

    let due = Timestamp::now();
    faena::jobs::outbox::start(services.clone());
    faena::jobs::scheduler::start(services.clone());
    let deadline = Instant::now() + args.timeout;
    // Each reminder: an e-mail and a push per recipient (in-app rows are
    // written already sent).
    let expected = (args.count * recipients) as u64;
    loop {
        let done = smtp_count
            .load(Ordering::Relaxed)
            .min(push_count.load(Ordering::Relaxed));
        let mut conn = services.store.conn().await?;
        let in_flight = conn
            .deliveries_in_flight(Timestamp::now() + chrono::TimeDelta::days(2))
            .await?;
        let pending = conn.any_reminder_due(Timestamp::now()).await?;
        drop(conn);
        if !pending && in_flight == 0 && done >= expected {
            break;
        }
        if Instant::now() > deadline {
            bail!("[{backend}] timed out: {done} of {expected} delivered");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let lag = |t: Timestamp| {
        (t.as_datetime() - due.as_datetime())
            .num_microseconds()
            .unwrap_or(0) as f64
            / 1e6
    };
    let mut conn = services.store.conn().await?;
    let mut scheduled = Vec::with_capacity(ids.len());
    for id in &ids {
        for r in conn.reminders_of(*id).await? {
            scheduled.push(lag(r.sent_at.context("a reminder was not sent")?));
        }
    }
    let deliveries = conn.deliveries_by_key_prefix("reminder:").await?;
    drop(conn);
    services.store.close().await;
    std::fs::remove_dir_all(&dir).ok();
    anyhow::ensure!(
        scheduled.len() == args.count,
        "[{backend}] {} reminders sent, expected {}",
        scheduled.len(),
        args.count
    );
    let row = |channel: &'static str, mut lags: Vec<f64>| {
        lags.sort_by(|a, b| a.total_cmp(b));
        let last = lags.last().copied().unwrap_or(0.0).max(1e-6);
        Row {
            backend,
            channel,
            count: lags.len(),
            per_second: lags.len() as f64 / last,
            p50: percentile(&lags, 50.0),
            p99: percentile(&lags, 99.0),
            max: last,
        }
    };
    let mut out = vec![row("reminder→outbox", scheduled)];
    for (name, channel) in [
        ("email (SMTP)", DeliveryChannel::Email),
        ("push (HTTP)", DeliveryChannel::Push),
    ] {
        let lags: Vec<f64> = deliveries
            .iter()
            .filter(|d| d.channel == channel)
            .map(|d| d.sent_at.map(lag).context("a delivery was not sent"))
            .collect::<anyhow::Result<_>>()?;
        anyhow::ensure!(
            lags.len() == args.count * recipients,
            "[{backend}] {} {name} deliveries, expected {}",
            lags.len(),
            args.count * recipients
        );
        out.push(row(name, lags));
    }
    Ok(out)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let mut rows = Vec::new();
    for backend in args.backends.clone() {
        rows.extend(if args.reminders {
            run_reminders(backend, &args).await?
        } else {
            run(backend, &args).await?
        });
    }
    println!(
        "\n{:<9} {:<16} {:>7} {:>10} {:>9} {:>9} {:>9}",
        "backend", "channel", "items", "deliv/s", "lag p50", "lag p99", "lag max"
    );
    for r in rows {
        println!(
            "{:<9} {:<16} {:>7} {:>10.0} {:>8.2}s {:>8.2}s {:>8.2}s",
            r.backend, r.channel, r.count, r.per_second, r.p50, r.p99, r.max
        );
    }
    Ok(())
}
