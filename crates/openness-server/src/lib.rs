//! The openness web service (`openness serve`).
//!
//! It owns the HTTP side: the JSON API v1 under `/api/v1` (described by the OpenAPI 3.1
//! document at `/api/v1/openapi.json`, built from the handlers' annotations), the report's pages
//! rendered from the store, the proposal and review forms, and the security layers (CSRF on
//! forms, a strict Content-Security-Policy, body and header limits, a rate limit on proposals).
//! Storage is `openness-store`'s; grading, validation and the JSON shapes are the catalogue's;
//! the pages are `openness-report`'s. The CLI only parses arguments and calls [`serve`].
//!
//! Reads come from a [`Snapshot`]: the store's documents graded once into an
//! `openness_report::Report` (the renderer of `openness report`, in its service context), the
//! pages every visitor sees alike rendered once, rebuilt when the store's generation changes (checked after each local write and every
//! [`REFRESH`] for writes made by other processes sharing the database).

mod api;
mod encoding;
mod error;
mod pages;
mod security;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use openness_catalogue::performance::Table;
use openness_catalogue::sources::Sources;
use openness_catalogue::{Catalogue, Reading, SourceFile, check_sources, embedded_record_documents};
use openness_core::LicenceBase;
use openness_core::register::RegisterItem;
use openness_report::{RenderContext, Report};
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

/// What a [`Report`] borrows: the graded catalogue and the register.
pub struct Graded {
    /// The store's releases as a catalogue.
    pub catalogue: Catalogue,
    register: Arc<[RegisterItem]>,
}

self_cell::self_cell!(
    /// The catalogue with its [`Report`] (graded and analysed once per snapshot).
    pub struct Pages {
        owner: Graded,
        #[covariant]
        dependent: Report,
    }
);

/// A response rendered once per snapshot: its type, bytes and their gzip (its entity tags are
/// the generation's, one per encoding).
#[derive(Clone)]
pub struct Rendered {
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Bytes,
    /// The body gzipped, when that makes it smaller.
    pub gzip: Option<Bytes>,
}

impl Rendered {
    /// `body` with its gzip, made once per snapshot: as small as gzip goes for pages, at the
    /// default level for the megabytes of data files (nearly as small, in less time: and
    /// a rebuild delays the write that caused it).
    pub fn new(content_type: &'static str, body: impl Into<Bytes>) -> Rendered {
        let body = body.into();
        let level = if body.len() > 1 << 20 { encoding::Compression::default() } else { encoding::Compression::best() };
        let gzip = encoding::gzip(&body, level);
        Rendered { content_type, body, gzip }
    }
}

/// The store's releases graded, with the pages that do not depend on the visitor rendered.
pub struct Snapshot {
    /// The store generation it was built from.
    pub generation: i64,
    /// Each release's version.
    pub versions: HashMap<String, i64>,
    /// The catalogue and its report.
    pub pages: Pages,
    /// Responses by path (`/findings`, `/licences/<id>`, `/data/models.json`,
    /// `/static/style.css` …), rendered at build time.
    pub rendered: HashMap<String, Rendered>,
    /// The pages of the index in its own order (`/`, `/?page=2` …), rendered at build time.
    pub index_pages: Vec<Rendered>,
    /// The pages of `/api/v1/releases` in its default order and size (`?page=2` …),
    /// serialised at build time.
    pub releases_pages: Vec<Rendered>,
}

impl Snapshot {
    /// The graded catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.pages.borrow_owner().catalogue
    }

    /// The report over it.
    pub fn report(&self) -> &Report<'_> {
        self.pages.borrow_dependent()
    }
}

/// Shared by every handler.
pub struct AppState {
    /// The store.
    pub store: Store,
    base: LicenceBase,
    /// The declared sources of observations.
    pub sources: Sources,
    register: Arc<[RegisterItem]>,
    tables: Vec<Table>,
    /// How levels are read: the rubric and computed or recorded levels (`--rubric`, `--levels-from`).
    pub reading: Reading,
    /// The service's origin (`http://127.0.0.1:8080`), for the absolute URLs of badge snippets.
    pub origin: String,
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

/// How the service starts: the reading of levels, its origin and the proposal burst.
#[derive(Debug, Clone)]
pub struct Options {
    /// The rubric and where each cell's level comes from.
    pub reading: Reading,
    /// The service's origin, for absolute URLs.
    pub origin: String,
    /// Proposals one address may make at once (then one every three seconds).
    pub proposal_burst: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options { reading: Reading::default(), origin: "http://localhost".to_owned(), proposal_burst: security::BURST }
    }
}

impl AppState {
    /// Seeds the store from the embedded catalogue and builds the first snapshot.
    pub async fn new(store: Store) -> Result<Shared, ServeError> {
        AppState::with_options(store, Options::default()).await
    }

    /// As [`AppState::new`], with `options`.
    pub async fn with_options(store: Store, options: Options) -> Result<Shared, ServeError> {
        let data = |d: Vec<openness_catalogue::Diagnostic>| {
            ServeError::Data(d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "))
        };
        let base = openness_catalogue::embedded_licence_base().map_err(data)?;
        let register = openness_catalogue::embedded_register().map_err(data)?;
        let tables = openness_catalogue::embedded_performance().map_err(data)?;
        let sources = openness_catalogue::embedded_sources_list().map_err(data)?;
        let documents: Vec<(String, String)> =
            embedded_record_documents().into_iter().map(|(id, text)| (id, text.to_owned())).collect();
        store.seed(&documents).await?;
        let register: Arc<[RegisterItem]> = register.into();
        let state = AppState {
            store,
            snapshot: RwLock::new(Arc::new(build(
                -1,
                &[],
                &base,
                &sources,
                &register,
                &tables,
                options.reading,
                &options.origin,
            ))),
            base,
            sources,
            register,
            tables,
            reading: options.reading,
            origin: options.origin,
            rebuilding: tokio::sync::Mutex::new(()),
            limiter: security::RateLimiter::new(options.proposal_burst),
        };
        let state = Arc::new(state);
        state.refresh().await?;
        Ok(state)
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().map_or_else(|p| Arc::clone(&p.into_inner()), |s| Arc::clone(&s))
    }

    /// A render context for a page with a form carrying `csrf_token`.
    pub fn context(&self, snapshot: &Snapshot, csrf_token: &str) -> RenderContext {
        RenderContext::service(&self.origin, csrf_token, snapshot.report().data_date())
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
        let snapshot = tokio::task::spawn_blocking(move || {
            build(
                generation,
                &releases,
                &state.base,
                &state.sources,
                &state.register,
                &state.tables,
                state.reading,
                &state.origin,
            )
        })
        .await
        .map_err(|e| StoreError::Task(format!("rebuilding the pages: {e}")))?;
        match self.snapshot.write() {
            Ok(mut s) => *s = Arc::new(snapshot),
            Err(p) => *p.into_inner() = Arc::new(snapshot),
        }
        Ok(())
    }
}

/// Grades the stored releases and renders the pages every visitor sees alike.
#[allow(clippy::too_many_arguments, reason = "the parts of the state a rebuild reads, borrowed one by one")]
fn build(
    generation: i64,
    releases: &[StoredRelease],
    base: &LicenceBase,
    sources: &Sources,
    register: &Arc<[RegisterItem]>,
    tables: &[Table],
    reading: Reading,
    origin: &str,
) -> Snapshot {
    let catalogue = catalogue_of(releases, base, sources);
    let data = openness_report::data_files(&catalogue, reading, tables).unwrap_or_default();
    let pages = Pages::new(Graded { catalogue, register: Arc::clone(register) }, |g| {
        Report::new(&g.catalogue, reading, &g.register, tables)
    });
    let versions: HashMap<String, i64> = releases.iter().map(|r| (r.id.clone(), r.version)).collect();
    let rendered = pages::render_shared(pages.borrow_dependent(), origin, data);
    let index_pages = pages::render_index_pages(pages.borrow_dependent(), origin);
    let releases_pages = (1..=pages.borrow_dependent().assessments().len().div_ceil(api::PER_PAGE).max(1))
        .map_while(|page| {
            let body =
                api::releases_body(pages.borrow_dependent().assessments(), &versions, &api::ListQuery::page(page));
            body.ok().map(|v| Rendered::new("application/json", v.to_string()))
        })
        .collect();
    Snapshot { generation, versions, pages, rendered, index_pages, releases_pages }
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
pub async fn serve(store: Store, listen: SocketAddr, options: Options) -> Result<(), ServeError> {
    let state = AppState::with_options(store, options).await?;
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
