//! Throwaway databases for tests: a SQLite file in a temporary directory, and a fresh database
//! on the PostgreSQL server `DATABASE_URL` names. Without `DATABASE_URL` the PostgreSQL half
//! prints one line saying it is skipped; under `CI=true` it fails instead.

use crate::{Store, StoreError};

/// A store with what keeps it alive.
pub struct TestStore {
    /// The store.
    pub store: Store,
    /// Its URL, for a second process or pool on the same database.
    pub url: String,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// A migrated SQLite store in a fresh temporary directory.
pub async fn sqlite() -> Result<TestStore, StoreError> {
    let dir = tempfile::tempdir().map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("openness.db").display());
    Ok(TestStore { store: Store::connect(&url).await?, url, backend: "sqlite", _dir: Some(dir) })
}

/// A migrated store on a new database of the `DATABASE_URL` server, or `None` (with one line
/// on stderr) when `DATABASE_URL` is unset outside CI.
///
/// # Panics
/// Under `CI=true` without `DATABASE_URL`: CI must run the PostgreSQL tests.
pub async fn postgres(test: &str) -> Result<Option<TestStore>, StoreError> {
    let Ok(admin) = std::env::var("DATABASE_URL") else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "DATABASE_URL must name a PostgreSQL server under CI");
        eprintln!("skipping the PostgreSQL half of `{test}`: DATABASE_URL is unset");
        return Ok(None);
    };
    sqlx::any::install_default_drivers();
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::other(e))))?;
    let name = format!("t_{}", hex::encode(bytes));
    let pool = sqlx::AnyPool::connect(&admin).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&pool).await?;
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').unwrap_or((&admin, ""));
    let url = format!("{base}/{name}");
    Ok(Some(TestStore { store: Store::connect(&url).await?, url, backend: "postgres", _dir: None }))
}

/// A SQLite store and, when available, a PostgreSQL one: run each test on every store given.
pub async fn every_backend(test: &str) -> Result<Vec<TestStore>, StoreError> {
    let mut stores = vec![sqlite().await?];
    stores.extend(postgres(test).await?);
    Ok(stores)
}
