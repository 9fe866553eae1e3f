//! All SQL lives here: one module per aggregate, one behaviour on two backends.
//!
//! The backend is picked once from the database URL (`sqlite://` or
//! `postgres://`). Queries are written once with `$1` placeholders, which both
//! SQLite and PostgreSQL accept, and run through [`on_conn!`], which expands
//! the same query code for each backend's connection type. Values that the
//! two databases store differently (money, ids, timestamps) implement sqlx's
//! traits for both, so a row type derives `FromRow` once.
//!
//! A [`Conn`] is either a plain pooled connection (reads) or a transaction
//! (`Store::begin`) that the service commits; dropping an uncommitted
//! transaction rolls it back, so an error half-way changes nothing.
//!
//! Row types are the store's own: they derive `FromRow`, never an OpenAPI
//! schema or a TypeScript export. What clients receive is built from a row with `From`
//! (`services::views`, or a domain type), so a table change is not by itself
//! an API change.

pub mod accounts;
pub mod appointments;
pub mod attachments;
pub mod audit;
pub mod billing;
pub mod crm;
pub mod customer_metrics;
pub mod customers;
pub mod interactions;
pub mod inventory;
pub mod maintenance;
pub mod onboarding;
pub mod orders;
pub mod outbox;
pub mod payments;
pub mod realtime;
pub mod reminders;
pub mod report_subscriptions;
pub mod reports;
pub mod revisions;
pub mod service_plans;
pub mod settings;
pub mod sla;
pub mod surveys;
pub mod tickets;
pub mod warranty;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Database, PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// Which database engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The shared handle to the database (cheap to clone).
#[derive(Clone)]
pub struct Store {
    pool: Pool,
}

/// A connection borrowed from the pool, or an open transaction.
pub enum Handle<DB: Database> {
    Pooled(PoolConnection<DB>),
    Tx(Transaction<'static, DB>),
}

impl<DB: Database> Handle<DB> {
    pub fn conn(&mut self) -> &mut DB::Connection {
        match self {
            Handle::Pooled(c) => &mut *c,
            Handle::Tx(t) => &mut *t,
        }
    }
}

/// A unit of database work on either backend.
pub enum Conn {
    Sqlite(Handle<Sqlite>),
    Postgres(Handle<Postgres>),
}

/// Runs the same query code on whichever backend `$conn` holds; `$c` is bound
/// to `&mut SqliteConnection` or `&mut PgConnection`.
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::store::Conn::Sqlite(handle) => {
                let $c = handle.conn();
                $body
            }
            $crate::store::Conn::Postgres(handle) => {
                let $c = handle.conn();
                $body
            }
        }
    };
}
pub(crate) use on_conn;

impl Store {
    /// Opens the pool for `url`, creating the SQLite file (and its folder) when missing.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Store> {
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url).context("parsing the PostgreSQL URL")?;
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .context("connecting to PostgreSQL")?,
            )
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(parent) = std::path::Path::new(path).parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent).with_context(|| {
                    format!("creating the database folder {}", parent.display())
                })?;
            }
            let options = SqliteConnectOptions::from_str(url)
                .context("parsing the SQLite URL")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: every commit is fsynced before it returns, so an
                // acknowledged write (a chat ack, a payment) survives a power
                // loss. NORMAL in WAL mode may lose the last commits. The chat
                // writer's group commit keeps the cost per message low
                // (docs/performance.md has the figures).
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                // Writers queue behind each other instead of failing at once.
                .busy_timeout(Duration::from_secs(10))
                // Reads through a memory map instead of a `pread` copy per
                // page, and an 8 MB page cache per connection (default 2 MB)
                // so the sorts of the reports' GROUP BYs stay in memory:
                // crmbench's reads of 500,000 history rows spent a sixth of
                // their time copying pages (docs/performance.md).
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-8192");
            Pool::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(max_connections)
                    .connect_with(options)
                    .await
                    .with_context(|| format!("opening the SQLite database {path}"))?,
            )
        } else {
            anyhow::bail!("database.url must start with sqlite:// or postgres://");
        };
        Ok(Store { pool })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the pending migrations of this backend.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await,
            Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await,
        }
        .context("applying database migrations")
    }

    /// A pooled connection for reads.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn conn(&self) -> Result<Conn, sqlx::Error> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Conn::Sqlite(Handle::Pooled(p.acquire().await?)),
            Pool::Postgres(p) => Conn::Postgres(Handle::Pooled(p.acquire().await?)),
        })
    }

    /// A transaction: commit it with [`Conn::commit`]; dropped, it rolls back.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn begin(&self) -> Result<Conn, sqlx::Error> {
        Ok(match &self.pool {
            // IMMEDIATE takes the write lock up front, so two writers queue on
            // busy_timeout instead of one failing when it upgrades a read lock.
            Pool::Sqlite(p) => Conn::Sqlite(Handle::Tx(p.begin_with("BEGIN IMMEDIATE").await?)),
            Pool::Postgres(p) => Conn::Postgres(Handle::Tx(p.begin().await?)),
        })
    }

    /// Readiness probe: one round trip.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let mut conn = self.conn().await?;
        on_conn!(&mut conn, c => sqlx::query("SELECT 1").execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// Table name → sorted column names, for the schema-parity test.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn schema_columns(&self) -> anyhow::Result<Vec<(String, Vec<String>)>> {
        let mut conn = self.conn().await?;
        let rows: Vec<(String, String)> = on_conn!(&mut conn, c => match self.backend() {
            Backend::Sqlite => sqlx::query_as(
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
            ).fetch_all(c).await,
            Backend::Postgres => sqlx::query_as(
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
            ).fetch_all(c).await,
        })?;
        let mut tables: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for (table, column) in rows {
            tables.entry(table).or_default().push(column);
        }
        Ok(tables
            .into_iter()
            .map(|(t, mut cols)| {
                cols.sort();
                (t, cols)
            })
            .collect())
    }
}

impl Conn {
    /// Commits a transaction (a pooled connection has nothing to commit).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Conn::Sqlite(Handle::Tx(t)) => t.commit().await,
            Conn::Postgres(Handle::Tx(t)) => t.commit().await,
            _ => Ok(()),
        }
    }

    /// Takes the next gap-free number of a named counter (e.g. customer
    /// numbers). Inside a transaction, the row lock keeps numbers gap-free:
    /// a rolled-back transaction gives its number back.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn next_number(&mut self, counter: &'static str) -> Result<i64, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "INSERT INTO counters (name, value) VALUES ($1, 1)
             ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
             RETURNING value",
        ).bind(counter).fetch_one(c).await)
    }
}

/// True when `e` is a unique-constraint violation (e.g. a taken e-mail).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12 §5: SQLite ran WAL with `synchronous=NORMAL`, so an
    /// acknowledged chat message could be lost on power loss. Every pooled
    /// connection must be FULL (2) in WAL mode.
    #[tokio::test]
    async fn sqlite_commits_are_durable() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/durable.db", dir.path().display());
        let store = Store::connect(&url, 2).await.unwrap();
        let Pool::Sqlite(pool) = &store.pool else {
            panic!("a SQLite pool")
        };
        let (a, b) = (pool.acquire().await.unwrap(), pool.acquire().await.unwrap());
        for mut conn in [a, b] {
            let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(sync, 2, "synchronous=FULL");
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(mode, "wal");
        }
    }
}
