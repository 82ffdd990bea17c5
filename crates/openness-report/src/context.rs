//! Where a page is shown: the static report (files opened from disk or any web server) or the
//! `openness serve` service. The context decides every link a page carries, so that one
//! template serves both.

use crate::file_name;

/// How the pages are delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Files written by `openness report`: links are relative (they work from `file://`), and
    /// `base_url` (`--base-url`), when given, is where the site will be published, for the
    /// absolute URLs of badge snippets.
    Static {
        /// Published address of the site's root, e.g. `https://example.org/openness`.
        base_url: Option<String>,
    },
    /// Pages served by `openness serve`: links are absolute paths on `origin`, forms carry
    /// `csrf_token`, and release pages offer the proposal form.
    Service {
        /// The service's own origin, e.g. `https://openness.example.org` (no trailing slash).
        origin: String,
        /// The token every form posts back in its `csrf` field.
        csrf_token: String,
    },
}

/// What every page needs besides its own data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderContext {
    /// Static report or service.
    pub mode: Mode,
    /// The date of the data shown (`YYYY-MM-DD`), printed in every page's footer.
    pub data_date: String,
    /// The version of openness that rendered the page.
    pub version: String,
}

impl RenderContext {
    /// A context for the static report.
    pub fn report(base_url: Option<String>, data_date: impl Into<String>) -> Self {
        RenderContext {
            mode: Mode::Static { base_url: base_url.map(|u| u.trim_end_matches('/').to_owned()) },
            data_date: data_date.into(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    /// A context for the service.
    pub fn service(origin: impl Into<String>, csrf_token: impl Into<String>, data_date: impl Into<String>) -> Self {
        RenderContext {
            mode: Mode::Service {
                origin: origin.into().trim_end_matches('/').to_owned(),
                csrf_token: csrf_token.into(),
            },
            data_date: data_date.into(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    /// Whether pages are served (forms, proposals) rather than written as files.
    pub fn is_service(&self) -> bool {
        matches!(self.mode, Mode::Service { .. })
    }

    /// The links of a page `depth` folders below the site's root (static report); the service
    /// ignores depth.
    pub fn links(&self, depth: usize) -> Links {
        match &self.mode {
            Mode::Static { base_url } => {
                Links { root: "../".repeat(depth), service: false, absolute: base_url.clone() }
            }
            Mode::Service { origin, .. } => {
                Links { root: "/".to_owned(), service: true, absolute: Some(origin.clone()) }
            }
        }
    }
}

/// The site's URL scheme. The service routes these paths:
///
/// | page | static report | service |
/// |---|---|---|
/// | index | `index.html` | `/` |
/// | release | `models/<id>.html` | `/releases/<id>` |
/// | compare | `compare.html?ids=a,b` | `/compare?ids=a,b` |
/// | licences | `licenses/index.html` | `/licences` |
/// | licence | `licenses/<id>.html` | `/licences/<id>` |
/// | findings | `findings.html` | `/findings` |
/// | register | `register.html` | `/register` |
/// | proposals | – | `/proposals` (POST `/proposals` creates one) |
/// | review | – | `/proposals/<n>` (POST `/proposals/<n>/review`) |
/// | audit | – | `/audit` |
/// | badge | `badges/<id>.svg` | `/badges/<id>.svg` |
/// | assets | `style.css`, `app.js` | `/static/style.css`, `/static/app.js` |
/// | data | `data/models.json`, `data/models.csv` | `/data/models.json`, `/data/models.csv` |
///
/// In the static report `<id>` is [`file_name`] of the id; release and licence ids of the
/// service are the ids themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    root: String,
    service: bool,
    absolute: Option<String>,
}

impl Links {
    fn page(&self, file: &str, route: &str) -> String {
        if self.service { format!("/{route}") } else { format!("{}{file}", self.root) }
    }

    fn id(&self, id: &str) -> String {
        if self.service { id.to_owned() } else { file_name(id) }
    }

    /// The index.
    pub fn index(&self) -> String {
        self.page("index.html", "")
    }

    /// A release's page.
    pub fn release(&self, id: &str) -> String {
        let id = self.id(id);
        self.page(&format!("models/{id}.html"), &format!("releases/{id}"))
    }

    /// The compare page for these releases.
    pub fn compare(&self, ids: &[&str]) -> String {
        let base = self.page("compare.html", "compare");
        if ids.is_empty() { base } else { format!("{base}?ids={}", ids.join(",")) }
    }

    /// The list of licences.
    pub fn licences(&self) -> String {
        self.page("licenses/index.html", "licences")
    }

    /// A licence's page.
    pub fn licence(&self, id: &str) -> String {
        let id = self.id(id);
        self.page(&format!("licenses/{id}.html"), &format!("licences/{id}"))
    }

    /// The findings.
    pub fn findings(&self) -> String {
        self.page("findings.html", "findings")
    }

    /// The register, or one item on it.
    pub fn register(&self, item: Option<&str>) -> String {
        let base = self.page("register.html", "register");
        match item {
            Some(i) => format!("{base}#{i}"),
            None => base,
        }
    }

    /// The proposals (service only).
    pub fn proposals(&self) -> String {
        "/proposals".to_owned()
    }

    /// One proposal's review page (service only).
    pub fn proposal(&self, number: u64) -> String {
        format!("/proposals/{number}")
    }

    /// The audit log (service only).
    pub fn audit(&self) -> String {
        "/audit".to_owned()
    }

    /// A release's badge, relative to the page.
    pub fn badge(&self, id: &str) -> String {
        let id = self.id(id);
        self.page(&format!("badges/{id}.svg"), &format!("badges/{id}.svg"))
    }

    /// A release's badge and page as absolute URLs, for snippets pasted elsewhere: `None` in a
    /// static report rendered without `--base-url`.
    pub fn absolute_badge(&self, id: &str) -> Option<(String, String)> {
        let base = self.absolute.as_ref()?;
        let f = self.id(id);
        Some(if self.service {
            (format!("{base}/badges/{f}.svg"), format!("{base}/releases/{f}"))
        } else {
            (format!("{base}/badges/{f}.svg"), format!("{base}/models/{f}.html"))
        })
    }

    /// A stylesheet or script.
    pub fn asset(&self, name: &str) -> String {
        self.page(name, &format!("static/{name}"))
    }

    /// A data file.
    pub fn data(&self, name: &str) -> String {
        self.page(&format!("data/{name}"), &format!("data/{name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_links_are_relative_and_service_links_absolute() {
        let s = RenderContext::report(Some("https://example.org/o/".into()), "2024-05-16").links(1);
        assert_eq!(s.release("command-r+"), "../models/command-r+.html");
        assert_eq!(s.compare(&["a", "b"]), "../compare.html?ids=a,b");
        assert_eq!(s.register(Some("SS-R1")), "../register.html#SS-R1");
        assert_eq!(
            s.absolute_badge("llama-2"),
            Some((
                "https://example.org/o/badges/llama-2.svg".to_owned(),
                "https://example.org/o/models/llama-2.html".to_owned()
            ))
        );
        assert_eq!(RenderContext::report(None, "x").links(0).absolute_badge("llama-2"), None);
        let v = RenderContext::service("https://o.example", "t", "2024-05-16").links(3);
        assert_eq!(v.release("llama-2"), "/releases/llama-2");
        assert_eq!(v.licence("MIT"), "/licences/MIT");
        assert_eq!(v.index(), "/");
        assert_eq!(v.asset("style.css"), "/static/style.css");
        assert_eq!(v.absolute_badge("x").map(|b| b.1), Some("https://o.example/releases/x".to_owned()));
    }
}
