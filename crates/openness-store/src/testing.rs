//! Throwaway databases for tests: a SQLite file in a temporary directory, and a fresh database
//! on the PostgreSQL server `DATABASE_URL` names, dropped when the test store is. Without
//! `DATABASE_URL` the PostgreSQL half prints one line saying it is skipped; under `CI=true` it
//! fails instead.

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
    /// The PostgreSQL server's admin URL and the database's name, to drop it.
    drop: Option<(String, String)>,
}

impl Drop for TestStore {
    fn drop(&mut self) {
        let Some((admin, name)) = self.drop.take() else { return };
        // Drop runs inside or outside a runtime: a thread of its own with its own runtime
        // works in both.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let pool = sqlx::AnyPool::connect(&admin).await.ok()?;
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let done = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.ok();
                pool.close().await;
                done
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("note: could not drop a test database on DATABASE_URL's server");
        }
    }
}

/// A migrated SQLite store in a fresh temporary directory.
pub async fn sqlite() -> Result<TestStore, StoreError> {
    let dir = tempfile::tempdir().map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("openness.db").display());
    Ok(TestStore { store: Store::connect(&url).await?, url, backend: "sqlite", _dir: Some(dir), drop: None })
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
    let store = Store::connect(&url).await?;
    Ok(Some(TestStore { store, url, backend: "postgres", _dir: None, drop: Some((admin.clone(), name)) }))
}

/// A SQLite store and, when available, a PostgreSQL one: run each test on every store given.
pub async fn every_backend(test: &str) -> Result<Vec<TestStore>, StoreError> {
    let mut stores = vec![sqlite().await?];
    stores.extend(postgres(test).await?);
    Ok(stores)
}
