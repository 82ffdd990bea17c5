//! The openness web service (`openness serve`).
//!
//! It owns the HTTP side: the JSON API v1 under `/api/v1` (described by the OpenAPI 3.1
//! document at `/api/v1/openapi.json`, built from the handlers' annotations), the report's pages
//! rendered from the store, the proposal and review forms, and the security layers (CSRF on
//! forms, a strict Content-Security-Policy, body and header limits, a rate limit on proposals).
//! Storage is `openness-store`'s; grading, validation and the JSON shapes are the catalogue's;
//! the pages are `openness-report`'s. The CLI only parses arguments and calls [`serve`].
//!
//! Reads come from a [`Snapshot`]: the store's documents graded once and the pages rendered
//! once, rebuilt when the store's generation changes (checked after each local write and every
//! [`REFRESH`] for writes made by other processes sharing the database).

mod api;
mod error;
mod pages;
mod security;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use openness_catalogue::performance::Table;
use openness_catalogue::sources::Sources;
use openness_catalogue::{Catalogue, SourceFile, check_sources, embedded_record_documents};
use openness_core::register::RegisterItem;
use openness_core::{LicenceBase, Rubric};
use openness_store::{Store, StoredRelease};

pub use error::ApiError;
pub use openness_store::StoreError;

/// How often a server looks for writes made by other processes.
pub const REFRESH: Duration = Duration::from_millis(500);

/// What can stop the service from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The embedded data did not load.
    #[error("embedded data: {0}")]
    Data(String),
    /// The listener failed.
    #[error("listen: {0}")]
    Io(#[from] std::io::Error),
}

/// The store's releases graded, with the rendered pages.
pub struct Snapshot {
    /// The store generation it was built from.
    pub generation: i64,
    /// The graded catalogue.
    pub catalogue: Catalogue,
    /// Each release's version.
    pub versions: HashMap<String, i64>,
    /// The report site's files by path (`index.html`, `models/<id>.html` …).
    pub site: HashMap<String, Arc<[u8]>>,
    /// `/api/v1/releases` without parameters, pre-serialised.
    pub releases_json: Arc<[u8]>,
}

/// Shared by every handler.
pub struct AppState {
    /// The store.
    pub store: Store,
    base: LicenceBase,
    /// The declared sources of observations.
    pub sources: Sources,
    register: Vec<RegisterItem>,
    tables: Vec<Table>,
    snapshot: RwLock<Arc<Snapshot>>,
    rebuilding: tokio::sync::Mutex<()>,
    limiter: security::RateLimiter,
}

/// The service's state, shared by handlers.
pub type Shared = Arc<AppState>;

/// Releases graded from stored documents (a document that no longer validates is left out).
pub fn catalogue_of(releases: &[StoredRelease], base: &LicenceBase, sources: &Sources) -> Catalogue {
    let files: Vec<Arc<SourceFile>> = releases
        .iter()
        .map(|r| Arc::new(SourceFile { name: format!("store:releases/{}.yaml", r.id), text: r.document.clone() }))
        .collect();
    let (records, _) = check_sources(&files, base, sources);
    Catalogue { records, base: base.clone(), sources: sources.clone() }
}

impl AppState {
    /// Seeds the store from the embedded catalogue and builds the first snapshot.
    pub async fn new(store: Store) -> Result<Shared, ServeError> {
        AppState::with_proposal_burst(store, security::BURST).await
    }

    /// As [`AppState::new`], allowing bursts of `burst` proposals per address (then one every
    /// three seconds).
    pub async fn with_proposal_burst(store: Store, burst: u32) -> Result<Shared, ServeError> {
        let base = openness_catalogue::embedded_licence_base().map_err(|d| ServeError::Data(format!("{d:?}")))?;
        let register = openness_catalogue::embedded_register().map_err(|d| ServeError::Data(format!("{d:?}")))?;
        let tables = openness_catalogue::embedded_performance().map_err(|d| ServeError::Data(format!("{d:?}")))?;
        let sources = openness_catalogue::embedded_sources_list().map_err(|d| ServeError::Data(format!("{d:?}")))?;
        let documents: Vec<(String, String)> =
            embedded_record_documents().into_iter().map(|(id, text)| (id, text.to_owned())).collect();
        store.seed(&documents).await?;
        let empty = Catalogue { records: Vec::new(), base: base.clone(), sources: sources.clone() };
        let state = AppState {
            store,
            base,
            sources,
            register,
            tables,
            snapshot: RwLock::new(Arc::new(Snapshot {
                generation: -1,
                catalogue: empty,
                versions: HashMap::new(),
                site: HashMap::new(),
                releases_json: Arc::from(&b"{}"[..]),
            })),
            rebuilding: tokio::sync::Mutex::new(()),
            limiter: security::RateLimiter::new(burst),
        };
        let state = Arc::new(state);
        state.refresh().await?;
        Ok(state)
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().map_or_else(|p| Arc::clone(&p.into_inner()), |s| Arc::clone(&s))
    }

    /// Rebuilds the snapshot when the store's generation moved. One rebuild at a time, off the
    /// async workers (grading and rendering are CPU work), so requests keep flowing meanwhile.
    pub async fn refresh(self: &Arc<Self>) -> Result<(), StoreError> {
        let _one = self.rebuilding.lock().await;
        let generation = self.store.generation().await?;
        if generation == self.snapshot().generation {
            return Ok(());
        }
        let releases = self.store.releases().await?;
        let state = Arc::clone(self);
        let snapshot = tokio::task::spawn_blocking(move || state.build(generation, &releases))
            .await
            .map_err(|e| StoreError::Task(format!("rebuilding the pages: {e}")))?;
        match self.snapshot.write() {
            Ok(mut s) => *s = Arc::new(snapshot),
            Err(p) => *p.into_inner() = Arc::new(snapshot),
        }
        Ok(())
    }

    fn build(&self, generation: i64, releases: &[StoredRelease]) -> Snapshot {
        let catalogue = catalogue_of(releases, &self.base, &self.sources);
        let rubric = Rubric::default();
        let site = openness_report::render_site(
            &catalogue,
            rubric,
            &self.register,
            &self.tables,
            api::data_files(&catalogue, rubric, &self.tables),
            &mut |_, _| {},
        );
        let versions: HashMap<String, i64> = releases.iter().map(|r| (r.id.clone(), r.version)).collect();
        let releases_json = api::releases_body(&catalogue, &versions, &api::ListQuery::default())
            .map(|v| Arc::from(v.to_string().into_bytes()))
            .unwrap_or_else(|_| Arc::from(&b"{}"[..]));
        Snapshot {
            generation,
            catalogue,
            versions,
            site: site.into_iter().map(|(p, b)| (p, Arc::from(b))).collect(),
            releases_json,
        }
    }
}

/// The whole service: API, pages and the security layers.
pub fn router(state: Shared) -> Router {
    let (api, _) = api::router().split_for_parts();
    api.merge(pages::router())
        .with_state(state)
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(security::MAX_BODY))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
}

/// The OpenAPI document of the routes.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

/// Serves on `listen` until SIGTERM or Ctrl-C, finishing requests in flight.
/// `proposal_burst` is how many proposals one address may make at once.
pub async fn serve(store: Store, listen: SocketAddr, proposal_burst: u32) -> Result<(), ServeError> {
    let state = AppState::with_proposal_burst(store, proposal_burst).await?;
    let refresher = Arc::clone(&state);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(REFRESH).await;
            let _ = refresher.refresh().await;
        }
    });
    let listener = tokio::net::TcpListener::bind(listen).await?;
    eprintln!("openness: serving on http://{} ({:?} store)", listener.local_addr()?, state.store.backend());
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
