//! `loadgen`: load and latency benchmark for Faena's real-time server.
//!
//! It starts its own `faena serve` (target/release/faena by default) on a
//! free port of 127.0.0.1 with a fresh database — a temporary SQLite file, or
//! a fresh schema in the PostgreSQL database at `--postgres-url` — loads the
//! demo data, signs in as the demo operator and customer over REST, and
//! drives the WebSocket endpoint (`/connection/websocket`, Centrifuge client
//! protocol v2, JSON) through four scenarios:
//!
//! 1. `connections`: many concurrent connected + subscribed clients; server
//!    memory per connection.
//! 2. `fanout`: one publisher, rooms of 10 … 5000 subscribers; publish →
//!    delivery latency at every subscriber.
//! 3. `chat`: many publishers pipelining persisted chat messages; acks/s and
//!    ack latency.
//! 4. `reconnect`: a herd of clients reconnects and recovers what it missed.
//!
//! Every scenario gets a fresh server, every loop is bounded in count and
//! time, and the server is killed on exit, on error, on panic and on
//! Ctrl-C/SIGTERM (and by the kernel if loadgen dies: PR_SET_PDEATHSIG).
//!
//! ```text
//! cargo build --release --bin faena --bin loadgen
//! target/release/loadgen --backend both
//! target/release/loadgen --quick --scenario fanout chat
//! ```
//!
//! See docs/performance.md.

#[path = "loadgen/http.rs"]
mod http;
#[path = "loadgen/report.rs"]
mod report;
#[path = "loadgen/scenarios.rs"]
mod scenarios;
#[path = "loadgen/server.rs"]
mod server;
#[path = "loadgen/ws.rs"]
mod ws;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};

use report::{Row, Verdict, row};
use scenarios::{ChatOpts, Env, FanoutOpts, ReconnectOpts};
use server::{Backend, Server, ServerConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BackendArg {
    Sqlite,
    Postgres,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
enum Scenario {
    Connections,
    Fanout,
    Chat,
    Reconnect,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Connections => "connections",
            Scenario::Fanout => "fanout",
            Scenario::Chat => "chat",
            Scenario::Reconnect => "reconnect",
        }
    }
}

/// Load and latency benchmark for Faena's real-time server (see docs/performance.md).
#[derive(Debug, Parser)]
#[command(name = "loadgen")]
struct Args {
    /// Database backend(s) of the server under test.
    #[arg(long, value_enum, default_value = "both")]
    backend: BackendArg,
    /// PostgreSQL database in which a fresh schema is created per server.
    #[arg(
        long,
        env = "FAENA_TEST_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    postgres_url: String,
    /// Smaller numbers for a smoke run (about a minute per backend).
    #[arg(long)]
    quick: bool,
    /// Scenarios to run (default: all, in this order).
    #[arg(long, value_enum, num_args = 1..)]
    scenario: Vec<Scenario>,
    /// The server binary (default: `faena` next to this binary, else target/release/faena).
    #[arg(long)]
    faena: Option<PathBuf>,
    /// connections: clients to open (default 20000; --quick 1000).
    #[arg(long)]
    connections: Option<usize>,
    /// connections: how far each connection goes (open and connect isolate
    /// the memory of each step; subscribe is the real scenario).
    #[arg(long, value_enum, default_value = "subscribe")]
    connections_stage: scenarios::Stage,
    /// Connections being opened at once.
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// fanout: room sizes, comma-separated (default 10,100,1000,5000; --quick 10,100,1000).
    #[arg(long, value_delimiter = ',')]
    fanout_sizes: Option<Vec<usize>>,
    /// fanout: messages per room (default 200; --quick 40).
    #[arg(long)]
    fanout_messages: Option<usize>,
    /// fanout: publish rate, messages per second.
    #[arg(long, default_value_t = 20.0)]
    fanout_rate: f64,
    /// chat: concurrent publisher connections (default 50; --quick 10).
    #[arg(long)]
    chat_publishers: Option<usize>,
    /// chat: outstanding (unacknowledged) publishes per connection; one
    /// pass per value. The large window measures throughput; the small one
    /// latency under load (ack latency ≈ messages in flight ÷ throughput).
    #[arg(long, value_delimiter = ',', default_value = "20,2")]
    chat_windows: Vec<usize>,
    /// chat: measured seconds (default 20; --quick 5).
    #[arg(long)]
    chat_seconds: Option<u64>,
    /// chat: ticket rooms the publishers write into (default 5; --quick 2).
    #[arg(long)]
    chat_rooms: Option<usize>,
    /// chat: publish without `client_msg_id` (diagnostic; the server then
    /// skips its duplicate lookup).
    #[arg(long)]
    chat_without_msg_id: bool,
    /// reconnect: clients (default 1000; --quick 200).
    #[arg(long)]
    reconnect_clients: Option<usize>,
    /// reconnect: messages published while they are away (default 100; --quick 20).
    #[arg(long)]
    reconnect_messages: Option<usize>,
    /// Extra server setting, KEY=VALUE (repeatable), e.g.
    /// FAENA__DATABASE__MAX_CONNECTIONS=40. Applied after loadgen's own.
    #[arg(long = "server-env", value_name = "KEY=VALUE")]
    server_env: Vec<String>,
    /// Tokio worker threads of loadgen (it shares the machine with the server).
    #[arg(long, default_value_t = 2)]
    client_threads: usize,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads.max(1))
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("loadgen: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // The main future runs on this (the main) thread, so servers are spawned
    // from a thread that lives as long as the process (PR_SET_PDEATHSIG).
    let code = runtime.block_on(async move {
        let code = run_until_signal(args).await;
        // Servers that ended without a clean stop (error, Ctrl-C) leave their
        // PostgreSQL schema to drop here.
        server::drop_orphaned_schemas().await;
        code
    });
    runtime.shutdown_timeout(Duration::from_secs(5));
    std::process::ExitCode::from(code)
}

/// Runs loadgen until it ends or a signal arrives; returns the exit code.
async fn run_until_signal(args: Args) -> u8 {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let terminated = async {
        match term.as_mut() {
            Some(t) => {
                t.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        result = run(args) => match result {
            Ok(true) => 0u8,
            Ok(false) => 2,
            Err(e) => {
                eprintln!("\nloadgen failed: {e:#}");
                1
            }
        },
        // Dropping `run` drops the running Server guard, which kills it.
        _ = tokio::signal::ctrl_c() => {
            eprintln!("\nloadgen: interrupted; stopping the server");
            130
        }
        _ = terminated => {
            eprintln!("\nloadgen: terminated; stopping the server");
            143
        }
    }
}

/// Raises the soft open-files limit to the hard limit; returns the limit.
fn raise_nofile() -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain libc calls with a valid pointer.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024;
        }
        // Try for more than the hard limit first (works with CAP_SYS_RESOURCE).
        let want = libc::rlimit {
            rlim_cur: 200_000.max(lim.rlim_max),
            rlim_max: 200_000.max(lim.rlim_max),
        };
        if libc::setrlimit(libc::RLIMIT_NOFILE, &want) == 0 {
            return want.rlim_cur;
        }
        lim.rlim_cur = lim.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
    }
    lim.rlim_cur
}

fn machine_facts() -> Vec<(String, String)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let meminfo = read("/proc/meminfo");
    let mem_kib: u64 = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    vec![
        ("nproc".into(), nproc.to_string()),
        ("cpu".into(), model),
        (
            "memory".into(),
            format!("{:.1} GiB", mem_kib as f64 / 1024.0 / 1024.0),
        ),
        (
            "kernel".into(),
            read("/proc/sys/kernel/osrelease").trim().to_string(),
        ),
        (
            "ephemeral ports".into(),
            read("/proc/sys/net/ipv4/ip_local_port_range")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("–"),
        ),
    ]
}

fn find_faena(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(p) = explicit {
        anyhow::ensure!(p.exists(), "{} does not exist", p.display());
        return Ok(p);
    }
    let mut candidates = Vec::new();
    if let Ok(me) = std::env::current_exe()
        && let Some(dir) = me.parent()
    {
        candidates.push(dir.join("faena"));
    }
    candidates.push(PathBuf::from("target/release/faena"));
    candidates
        .into_iter()
        .find(|p| p.exists())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no faena binary found: run `cargo build --release --bin faena --bin loadgen` or pass --faena"
            )
        })
}

/// The checkout's commit and whether it has local changes (best effort).
fn git_state() -> Option<String> {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let head = run(&["rev-parse", "--short", "HEAD"])?;
    let dirty = run(&["status", "--porcelain", "--untracked-files=no"])
        .map(|s| !s.is_empty())
        .unwrap_or(false);
    Some(format!(
        "git {head}{}",
        if dirty {
            " + uncommitted changes in the working tree"
        } else {
            ""
        }
    ))
}

/// Runs everything; `Ok(false)` when some scenario failed to run.
async fn run(args: Args) -> anyhow::Result<bool> {
    let nofile = raise_nofile();
    let faena = find_faena(args.faena.clone())?;
    let q = args.quick;
    let scenarios = if args.scenario.is_empty() {
        vec![
            Scenario::Connections,
            Scenario::Fanout,
            Scenario::Chat,
            Scenario::Reconnect,
        ]
    } else {
        let mut s = args.scenario.clone();
        s.sort();
        s.dedup();
        s
    };
    let backends = match args.backend {
        BackendArg::Sqlite => vec![Backend::Sqlite],
        BackendArg::Postgres => vec![Backend::Postgres],
        BackendArg::Both => vec![Backend::Sqlite, Backend::Postgres],
    };
    let connections = args.connections.unwrap_or(if q { 1000 } else { 20_000 });
    let fanout = FanoutOpts {
        sizes: args.fanout_sizes.clone().unwrap_or_else(|| {
            if q {
                vec![10, 100, 1000]
            } else {
                vec![10, 100, 1000, 5000]
            }
        }),
        messages: args
            .fanout_messages
            .unwrap_or(if q { 40 } else { 200 })
            .max(1),
        rate: args.fanout_rate,
    };
    let chat = ChatOpts {
        publishers: args
            .chat_publishers
            .unwrap_or(if q { 10 } else { 50 })
            .max(1),
        windows: args.chat_windows.clone(),
        seconds: args
            .chat_seconds
            .unwrap_or(if q { 5 } else { 20 })
            .clamp(1, 110),
        channels: args.chat_rooms.unwrap_or(if q { 2 } else { 5 }),
        without_msg_id: args.chat_without_msg_id,
    };
    let reconnect = ReconnectOpts {
        clients: args.reconnect_clients.unwrap_or(if q { 200 } else { 1000 }),
        messages: args.reconnect_messages.unwrap_or(if q { 20 } else { 100 }),
    };

    // Header: what ran, where.
    println!("# Faena loadgen");
    println!();
    println!(
        "command:  {}",
        std::env::args().collect::<Vec<_>>().join(" ")
    );
    println!(
        "date:     {}",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S %Z")
    );
    for (k, v) in machine_facts() {
        println!("{:<9} {v}", format!("{k}:"));
    }
    println!("open files limit (loadgen): {nofile}");
    let modified = std::fs::metadata(&faena)
        .and_then(|m| m.modified())
        .ok()
        .map(|t| {
            chrono::DateTime::<chrono::Local>::from(t)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default();
    println!("server:   {} (built {modified})", faena.display());
    if let Some(source) = git_state() {
        println!("source:   {source}");
    }
    println!(
        "backends: {}; scenarios: {}{}",
        backends
            .iter()
            .map(|b| b.name())
            .collect::<Vec<_>>()
            .join(", "),
        scenarios
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", "),
        if q { " (quick)" } else { "" }
    );
    if backends.contains(&Backend::Postgres) {
        println!("postgres: {}", server::redact(&args.postgres_url));
    }
    if !args.server_env.is_empty() {
        println!("server settings added: {}", args.server_env.join(" "));
    }
    println!(
        "note:     loadgen and the server share the same cores; latencies include loadgen's own scheduling."
    );

    let started = Instant::now();
    let mut rows: Vec<Row> = Vec::new();
    let mut all_ran = true;
    for &backend in &backends {
        for &scenario in &scenarios {
            println!(
                "\n## {} on {} ({:.0} s elapsed)",
                scenario.name(),
                backend.name(),
                started.elapsed().as_secs_f64()
            );
            let env_extra: Vec<(String, String)> = args
                .server_env
                .iter()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let config = ServerConfig {
                faena: faena.clone(),
                backend,
                postgres_url: args.postgres_url.clone(),
                env: env_extra,
            };
            let outcome = run_scenario(
                &config,
                scenario,
                nofile,
                args.concurrency.max(1),
                connections,
                args.connections_stage,
                &fanout,
                &chat,
                &reconnect,
            )
            .await;
            match outcome {
                Ok(mut r) => rows.append(&mut r),
                Err(e) => {
                    all_ran = false;
                    println!("  FAILED: {e:#}");
                    rows.push(row(
                        backend.name(),
                        scenario.name(),
                        "run",
                        format!(
                            "failed: {}",
                            format!("{e:#}").chars().take(80).collect::<String>()
                        ),
                        "",
                        Verdict::Missed,
                    ));
                }
            }
        }
    }
    report::summary_table(&rows).print();
    println!(
        "targets: {} met, {} missed; total time {:.0} s",
        rows.iter().filter(|r| r.verdict == Verdict::Met).count(),
        rows.iter().filter(|r| r.verdict == Verdict::Missed).count(),
        started.elapsed().as_secs_f64()
    );
    Ok(all_ran)
}

#[allow(clippy::too_many_arguments)]
async fn run_scenario(
    config: &ServerConfig,
    scenario: Scenario,
    nofile: u64,
    concurrency: usize,
    connections: usize,
    stage: scenarios::Stage,
    fanout: &FanoutOpts,
    chat: &ChatOpts,
    reconnect: &ReconnectOpts,
) -> anyhow::Result<Vec<Row>> {
    let mut server = Server::start(config, scenario.name()).await?;
    let server_nofile = server.nofile_limit().unwrap_or(nofile);
    // Room for the listener, database pool, SQLite files, logs, loadgen's own
    // HTTP calls and the scenario's extra connections.
    let fd_cap = (nofile.min(server_nofile) as usize).saturating_sub(300);
    println!(
        "  server pid {} on 127.0.0.1:{} (open files limit {server_nofile}, listen backlog {}), RSS {}",
        server.pid,
        server.port,
        server::listen_backlog(server.port)
            .map(|b| b.to_string())
            .unwrap_or_else(|| "?".into()),
        report::mib(server.rss_kib())
    );
    let operator = scenarios::login(server.port, "operador@faena.demo", "operador2023").await?;
    let customer = scenarios::login(server.port, "cliente@faena.demo", "cliente2023").await?;
    let env = Env {
        port: server.port,
        backend: config.backend.name(),
        operator,
        customer,
        fd_cap,
        concurrency,
    };
    let overflows_before = server::listen_overflows();
    let result = match scenario {
        Scenario::Connections => {
            scenarios::connections(&env, &mut server, connections, stage).await
        }
        Scenario::Fanout => scenarios::fanout(&env, &mut server, fanout).await,
        Scenario::Chat => scenarios::chat(&env, &mut server, chat).await,
        Scenario::Reconnect => scenarios::reconnect(&env, &mut server, reconnect).await,
    };
    let overflows = server::listen_overflows().saturating_sub(overflows_before);
    if overflows > 0 {
        println!(
            "  kernel: {overflows} connection attempts dropped by a full listen queue \
             (TcpExt ListenOverflows, machine-wide); each costs its client a 1 s SYN retransmit"
        );
    }
    if !server.alive() {
        println!(
            "  the server process is gone! last log lines:\n{}",
            server.log_tail()
        );
    }
    let warnings = server.log_summary();
    if !warnings.is_empty() {
        println!("  server log (WARN/ERROR lines, by message):");
        for (line, count) in warnings.iter().take(8) {
            println!("    {count} × {line}");
        }
    }
    server.stop().await;
    result
}
