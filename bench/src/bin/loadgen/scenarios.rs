//! The four scenarios. Each one runs against its own freshly started server
//! (see `server.rs`), is bounded in connections, messages and time, prints
//! its own table and returns rows for the final summary.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinHandle;

use crate::http;
use crate::report::{self, Pct, Row, Table, Verdict, micros, ms, n, row};
use crate::server::{self, CpuMeter, Server};
use crate::ws::{self, Conn, Recv};

/// A signed-in demo user: the session token (used as the connect token) and id.
#[derive(Clone)]
pub struct User {
    pub token: String,
    pub id: String,
}

/// What every scenario gets: the server's port and the two demo users.
pub struct Env {
    pub port: u16,
    pub backend: &'static str,
    pub operator: User,
    pub customer: User,
    /// Most client connections this process and the server can hold.
    pub fd_cap: usize,
    /// Connections opened at once (TCP + upgrade + connect + subscribe).
    pub concurrency: usize,
}

pub async fn login(port: u16, email: &str, password: &str) -> anyhow::Result<User> {
    let body = http::post_json(
        port,
        "/api/v1/auth/login",
        None,
        &json!({"email": email, "password": password}),
        200,
    )
    .await
    .with_context(|| format!("logging in as {email}"))?;
    Ok(User {
        token: body["token"]
            .as_str()
            .context("login: no token")?
            .to_string(),
        id: body["user"]["id"]
            .as_str()
            .context("login: no user id")?
            .to_string(),
    })
}

/// Opens a ticket as the customer; returns its channel `ticket:<id>`.
pub async fn open_ticket(port: u16, customer: &User, subject: &str) -> anyhow::Result<String> {
    let body = http::post_json(
        port,
        "/api/v1/tickets",
        Some(&customer.token),
        &json!({"type": "technical_support", "subject": subject, "description": "loadgen"}),
        201,
    )
    .await
    .context("opening a ticket")?;
    Ok(format!(
        "ticket:{}",
        body["id"].as_str().context("ticket: no id")?
    ))
}

fn connect_cmd(token: &str) -> Value {
    json!({"connect": {"token": token, "name": "loadgen"}})
}

/// Opens a socket and sends `connect` and `subscribe` in one frame, as
/// centrifuge-js does; returns the connection and the subscribe result.
pub async fn open_subscribed(
    port: u16,
    token: &str,
    channel: &str,
    recover: Option<(&str, u64)>,
) -> anyhow::Result<(Conn, Value)> {
    let mut conn = Conn::open(port).await?;
    let mut sub = json!({"subscribe": {"channel": channel}});
    if let Some((epoch, offset)) = recover {
        sub["subscribe"]["recover"] = json!(true);
        sub["subscribe"]["epoch"] = json!(epoch);
        sub["subscribe"]["offset"] = json!(offset);
    }
    let replies = conn.batch(&[connect_cmd(token), sub]).await?;
    if replies[0].get("connect").is_none() {
        bail!("connect refused: {}", replies[0]);
    }
    match replies[1].get("subscribe") {
        Some(result) => Ok((conn, result.clone())),
        None => bail!("subscribe refused: {}", replies[1]),
    }
}

pub async fn open_connected(port: u16, token: &str) -> anyhow::Result<Conn> {
    let mut conn = Conn::open(port).await?;
    let reply = conn.command(connect_cmd(token)).await?;
    if reply.get("connect").is_none() {
        bail!("connect refused: {reply}");
    }
    Ok(conn)
}

fn publish_frame(id: u32, channel: &str, text: &str, client_msg_id: &str) -> String {
    format!(
        r#"{{"id":{id},"publish":{{"channel":"{channel}","data":{{"text":"{text}","client_msg_id":"{client_msg_id}"}}}}}}"#
    )
}

/// A short, countable description of an error.
fn reason(e: &anyhow::Error) -> String {
    let text = format!("{e:#}");
    text.chars().take(90).collect()
}

fn add(failures: &mut BTreeMap<String, usize>, why: String) {
    *failures.entry(why).or_default() += 1;
}

fn print_failures(what: &str, failures: &BTreeMap<String, usize>) {
    for (why, count) in failures {
        println!("  {what}: {count} × {why}");
    }
}

fn print_closes(closes: &BTreeMap<Option<u16>, usize>) {
    for (code, count) in closes {
        let name = match code {
            Some(3008) => " (slow)",
            Some(3012) => " (no pong)",
            Some(3001) => " (shutdown)",
            Some(3500) => " (invalid token)",
            Some(3501) => " (bad request)",
            Some(3004) => " (server error)",
            _ => "",
        };
        println!("  closed by the server: {count} × code {code:?}{name}");
    }
}

/// Waits for `handles` within `limit`; aborts the ones still running.
async fn join_all<T>(handles: Vec<JoinHandle<T>>, limit: Duration) -> Vec<Option<T>> {
    let deadline = tokio::time::Instant::now() + limit;
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        let abort = h.abort_handle();
        match tokio::time::timeout_at(deadline, h).await {
            Ok(Ok(v)) => out.push(Some(v)),
            Ok(Err(_)) => out.push(None),
            Err(_) => {
                abort.abort();
                out.push(None);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// 1. connections
// ---------------------------------------------------------------------------

enum Held {
    /// Still open when loadgen stopped it.
    Open,
    Failed,
    ClosedByServer(Option<u16>),
}

/// How far each connection of the `connections` scenario goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    /// WebSocket upgrade only (no protocol `connect`).
    Open,
    /// Upgrade + `connect`.
    Connect,
    /// Upgrade + `connect` + `subscribe` (the real thing).
    Subscribe,
}

pub async fn connections(
    env: &Env,
    server: &mut Server,
    requested: usize,
    stage: Stage,
) -> anyhow::Result<Vec<Row>> {
    let b = env.backend;
    let port = env.port;
    let ticket = open_ticket(port, &env.customer, "Conexiones").await?;
    let count = requested.min(env.fd_cap);
    if count < requested {
        println!(
            "  NOTE: {requested} connections requested, {count} opened: the open-files hard limit \
             (RLIMIT_NOFILE) of this machine leaves room for {} sockets per process, and loadgen \
             cannot raise it (no CAP_SYS_RESOURCE).",
            env.fd_cap
        );
    }
    // Let start-up work settle before the baseline.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before = server.rss_kib();
    let own_before = server::rss_kib(0);

    let sem = Arc::new(Semaphore::new(env.concurrency));
    let (stop_tx, stop_rx) = watch::channel(false);
    let deliveries = Arc::new(AtomicU64::new(0));
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<(Result<Duration, String>, bool)>();
    let meter = CpuMeter::start(server.pid);
    let t0 = Instant::now();
    let mut handles = Vec::with_capacity(count);
    for i in 0..count {
        let (token, channel, in_ticket) = match i % 4 {
            0 => (
                env.operator.token.clone(),
                format!("user:{}", env.operator.id),
                false,
            ),
            1 => (
                env.customer.token.clone(),
                format!("user:{}", env.customer.id),
                false,
            ),
            2 => (env.operator.token.clone(), ticket.clone(), true),
            _ => (env.customer.token.clone(), ticket.clone(), true),
        };
        let (sem, done_tx, mut stop, deliveries) = (
            sem.clone(),
            done_tx.clone(),
            stop_rx.clone(),
            deliveries.clone(),
        );
        handles.push(tokio::spawn(async move {
            let Ok(permit) = sem.acquire_owned().await else {
                return Held::Failed;
            };
            let started = Instant::now();
            let opened = match stage {
                Stage::Open => Conn::open(port).await,
                Stage::Connect => open_connected(port, &token).await,
                Stage::Subscribe => open_subscribed(port, &token, &channel, None)
                    .await
                    .map(|c| c.0),
            };
            drop(permit);
            let in_ticket = in_ticket && stage == Stage::Subscribe;
            let mut conn = match opened {
                Ok(conn) => {
                    let _ = done_tx.send((Ok(started.elapsed()), in_ticket));
                    conn
                }
                Err(e) => {
                    let _ = done_tx.send((Err(reason(&e)), in_ticket));
                    return Held::Failed;
                }
            };
            drop(done_tx);
            // Hold: answer pings, count publications, until told to stop.
            let hard = Instant::now() + Duration::from_secs(900);
            loop {
                tokio::select! {
                    r = conn.recv(hard) => match r {
                        Recv::Frame(text, _) => {
                            let pubs = text.split('\n').filter(|l| l.contains("\"pub\":")).count();
                            deliveries.fetch_add(pubs as u64, Ordering::Relaxed);
                        }
                        Recv::Timeout => return Held::Open,
                        Recv::Closed(code) => return Held::ClosedByServer(code),
                    },
                    _ = stop.changed() => return Held::Open,
                }
            }
        }));
    }
    drop(done_tx);

    let mut latencies = Vec::with_capacity(count);
    let mut failures = BTreeMap::new();
    let mut ticket_subscribers = 0u64;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(240);
    let mut next_progress = 5000;
    while latencies.len() + failures.values().sum::<usize>() < count {
        match tokio::time::timeout_at(deadline, done_rx.recv()).await {
            Ok(Some((Ok(d), in_ticket))) => {
                latencies.push(micros(d));
                if in_ticket {
                    ticket_subscribers += 1;
                }
            }
            Ok(Some((Err(why), _))) => add(&mut failures, why),
            Ok(None) => break,
            Err(_) => {
                println!("  opening did not finish within 240 s");
                break;
            }
        }
        let done = latencies.len() + failures.values().sum::<usize>();
        if done >= next_progress {
            println!(
                "  … {} connected, {} failed, {:.1} s",
                n(latencies.len() as u64),
                failures.values().sum::<usize>(),
                t0.elapsed().as_secs_f64()
            );
            next_progress += 5000;
        }
    }
    let open_time = t0.elapsed();
    let cpu = meter.stop();
    let opened = latencies.len() as u64;
    let connect = Pct::of(latencies);

    // Memory once the server is quiet again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_after = server.rss_kib();
    let own_after = server::rss_kib(0);

    // Liveness: one chat message into the ticket must reach every ticket subscriber.
    let live_start = Instant::now();
    let mut live_ok = false;
    if let Ok(mut publisher) = open_connected(port, &env.operator.token).await {
        let id = publisher.id();
        let _ = publisher
            .send_text(publish_frame(id, &ticket, "liveness", "live-1"))
            .await;
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if deliveries.load(Ordering::Relaxed) >= ticket_subscribers {
                live_ok = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        publisher.close().await;
    }
    let live_time = live_start.elapsed();
    let live_got = deliveries.load(Ordering::Relaxed);
    let still_open = handles.iter().filter(|h| !h.is_finished()).count() as u64;

    let _ = stop_tx.send(true);
    let outcomes = join_all(handles, Duration::from_secs(60)).await;
    let mut closes: BTreeMap<Option<u16>, usize> = BTreeMap::new();
    for o in outcomes.iter().flatten() {
        if let Held::ClosedByServer(code) = o {
            *closes.entry(*code).or_default() += 1;
        }
    }

    let delta = rss_after.saturating_sub(rss_before);
    let per_conn = if opened > 0 {
        delta as f64 / opened as f64
    } else {
        0.0
    };
    let stage_note = match stage {
        Stage::Subscribe => "",
        Stage::Connect => " — stage: connect only (no subscribe)",
        Stage::Open => " — stage: WebSocket open only (no connect)",
    };
    let mut t = Table::new(
        format!("connections [{b}]{stage_note}"),
        &["measure", "value"],
    );
    t.row(vec!["connections requested".into(), n(requested as u64)]);
    t.row(vec!["connected + subscribed".into(), n(opened)]);
    t.row(vec![
        "failed to open".into(),
        n(failures.values().sum::<usize>() as u64),
    ]);
    t.row(vec![
        "still open after settle + liveness".into(),
        n(still_open),
    ]);
    t.row(vec!["time to open all".into(), report::secs(open_time)]);
    t.row(vec![
        "open rate".into(),
        format!(
            "{:.0} conn/s",
            opened as f64 / open_time.as_secs_f64().max(1e-6)
        ),
    ]);
    t.row(vec![
        format!("open latency p50 / p99 / max ({} at once)", env.concurrency),
        format!(
            "{} / {} / {}",
            ms(connect.p50),
            ms(connect.p99),
            ms(connect.max)
        ),
    ]);
    t.row(vec!["server RSS before".into(), report::mib(rss_before)]);
    t.row(vec!["server RSS after".into(), report::mib(rss_after)]);
    t.row(vec![
        "server RSS per connection".into(),
        format!("{per_conn:.1} KiB"),
    ]);
    t.row(vec![
        "loadgen RSS (whole process, before → after)".into(),
        format!("{} → {}", report::mib(own_before), report::mib(own_after)),
    ]);
    t.row(vec![
        "liveness: 1 message to the ticket room".into(),
        format!(
            "{}/{} ticket subscribers got it in {}",
            n(live_got),
            n(ticket_subscribers),
            report::secs(live_time)
        ),
    ]);
    t.print();
    println!("  CPU while opening: {}", cpu.describe());
    print_failures("open failure", &failures);
    print_closes(&closes);

    let held = still_open.min(opened);
    let count_verdict = if held >= 20_000 {
        Verdict::Met
    } else if count < requested && held as usize >= count {
        // Capped by this machine's open-files limit, not by the server.
        Verdict::Info
    } else if requested < 20_000 {
        Verdict::Info
    } else {
        Verdict::Missed
    };
    let held_note = if count < requested {
        format!("{} (fd limit caps at {})", n(held), n(count as u64))
    } else {
        n(held)
    };
    let mut rows = vec![
        row(
            b,
            "connections",
            "connections held",
            held_note,
            "20,000",
            count_verdict,
        ),
        row(
            b,
            "connections",
            format!(
                "server RSS per connection{}",
                match stage {
                    Stage::Subscribe => "",
                    Stage::Connect => " (connect only)",
                    Stage::Open => " (open only)",
                }
            ),
            format!(
                "{per_conn:.1} KiB ({} → {})",
                report::mib(rss_before),
                report::mib(rss_after)
            ),
            "≤ 16 KiB",
            Verdict::from(per_conn <= 16.0 && opened > 0),
        ),
        row(
            b,
            "connections",
            "open rate / open p99",
            format!(
                "{:.0} conn/s / {}",
                opened as f64 / open_time.as_secs_f64().max(1e-6),
                ms(connect.p99)
            ),
            "",
            Verdict::Info,
        ),
    ];
    if stage == Stage::Subscribe {
        rows.push(row(
            b,
            "connections",
            "liveness broadcast",
            format!(
                "{}/{} in {}",
                n(live_got),
                n(ticket_subscribers),
                report::secs(live_time)
            ),
            "all",
            Verdict::from(live_ok),
        ));
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------
// 2. fanout
// ---------------------------------------------------------------------------

struct Received {
    latencies: Vec<u64>,
    got: u64,
    duplicates: u64,
    out_of_order: u64,
    last_at: Option<Instant>,
    closed: Option<Option<u16>>,
}

pub struct FanoutOpts {
    pub sizes: Vec<usize>,
    pub messages: usize,
    pub rate: f64,
}

pub async fn fanout(env: &Env, server: &mut Server, o: &FanoutOpts) -> anyhow::Result<Vec<Row>> {
    let b = env.backend;
    let port = env.port;
    let mut t = Table::new(
        format!(
            "fanout [{b}] — {} messages per room at {:.0}/s",
            o.messages, o.rate
        ),
        &[
            "subscribers",
            "delivered",
            "p50",
            "p90",
            "p99",
            "max",
            "deliveries/s",
            "ack p50",
            "ack p99",
            "lost",
            "dup/reord",
            "server CPU",
            "loadgen CPU",
        ],
    );
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for &size in &o.sizes {
        if size > env.fd_cap {
            println!(
                "  skipping room size {size}: above the open-files cap {}",
                env.fd_cap
            );
            continue;
        }
        if !server.alive() {
            bail!("the server died:\n{}", server.log_tail());
        }
        let ticket = open_ticket(port, &env.customer, &format!("Sala de {size}")).await?;
        let m = o.messages;
        let base = Instant::now();
        let sent: Arc<Vec<AtomicU64>> = Arc::new((0..m).map(|_| AtomicU64::new(0)).collect());
        let delivered = Arc::new(AtomicU64::new(0));
        let sem = Arc::new(Semaphore::new(env.concurrency));
        let (stop_tx, stop_rx) = watch::channel(false);
        let (ready_tx, mut ready_rx) = mpsc::unbounded_channel::<Result<(), String>>();
        let prefix = format!("f{size}-");
        let mut handles = Vec::with_capacity(size);
        for i in 0..size {
            let token = if i % 2 == 0 {
                &env.operator.token
            } else {
                &env.customer.token
            }
            .clone();
            let (sem, ready_tx, mut stop, sent, delivered, ticket, prefix) = (
                sem.clone(),
                ready_tx.clone(),
                stop_rx.clone(),
                sent.clone(),
                delivered.clone(),
                ticket.clone(),
                prefix.clone(),
            );
            handles.push(tokio::spawn(async move {
                let mut out = Received {
                    latencies: Vec::with_capacity(m),
                    got: 0,
                    duplicates: 0,
                    out_of_order: 0,
                    last_at: None,
                    closed: None,
                };
                let opened = {
                    let Ok(_permit) = sem.acquire_owned().await else {
                        return out;
                    };
                    open_subscribed(port, &token, &ticket, None).await
                };
                let mut conn = match opened {
                    Ok((conn, _)) => {
                        let _ = ready_tx.send(Ok(()));
                        conn
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(reason(&e)));
                        return out;
                    }
                };
                drop(ready_tx);
                let mut seen = vec![false; m];
                let mut last_offset = 0u64;
                let hard = Instant::now() + Duration::from_secs(600);
                loop {
                    tokio::select! {
                        r = conn.recv(hard) => match r {
                            Recv::Frame(text, at) => {
                                for line in text.split('\n') {
                                    if !line.starts_with("{\"push\"") || !line.contains("\"pub\":") {
                                        continue;
                                    }
                                    let Some(idx) = ws::string_field(line, "client_msg_id")
                                        .and_then(|s| s.strip_prefix(prefix.as_str()))
                                        .and_then(|s| s.parse::<usize>().ok())
                                        .filter(|&i| i < m)
                                    else {
                                        continue;
                                    };
                                    if seen[idx] {
                                        out.duplicates += 1;
                                        continue;
                                    }
                                    seen[idx] = true;
                                    let sent_ns = sent[idx].load(Ordering::Acquire);
                                    let at_ns = at.duration_since(base).as_nanos() as u64;
                                    if sent_ns > 0 {
                                        out.latencies.push(at_ns.saturating_sub(sent_ns) / 1000);
                                    }
                                    if let Some(offset) = ws::number_field(line, "offset") {
                                        if offset <= last_offset {
                                            out.out_of_order += 1;
                                        }
                                        last_offset = offset;
                                    }
                                    out.got += 1;
                                    out.last_at = Some(at);
                                    delivered.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                            Recv::Timeout => return out,
                            Recv::Closed(code) => {
                                out.closed = Some(code);
                                return out;
                            }
                        },
                        _ = stop.changed() => return out,
                    }
                }
            }));
        }
        drop(ready_tx);
        let mut ready = 0usize;
        let mut failures = BTreeMap::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
        while ready + failures.values().sum::<usize>() < size {
            match tokio::time::timeout_at(deadline, ready_rx.recv()).await {
                Ok(Some(Ok(()))) => ready += 1,
                Ok(Some(Err(why))) => add(&mut failures, why),
                Ok(None) | Err(_) => break,
            }
        }
        print_failures(&format!("room {size}: subscribe failure"), &failures);

        // The publisher is not subscribed; it paces its messages and records
        // each send instant before the frame leaves.
        let mut publisher = open_connected(port, &env.customer.token).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let meter = CpuMeter::start(server.pid);
        let interval = Duration::from_secs_f64(1.0 / o.rate.max(0.1));
        let start = Instant::now();
        let mut outstanding: HashMap<u32, Instant> = HashMap::new();
        let mut acks = Vec::with_capacity(m);
        let mut ack_errors = BTreeMap::new();
        for (i, slot) in sent.iter().enumerate() {
            let at = start + interval * i as u32;
            drain_acks(
                &mut publisher,
                at,
                &mut outstanding,
                &mut acks,
                &mut ack_errors,
                0,
            )
            .await;
            let id = publisher.id();
            slot.store(base.elapsed().as_nanos() as u64, Ordering::Release);
            outstanding.insert(id, Instant::now());
            publisher
                .send_text(publish_frame(
                    id,
                    &ticket,
                    &format!("fanout {i}"),
                    &format!("{prefix}{i}"),
                ))
                .await
                .context("publishing")?;
        }
        let last_send = Instant::now();
        let ack_deadline = last_send + Duration::from_secs(15);
        while !outstanding.is_empty() && Instant::now() < ack_deadline && !publisher.closed {
            drain_acks(
                &mut publisher,
                ack_deadline,
                &mut outstanding,
                &mut acks,
                &mut ack_errors,
                1,
            )
            .await;
        }
        let expected = (ready * m) as u64;
        let until = Instant::now() + Duration::from_secs(15);
        while delivered.load(Ordering::Relaxed) < expected && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let cpu = meter.stop();
        let _ = stop_tx.send(true);
        let results = join_all(handles, Duration::from_secs(60)).await;
        publisher.close().await;

        let mut latencies = Vec::with_capacity(size * m);
        let (mut got, mut dups, mut reordered) = (0u64, 0u64, 0u64);
        let mut last_at = start;
        let mut closes: BTreeMap<Option<u16>, usize> = BTreeMap::new();
        for r in results.into_iter().flatten() {
            got += r.got;
            dups += r.duplicates;
            reordered += r.out_of_order;
            if let Some(at) = r.last_at {
                last_at = last_at.max(at);
            }
            if let Some(code) = r.closed {
                *closes.entry(code).or_default() += 1;
            }
            latencies.extend(r.latencies);
        }
        let lat = Pct::of(latencies);
        let ack = Pct::of(acks);
        let span = last_at.duration_since(start).as_secs_f64().max(1e-6);
        let rate = got as f64 / span;
        t.row(vec![
            n(ready as u64),
            format!("{}/{}", n(got), n(expected)),
            ms(lat.p50),
            ms(lat.p90),
            ms(lat.p99),
            ms(lat.max),
            format!("{rate:.0}"),
            ms(ack.p50),
            ms(ack.p99),
            n(expected.saturating_sub(got)),
            format!("{dups}/{reordered}"),
            format!("{:.0}%", cpu.server_pct),
            format!("{:.0}%", cpu.loadgen_pct),
        ]);
        notes.push(format!("  room {size}: CPU {}", cpu.describe()));
        for (code, count) in &closes {
            notes.push(format!(
                "  room {size}: closed by the server: {count} × code {code:?}"
            ));
        }
        for (code, count) in &ack_errors {
            notes.push(format!(
                "  room {size}: publish errors: {count} × code {code}"
            ));
        }
        let target = size == 1000;
        rows.push(row(
            b,
            "fanout",
            format!("room {size}: p50 / p99 / max"),
            format!(
                "{} / {} / {} ({}/{} delivered, {rate:.0} deliveries/s)",
                ms(lat.p50),
                ms(lat.p99),
                ms(lat.max),
                n(got),
                n(expected)
            ),
            if target { "p99 < 50 ms" } else { "" },
            if target {
                Verdict::from(lat.p99 < 50_000 && got == expected && expected > 0)
            } else {
                Verdict::Info
            },
        ));
        // Let the server drop the room's sessions before the next size.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    t.print();
    for note in notes {
        println!("{note}");
    }
    Ok(rows)
}

/// Reads replies until `until`, matching acks to `outstanding`; returns
/// early once fewer than `return_below` are outstanding (0: never).
async fn drain_acks(
    conn: &mut Conn,
    until: Instant,
    outstanding: &mut HashMap<u32, Instant>,
    acks: &mut Vec<u64>,
    errors: &mut BTreeMap<u32, usize>,
    return_below: usize,
) {
    // Bounded by the deadline.
    while Instant::now() < until {
        if outstanding.len() < return_below {
            return;
        }
        match conn.recv(until).await {
            Recv::Frame(text, at) => {
                for line in text.split('\n') {
                    if let Some(id) = ws::reply_id(line)
                        && let Some(sent) = outstanding.remove(&id)
                    {
                        match ws::error_code(line) {
                            Some(code) => *errors.entry(code).or_default() += 1,
                            None => acks.push(micros(at.duration_since(sent))),
                        }
                    }
                }
            }
            Recv::Timeout | Recv::Closed(_) => return,
        }
    }
}

// ---------------------------------------------------------------------------
// 3. chat
// ---------------------------------------------------------------------------

pub struct ChatOpts {
    pub publishers: usize,
    /// One pass per window (outstanding publishes per connection).
    pub windows: Vec<usize>,
    pub seconds: u64,
    pub channels: usize,
    /// Publish without `client_msg_id` (diagnostic: skips the server's
    /// duplicate lookup).
    pub without_msg_id: bool,
}

#[derive(Default)]
struct Published {
    acks_in_window: u64,
    acks: u64,
    latencies: Vec<u64>,
    errors: BTreeMap<u32, usize>,
    unanswered: u64,
    closed: Option<Option<u16>>,
}

/// One pass per window size, each into fresh rooms of the same server.
pub async fn chat(env: &Env, server: &mut Server, o: &ChatOpts) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (pass, &window) in o.windows.iter().enumerate() {
        if pass > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        rows.extend(chat_pass(env, server, o, window.max(1), pass).await?);
    }
    Ok(rows)
}

async fn chat_pass(
    env: &Env,
    server: &mut Server,
    o: &ChatOpts,
    window: usize,
    pass: usize,
) -> anyhow::Result<Vec<Row>> {
    let b = env.backend;
    let port = env.port;
    let mut tickets = Vec::new();
    for k in 0..o.channels.max(1) {
        tickets.push(open_ticket(port, &env.customer, &format!("Chat {pass}-{k}")).await?);
    }
    // One observer per room counts what is delivered.
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut observers = Vec::new();
    for ticket in &tickets {
        let (mut conn, _) = open_subscribed(port, &env.operator.token, ticket, None).await?;
        let mut stop = stop_rx.clone();
        observers.push(tokio::spawn(async move {
            let (mut got, mut gaps) = (0u64, 0u64);
            let mut last = None::<u64>;
            let hard = Instant::now() + Duration::from_secs(600);
            loop {
                tokio::select! {
                    r = conn.recv(hard) => match r {
                        Recv::Frame(text, _) => {
                            for line in text.split('\n').filter(|l| l.starts_with("{\"push\"") && l.contains("\"pub\":")) {
                                got += 1;
                                if let Some(offset) = ws::number_field(line, "offset") {
                                    if last.is_some_and(|l| offset != l + 1) {
                                        gaps += 1;
                                    }
                                    last = Some(offset);
                                }
                            }
                        }
                        Recv::Timeout | Recv::Closed(_) => return (got, gaps),
                    },
                    _ = stop.changed() => return (got, gaps),
                }
            }
        }));
    }

    // Publishers connect first, then start together.
    let mut conns = Vec::new();
    for i in 0..o.publishers {
        let token = if i % 2 == 0 {
            &env.operator.token
        } else {
            &env.customer.token
        };
        conns.push(open_connected(port, token).await?);
    }
    let meter = CpuMeter::start(server.pid);
    let start = Instant::now() + Duration::from_millis(200);
    let end = start + Duration::from_secs(o.seconds);
    let drain_end = end + Duration::from_secs(15);
    let without_msg_id = o.without_msg_id;
    let mut handles = Vec::new();
    for (i, mut conn) in conns.into_iter().enumerate() {
        let channel = tickets[i % tickets.len()].clone();
        handles.push(tokio::spawn(async move {
            let mut out = Published::default();
            let mut outstanding: HashMap<u32, Instant> = HashMap::with_capacity(window);
            let mut seq = 0u64;
            tokio::time::sleep_until(start.into()).await;
            // Bounded by `drain_end`.
            loop {
                let now = Instant::now();
                if now >= drain_end || (now >= end && outstanding.is_empty()) {
                    break;
                }
                while now < end && outstanding.len() < window {
                    let id = conn.id();
                    seq += 1;
                    outstanding.insert(id, Instant::now());
                    let frame = if without_msg_id {
                        format!(
                            r#"{{"id":{id},"publish":{{"channel":"{channel}","data":{{"text":"mensaje {seq}"}}}}}}"#
                        )
                    } else {
                        publish_frame(id, &channel, &format!("mensaje {seq}"), &format!("c{i}-{seq}"))
                    };
                    if conn.send_text(frame).await.is_err() {
                        break;
                    }
                }
                if conn.closed {
                    out.closed = Some(conn.close_code);
                    break;
                }
                let wait_until = if Instant::now() < end { end } else { drain_end };
                match conn.recv(wait_until).await {
                    Recv::Frame(text, at) => {
                        for line in text.split('\n') {
                            let Some(id) = ws::reply_id(line) else {
                                continue;
                            };
                            let Some(sent) = outstanding.remove(&id) else {
                                continue;
                            };
                            match ws::error_code(line) {
                                Some(code) => *out.errors.entry(code).or_default() += 1,
                                None => {
                                    out.acks += 1;
                                    if at <= end {
                                        out.acks_in_window += 1;
                                    }
                                    out.latencies.push(micros(at.duration_since(sent)));
                                }
                            }
                        }
                    }
                    Recv::Timeout => {}
                    Recv::Closed(code) => {
                        out.closed = Some(code);
                        break;
                    }
                }
            }
            out.unanswered = outstanding.len() as u64;
            conn.close().await;
            out
        }));
    }
    let results = join_all(handles, Duration::from_secs(o.seconds + 60)).await;
    let cpu = meter.stop();
    // Give the observers a moment for the last deliveries.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = stop_tx.send(true);
    let observed = join_all(observers, Duration::from_secs(10)).await;

    let mut total = Published::default();
    let mut closes: BTreeMap<Option<u16>, usize> = BTreeMap::new();
    for r in results.into_iter().flatten() {
        total.acks += r.acks;
        total.acks_in_window += r.acks_in_window;
        total.unanswered += r.unanswered;
        total.latencies.extend(r.latencies);
        for (code, count) in r.errors {
            *total.errors.entry(code).or_default() += count;
        }
        if let Some(code) = r.closed {
            *closes.entry(code).or_default() += 1;
        }
    }
    let (delivered, gaps) = observed
        .into_iter()
        .flatten()
        .fold((0, 0), |acc, x| (acc.0 + x.0, acc.1 + x.1));
    let rate = total.acks_in_window as f64 / o.seconds as f64;
    let lat = Pct::of(std::mem::take(&mut total.latencies));
    let errors: usize = total.errors.values().sum();

    let mut t = Table::new(
        format!(
            "chat [{b}] — {} publishers × window {} into {} rooms for {} s{}",
            o.publishers,
            window,
            tickets.len(),
            o.seconds,
            if without_msg_id {
                ", without client_msg_id"
            } else {
                ""
            }
        ),
        &["measure", "value"],
    );
    t.row(vec!["acknowledged messages/s".into(), format!("{rate:.0}")]);
    t.row(vec![
        "acks in window / total".into(),
        format!("{} / {}", n(total.acks_in_window), n(total.acks)),
    ]);
    t.row(vec![
        "ack latency p50 / p90 / p99 / max".into(),
        format!(
            "{} / {} / {} / {}",
            ms(lat.p50),
            ms(lat.p90),
            ms(lat.p99),
            ms(lat.max)
        ),
    ]);
    t.row(vec!["error replies".into(), n(errors as u64)]);
    t.row(vec!["unanswered at the end".into(), n(total.unanswered)]);
    t.row(vec![
        "delivered to room observers (gaps)".into(),
        format!("{} ({gaps})", n(delivered)),
    ]);
    t.print();
    println!("  CPU: {}", cpu.describe());
    // The server's own view of its commit batching, if it exports one.
    if let Ok((200, text)) = http::get_text(port, "/metrics", Some(server::METRICS_TOKEN)).await {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("chat_batch_size") || l.starts_with("chat_messages_total"))
            .collect();
        let value = |suffix: &str| {
            lines
                .iter()
                .find(|l| l.starts_with(&format!("chat_batch_size{suffix} ")))
                .and_then(|l| l.split_whitespace().last())
                .and_then(|v| v.parse::<f64>().ok())
        };
        if let (Some(sum), Some(count)) = (value("_sum"), value("_count"))
            && count > 0.0
        {
            println!(
                "  server metrics: {count:.0} chat commits, {:.1} messages per commit on average",
                sum / count
            );
        }
        for l in lines.iter().filter(|l| l.contains("quantile")) {
            println!("  server metrics: {l}");
        }
    }
    for (code, count) in &total.errors {
        println!("  publish errors: {count} × code {code}");
    }
    print_closes(&closes);

    let pg = b == "postgres";
    let in_flight = o.publishers * window;
    let target = if pg {
        "≥ 5000/s with p99 < 50 ms"
    } else {
        ""
    };
    let verdict = if pg {
        Verdict::from(rate >= 5000.0 && lat.p99 < 50_000)
    } else {
        Verdict::Info
    };
    Ok(vec![row(
        b,
        "chat",
        format!(
            "{} × window {window} = {in_flight} in flight{}: acks/s, ack p50 / p99",
            o.publishers,
            if without_msg_id {
                ", no client_msg_id"
            } else {
                ""
            }
        ),
        format!(
            "{rate:.0}/s, {} / {} ({} errors)",
            ms(lat.p50),
            ms(lat.p99),
            errors
        ),
        target,
        verdict,
    )])
}

// ---------------------------------------------------------------------------
// 4. reconnect
// ---------------------------------------------------------------------------

pub struct ReconnectOpts {
    pub clients: usize,
    pub messages: usize,
}

struct Recovered {
    since_start: Duration,
    ok: bool,
    why: Option<String>,
    conn: Option<Conn>,
}

pub async fn reconnect(
    env: &Env,
    server: &mut Server,
    o: &ReconnectOpts,
) -> anyhow::Result<Vec<Row>> {
    let b = env.backend;
    let port = env.port;
    let ticket = open_ticket(port, &env.customer, "Reconexión").await?;
    let count = o.clients.min(env.fd_cap / 2);
    let k = o.messages;

    // 1. Everyone subscribes and remembers the stream position.
    let sem = Arc::new(Semaphore::new(env.concurrency));
    let mut handles = Vec::new();
    for i in 0..count {
        let token = if i % 2 == 0 {
            &env.operator.token
        } else {
            &env.customer.token
        }
        .clone();
        let (sem, ticket) = (sem.clone(), ticket.clone());
        handles.push(tokio::spawn(async move {
            let _permit = sem.acquire_owned().await.ok()?;
            let (conn, sub) = open_subscribed(port, &token, &ticket, None).await.ok()?;
            let epoch = sub["epoch"].as_str().unwrap_or_default().to_string();
            let offset = sub["offset"].as_u64().unwrap_or(0);
            Some((conn, token, epoch, offset))
        }));
    }
    let subscribed: Vec<_> = join_all(handles, Duration::from_secs(120))
        .await
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    if subscribed.len() < count {
        println!(
            "  {} of {count} clients could not subscribe",
            count - subscribed.len()
        );
    }

    // 2. All disconnect.
    let mut positions = Vec::with_capacity(subscribed.len());
    let mut closing = Vec::new();
    for (conn, token, epoch, offset) in subscribed {
        positions.push((token, epoch, offset));
        closing.push(tokio::spawn(conn.close()));
    }
    join_all(closing, Duration::from_secs(30)).await;
    let mut publisher = open_connected(port, &env.customer.token).await?;
    let gone_by = Instant::now() + Duration::from_secs(15);
    let mut left = u64::MAX;
    while Instant::now() < gone_by {
        let stats = publisher
            .command(json!({"presence_stats": {"channel": ticket}}))
            .await?;
        left = stats["presence_stats"]["num_clients"].as_u64().unwrap_or(0);
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if left != 0 {
        println!("  {left} clients still in the room 15 s after disconnecting");
    }

    // 3. K messages while they are away.
    let mut outstanding = HashMap::new();
    let mut acks = Vec::new();
    let mut errors = BTreeMap::new();
    for i in 0..k {
        if outstanding.len() >= 20 {
            let until = Instant::now() + Duration::from_secs(15);
            drain_acks(
                &mut publisher,
                until,
                &mut outstanding,
                &mut acks,
                &mut errors,
                20,
            )
            .await;
            if outstanding.len() >= 20 {
                bail!("publishing stalled: no ack within 15 s");
            }
        }
        let id = publisher.id();
        outstanding.insert(id, Instant::now());
        publisher
            .send_text(publish_frame(
                id,
                &ticket,
                &format!("mientras no estabas {i}"),
                &format!("r-{i}"),
            ))
            .await?;
    }
    let until = Instant::now() + Duration::from_secs(15);
    while !outstanding.is_empty() && Instant::now() < until && !publisher.closed {
        drain_acks(
            &mut publisher,
            until,
            &mut outstanding,
            &mut acks,
            &mut errors,
            1,
        )
        .await;
    }
    if !outstanding.is_empty() || !errors.is_empty() {
        bail!(
            "the {k} messages were not all acknowledged ({} missing, errors {errors:?})",
            outstanding.len()
        );
    }

    // 4. Everyone comes back at once and recovers.
    let meter = CpuMeter::start(server.pid);
    let t0 = Instant::now();
    let mut handles = Vec::new();
    for (token, epoch, offset) in positions {
        let ticket = ticket.clone();
        handles.push(tokio::spawn(async move {
            let result = open_subscribed(port, &token, &ticket, Some((&epoch, offset))).await;
            let since_start = t0.elapsed();
            match result {
                Err(e) => Recovered {
                    since_start,
                    ok: false,
                    why: Some(reason(&e)),
                    conn: None,
                },
                Ok((conn, sub)) => {
                    let pubs = sub["publications"].as_array().cloned().unwrap_or_default();
                    let offsets: Vec<u64> =
                        pubs.iter().filter_map(|p| p["offset"].as_u64()).collect();
                    let expected: Vec<u64> = (offset + 1..=offset + k as u64).collect();
                    let ok = sub["recovered"] == json!(true) && offsets == expected;
                    let why = (!ok).then(|| {
                        format!(
                            "recovered={} with {} publications (offsets {:?}…)",
                            sub["recovered"],
                            pubs.len(),
                            offsets.iter().take(3).collect::<Vec<_>>()
                        )
                    });
                    Recovered {
                        since_start,
                        ok,
                        why,
                        conn: Some(conn),
                    }
                }
            }
        }));
    }
    let results: Vec<Recovered> = join_all(handles, Duration::from_secs(120))
        .await
        .into_iter()
        .flatten()
        .collect();
    let total_time = t0.elapsed();
    let cpu = meter.stop();
    let mut failures = BTreeMap::new();
    let mut times = Vec::new();
    let mut recovered = 0u64;
    let mut conns = Vec::new();
    for r in results {
        if r.ok {
            recovered += 1;
            times.push(micros(r.since_start));
        } else if let Some(why) = r.why {
            add(&mut failures, why);
        }
        if let Some(c) = r.conn {
            conns.push(c);
        }
    }
    let all_done = times.iter().copied().max().unwrap_or(0);
    let per_client = Pct::of(times);
    let mut closing = Vec::new();
    for c in conns {
        closing.push(tokio::spawn(c.close()));
    }
    join_all(closing, Duration::from_secs(30)).await;
    publisher.close().await;

    let mut t = Table::new(
        format!("reconnect [{b}] — {count} clients, {k} messages missed"),
        &["measure", "value"],
    );
    t.row(vec![
        "recovered (recovered: true, all K in order)".into(),
        format!("{} / {}", n(recovered), n(count as u64)),
    ]);
    t.row(vec!["time until all recovered".into(), ms(all_done)]);
    t.row(vec![
        "per client p50 / p90 / p99 / max (from the herd's start)".into(),
        format!(
            "{} / {} / {} / {}",
            ms(per_client.p50),
            ms(per_client.p90),
            ms(per_client.p99),
            ms(per_client.max)
        ),
    ]);
    t.row(vec![
        "wall time incl. bookkeeping".into(),
        report::secs(total_time),
    ]);
    t.print();
    println!("  CPU while reconnecting: {}", cpu.describe());
    print_failures("not recovered", &failures);
    Ok(vec![row(
        b,
        "reconnect",
        format!("{count} clients × {k} missed: all recovered in"),
        format!(
            "{} (p50 {}, p99 {}; {}/{} recovered)",
            ms(all_done),
            ms(per_client.p50),
            ms(per_client.p99),
            n(recovered),
            n(count as u64)
        ),
        "all recover",
        Verdict::from(recovered as usize == count && count > 0),
    )])
}
