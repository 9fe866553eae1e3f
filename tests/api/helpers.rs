//! Test harness: `spawn_app(backend)` starts a real Faena server on port 0
//! with its own database — a fresh SQLite file, or a fresh schema in the
//! PostgreSQL database named by `FAENA_TEST_POSTGRES_URL` — and its own mail
//! and upload folders. The [`both_backends!`] macro runs one test story on
//! SQLite and on PostgreSQL.

use std::path::PathBuf;

use faena::app::Application;
use faena::config::{Secret, Settings};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    /// The test's own database, for running the `faena` CLI against it.
    pub database_url: String,
    pub backend: Backend,
    pub mail_dir: PathBuf,
    pub services: faena::services::Services,
    _dir: tempfile::TempDir,
}

/// The PostgreSQL server used by the tests (set by scripts/test.sh).
pub fn postgres_url() -> String {
    std::env::var("FAENA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("FAENA_TEST_POSTGRES_URL is not set: run the suite with scripts/test.sh, which starts PostgreSQL")
    })
}

/// A database URL for one test: its own SQLite file or its own PG schema.
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/faena.db", dir.display()),
        Backend::Postgres => {
            use sqlx::Connection;
            let base = postgres_url();
            let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
            let mut conn = sqlx::PgConnection::connect(&base)
                .await
                .expect("connect to PostgreSQL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&mut conn)
                .await
                .expect("create test schema");
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(backend, dir.path()).await;
    start_app(backend, &database_url, dir, tweak).await
}

/// Starts another app on an existing database (`database_url` of a running
/// or stopped [`TestApp`]), with its own mail and upload folders: a restart,
/// or a second node of a cluster.
pub async fn spawn_app_on(
    backend: Backend,
    database_url: &str,
    tweak: impl FnOnce(&mut Settings),
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    start_app(backend, database_url, dir, tweak).await
}

/// The one way a test starts a server: port 0, the given database, mail and
/// uploads in `dir` (kept as long as the app).
async fn start_app(
    backend: Backend,
    database_url: &str,
    dir: tempfile::TempDir,
    tweak: impl FnOnce(&mut Settings),
) -> TestApp {
    faena::telemetry::init_logs("warn");
    let mut settings = Settings::defaults();
    settings.server.port = 0;
    settings.database.url = Secret::new(database_url.to_string());
    settings.database.max_connections = 5;
    settings.mail.outbox_dir = dir.path().join("mail");
    settings.uploads.dir = dir.path().join("uploads");
    tweak(&mut settings);
    let mail_dir = settings.mail.outbox_dir.clone();
    let database_url = settings.database.url.expose().to_string();
    let app = Application::build(settings).await.expect("build app");
    let port = app.port();
    let services = app.services().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        database_url,
        backend,
        mail_dir,
        services,
        _dir: dir,
    }
}

impl Drop for TestApp {
    /// Stops the app's real-time actor system: its thread holds a clone of the
    /// services, so without this every finished test would keep its database
    /// pool (and its PostgreSQL connections) open until the process exits.
    fn drop(&mut self) {
        self.services.hub.stop();
    }
}

/// Runs `$body` with `$c` the test database's connection, on either backend.
#[macro_export]
macro_rules! on_db {
    ($conn:expr, $c:ident => $body:expr) => {
        match &mut $conn {
            faena::store::Conn::Sqlite(h) => {
                let $c = h.conn();
                $body
            }
            faena::store::Conn::Postgres(h) => {
                let $c = h.conn();
                $body
            }
        }
    };
}

/// The statements of a migration that start with `prefix`, comment lines
/// left out — to rerun a backfill and check what it computes (the
/// migrations keep semicolons out of such statements).
pub fn migration_statements(sql: &str, prefix: &str) -> Vec<String> {
    sql.split(';')
        .map(|statement| {
            statement
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string()
        })
        .filter(|statement| statement.starts_with(prefix))
        .collect()
}

/// Runs `$story(app)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await).await;
                }
            )*
        }
    };
}

/// A server with the scheduler off and the demo data loaded: the story
/// decides when the scheduler looks (`services.propose_due_visits()` …).
pub async fn quiet_app(backend: Backend) -> TestApp {
    let app = spawn_app_with(backend, |s| s.scheduler.enabled = false).await;
    app.load_demo().await;
    app
}

/// Runs `$story(app)` on SQLite and on PostgreSQL with [`quiet_app`].
#[macro_export]
macro_rules! quiet_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::quiet_app($crate::helpers::Backend::Sqlite).await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::quiet_app($crate::helpers::Backend::Postgres).await).await;
                }
            )*
        }
    };
}

/// An HTTP client with its own cookie jar that, like a browser on the web
/// client's pages, says it comes from `origin` (the server's own address):
/// cookie-signed requests without a matching `Origin` are refused as
/// cross-site.
pub fn browser_client(origin: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, origin.parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A signed-in (or anonymous) HTTP client with its own cookie jar.
pub struct Session {
    pub client: Client,
    pub base: String,
    pub token: Option<String>,
    pub user: Value,
}

impl TestApp {
    pub fn anonymous(&self) -> Session {
        Session {
            client: browser_client(&self.address),
            base: self.address.clone(),
            token: None,
            user: Value::Null,
        }
    }

    /// Loads the demo data set (one user of every role, customers, equipment).
    pub async fn load_demo(&self) {
        faena::services::demo::load(&self.services)
            .await
            .expect("demo data");
    }

    /// Signs in with the cookie jar; panics unless it succeeds.
    pub async fn login(&self, email: &str, password: &str) -> Session {
        let mut s = self.anonymous();
        let r = s
            .post(
                "/api/v1/auth/login",
                json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "login {email}");
        let body: Value = r.json().await.unwrap();
        s.token = body["token"].as_str().map(str::to_owned);
        s.user = body["user"].clone();
        s
    }

    /// Signs in as the demo user of `role` (demo data must be loaded).
    pub async fn login_as(&self, role: &str) -> Session {
        let (email, password) = demo_credentials(role);
        self.login(email, password).await
    }

    /// Waits (up to 10 s) until the notification outbox has delivered
    /// everything due: e-mails leave through the outbox worker after commit.
    pub fn settle_outbox(&self) {
        use tokio::runtime::{Handle, RuntimeFlavor};
        let handle = Handle::current();
        if handle.runtime_flavor() != RuntimeFlavor::MultiThread {
            return;
        }
        let store = self.services.store.clone();
        tokio::task::block_in_place(|| {
            handle.block_on(async {
                for _ in 0..200 {
                    let mut conn = store.conn().await.expect("connection");
                    let n = conn
                        .deliveries_in_flight(faena::domain::Timestamp::now())
                        .await
                        .expect("outbox count");
                    if n == 0 {
                        return;
                    }
                    drop(conn);
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                panic!("the outbox did not drain within 10 s");
            })
        });
    }

    /// The e-mails written to the outbox folder, oldest first, decoded
    /// (after the outbox has delivered what is due).
    pub fn emails(&self) -> Vec<String> {
        self.settle_outbox();
        let mut files: Vec<_> = std::fs::read_dir(&self.mail_dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .map(|p| decode_quoted_printable(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// The newest e-mail to `to`.
    pub fn last_email_to(&self, to: &str) -> String {
        self.emails()
            .into_iter()
            .rev()
            .find(|m| {
                m.to_lowercase()
                    .contains(&format!("to: {}", to.to_lowercase()))
            })
            .unwrap_or_else(|| panic!("no e-mail to {to}"))
    }
}

pub fn demo_credentials(role: &str) -> (&'static str, &'static str) {
    faena::services::demo::DEMO_USERS
        .iter()
        .find(|u| u.3.to_string() == role)
        .map(|u| (u.0, u.1))
        .unwrap_or_else(|| panic!("no demo user for {role}"))
}

/// Extracts the token of the first link to `page` (e.g. "reset-password").
pub fn link_token(email: &str, page: &str) -> String {
    let marker = format!("/{page}?token=");
    let start = email
        .find(&marker)
        .unwrap_or_else(|| panic!("no {page} link in {email}"))
        + marker.len();
    email[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Session {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
    /// A bodiless request with any method (`TRACE`, `DELETE`, …).
    pub async fn request(&self, method: reqwest::Method, path: &str) -> Response {
        self.client
            .request(method, self.url(path))
            .send()
            .await
            .unwrap()
    }
    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
    pub async fn put(&self, path: &str, body: Value) -> Response {
        self.client
            .put(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
    pub async fn patch(&self, path: &str, body: Value) -> Response {
        self.client
            .patch(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }
    /// Uploads `bytes` as the multipart field `file`.
    pub async fn upload(&self, path: &str, file_name: &str, bytes: Vec<u8>) -> Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
        let form = reqwest::multipart::Form::new().part("file", part);
        self.client
            .put(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
    pub fn user_id(&self) -> String {
        self.user["id"].as_str().unwrap().to_string()
    }
}

/// Asserts a problem+json answer with `status` and `code`; returns the body.
pub async fn assert_problem(r: Response, status: u16, code: &str) -> Value {
    assert_eq!(r.status().as_u16(), status, "status for expected {code}");
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        ct.starts_with("application/problem+json"),
        "content-type {ct}"
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], code, "problem body {body}");
    body
}

/// Parses a JSON body after checking the status.
pub async fn json_ok(r: Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let text = r.text().await.unwrap();
    assert_eq!(got, status, "unexpected status, body: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A small valid PNG made in memory.
pub fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
