//! The `faena` command line: migrate, demo (idempotent) and create-master
//! (password from standard input), run as a real process against the test's
//! database.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::json;

use crate::helpers::*;

fn faena(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faena"))
        .args(args)
        .env("FAENA__DATABASE__URL", &app.database_url)
        .env("FAENA__MAIL__OUTBOX_DIR", &app.mail_dir)
        .env("FAENA__LOG__FILTER", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faena");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

async fn cli_migrate_demo_and_create_master(app: TestApp) {
    let out = faena(&app, &["migrate"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Twice: the demo loader is idempotent.
    for _ in 0..2 {
        let out = faena(&app, &["demo"], "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let master = app.login_as("master").await;
    let users = json_ok(master.get("/api/v1/users").await, 200).await;
    assert_eq!(
        users.as_array().unwrap().len(),
        5,
        "five demo staff users, once each"
    );
    let customers = json_ok(master.get("/api/v1/customers").await, 200).await;
    assert_eq!(customers["items"].as_array().unwrap().len(), 3);

    // create-master reads the password from stdin.
    let out = faena(
        &app,
        &["create-master", "--email", "Boss@Example.com"],
        "a-long-password\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let boss = app.login("boss@example.com", "a-long-password").await;
    assert_eq!(boss.user["role"], "master");

    // A weak password or a taken e-mail fails with a message and creates nothing.
    let out = faena(
        &app,
        &["create-master", "--email", "other@example.com"],
        "short\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least"));
    let out = faena(
        &app,
        &["create-master", "--email", "boss@example.com"],
        "a-long-password\n",
    );
    assert!(!out.status.success());
    let r = app
        .anonymous()
        .post(
            "/api/v1/auth/login",
            json!({"email": "other@example.com", "password": "short"}),
        )
        .await;
    assert_eq!(r.status(), 401);
}

both_backends!(cli_migrate_demo_and_create_master);
