//! A fresh database for one benchmark run, shared by the benchmark binaries
//! (each includes this file with `#[path]`): a SQLite file in a new
//! temporary folder, or a new schema in the PostgreSQL database at
//! `--postgres-url`, selected through the connection's `search_path`.

use std::path::PathBuf;

use anyhow::Context;
use sqlx::Connection;

/// A new temporary folder for the run (named after `bench`) and the
/// database URL to give the server.
pub async fn fresh_database(
    bench: &str,
    backend: &str,
    postgres_url: Option<&str>,
) -> anyhow::Result<(PathBuf, String)> {
    let dir = std::env::temp_dir().join(format!("{bench}-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir)?;
    let url = match backend {
        "sqlite" => format!("sqlite://{}/faena.db", dir.display()),
        _ => {
            let base = postgres_url
                .context("--postgres-url (or FAENA_TEST_POSTGRES_URL) is needed for postgres")?;
            let schema = format!("bench_{}", uuid::Uuid::now_v7().simple());
            let mut conn = sqlx::PgConnection::connect(base).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&mut conn)
                .await?;
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
    };
    Ok((dir, url))
}
