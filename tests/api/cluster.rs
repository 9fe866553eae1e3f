//! Several nodes: two `faena serve` processes sharing one PostgreSQL database
//! and one Redis. A client on node 1 and one on node 2 chat in the same
//! ticket; a publish on either reaches both, in the same offset order.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::helpers::*;
use crate::ws::Ws;

/// A server process, killed when dropped.
pub(crate) struct Node {
    child: Child,
    pub(crate) address: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn redis_url() -> String {
    std::env::var("FAENA_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into())
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn faena(database_url: &str, dir: &std::path::Path) -> Command {
    faena_with_redis(database_url, dir, &redis_url())
}

pub(crate) fn faena_with_redis(database_url: &str, dir: &std::path::Path, redis: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_faena"));
    cmd.env("FAENA__DATABASE__URL", database_url)
        .env("FAENA__REDIS__URL", redis)
        .env("FAENA__MAIL__OUTBOX_DIR", dir.join("mail"))
        .env("FAENA__UPLOADS__DIR", dir.join("uploads"))
        .env("FAENA__LOG__FILTER", "warn");
    cmd
}

async fn start_node(database_url: &str, dir: &std::path::Path) -> Node {
    start_node_with(faena(database_url, dir)).await
}

pub(crate) async fn start_node_with(mut command: Command) -> Node {
    let port = free_port();
    let child = command
        .arg("serve")
        .env("FAENA__SERVER__PORT", port.to_string())
        .stdout(Stdio::null())
        .spawn()
        .expect("start a node");
    // The guard owns the process from here on: killed and reaped on drop,
    // even if the node never becomes ready.
    let node = Node {
        child,
        address: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if let Ok(r) = client.get(format!("{}/readyz", node.address)).send().await
            && r.status() == 200
        {
            return node;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("node on {} did not become ready", node.address);
}

pub(crate) async fn login_at(address: &str, role: &str) -> Session {
    let (email, password) = demo_credentials(role);
    let mut s = Session {
        client: crate::helpers::browser_client(address),
        base: address.to_string(),
        token: None,
        user: serde_json::Value::Null,
    };
    let body = json_ok(
        s.post(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
        .await,
        200,
    )
    .await;
    s.token = body["token"].as_str().map(str::to_owned);
    s.user = body["user"].clone();
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_a_ticket_chat_through_redis() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database(Backend::Postgres, dir.path()).await;
    let demo = faena(&database_url, dir.path())
        .arg("demo")
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let node1 = start_node(&database_url, dir.path()).await;
    let node2 = start_node(&database_url, dir.path()).await;

    let customer = login_at(&node1.address, "customer").await;
    let operator = login_at(&node2.address, "operator").await;
    let ticket = json_ok(
        customer
            .post("/api/v1/tickets", json!({"type": "billing", "subject": "Factura duplicada", "description": "Dos veces"}))
            .await,
        201,
    )
    .await;
    let channel = format!("ticket:{}", ticket["id"].as_str().unwrap());

    let mut on_node1 = Ws::connect_as_at(&node1.address, &customer).await;
    let mut on_node2 = Ws::connect_as_at(&node2.address, &operator).await;
    on_node1
        .command(json!({"subscribe": {"channel": channel}}))
        .await;
    on_node2
        .command(json!({"subscribe": {"channel": channel}}))
        .await;

    for round in 0..5 {
        let ack = on_node1
            .command(json!({"publish": {"channel": channel, "data": {"text": format!("desde el nodo 1 #{round}"), "client_msg_id": format!("n1-{round}")}}}))
            .await;
        assert!(ack.get("publish").is_some(), "{ack}");
        let ack = on_node2
            .command(json!({"publish": {"channel": channel, "data": {"text": format!("desde el nodo 2 #{round}"), "client_msg_id": format!("n2-{round}")}}}))
            .await;
        assert!(ack.get("publish").is_some(), "{ack}");
    }
    // Both clients see the same ten messages in the same offset order (the
    // ticket's creation event is offset 1).
    for ws in [&mut on_node1, &mut on_node2] {
        let mut seen = Vec::new();
        while seen.len() < 10 {
            let push = ws.publication().await;
            seen.push((
                push["pub"]["offset"].as_u64().unwrap(),
                push["pub"]["data"]["text"].as_str().unwrap().to_string(),
            ));
        }
        let offsets: Vec<u64> = seen.iter().map(|s| s.0).collect();
        assert_eq!(
            offsets,
            (2..=11).collect::<Vec<u64>>(),
            "gap-free and ordered on every node"
        );
        assert_eq!(seen[0].1, "desde el nodo 1 #0");
        assert_eq!(seen[1].1, "desde el nodo 2 #0");
    }
    drop(node1);
    drop(node2);
}
