//! Storage of the openness service.
//!
//! The store keeps, for each release, its record document (the record file's YAML, as
//! `openness check` reads it) at a version, and the versioned history of changes that made it:
//! version 1 is the embedded catalogue's record, each later version an accepted proposal written
//! as a maintainer's observation. Beside them: proposals, their reviews, maintainer tokens (only
//! SHA-256 hashes) and an append-only audit log (database triggers refuse edits).
//!
//! One code path serves SQLite (embedded, zero set-up) and PostgreSQL (shared by several server
//! processes): sqlx's `Any` driver with runtime queries, and one migrations folder per backend.
//! Every write is one transaction that also appends its audit row; a release is updated only
//! `WHERE version = $expected`, so a stale write is a [`StoreError::Conflict`] carrying the
//! current version, never a lost update.

pub mod change;
#[cfg(feature = "testing")]
pub mod testing;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Row, SqlSafeStr};

pub use change::{Change, FieldError, Observer};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The URL names no backend we serve.
    #[error("unsupported database URL `{0}`: use sqlite:PATH or postgres://…")]
    UnsupportedUrl(String),
    /// No such release, proposal or token.
    #[error("{0} not found")]
    NotFound(String),
    /// The release moved on since the writer read it.
    #[error("release `{release}` is at version {current}, not {expected}")]
    Conflict {
        /// The release.
        release: String,
        /// The version the writer expected.
        expected: i64,
        /// The version it is at.
        current: i64,
    },
    /// The proposal was already reviewed.
    #[error("proposal {0} was already reviewed")]
    AlreadyReviewed(i64),
    /// An active token already has this name.
    #[error("a token named `{0}` exists: revoke it first")]
    TokenExists(String),
    /// The change does not validate.
    #[error("the change is invalid")]
    Invalid(Vec<FieldError>),
    /// Work over the store's data failed outside the database (a panicked rebuild).
    #[error("{0}")]
    Task(String),
    /// A stored JSON column did not parse.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Which database the store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// An embedded file.
    Sqlite,
    /// A shared server.
    Postgres,
}

/// A release's record document at its current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StoredRelease {
    /// The release id.
    pub id: String,
    /// Starts at 1, one more per accepted change.
    pub version: i64,
    /// The record file's YAML.
    pub document: String,
    /// RFC 3339 UTC.
    pub updated_at: String,
}

/// One version in a release's history.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// The version this entry made.
    pub version: i64,
    /// RFC 3339 UTC.
    pub at: String,
    /// Who made it (`catalogue` for the seed, else the maintainer).
    pub actor: String,
    /// What changed: `{"kind":"seed"}` or an observation.
    #[schema(value_type = Object)]
    pub change: serde_json::Value,
    /// The record document at this version.
    #[serde(skip)]
    pub document: String,
}

/// `pending`, `accepted` or `rejected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Awaiting review.
    Pending,
    /// Accepted: its change is in the release's history.
    Accepted,
    /// Rejected with a reason.
    Rejected,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> Status {
        match s {
            "accepted" => Status::Accepted,
            "rejected" => Status::Rejected,
            _ => Status::Pending,
        }
    }
}

/// A review of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Review {
    /// The maintainer (token name).
    pub maintainer: String,
    /// `accept` or `reject`.
    pub decision: String,
    /// The reason given (required for a rejection).
    pub reason: Option<String>,
    /// The release version the acceptance made.
    pub release_version: Option<i64>,
    /// RFC 3339 UTC.
    pub at: String,
}

/// A proposed change and, once reviewed, its review.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Proposal {
    /// Its number.
    pub id: i64,
    /// The release it changes.
    pub release: String,
    /// The release version it was made against.
    pub base_version: i64,
    /// Its author's name or handle.
    pub author: String,
    /// The change.
    pub change: Change,
    /// Where it stands.
    pub status: Status,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// The review, once there is one.
    pub review: Option<Review>,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Its number (gap-free on SQLite, increasing on PostgreSQL).
    pub id: i64,
    /// RFC 3339 UTC.
    pub at: String,
    /// Who: a maintainer's token name, a proposal's author, `catalogue` or `cli`.
    pub actor: String,
    /// `seed`, `propose`, `accept`, `reject`, `token.create`, `token.revoke`.
    pub action: String,
    /// What: `release:<id>`, `proposal:<n>`, `token:<name>`.
    pub subject: String,
    /// The state before, as JSON.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The state after, as JSON.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

/// The outcome of a review.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Reviewed {
    /// The proposal, with its review.
    pub proposal: Proposal,
    /// The release's version after the review.
    pub release_version: i64,
}

/// A store over one database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// Now, RFC 3339 UTC with microseconds, so text order is time order.
pub fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The SHA-256 of a token, hex: what the store keeps and looks up.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn migrations(backend: Backend) -> Migrator {
    let (up, down) = match backend {
        Backend::Sqlite => (
            include_str!("../migrations/sqlite/0001_initial.up.sql"),
            include_str!("../migrations/sqlite/0001_initial.down.sql"),
        ),
        Backend::Postgres => (
            include_str!("../migrations/postgres/0001_initial.up.sql"),
            include_str!("../migrations/postgres/0001_initial.down.sql"),
        ),
    };
    Migrator::with_migrations(vec![
        Migration::new(1, "initial".into(), MigrationType::ReversibleUp, up.into_sql_str(), false),
        Migration::new(1, "initial".into(), MigrationType::ReversibleDown, down.into_sql_str(), false),
    ])
}

fn json_column(row: &AnyRow, column: &str) -> Result<Option<serde_json::Value>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
}

const PROPOSAL_COLUMNS: &str = "p.id, p.release_id, p.base_version, p.author, p.change, p.status, p.created_at, \
     r.maintainer, r.decision, r.reason, r.release_version, r.at AS reviewed_at";

fn proposal_by_id() -> String {
    format!("SELECT {PROPOSAL_COLUMNS} FROM proposals p LEFT JOIN reviews r ON r.proposal_id = p.id WHERE p.id = $1")
}

fn proposal_from_row(row: &AnyRow) -> Result<Proposal, StoreError> {
    let change: String = row.try_get("change")?;
    let maintainer: Option<String> = row.try_get("maintainer")?;
    let review = match maintainer {
        Some(maintainer) => Some(Review {
            maintainer,
            decision: row.try_get("decision")?,
            reason: row.try_get("reason")?,
            release_version: row.try_get("release_version")?,
            at: row.try_get("reviewed_at")?,
        }),
        None => None,
    };
    Ok(Proposal {
        id: row.try_get("id")?,
        release: row.try_get("release_id")?,
        base_version: row.try_get("base_version")?,
        author: row.try_get("author")?,
        change: serde_json::from_str(&change)?,
        status: Status::parse(&row.try_get::<String, _>("status")?),
        created_at: row.try_get("created_at")?,
        review,
    })
}

fn release_from_row(row: &AnyRow) -> Result<StoredRelease, StoreError> {
    Ok(StoredRelease {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        document: row.try_get("document")?,
        updated_at: row.try_get("updated_at")?,
    })
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

async fn audit(
    tx: &mut Tx,
    actor: &str,
    action: &str,
    subject: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit (at, actor, action, subject, before, after) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(now())
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(before.map(serde_json::Value::to_string))
        .bind(after.map(serde_json::Value::to_string))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Connects to `sqlite:PATH` (created if missing) or `postgres://…`, and runs the migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.chars().take(40).collect()));
        };
        let options = AnyConnectOptions::from_str(url)?;
        let pool = match backend {
            // WAL lets readers run beside the writer; the pragmas cannot go through an Any URL.
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                            sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                            sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                            sqlx::query("PRAGMA synchronous = FULL").execute(&mut *conn).await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await?
            }
        };
        let store = Store { pool, backend };
        migrations(backend).run(&store.pool).await?;
        Ok(store)
    }

    /// Opens (creating if needed) the SQLite file at `path`.
    pub async fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
        Store::connect(&format!("sqlite:{}?mode=rwc", path.display())).await
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Reverts every migration (for tests of the down migrations).
    pub async fn revert_migrations(&self) -> Result<(), StoreError> {
        migrations(self.backend).undo(&self.pool, 0).await?;
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A write transaction. SQLite takes the write lock at `BEGIN IMMEDIATE`, so two writers
    /// queue on `busy_timeout` instead of failing when a reader upgrades.
    async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Seeds releases absent from the store (`INSERT … ON CONFLICT DO NOTHING`, so replicas
    /// starting together agree); returns how many were added. Present releases are left as the
    /// store has them: their history is the store's.
    pub async fn seed(&self, releases: &[(String, String)]) -> Result<usize, StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        let mut added = 0;
        let change = serde_json::json!({"kind": "seed", "source": "embedded catalogue"});
        for (id, document) in releases {
            let inserted = sqlx::query(
                "INSERT INTO releases (id, version, document, updated_at) VALUES ($1, 1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING RETURNING id",
            )
            .bind(id)
            .bind(document)
            .bind(&at)
            .fetch_optional(&mut *tx)
            .await?;
            if inserted.is_none() {
                continue;
            }
            sqlx::query(
                "INSERT INTO release_history (release_id, version, document, change, actor, at) \
                 VALUES ($1, 1, $2, $3, 'catalogue', $4)",
            )
            .bind(id)
            .bind(document)
            .bind(change.to_string())
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            audit(
                &mut tx,
                "catalogue",
                "seed",
                &format!("release:{id}"),
                None,
                Some(&serde_json::json!({"version": 1})),
            )
            .await?;
            added += 1;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Every release at its current version, by id.
    pub async fn releases(&self) -> Result<Vec<StoredRelease>, StoreError> {
        let rows = sqlx::query("SELECT id, version, document, updated_at FROM releases ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(release_from_row).collect()
    }

    /// Every release as it stood at `at` (RFC 3339): its latest version made at or before then.
    pub async fn releases_as_of(&self, at: &str) -> Result<Vec<StoredRelease>, StoreError> {
        let rows = sqlx::query(
            "SELECT h.release_id AS id, h.version, h.document, h.at AS updated_at FROM release_history h \
             WHERE h.at <= $1 AND h.version = (SELECT MAX(version) FROM release_history \
             WHERE release_id = h.release_id AND at <= $1) ORDER BY h.release_id",
        )
        .bind(at)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(release_from_row).collect()
    }

    /// One release at its current version.
    pub async fn release(&self, id: &str) -> Result<Option<StoredRelease>, StoreError> {
        let row = sqlx::query("SELECT id, version, document, updated_at FROM releases WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(release_from_row).transpose()
    }

    /// A number that changes whenever any release changes: the sum of the versions and the
    /// count of releases (both only grow). Caches and ETags key on it.
    pub async fn generation(&self) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS v FROM releases",
        )
        .fetch_one(&self.pool)
        .await?;
        let n: i64 = row.try_get("n")?;
        let v: i64 = row.try_get("v")?;
        Ok(v * 1_000_003 + n)
    }

    /// A release's history, oldest first.
    pub async fn history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT version, document, change, actor, at FROM release_history WHERE release_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(HistoryEntry {
                    version: row.try_get("version")?,
                    at: row.try_get("at")?,
                    actor: row.try_get("actor")?,
                    change: json_column(row, "change")?.unwrap_or(serde_json::Value::Null),
                    document: row.try_get("document")?,
                })
            })
            .collect()
    }

    /// Records a proposal made against the release's `base_version`. `validate` is given the
    /// release's current document and must accept the change.
    pub async fn propose(
        &self,
        release: &str,
        base_version: i64,
        author: &str,
        change: &Change,
        validate: impl FnOnce(&str) -> Result<(), Vec<FieldError>>,
    ) -> Result<Proposal, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query("SELECT version, document FROM releases WHERE id = $1")
            .bind(release)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("release `{release}`")))?;
        let current: i64 = row.try_get("version")?;
        if current != base_version {
            return Err(StoreError::Conflict { release: release.to_owned(), expected: base_version, current });
        }
        validate(&row.try_get::<String, _>("document")?).map_err(StoreError::Invalid)?;
        let created_at = now();
        let change_json = serde_json::to_value(change)?;
        let id: i64 = sqlx::query(
            "INSERT INTO proposals (release_id, base_version, author, change, status, created_at) \
             VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
        )
        .bind(release)
        .bind(base_version)
        .bind(author)
        .bind(change_json.to_string())
        .bind(&created_at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let after = serde_json::json!({"release": release, "base_version": base_version, "change": change_json});
        audit(&mut tx, author, "propose", &format!("proposal:{id}"), None, Some(&after)).await?;
        tx.commit().await?;
        Ok(Proposal {
            id,
            release: release.to_owned(),
            base_version,
            author: author.to_owned(),
            change: change.clone(),
            status: Status::Pending,
            created_at,
            review: None,
        })
    }

    /// Proposals, newest first, optionally of one status and one release; at most `limit`,
    /// older than `before` (seek pagination).
    pub async fn proposals(
        &self,
        status: Option<Status>,
        release: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Proposal>, StoreError> {
        let sql = format!(
            "SELECT {PROPOSAL_COLUMNS} FROM proposals p LEFT JOIN reviews r ON r.proposal_id = p.id \
             WHERE ($1 = '' OR p.status = $1) AND ($2 = '' OR p.release_id = $2) AND p.id < $3 \
             ORDER BY p.id DESC LIMIT $4"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(status.map_or("", Status::as_str))
            .bind(release.unwrap_or(""))
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(proposal_from_row).collect()
    }

    /// One proposal.
    pub async fn proposal(&self, id: i64) -> Result<Option<Proposal>, StoreError> {
        let sql = proposal_by_id();
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(proposal_from_row).transpose()
    }

    /// Accepts a proposal: `apply` turns the release's document at `expected_version` (the
    /// proposal's base version unless the reviewer saw a later one) into the new document, which
    /// becomes the next version, with `observation` in the history. One transaction: the
    /// proposal's status, the review, the release, its history and the audit row.
    pub async fn accept(
        &self,
        proposal_id: i64,
        maintainer: &str,
        expected_version: Option<i64>,
        apply: impl FnOnce(&str, &Proposal) -> Result<(String, serde_json::Value), Vec<FieldError>>,
    ) -> Result<Reviewed, StoreError> {
        let mut tx = self.begin().await?;
        let proposal = self.pending(&mut tx, proposal_id).await?;
        let expected = expected_version.unwrap_or(proposal.base_version);
        let row = sqlx::query("SELECT version, document FROM releases WHERE id = $1")
            .bind(&proposal.release)
            .fetch_one(&mut *tx)
            .await?;
        let current: i64 = row.try_get("version")?;
        if current != expected {
            return Err(StoreError::Conflict { release: proposal.release.clone(), expected, current });
        }
        let before_doc: String = row.try_get("document")?;
        let (document, observation) = apply(&before_doc, &proposal).map_err(StoreError::Invalid)?;
        let at = now();
        let next = expected + 1;
        let updated = sqlx::query(
            "UPDATE releases SET version = $1, document = $2, updated_at = $3 WHERE id = $4 AND version = $5",
        )
        .bind(next)
        .bind(&document)
        .bind(&at)
        .bind(&proposal.release)
        .bind(expected)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            drop(tx);
            let current = self.release(&proposal.release).await?.map_or(expected, |r| r.version);
            return Err(StoreError::Conflict { release: proposal.release.clone(), expected, current });
        }
        sqlx::query(
            "INSERT INTO release_history (release_id, version, document, change, actor, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&proposal.release)
        .bind(next)
        .bind(&document)
        .bind(observation.to_string())
        .bind(maintainer)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let reviewed = self.review(&mut tx, proposal, maintainer, "accept", None, Some(next), &at).await?;
        let subject = format!("release:{}", reviewed.release);
        let before = serde_json::json!({"version": expected, "document": before_doc});
        let after = serde_json::json!({"version": next, "document": document, "proposal": proposal_id, "observation": observation});
        audit(&mut tx, maintainer, "accept", &subject, Some(&before), Some(&after)).await?;
        tx.commit().await?;
        Ok(Reviewed { proposal: reviewed, release_version: next })
    }

    /// Rejects a proposal with a reason.
    pub async fn reject(&self, proposal_id: i64, maintainer: &str, reason: &str) -> Result<Reviewed, StoreError> {
        let mut tx = self.begin().await?;
        let proposal = self.pending(&mut tx, proposal_id).await?;
        let at = now();
        let reviewed = self.review(&mut tx, proposal, maintainer, "reject", Some(reason), None, &at).await?;
        let version: i64 = sqlx::query("SELECT version FROM releases WHERE id = $1")
            .bind(&reviewed.release)
            .fetch_one(&mut *tx)
            .await?
            .try_get("version")?;
        let subject = format!("proposal:{proposal_id}");
        let before = serde_json::json!({"status": "pending"});
        let after = serde_json::json!({"status": "rejected", "reason": reason});
        audit(&mut tx, maintainer, "reject", &subject, Some(&before), Some(&after)).await?;
        tx.commit().await?;
        Ok(Reviewed { proposal: reviewed, release_version: version })
    }

    async fn pending(&self, tx: &mut Tx, proposal_id: i64) -> Result<Proposal, StoreError> {
        let sql = proposal_by_id();
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(proposal_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("proposal {proposal_id}")))?;
        let proposal = proposal_from_row(&row)?;
        if proposal.status != Status::Pending {
            return Err(StoreError::AlreadyReviewed(proposal_id));
        }
        Ok(proposal)
    }

    /// Marks a pending proposal reviewed. The status moves only from `pending` (and the review's
    /// unique key backs it), so two reviewers racing get one success and one conflict.
    #[expect(clippy::too_many_arguments, reason = "one row's columns")]
    async fn review(
        &self,
        tx: &mut Tx,
        mut proposal: Proposal,
        maintainer: &str,
        decision: &str,
        reason: Option<&str>,
        release_version: Option<i64>,
        at: &str,
    ) -> Result<Proposal, StoreError> {
        let status = if decision == "accept" { Status::Accepted } else { Status::Rejected };
        let moved = sqlx::query("UPDATE proposals SET status = $1 WHERE id = $2 AND status = 'pending'")
            .bind(status.as_str())
            .bind(proposal.id)
            .execute(&mut **tx)
            .await?;
        if moved.rows_affected() != 1 {
            return Err(StoreError::AlreadyReviewed(proposal.id));
        }
        sqlx::query(
            "INSERT INTO reviews (proposal_id, maintainer, decision, reason, release_version, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(proposal.id)
        .bind(maintainer)
        .bind(decision)
        .bind(reason)
        .bind(release_version)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        proposal.status = status;
        proposal.review = Some(Review {
            maintainer: maintainer.to_owned(),
            decision: decision.to_owned(),
            reason: reason.map(str::to_owned),
            release_version,
            at: at.to_owned(),
        });
        Ok(proposal)
    }

    /// Creates a maintainer token named `name`; returns the token, which is not stored.
    pub async fn create_token(&self, name: &str) -> Result<String, StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::other(e))))?;
        let token = format!("opn_{}", hex::encode(bytes));
        let mut tx = self.begin().await?;
        let active = sqlx::query("SELECT id FROM tokens WHERE name = $1 AND revoked_at IS NULL")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        if active.is_some() {
            return Err(StoreError::TokenExists(name.to_owned()));
        }
        sqlx::query("INSERT INTO tokens (name, hash, created_at) VALUES ($1, $2, $3)")
            .bind(name)
            .bind(token_hash(&token))
            .bind(now())
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, "cli", "token.create", &format!("token:{name}"), None, None).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// Revokes the active token named `name`.
    pub async fn revoke_token(&self, name: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL")
            .bind(now())
            .bind(name)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("active token `{name}`")));
        }
        audit(&mut tx, "cli", "token.revoke", &format!("token:{name}"), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The maintainer a token belongs to, if it is active. Looks up by hash only.
    pub async fn maintainer(&self, token: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT name FROM tokens WHERE hash = $1 AND revoked_at IS NULL")
            .bind(token_hash(token))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get("name")).transpose().map_err(StoreError::from)
    }

    /// The audit log, newest first, older than `before`, at most `limit` rows.
    pub async fn audit_log(&self, before: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, subject, before, after FROM audit WHERE id < $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: row.try_get("id")?,
                    at: row.try_get("at")?,
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    subject: row.try_get("subject")?,
                    before: json_column(row, "before")?,
                    after: json_column(row, "after")?,
                })
            })
            .collect()
    }

    /// Runs one statement outside the service's operations (tests check that the audit log
    /// refuses edits this way).
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(&self.pool).await?.rows_affected())
    }
}
