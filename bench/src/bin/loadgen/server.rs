//! The server under test: a `faena serve` child process on a free port of
//! 127.0.0.1 with a fresh database, and the process facts loadgen reads from
//! /proc (resident memory, CPU time per thread).
//!
//! The child is killed when the [`Server`] is dropped (normal end, error,
//! panic, Ctrl-C), and, through `PR_SET_PDEATHSIG`, by the kernel if loadgen
//! itself dies.

use std::collections::HashMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::http;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

pub struct ServerConfig {
    pub faena: PathBuf,
    pub backend: Backend,
    pub postgres_url: String,
    /// Extra FAENA__* settings.
    pub env: Vec<(String, String)>,
}

pub struct Server {
    child: Option<Child>,
    pub port: u16,
    pub pid: u32,
    dir: PathBuf,
    log: PathBuf,
    /// (base URL, schema) to drop at the end.
    pg_schema: Option<(String, String)>,
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The `/metrics` bearer token of every server the loadgen starts.
pub const METRICS_TOKEN: &str = "loadgen-metrics";

/// The settings every loadgen server runs with; scenario settings come after.
fn base_env(database_url: &str, dir: &Path) -> Vec<(String, String)> {
    let s = |k: &str, v: String| (k.to_string(), v);
    vec![
        s("FAENA__DATABASE__URL", database_url.to_string()),
        s("FAENA__DATABASE__MAX_CONNECTIONS", "20".into()),
        s(
            "FAENA__MAIL__OUTBOX_DIR",
            dir.join("mail").display().to_string(),
        ),
        s(
            "FAENA__UPLOADS__DIR",
            dir.join("uploads").display().to_string(),
        ),
        s("FAENA__LOG__FILTER", "warn".into()),
        // The loadgen reads the server's own batch metric from /metrics.
        s("FAENA__METRICS__BEARER_TOKEN", METRICS_TOKEN.into()),
        s("FAENA__SERVER__HOST", "127.0.0.1".into()),
        s("FAENA__SERVER__SHUTDOWN_GRACE_SECONDS", "1".into()),
        // Rate limits would distort throughput figures.
        s("FAENA__REALTIME__PUBLISH_BURST", "1000000".into()),
        s("FAENA__REALTIME__PUBLISH_PER_SECOND", "1000000".into()),
        s("FAENA__REALTIME__MAX_SUBSCRIPTIONS", "100".into()),
    ]
}

fn command(
    faena: &Path,
    env: &[(String, String)],
    dir: &Path,
    log: &Path,
) -> anyhow::Result<Command> {
    let mut cmd = Command::new(faena);
    // A clean configuration: nothing inherited from the caller's FAENA__*.
    for (key, _) in std::env::vars() {
        if key.starts_with("FAENA__") || key == "FAENA_CONFIG" || key == "RUST_LOG" {
            cmd.env_remove(key);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let log_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("opening {}", log.display()))?;
    cmd.current_dir(dir)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    // SAFETY: only async-signal-safe calls (setrlimit, prctl) between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let mut lim = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 {
                lim.rlim_cur = lim.rlim_max;
                libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
            }
            // Die with loadgen, whatever kills it.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    Ok(cmd)
}

impl Server {
    /// Creates a fresh database, loads the demo data (`faena demo`) and
    /// starts `faena serve`; returns once /readyz answers 200.
    pub async fn start(config: &ServerConfig, label: &str) -> anyhow::Result<Server> {
        let dir = std::env::temp_dir().join(format!(
            "faena-loadgen-{}-{}-{}",
            std::process::id(),
            label,
            uuid::Uuid::now_v7().simple()
        ));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let log = dir.join("server.log");
        let (database_url, pg_schema) = match config.backend {
            Backend::Sqlite => (format!("sqlite://{}/faena.db", dir.display()), None),
            Backend::Postgres => {
                let schema = format!("loadgen_{}", uuid::Uuid::now_v7().simple());
                create_schema(&config.postgres_url, &schema).await?;
                let base = &config.postgres_url;
                let sep = if base.contains('?') { '&' } else { '?' };
                // The server and PostgreSQL share this machine: no TLS on loopback
                // (as a production deployment on one host or a private network would).
                let tls = if base.contains("sslmode=") {
                    ""
                } else {
                    "&sslmode=disable"
                };
                (
                    format!("{base}{sep}options=-c%20search_path%3D{schema}{tls}"),
                    Some((base.clone(), schema)),
                )
            }
        };
        let port = free_port()?;
        let mut env = base_env(&database_url, &dir);
        env.push(("FAENA__SERVER__PORT".into(), port.to_string()));
        env.extend(config.env.iter().cloned());

        // The guard exists before anything is spawned so the schema and the
        // folder are cleaned up on every path.
        let mut server = Server {
            child: None,
            port,
            pid: 0,
            dir: dir.clone(),
            log: log.clone(),
            pg_schema,
        };

        // `faena demo`, bounded in time.
        let mut demo = command(&config.faena, &env, &dir, &log)?
            .arg("demo")
            .spawn()
            .with_context(|| format!("running {} demo", config.faena.display()))?;
        let started = Instant::now();
        loop {
            if let Some(status) = demo.try_wait()? {
                if !status.success() {
                    bail!("`faena demo` failed ({status}):\n{}", server.log_tail());
                }
                break;
            }
            if started.elapsed() > Duration::from_secs(180) {
                let _ = demo.kill();
                let _ = demo.wait();
                bail!("`faena demo` took more than 180 s:\n{}", server.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // Spawned from the calling task's thread; loadgen calls this from its
        // main task (the main thread), which lives as long as the process, so
        // PR_SET_PDEATHSIG does not fire early.
        let child = command(&config.faena, &env, &dir, &log)?
            .arg("serve")
            .spawn()
            .with_context(|| format!("starting {} serve", config.faena.display()))?;
        server.pid = child.id();
        server.child = Some(child);
        let started = Instant::now();
        loop {
            if let Some(child) = server.child.as_mut()
                && let Some(status) = child.try_wait()?
            {
                bail!(
                    "the server exited during start-up ({status}):\n{}",
                    server.log_tail()
                );
            }
            if let Ok((200, _)) = http::request(port, "GET", "/readyz", None, None).await {
                return Ok(server);
            }
            if started.elapsed() > Duration::from_secs(60) {
                bail!(
                    "the server did not become ready within 60 s:\n{}",
                    server.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The last lines of the server's log.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// Log lines at WARN or ERROR, counted by message (server logs at warn).
    pub fn log_summary(&self) -> Vec<(String, usize)> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for line in text.lines() {
            let clean = strip_ansi(line);
            if !(clean.contains("WARN") || clean.contains("ERROR")) {
                continue;
            }
            // Drop the timestamp and key=value fields: keep level + message.
            let key: String = clean
                .split_whitespace()
                .skip(1)
                .filter(|w| !w.contains('='))
                .take(8)
                .collect::<Vec<_>>()
                .join(" ");
            *counts.entry(key).or_default() += 1;
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.1));
        v
    }

    pub fn alive(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Resident memory of the server, KiB.
    pub fn rss_kib(&self) -> u64 {
        rss_kib(self.pid)
    }

    /// The open-files limit the server actually runs with.
    pub fn nofile_limit(&self) -> Option<u64> {
        let text = std::fs::read_to_string(format!("/proc/{}/limits", self.pid)).ok()?;
        let line = text.lines().find(|l| l.starts_with("Max open files"))?;
        line.split_whitespace().nth(3)?.parse().ok()
    }

    /// Kills the server, waits for it, drops the PostgreSQL schema.
    pub async fn stop(mut self) {
        self.kill();
        if let Some((base, schema)) = self.pg_schema.take()
            && let Err(e) = drop_schema(&base, &schema).await
        {
            eprintln!("  (could not drop schema {schema}: {e:#})");
        }
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM first (grace is 1 s), then SIGKILL.
            unsafe {
                libc::kill(child.id() as i32, libc::SIGTERM);
            }
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        // Dropped without `stop` (error, panic, Ctrl-C): the schema is
        // dropped later by `drop_orphaned_schemas`, which needs async.
        if let Some(pending) = self.pg_schema.take()
            && let Ok(mut orphans) = ORPHANED_SCHEMAS.lock()
        {
            orphans.push(pending);
        }
        if std::env::var_os("LOADGEN_KEEP_DIR").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            eprintln!("  (kept {})", self.dir.display());
        }
    }
}

/// PostgreSQL schemas of servers dropped without `stop`: (base URL, schema).
static ORPHANED_SCHEMAS: std::sync::Mutex<Vec<(String, String)>> =
    std::sync::Mutex::new(Vec::new());

/// Drops the schemas of servers that ended abnormally (bounded in time).
pub async fn drop_orphaned_schemas() {
    let orphans: Vec<(String, String)> = ORPHANED_SCHEMAS
        .lock()
        .map(|mut o| std::mem::take(&mut *o))
        .unwrap_or_default();
    for (base, schema) in orphans {
        match tokio::time::timeout(Duration::from_secs(15), drop_schema(&base, &schema)).await {
            Ok(Ok(())) => eprintln!("  (dropped PostgreSQL schema {schema})"),
            _ => eprintln!("  (could not drop PostgreSQL schema {schema}; drop it by hand)"),
        }
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

async fn create_schema(base: &str, schema: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = tokio::time::timeout(Duration::from_secs(10), sqlx::PgConnection::connect(base))
        .await
        .context("connecting to PostgreSQL: timed out")?
        .with_context(|| format!("connecting to PostgreSQL at {}", redact(base)))?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .context("creating the schema")?;
    let _ = conn.close().await;
    Ok(())
}

async fn drop_schema(base: &str, schema: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = tokio::time::timeout(Duration::from_secs(10), sqlx::PgConnection::connect(base))
        .await
        .context("timed out")??;
    tokio::time::timeout(
        Duration::from_secs(30),
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
            .execute(&mut conn),
    )
    .await
    .context("timed out")??;
    let _ = conn.close().await;
    Ok(())
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

// ---------------------------------------------------------------------------
// /proc
// ---------------------------------------------------------------------------

pub fn rss_kib(pid: u32) -> u64 {
    let path = if pid == 0 {
        "/proc/self/status".to_string()
    } else {
        format!("/proc/{pid}/status")
    };
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn clock_ticks() -> f64 {
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as f64 } else { 100.0 }
}

/// (utime + stime) in seconds from a /proc/.../stat line.
fn stat_cpu_seconds(stat: &str) -> Option<(String, f64)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat[open + 1..close].to_string();
    let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
    // Fields after the name start at field 3 (state); utime is field 14.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((name, (utime + stime) / clock_ticks()))
}

/// CPU seconds used so far by a process (0 = loadgen itself).
pub fn process_cpu(pid: u32) -> f64 {
    let path = if pid == 0 {
        "/proc/self/stat".to_string()
    } else {
        format!("/proc/{pid}/stat")
    };
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| stat_cpu_seconds(&s))
        .map(|x| x.1)
        .unwrap_or(0.0)
}

/// CPU seconds per thread name (threads with the same name are summed).
pub fn thread_cpu(pid: u32) -> HashMap<String, f64> {
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return out;
    };
    for entry in dir.flatten() {
        if let Ok(stat) = std::fs::read_to_string(entry.path().join("stat"))
            && let Some((name, secs)) = stat_cpu_seconds(&stat)
        {
            *out.entry(name).or_insert(0.0) += secs;
        }
    }
    out
}

/// CPU seconds used so far by all processes named `name` (e.g. the
/// PostgreSQL backends). Processes that start or end in between make this
/// approximate.
pub fn processes_cpu(name: &str) -> f64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    let mut total = 0.0;
    for entry in dir.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            && let Some((comm, secs)) = stat_cpu_seconds(&stat)
            && comm == name
        {
            total += secs;
        }
    }
    total
}

/// CPU use of the server (per thread), of loadgen and of PostgreSQL over a
/// measured phase.
pub struct CpuMeter {
    pid: u32,
    started: Instant,
    server: f64,
    server_threads: HashMap<String, f64>,
    own: f64,
    postgres: f64,
}

pub struct CpuUse {
    /// Percent of one core.
    pub server_pct: f64,
    pub loadgen_pct: f64,
    /// All `postgres` processes on the machine.
    pub postgres_pct: f64,
    /// Busiest server threads: (name, percent of one core).
    pub server_threads: Vec<(String, f64)>,
}

impl CpuMeter {
    pub fn start(pid: u32) -> CpuMeter {
        CpuMeter {
            pid,
            started: Instant::now(),
            server: process_cpu(pid),
            server_threads: thread_cpu(pid),
            own: process_cpu(0),
            postgres: processes_cpu("postgres"),
        }
    }

    pub fn stop(&self) -> CpuUse {
        let wall = self.started.elapsed().as_secs_f64().max(1e-6);
        let threads_now = thread_cpu(self.pid);
        let mut threads: Vec<(String, f64)> = threads_now
            .iter()
            .map(|(name, now)| {
                let before = self.server_threads.get(name).copied().unwrap_or(0.0);
                (name.clone(), (now - before) / wall * 100.0)
            })
            .filter(|(_, pct)| *pct >= 1.0)
            .collect();
        threads.sort_by(|a, b| b.1.total_cmp(&a.1));
        threads.truncate(5);
        CpuUse {
            server_pct: (process_cpu(self.pid) - self.server) / wall * 100.0,
            loadgen_pct: (process_cpu(0) - self.own) / wall * 100.0,
            postgres_pct: ((processes_cpu("postgres") - self.postgres) / wall * 100.0).max(0.0),
            server_threads: threads,
        }
    }
}

impl CpuUse {
    pub fn describe(&self) -> String {
        let threads: Vec<String> = self
            .server_threads
            .iter()
            .map(|(n, p)| format!("{n} {p:.0}%"))
            .collect();
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        let pg = if self.postgres_pct >= 0.5 {
            format!(", postgres {:.0}%", self.postgres_pct)
        } else {
            String::new()
        };
        format!(
            "server {:.0}% [{}], loadgen {:.0}%{pg} (% of one core; {cores} cores = {}%)",
            self.server_pct,
            threads.join(", "),
            self.loadgen_pct,
            cores * 100
        )
    }
}

/// The kernel's count of connections dropped because a listen queue was
/// full (TcpExt ListenOverflows, machine-wide). Each one costs the client a
/// SYN retransmit, 1 s on Linux.
pub fn listen_overflows() -> u64 {
    let text = std::fs::read_to_string("/proc/net/netstat").unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("TcpExt:")).collect();
    if lines.len() < 2 {
        return 0;
    }
    let names = lines[0].split_whitespace();
    let values = lines[1].split_whitespace();
    names
        .zip(values)
        .find(|(n, _)| *n == "ListenOverflows")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

/// The accept backlog of the server's listening socket (the Send-Q that
/// `ss -ltn` shows for a LISTEN socket); `None` without `ss`.
pub fn listen_backlog(port: u16) -> Option<u64> {
    let out = std::process::Command::new("ss")
        .args(["-ltnH", &format!("sport = :{port}")])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next()?.split_whitespace().nth(2)?.parse().ok()
}
