//! Notifications: the transactional outbox (claimed once, never resent,
//! retried with backoff, dead letters), e-mails to a real SMTP server on
//! loopback (aiosmtpd, started by the test), and order events reaching the
//! customer's portal contacts — public ones only.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use faena::config::{Settings, SmtpSecurity};
use faena::domain::Timestamp;
use faena::domain::notification::{NotificationKind, SubjectType};
use faena::store::outbox::{Delivery, DeliveryChannel, DeliveryStatus, NewNotification};
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, customer_id};
use crate::helpers::*;

// --- helpers -----------------------------------------------------------------

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// The Python with aiosmtpd (scripts/test.sh installs it when missing).
fn python_with_aiosmtpd() -> String {
    for candidate in ["python3", "/usr/bin/python3"] {
        let ok = Command::new(candidate)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return candidate.to_string();
        }
    }
    panic!("aiosmtpd is not installed: run scripts/test.sh or apt-get install python3-aiosmtpd");
}

/// A port nobody listens on (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A real SMTP server on 127.0.0.1 writing each message to `dir`.
struct SmtpSink {
    child: Child,
    dir: PathBuf,
    _tmp: tempfile::TempDir,
}

impl SmtpSink {
    fn start(port: u16) -> SmtpSink {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("received");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notify/smtp_sink.py");
        let mut child = Command::new(python_with_aiosmtpd())
            .arg(script)
            .arg(port.to_string())
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        SmtpSink {
            child,
            dir,
            _tmp: tmp,
        }
    }

    /// The messages received so far, decoded, oldest first.
    fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        files.sort();
        files
            .iter()
            .map(|p| decode_quoted_printable(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        // Only the process this test started.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Settings for delivering to an SMTP server on loopback, retrying fast.
fn smtp_settings(port: u16, max_attempts: i32) -> impl FnOnce(&mut Settings) {
    move |s: &mut Settings| {
        s.mail.smtp_host = "127.0.0.1".into();
        s.mail.smtp_port = port;
        s.mail.smtp_security = SmtpSecurity::None;
        s.notifications.poll_interval_millis = 50;
        s.notifications.backoff_base_millis = 100;
        s.notifications.backoff_max_seconds = 1;
        s.notifications.max_attempts = max_attempts;
    }
}

async fn deliveries_with_key(app: &TestApp, prefix: &str) -> Vec<Delivery> {
    app.services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_by_key_prefix(prefix)
        .await
        .unwrap()
}

/// Polls `check` every 50 ms for up to `secs` seconds.
async fn eventually<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn request_recovery(app: &TestApp, email: &str) {
    let r = app
        .anonymous()
        .post("/api/v1/auth/recover", json!({"email": email}))
        .await;
    assert_eq!(r.status(), 202);
}

async fn deliveries_of(s: &Session, subject_type: &str, id: &str) -> Vec<Value> {
    json_ok(
        s.get(&format!(
            "/api/v1/notifications/deliveries?subject_type={subject_type}&subject_id={id}"
        ))
        .await,
        200,
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

async fn status_id(s: &Session, visibility: &str, label: &str) -> String {
    let list = json_ok(
        s.get(&format!("/api/v1/order-statuses?visibility={visibility}"))
            .await,
        200,
    )
    .await;
    id_of(
        list.as_array()
            .unwrap()
            .iter()
            .find(|st| st["label"] == label)
            .unwrap(),
    )
}

// --- stories -----------------------------------------------------------------

both_backends!(
    technicians_are_told_of_new_assignments,
    order_events_notify_portal_contacts_but_internal_ones_never_do,
    push_reaches_the_browser_encrypted_and_expired_subscriptions_go,
    preferences_and_the_one_click_link_silence_optional_notifications,
);

/// Store stories run without the app's own worker, which would race them.
mod outbox_store {
    use super::*;

    async fn app(backend: Backend) -> TestApp {
        spawn_app_with(backend, |s| s.notifications.worker_enabled = false).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_claims_each_row_once_and_never_resends() {
        the_outbox_claims_each_row_once_and_never_resends(app(Backend::Sqlite).await).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_claims_each_row_once_and_never_resends() {
        the_outbox_claims_each_row_once_and_never_resends(app(Backend::Postgres).await).await;
    }
}

async fn technicians_are_told_of_new_assignments(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let technician = app.login_as("technician").await;
    let tech = technician.user_id();
    let first = customer_id(&admin, FIRST_DEMO).await;
    let assigned = |rows: &[Value]| {
        rows.iter()
            .filter(|d| d["kind"] == "order_assigned" && d["recipient_user_id"] == tech.as_str())
            .cloned()
            .collect::<Vec<_>>()
    };
    // Put on an order when it is created: one in-app notification (no
    // e-mail: it is for the phone), with the page to open.
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": first, "reason": "Fuga de aceite", "service_value": "10.00",
                       "technician_ids": [tech]}),
            )
            .await,
        201,
    )
    .await;
    let id = id_of(&order);
    let rows = assigned(&deliveries_of(&admin, "order", &id).await);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["channel"], "in_app");
    // The payload is not in the API's delivery log; read the row itself.
    let row = deliveries_with_key(&app, "order_assigned:").await;
    let payload: Value = serde_json::from_str(&row[0].payload).unwrap();
    assert!(
        payload["title"]
            .as_str()
            .unwrap()
            .contains(order["number"].as_str().unwrap())
    );
    assert_eq!(payload["url"], format!("/orders/{id}"));
    assert!(payload["body"].as_str().unwrap().contains("Fuga de aceite"));

    // The same set again changes nothing and tells nobody.
    let path = format!("/api/v1/orders/{id}/technicians");
    json_ok(
        admin.put(&path, json!({"technician_ids": [tech]})).await,
        200,
    )
    .await;
    assert_eq!(
        assigned(&deliveries_of(&admin, "order", &id).await).len(),
        1
    );
    // Taken off, then put back: a new assignment, a new notification.
    json_ok(admin.put(&path, json!({"technician_ids": []})).await, 200).await;
    json_ok(
        admin.put(&path, json!({"technician_ids": [tech]})).await,
        200,
    )
    .await;
    assert_eq!(
        assigned(&deliveries_of(&admin, "order", &id).await).len(),
        2
    );
    // The office's log of every delivery shows it too (master and admin),
    // newest first; half a record or a bad limit is refused.
    let log = json_ok(
        admin
            .get("/api/v1/notifications/deliveries?limit=500")
            .await,
        200,
    )
    .await;
    let log = log.as_array().unwrap();
    assert!(log.iter().any(|d| d["kind"] == "order_assigned"), "{log:?}");
    let created: Vec<&str> = log
        .iter()
        .map(|d| d["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let sent = json_ok(
        admin
            .get("/api/v1/notifications/deliveries?status=sent")
            .await,
        200,
    )
    .await;
    assert!(
        sent.as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "sent")
    );
    assert_problem(
        admin
            .get("/api/v1/notifications/deliveries?subject_type=order")
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        admin.get("/api/v1/notifications/deliveries?limit=0").await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.login_as("operator")
            .await
            .get("/api/v1/notifications/deliveries")
            .await,
        403,
        "forbidden",
    )
    .await;
    // The technician's own log (what was sent to them) has them too.
    let theirs = deliveries_of(&admin, "user", &tech).await;
    assert_eq!(assigned(&theirs).len(), 2, "{theirs:?}");
    assert!(
        theirs
            .iter()
            .all(|d| d["recipient_user_id"] == tech.as_str()
                || (d["subject_type"] == "user" && d["subject_id"] == tech.as_str()))
    );
    assert_problem(
        admin
            .get("/api/v1/notifications/deliveries?subject_type=user&subject_id=nope")
            .await,
        422,
        "validation_failed",
    )
    .await;
    // No e-mail to the technician about it.
    let (tech_email, _) = demo_credentials("technician");
    assert!(!app.emails().iter().any(
        |m| m.to_lowercase().contains(&format!("to: {tech_email}")) && m.contains("asignaron")
    ));
}

async fn order_events_notify_portal_contacts_but_internal_ones_never_do(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let technician = app.login_as("technician").await;
    let (customer_email, _) = demo_credentials("customer");
    let first = customer_id(&admin, FIRST_DEMO).await;
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": first, "reason": "No arranca", "service_value": "100.00"}),
            )
            .await,
        201,
    )
    .await;
    let id = id_of(&order);
    let number = order["number"].as_str().unwrap().to_string();
    let mails_to_customer = |app: &TestApp| {
        app.emails()
            .iter()
            .filter(|m| m.to_lowercase().contains(&format!("to: {customer_email}")))
            .count()
    };

    // An internal event: nothing for the customer, on any channel.
    let waiting = status_id(&admin, "internal", "Esperando repuesto").await;
    json_ok(
        admin
            .post(
                &format!("/api/v1/orders/{id}/events"),
                json!({"visibility": "internal", "status_id": waiting,
                       "comment": "Proveedor X cobra 40"}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(mails_to_customer(&app), 0);
    assert!(deliveries_of(&admin, "order", &id).await.is_empty());

    // A public status update: an e-mail and an in-app notification.
    let diagnosing = status_id(&admin, "public", "En diagnóstico").await;
    json_ok(
        admin
            .post(
                &format!("/api/v1/orders/{id}/events"),
                json!({"visibility": "public", "status_id": diagnosing,
                       "comment": "Revisamos el alternador"}),
            )
            .await,
        201,
    )
    .await;
    let mail = app.last_email_to(customer_email);
    assert!(mail.contains("En diagn"), "{mail}");
    assert!(mail.contains(&number), "{mail}");
    assert!(mail.contains("Revisamos el alternador"), "{mail}");
    assert!(!mail.contains("Proveedor X"), "{mail}");
    assert!(mail.contains(&format!("/o/{}", order["qr_token"].as_str().unwrap())));
    assert_eq!(mails_to_customer(&app), 1);

    let log = deliveries_of(&admin, "order", &id).await;
    assert_eq!(log.len(), 2, "{log:?}");
    let email = log.iter().find(|d| d["channel"] == "email").unwrap();
    assert_eq!(email["status"], "sent");
    assert_eq!(email["attempts"], 1);
    assert_eq!(email["recipient_address"], customer_email);
    assert_eq!(email["kind"], "order_update");
    let in_app = log.iter().find(|d| d["channel"] == "in_app").unwrap();
    assert_eq!(
        in_app["recipient_address"],
        format!("user:{}", customer.user_id())
    );

    // Only office roles read the delivery log; only master/admin the dead letters.
    for s in [&customer, &technician] {
        assert_problem(
            s.get(&format!(
                "/api/v1/notifications/deliveries?subject_type=order&subject_id={id}"
            ))
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    let operator = app.login_as("operator").await;
    assert_problem(
        operator.get("/api/v1/notifications/dead").await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        json_ok(admin.get("/api/v1/notifications/dead").await, 200).await,
        json!([])
    );

    // Payment receipt and order closed reach the customer too.
    let methods = json_ok(admin.get("/api/v1/payment-methods").await, 200).await;
    let cash = id_of(
        methods
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "Efectivo")
            .unwrap(),
    );
    json_ok(
        admin
            .post(
                &format!("/api/v1/orders/{id}/payments"),
                json!({"amount": "100.00", "method_id": cash, "reference": ""}),
            )
            .await,
        201,
    )
    .await;
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{id}/close"), json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(mails_to_customer(&app), 3);
    let kinds: Vec<String> = deliveries_of(&admin, "order", &id)
        .await
        .iter()
        .filter(|d| d["channel"] == "email")
        .map(|d| d["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    for kind in ["order_update", "payment_receipt", "order_closed"] {
        assert!(kinds.iter().any(|k| k == kind), "{kinds:?}");
    }
    let closed = app.last_email_to(customer_email);
    assert!(closed.contains("cerrada"), "{closed}");
}

async fn the_outbox_claims_each_row_once_and_never_resends(app: TestApp) {
    let store = &app.services.store;
    let backend = store.backend();
    let now = Timestamp::now();
    let row = |key: &'static str| NewNotification {
        kind: NotificationKind::Invitation,
        channel: DeliveryChannel::Email,
        recipient_user_id: None,
        recipient_address: "x@example.com",
        payload: "{}",
        idempotency_key: key,
        subject_type: SubjectType::User,
        subject_id: "1",
        status: DeliveryStatus::Pending,
        now,
    };
    let mut conn = store.conn().await.unwrap();
    assert!(conn.enqueue_notification(&row("k1")).await.unwrap());
    assert!(
        !conn.enqueue_notification(&row("k1")).await.unwrap(),
        "the same key is enqueued once"
    );
    drop(conn);

    // Several claimers at once (nodes): the row goes to exactly one.
    let lease = now + chrono::TimeDelta::seconds(60);
    let mut claims = Vec::new();
    for _ in 0..4 {
        let store = store.clone();
        claims.push(tokio::spawn(async move {
            store
                .conn()
                .await
                .unwrap()
                .claim_due_notifications(backend, Timestamp::now(), lease, 10)
                .await
                .unwrap()
        }));
    }
    let mut claimed = Vec::new();
    for c in claims {
        claimed.extend(c.await.unwrap());
    }
    assert_eq!(claimed.len(), 1, "claimed once");
    assert_eq!(claimed[0].attempts, 1);
    assert_eq!(claimed[0].status, DeliveryStatus::Sending);

    // Sent: never claimed again, not even after the lease.
    let mut conn = store.conn().await.unwrap();
    conn.mark_notification_sent(claimed[0].id, Timestamp::now())
        .await
        .unwrap();
    let later = Timestamp::now() + chrono::TimeDelta::hours(2);
    assert!(
        conn.claim_due_notifications(backend, later, later, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A claim whose node died is retried once its lease runs out.
    assert!(conn.enqueue_notification(&row("k2")).await.unwrap());
    let t0 = Timestamp::now();
    let first = conn
        .claim_due_notifications(backend, t0, t0 + chrono::TimeDelta::seconds(30), 10)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    let t1 = t0 + chrono::TimeDelta::seconds(10);
    assert!(
        conn.claim_due_notifications(backend, t1, t1, 10)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    let t2 = t0 + chrono::TimeDelta::seconds(31);
    let again = conn
        .claim_due_notifications(backend, t2, t2 + chrono::TimeDelta::seconds(30), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 2);

    // Failed with a retry time: due again then, not before.
    let retry_at = t2 + chrono::TimeDelta::seconds(5);
    conn.mark_notification_failed(again[0].id, "boom", Some(retry_at))
        .await
        .unwrap();
    assert!(
        conn.claim_due_notifications(backend, t2, t2, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let third = conn
        .claim_due_notifications(backend, retry_at, retry_at, 10)
        .await
        .unwrap();
    assert_eq!(third.len(), 1);
    // Out of attempts: a dead letter, which an admin may queue again.
    conn.mark_notification_failed(third[0].id, "still down", None)
        .await
        .unwrap();
    let dead = conn.dead_deliveries(10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error, "still down");
    assert_eq!(dead[0].attempts, 3);
    assert!(
        conn.retry_dead_delivery(dead[0].id, Timestamp::now())
            .await
            .unwrap()
    );
    assert!(conn.dead_deliveries(10).await.unwrap().is_empty());
    let back = conn
        .claim_due_notifications(backend, later, later, 10)
        .await
        .unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].attempts, 1, "fresh attempts");
}

// --- a real SMTP server on loopback -------------------------------------------

mod smtp {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_outage_then_delivery() {
        smtp_down_then_up(Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_outage_then_delivery() {
        smtp_down_then_up(Backend::Postgres).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_dead_letter() {
        dead_letter_after_max_attempts(Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_dead_letter() {
        dead_letter_after_max_attempts(Backend::Postgres).await;
    }
}

/// SMTP down, then up: the e-mail is retried and delivered once — nothing
/// lost, nothing doubled — and its link works.
async fn smtp_down_then_up(backend: Backend) {
    let port = free_port();
    let app = spawn_app_with(backend, smtp_settings(port, 50)).await;
    app.load_demo().await;
    request_recovery(&app, "admin@faena.demo").await;

    eventually(15, "two failed attempts", || async {
        let rows = deliveries_with_key(&app, "password_recovery:").await;
        rows.len() == 1 && rows[0].attempts >= 2 && !rows[0].last_error.is_empty()
    })
    .await;
    let row = &deliveries_with_key(&app, "password_recovery:").await[0];
    assert_ne!(row.status, DeliveryStatus::Sent);

    let sink = SmtpSink::start(port);
    eventually(15, "delivered after the server came back", || async {
        deliveries_with_key(&app, "password_recovery:").await[0].status == DeliveryStatus::Sent
    })
    .await;
    // Give a duplicate every chance to show up.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let received = sink.messages();
    assert_eq!(received.len(), 1, "delivered exactly once");
    assert!(received[0].contains("admin@faena.demo"));
    let token = link_token(&received[0], "reset-password");
    let r = app
        .anonymous()
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "after-the-outage"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    app.login("admin@faena.demo", "after-the-outage").await;
}

/// After `max_attempts` failures a delivery is a dead letter: listed for
/// admins with its last error, and delivered when they retry it.
async fn dead_letter_after_max_attempts(backend: Backend) {
    let port = free_port();
    let app = spawn_app_with(backend, smtp_settings(port, 2)).await;
    app.load_demo().await;
    request_recovery(&app, "operador@faena.demo").await;
    eventually(15, "a dead letter", || async {
        deliveries_with_key(&app, "password_recovery:").await[0].status == DeliveryStatus::Dead
    })
    .await;

    let admin = app.login_as("admin").await;
    let dead = json_ok(admin.get("/api/v1/notifications/dead").await, 200).await;
    let dead = dead.as_array().unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0]["attempts"], 2);
    assert_eq!(dead[0]["channel"], "email");
    assert_eq!(dead[0]["recipient_address"], "operador@faena.demo");
    assert!(!dead[0]["last_error"].as_str().unwrap().is_empty());
    let user_log = deliveries_of(
        &admin,
        "user",
        dead[0]["recipient_user_id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(user_log.len(), 1);
    assert_eq!(user_log[0]["status"], "dead");

    let sink = SmtpSink::start(port);
    let r = admin
        .post(
            &format!("/api/v1/notifications/dead/{}/retry", id_of(&dead[0])),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 204);
    eventually(15, "delivered after the retry", || async {
        sink.messages().len() == 1
    })
    .await;
    assert!(sink.messages()[0].contains("reset-password?token="));
    assert_eq!(
        json_ok(admin.get("/api/v1/notifications/dead").await, 200).await,
        json!([])
    );
    assert_problem(
        admin
            .post(
                &format!("/api/v1/notifications/dead/{}/retry", id_of(&dead[0])),
                json!({}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
}

// --- Web Push to a loopback push service ---------------------------------------

/// One request the loopback push service received.
struct PushRequest {
    path: String,
    authorization: String,
    content_encoding: String,
    body: Vec<u8>,
}

/// Plays a push service on 127.0.0.1: answers 201, or 410 for paths
/// containing `gone`, and records every request.
struct PushService {
    base: String,
    received: std::sync::Arc<tokio::sync::Mutex<Vec<PushRequest>>>,
}

impl PushService {
    async fn start() -> PushService {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let received: std::sync::Arc<tokio::sync::Mutex<Vec<PushRequest>>> = Default::default();
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut conn, _)) = listener.accept().await else {
                    return;
                };
                let log = log.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    let head_end = loop {
                        let n = conn.read(&mut chunk).await.unwrap();
                        assert!(n > 0, "the request ended early");
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                    let header = |name: &str| {
                        head.lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.trim()
                                    .eq_ignore_ascii_case(name)
                                    .then(|| v.trim().to_string())
                            })
                            .unwrap_or_default()
                    };
                    let length: usize = header("content-length").parse().unwrap_or(0);
                    while buf.len() < head_end + length {
                        let n = conn.read(&mut chunk).await.unwrap();
                        assert!(n > 0, "the body ended early");
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    let path = head
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_string();
                    let status = if path.contains("gone") {
                        "410 Gone"
                    } else {
                        "201 Created"
                    };
                    log.lock().await.push(PushRequest {
                        path,
                        authorization: header("authorization"),
                        content_encoding: header("content-encoding"),
                        body: buf[head_end..head_end + length].to_vec(),
                    });
                    let answer = format!(
                        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                    conn.write_all(answer.as_bytes()).await.unwrap();
                    conn.shutdown().await.ok();
                });
            }
        });
        PushService { base, received }
    }
}

/// A browser's push keys: its P-256 secret and the subscription JSON keys.
struct Browser {
    secret: web_push_native::p256::SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new() -> Browser {
        use rand::RngCore;
        let mut scalar = [0u8; 32];
        rand::rng().fill_bytes(&mut scalar);
        let mut auth = [0u8; 16];
        rand::rng().fill_bytes(&mut auth);
        Browser {
            secret: web_push_native::p256::SecretKey::from_slice(&scalar).unwrap(),
            auth,
        }
    }
    fn keys(&self) -> Value {
        use base64::Engine;
        use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let point = self.secret.public_key().to_encoded_point(false);
        json!({"p256dh": b64.encode(point.as_bytes()), "auth": b64.encode(self.auth)})
    }
    /// Decrypts an `aes128gcm` push body (RFC 8291) as the browser would.
    fn decrypt(&self, body: &[u8]) -> Value {
        let plain = web_push_native::decrypt(
            body.to_vec(),
            &self.secret,
            &web_push_native::Auth::clone_from_slice(&self.auth),
        )
        .expect("the push payload decrypts with the browser's keys");
        serde_json::from_slice(&plain).unwrap()
    }
}

async fn delete_json(s: &Session, path: &str, body: Value) -> reqwest::Response {
    s.client
        .delete(format!("{}{path}", s.base))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn push_reaches_the_browser_encrypted_and_expired_subscriptions_go(app: TestApp) {
    app.load_demo().await;
    let service = PushService::start().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;

    // The VAPID key is public, generated once and kept.
    let key = json_ok(
        app.anonymous().get("/api/v1/push/vapid-public-key").await,
        200,
    )
    .await;
    let vapid = key["public_key"].as_str().unwrap().to_string();
    assert_eq!(vapid.len(), 87, "base64url of a 65-byte point");
    let again = json_ok(customer.get("/api/v1/push/vapid-public-key").await, 200).await;
    assert_eq!(again["public_key"], vapid.as_str());

    // Invalid subscriptions are refused with problem+json, naming the field.
    let phone = Browser::new();
    let good = phone.keys();
    let bad_cases = [
        (
            json!({"endpoint": "ftp://push.example/x", "keys": good}),
            "endpoint",
        ),
        (json!({"endpoint": "not a url", "keys": good}), "endpoint"),
        (
            json!({"endpoint": format!("{}/push/ok", service.base),
                   "keys": {"p256dh": "AAAA", "auth": good["auth"]}}),
            "keys.p256dh",
        ),
        (
            json!({"endpoint": format!("{}/push/ok", service.base),
                   "keys": {"p256dh": good["p256dh"], "auth": "c2hvcnQ"}}),
            "keys.auth",
        ),
        (
            json!({"endpoint": format!("{}/push/ok", service.base),
                   "keys": {"p256dh": "not base64 !!", "auth": good["auth"]}}),
            "keys.p256dh",
        ),
    ];
    for (body, field) in bad_cases {
        let problem = assert_problem(
            customer
                .post("/api/v1/push/subscriptions", body.clone())
                .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["field"], field, "{body} → {problem}");
    }
    assert_problem(
        customer
            .post(
                "/api/v1/push/subscriptions",
                json!({"endpoint": "https://x.example/"}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.anonymous()
            .post(
                "/api/v1/push/subscriptions",
                json!({"endpoint": format!("{}/push/ok", service.base), "keys": good}),
            )
            .await,
        401,
        "unauthenticated",
    )
    .await;

    // Two browsers: the phone, and an old laptop whose subscription expired.
    let laptop = Browser::new();
    json_ok(
        customer
            .post(
                "/api/v1/push/subscriptions",
                json!({"endpoint": format!("{}/push/ok", service.base), "keys": good,
                       "device": "Teléfono", "expirationTime": null}),
            )
            .await,
        201,
    )
    .await;
    json_ok(
        customer
            .post(
                "/api/v1/push/subscriptions",
                json!({"endpoint": format!("{}/push/gone", service.base), "keys": laptop.keys()}),
            )
            .await,
        201,
    )
    .await;
    let mine = json_ok(customer.get("/api/v1/push/subscriptions").await, 200).await;
    assert_eq!(mine.as_array().unwrap().len(), 2);

    // A public event on the customer's order is pushed to both browsers.
    let first = customer_id(&admin, FIRST_DEMO).await;
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": first, "reason": "Ruido en el motor", "service_value": "80.00"}),
            )
            .await,
        201,
    )
    .await;
    let id = id_of(&order);
    let number = order["number"].as_str().unwrap().to_string();
    json_ok(
        admin
            .post(
                &format!("/api/v1/orders/{id}/events"),
                json!({"visibility": "public", "comment": "Ya llegó el repuesto"}),
            )
            .await,
        201,
    )
    .await;
    eventually(15, "pushes to both browsers", || async {
        service.received.lock().await.len() >= 2
    })
    .await;
    eventually(15, "the push deliveries settle", || async {
        let log = deliveries_of(&admin, "order", &id).await;
        log.iter()
            .filter(|d| d["channel"] == "push")
            .all(|d| d["status"] == "sent" || d["status"] == "dead")
    })
    .await;

    let received = service.received.lock().await;
    assert_eq!(received.len(), 2, "one push per browser, no resends");
    let to_phone = received.iter().find(|r| r.path == "/push/ok").unwrap();
    assert_eq!(to_phone.content_encoding, "aes128gcm");
    assert!(
        to_phone.authorization.starts_with("vapid t=")
            && to_phone.authorization.contains(&format!("k={vapid}")),
        "{}",
        to_phone.authorization
    );
    let message = phone.decrypt(&to_phone.body);
    assert_eq!(message["kind"], "notification");
    assert_eq!(message["notification"], "order_update");
    assert_eq!(message["subject_id"], id.as_str());
    assert!(
        message["title"].as_str().unwrap().contains(&number),
        "{message}"
    );
    assert!(
        message["body"]
            .as_str()
            .unwrap()
            .contains("Ya llegó el repuesto"),
        "{message}"
    );
    // A short body (no greeting, no links) and the page to open.
    assert!(
        !message["body"].as_str().unwrap().contains("http"),
        "{message}"
    );
    assert!(
        message["url"].as_str().unwrap().starts_with("/o/"),
        "{message}"
    );
    let to_laptop = received.iter().find(|r| r.path == "/push/gone").unwrap();
    assert!(laptop.decrypt(&to_laptop.body)["title"].is_string());
    drop(received);

    // 410: the expired subscription is removed and the delivery is not retried.
    let log = deliveries_of(&admin, "order", &id).await;
    let pushes: Vec<&Value> = log.iter().filter(|d| d["channel"] == "push").collect();
    assert_eq!(pushes.len(), 2);
    let phone_delivery = pushes
        .iter()
        .find(|d| {
            d["recipient_address"]
                .as_str()
                .unwrap()
                .ends_with("/push/ok")
        })
        .unwrap();
    assert_eq!(phone_delivery["status"], "sent");
    let laptop_delivery = pushes
        .iter()
        .find(|d| {
            d["recipient_address"]
                .as_str()
                .unwrap()
                .ends_with("/push/gone")
        })
        .unwrap();
    assert_eq!(laptop_delivery["status"], "dead");
    assert_eq!(laptop_delivery["attempts"], 1);
    let mine = json_ok(customer.get("/api/v1/push/subscriptions").await, 200).await;
    let endpoints: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["endpoint"].as_str().unwrap())
        .collect();
    assert_eq!(endpoints, [format!("{}/push/ok", service.base)]);

    // Unsubscribing: once, and only one's own.
    let ok = json!({"endpoint": format!("{}/push/ok", service.base)});
    assert_problem(
        delete_json(&admin, "/api/v1/push/subscriptions", ok.clone()).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        delete_json(&customer, "/api/v1/push/subscriptions", ok.clone())
            .await
            .status(),
        204
    );
    assert_problem(
        delete_json(&customer, "/api/v1/push/subscriptions", ok).await,
        404,
        "not_found",
    )
    .await;
}

// --- preferences and one-click unsubscribe ------------------------------------------

async fn preferences_and_the_one_click_link_silence_optional_notifications(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let (customer_email, _) = demo_credentials("customer");

    let prefs = json_ok(customer.get("/api/v1/notifications/preferences").await, 200).await;
    let prefs = prefs.as_array().unwrap();
    assert_eq!(prefs.len(), 18, "six optional events by three channels");
    // All on, except the warranty notice, which a customer turns on (opt-in).
    assert!(
        prefs
            .iter()
            .all(|p| (p["enabled"] == true) == (p["kind"] != "warranty_notice"))
    );
    // Essential messages cannot be turned off.
    assert_problem(
        customer
            .put(
                "/api/v1/notifications/preferences",
                json!([{"kind": "password_recovery", "channel": "email", "enabled": false}]),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    let prefs = json_ok(
        customer
            .put(
                "/api/v1/notifications/preferences",
                json!([{"kind": "order_update", "channel": "in_app", "enabled": false}]),
            )
            .await,
        200,
    )
    .await;
    let off: Vec<&Value> = prefs
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["enabled"] == false && p["kind"] != "warranty_notice")
        .collect();
    assert_eq!(off.len(), 1);
    assert_eq!(off[0]["kind"], "order_update");
    assert_eq!(off[0]["channel"], "in_app");

    let first = customer_id(&admin, FIRST_DEMO).await;
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": first, "reason": "Fuga de aceite", "service_value": "50.00"}),
            )
            .await,
        201,
    )
    .await;
    let id = id_of(&order);
    let post_public = |comment: &'static str| {
        let admin = &admin;
        let id = id.clone();
        async move {
            json_ok(
                admin
                    .post(
                        &format!("/api/v1/orders/{id}/events"),
                        json!({"visibility": "public", "comment": comment}),
                    )
                    .await,
                201,
            )
            .await;
        }
    };
    post_public("Cambiamos el retén").await;
    let mail = app.last_email_to(customer_email);
    let log = deliveries_of(&admin, "order", &id).await;
    assert_eq!(log.len(), 1, "e-mail only; in-app is off: {log:?}");
    assert_eq!(log[0]["channel"], "email");

    // The e-mail names its opt-out link for mail clients (RFC 8058).
    let unfolded = mail.replace("\r\n ", " ").replace("\n ", " ");
    assert!(
        unfolded.contains("List-Unsubscribe: <http") && unfolded.contains("/unsubscribe?token="),
        "{mail}"
    );
    assert!(
        unfolded.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{mail}"
    );
    let token = link_token(&mail, "unsubscribe");
    assert_problem(
        app.anonymous()
            .get("/api/v1/notifications/unsubscribe?token=not-a-token")
            .await,
        422,
        "invalid_token",
    )
    .await;
    let email_prefs = |prefs: Value| -> Vec<(String, bool)> {
        prefs
            .as_array()
            .unwrap()
            .iter()
            // The opt-in warranty notice stays off: not this story's.
            .filter(|p| p["channel"] == "email" && p["kind"] != "warranty_notice")
            .map(|p| {
                (
                    p["kind"].as_str().unwrap().to_string(),
                    p["enabled"] == true,
                )
            })
            .collect()
    };
    // Opening the link (a person, or a mail scanner) only asks: it names
    // the one kind and changes nothing.
    let link = format!("/api/v1/notifications/unsubscribe?token={token}");
    let r = app.anonymous().get(&link).await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("avances de tus órdenes de servicio"),
        "{page}"
    );
    assert!(page.contains("<form method=\"post\""), "{page}");
    let prefs = json_ok(customer.get("/api/v1/notifications/preferences").await, 200).await;
    assert!(
        email_prefs(prefs).iter().all(|(_, on)| *on),
        "GET changed nothing"
    );
    // The mail client's one-click POST (no session) turns off that kind only.
    let r = app
        .anonymous()
        .post_raw(
            &link,
            "application/x-www-form-urlencoded",
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("Volver a suscribirme"), "{page}");
    let prefs = json_ok(customer.get("/api/v1/notifications/preferences").await, 200).await;
    for (kind, on) in email_prefs(prefs.clone()) {
        assert_eq!(on, kind != "order_update", "{kind}");
    }
    for p in prefs.as_array().unwrap() {
        if p["channel"] != "email" && p["kind"] != "warranty_notice" {
            let on = p["channel"] == "push" || p["kind"] != "order_update";
            assert_eq!(p["enabled"], on, "other channels untouched: {p}");
        }
    }
    // The way back: the same link subscribes again.
    let r = app
        .anonymous()
        .post_raw(
            &link,
            "application/x-www-form-urlencoded",
            "action=resubscribe",
        )
        .await;
    assert_eq!(r.status(), 200);
    let prefs = json_ok(customer.get("/api/v1/notifications/preferences").await, 200).await;
    assert!(email_prefs(prefs).iter().all(|(_, on)| *on));
    // Confirming on the page (the form's button) turns it off again.
    let r = app
        .anonymous()
        .post_raw(
            &link,
            "application/x-www-form-urlencoded",
            "action=unsubscribe",
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_problem(
        app.anonymous()
            .post_raw(
                &link,
                "application/x-www-form-urlencoded",
                "action=everything",
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    let mails_before = app.emails().len();
    post_public("Listo para retirar").await;
    assert_eq!(
        app.emails().len(),
        mails_before,
        "no more order updates by e-mail"
    );
    assert_eq!(deliveries_of(&admin, "order", &id).await.len(), 1);

    // Essential e-mail still arrives, without an unsubscribe link.
    request_recovery(&app, customer_email).await;
    let recovery = app.last_email_to(customer_email);
    assert!(recovery.contains("/reset-password?token="), "{recovery}");
    assert!(!recovery.contains("/unsubscribe?token="), "{recovery}");
}

// --- two nodes on one PostgreSQL database ----------------------------------------

/// Two servers share one PostgreSQL database and its outbox: every e-mail is
/// sent by exactly one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_on_postgres_send_each_notification_once() {
    let fast = |s: &mut Settings| {
        s.notifications.poll_interval_millis = 20;
        s.notifications.batch_size = 7;
    };
    let a = spawn_app_with(Backend::Postgres, fast).await;
    let url = a.database_url.clone();
    let b = spawn_app_with(Backend::Postgres, move |s| {
        fast(s);
        s.database.url = faena::config::Secret::new(url);
    })
    .await;

    const N: usize = 120;
    let now = Timestamp::now();
    let mut tx = a.services.store.begin().await.unwrap();
    let payload = serde_json::to_string(&faena::notify::templates::RenderedEmail {
        subject: "Prueba".into(),
        text: "hola".into(),
        html: "<p>hola</p>".into(),
        unsubscribe: None,
        attachments: Vec::new(),
    })
    .unwrap();
    for i in 0..N {
        let address = format!("n{i}@example.com");
        let key = format!("two-nodes:{i}");
        tx.enqueue_notification(&NewNotification {
            kind: NotificationKind::Invitation,
            channel: DeliveryChannel::Email,
            recipient_user_id: None,
            recipient_address: &address,
            payload: &payload,
            idempotency_key: &key,
            subject_type: SubjectType::User,
            subject_id: "two-nodes",
            status: DeliveryStatus::Pending,
            now,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    a.services.outbox_kick.notify_one();
    b.services.outbox_kick.notify_one();

    eventually(60, "all sent", || async {
        deliveries_with_key(&a, "two-nodes:")
            .await
            .iter()
            .all(|d| d.status == DeliveryStatus::Sent)
    })
    .await;
    let rows = deliveries_with_key(&a, "two-nodes:").await;
    assert_eq!(rows.len(), N);
    assert!(
        rows.iter().all(|d| d.attempts == 1),
        "no row was claimed twice"
    );

    let files = |app: &TestApp| {
        std::fs::read_dir(&app.mail_dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>()
    };
    let (from_a, from_b) = (files(&a), files(&b));
    assert_eq!(
        from_a.len() + from_b.len(),
        N,
        "each e-mail written exactly once"
    );
    let mut recipients: Vec<String> = from_a
        .iter()
        .chain(from_b.iter())
        .map(|m| {
            m.lines()
                .find(|l| l.to_lowercase().starts_with("to:"))
                .unwrap()
                .to_string()
        })
        .collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), N, "no e-mail twice");
    assert!(
        !from_a.is_empty() && !from_b.is_empty(),
        "both nodes took part ({} / {})",
        from_a.len(),
        from_b.len()
    );
}
