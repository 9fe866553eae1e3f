//! Live delivery survives a Redis outage (issue 12 §2): two `faena serve`
//! processes on PostgreSQL share their own Redis process, which is killed for
//! 10 s and then paused (SIGSTOP) for 10 s while a client on each node chats
//! in one ticket and a listener on each node reads the channel.
//!
//! What must hold: every message reaches both listeners exactly once and in
//! offset order; a node's own clients get its messages at once whatever Redis
//! does; the other node gets them during the outage (read from the database
//! while the bus is degraded), not only after Redis returns; `/readyz` says
//! the bus is degraded. The latency figures (p50/p99/max per phase, local and
//! cross-node) are printed, not asserted: tests prove behaviour, benchmarks
//! and this printout give figures.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::cluster::{faena_with_redis, free_port, login_at, start_node_with};
use crate::helpers::*;
use crate::ws::Ws;

/// A Redis server of this test only, on its own port.
struct Redis {
    port: u16,
    child: Option<Child>,
}

impl Redis {
    fn start(port: u16) -> Redis {
        let binary = [
            "redis-server",
            "/usr/bin/redis-server",
            "/usr/local/bin/redis-server",
        ]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok())
        .expect("redis-server is installed (scripts/test.sh installs it)");
        let child = Command::new(binary)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("start redis-server");
        let redis = Redis {
            port,
            child: Some(child),
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return redis;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not start on {port}");
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        let status = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(status.success(), "kill {signal} {pid}");
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        if self.child.is_some() {
            let _ = self.signal_quietly("-CONT");
        }
        self.kill();
    }
}

impl Redis {
    fn signal_quietly(&self, signal: &str) -> std::io::Result<()> {
        let pid = self
            .child
            .as_ref()
            .map(|c| c.id().to_string())
            .unwrap_or_default();
        Command::new("kill")
            .args([signal, &pid])
            .status()
            .map(|_| ())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Phase {
    Healthy,
    Killed,
    Paused,
    After,
}

/// One sent message: which node sent it, in which phase, when.
#[derive(Debug, Clone, Copy)]
struct Sent {
    node: usize,
    phase: Phase,
    at: Instant,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn summary(mut values: Vec<Duration>) -> String {
    values.sort();
    format!(
        "n={} p50={:?} p99={:?} max={:?}",
        values.len(),
        percentile(&values, 0.5),
        percentile(&values, 0.99),
        values.last().copied().unwrap_or_default()
    )
}

async fn bus_status(address: &str) -> String {
    let body: serde_json::Value = reqwest::get(format!("{address}/readyz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["bus"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn live_delivery_survives_a_redis_outage() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database(Backend::Postgres, dir.path()).await;
    let mut redis = Redis::start(free_port());
    let demo = faena_with_redis(&database_url, dir.path(), &redis.url())
        .arg("demo")
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let nodes = [
        start_node_with(faena_with_redis(&database_url, dir.path(), &redis.url())).await,
        start_node_with(faena_with_redis(&database_url, dir.path(), &redis.url())).await,
    ];
    assert_eq!(bus_status(&nodes[0].address).await, "connected");

    let customer = login_at(&nodes[0].address, "customer").await;
    let operator = login_at(&nodes[1].address, "operator").await;
    let ticket = json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "billing", "subject": "Caída de Redis", "description": "Prueba"}),
            )
            .await,
        201,
    )
    .await;
    let channel = format!("ticket:{}", ticket["id"].as_str().unwrap());

    // A sender and a listener on each node.
    let mut senders = [
        Ws::connect_as_at(&nodes[0].address, &customer).await,
        Ws::connect_as_at(&nodes[1].address, &operator).await,
    ];
    for ws in &mut senders {
        ws.command(json!({"subscribe": {"channel": channel}})).await;
    }
    let sent: Arc<Mutex<HashMap<String, Sent>>> = Arc::default();
    let mut listeners = Vec::new();
    for (node, session) in [(0, &customer), (1, &operator)] {
        let mut ws = Ws::connect_as_at(&nodes[node].address, session).await;
        ws.command(json!({"subscribe": {"channel": channel}})).await;
        listeners.push(tokio::spawn(async move {
            // (offset, text, arrival) until 8 s of silence after the end (the helper gives up after 10).
            let mut seen = Vec::new();
            while let Some(push) = ws.push_within(Duration::from_secs(8)).await {
                if let Some(p) = push.get("pub") {
                    seen.push((
                        p["offset"].as_u64().unwrap(),
                        p["data"]["text"].as_str().unwrap_or_default().to_string(),
                        Instant::now(),
                    ));
                }
            }
            seen
        }));
    }

    // The phases: what happens to Redis at their start, and how long they last.
    let mut degraded_seen = Vec::new();
    let mut ends = HashMap::new();
    let mut count = 0usize;
    for (phase, length) in [
        (Phase::Healthy, 3),
        (Phase::Killed, 10),
        (Phase::Paused, 10),
        (Phase::After, 3),
    ] {
        match phase {
            Phase::Healthy | Phase::After => {}
            Phase::Killed => redis.kill(),
            Phase::Paused => {
                redis = Redis::start(redis.port);
                // Let both nodes find Redis again before pausing it.
                tokio::time::sleep(Duration::from_secs(3)).await;
                redis.signal("-STOP");
            }
        }
        if phase == Phase::After {
            redis.signal("-CONT");
        }
        let until = Instant::now() + Duration::from_secs(length);
        let mut checked = false;
        while Instant::now() < until {
            let node = count % 2;
            let text = format!("nodo {} #{count}", node + 1);
            sent.lock().unwrap().insert(
                text.clone(),
                Sent {
                    node,
                    phase,
                    at: Instant::now(),
                },
            );
            let ack = senders[node]
                .command(json!({"publish": {"channel": channel, "data": {"text": text, "client_msg_id": format!("m-{count}")}}}))
                .await;
            assert!(ack.get("publish").is_some(), "{phase:?}: {ack}");
            count += 1;
            if !checked && until - Instant::now() < Duration::from_secs(length / 2) {
                checked = true;
                degraded_seen.push((phase, bus_status(&nodes[0].address).await));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        ends.insert(phase, Instant::now());
    }
    drop(senders);

    let sent = sent.lock().unwrap().clone();
    let mut figures = Vec::new();
    for (listener_node, listener) in listeners.into_iter().enumerate() {
        let seen = listener.await.unwrap();
        // Exactly once, in offset order, gap-free (offset 1 is the ticket's creation).
        let offsets: Vec<u64> = seen.iter().map(|s| s.0).collect();
        let expected: Vec<u64> = (2..2 + count as u64).collect();
        assert_eq!(
            offsets,
            expected,
            "node {} saw every message once, in order",
            listener_node + 1
        );
        let mut latencies: HashMap<(Phase, bool), Vec<Duration>> = HashMap::new();
        for (_, text, arrived) in &seen {
            let s = sent[text];
            let local = s.node == listener_node;
            latencies
                .entry((s.phase, local))
                .or_default()
                .push(*arrived - s.at);
            // Delivered during the outage, not only once Redis came back:
            // messages sent before the last 3 s of an outage arrived before
            // its end.
            if matches!(s.phase, Phase::Killed | Phase::Paused) {
                let end = ends[&s.phase];
                if end - s.at > Duration::from_secs(3) {
                    assert!(
                        *arrived < end,
                        "{text} ({:?}, sent on node {}) reached node {} only after Redis returned",
                        s.phase,
                        s.node + 1,
                        listener_node + 1
                    );
                }
            }
        }
        figures.push((listener_node, latencies));
    }
    println!("Redis outage, {count} messages, 2 nodes:");
    for phase in [Phase::Healthy, Phase::Killed, Phase::Paused, Phase::After] {
        for local in [true, false] {
            let all: Vec<Duration> = figures
                .iter()
                .flat_map(|(_, l)| l.get(&(phase, local)).cloned().unwrap_or_default())
                .collect();
            println!(
                "  {phase:?} {}: {}",
                if local { "local" } else { "cross-node" },
                summary(all)
            );
        }
    }
    for (phase, status) in &degraded_seen {
        if matches!(phase, Phase::Killed | Phase::Paused) {
            assert_eq!(status, "degraded", "/readyz during {phase:?}");
        }
    }
    // Healthy again once Redis is back.
    let mut status = String::new();
    for _ in 0..50 {
        status = bus_status(&nodes[1].address).await;
        if status == "connected" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, "connected", "the bus recovers");
}
