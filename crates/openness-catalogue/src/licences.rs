//! The licence base format (`data/licenses/*.yaml`) and its loader.
//!
//! Each file may hold `licenses:` (profiles: the five permissions with a reason each) and
//! `not_licenses:` (strings found where a licence was expected that are not licences). A profile
//! marked `reviewed: true` names the documents it was read from (`sources`, each with a date). OSI,
//! FSF and copyleft flags of SPDX licences come from the `spdx` crate, never from the files.

use std::sync::Arc;

use openness_core::{Grant, LicenceBase, LicenceProfile, NonLicence, Permission};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::yaml::{parse_all, place_of};

/// One licence-base file.
#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LicenceFile {
    /// Licence profiles.
    #[serde(default)]
    pub licenses: Vec<LicenceEntry>,
    /// Known strings that are not licences.
    #[serde(default)]
    pub not_licenses: Vec<NonLicenceEntry>,
}

/// A permission as written in a licence file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GrantEntry {
    /// Whether it is granted.
    pub granted: bool,
    /// Why, in one line.
    pub reason: String,
}

/// The five permissions as written in a licence file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GrantsEntry {
    /// P1.
    pub research: GrantEntry,
    /// P2.
    pub commercial: GrantEntry,
    /// P3.
    pub modify: GrantEntry,
    /// P4.
    pub copyright_derivatives: GrantEntry,
    /// P5.
    pub relicense_derivatives: GrantEntry,
}

/// A licence profile as written in a licence file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceEntry {
    /// SPDX id or `LicenseRef-` id.
    pub id: Spanned<String>,
    /// Full name.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where the text is published.
    #[serde(default)]
    pub url: Option<String>,
    /// What the licence is written for: `code`, `data`, `model`, `policy`.
    pub scope: Vec<Spanned<String>>,
    /// Headings and version lines that identify the licence's text.
    #[serde(default)]
    pub titles: Vec<String>,
    /// P1–P5.
    pub permissions: GrantsEntry,
    /// Share-alike, for `LicenseRef-` licences only (SPDX licences take the SPDX flag).
    #[serde(default)]
    pub share_alike: Option<Spanned<bool>>,
    /// A remark on the grading.
    #[serde(default)]
    pub note: Option<String>,
    /// Whether the permissions were reviewed against the documents in `sources`.
    #[serde(default)]
    pub reviewed: bool,
    /// The documents the profile was read from (the licence, its use policy), with their dates.
    #[serde(default)]
    pub sources: Vec<crate::lens_sources::SourceEntry>,
}

/// A non-licence string as written in a licence file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NonLicenceEntry {
    /// The string.
    pub text: String,
    /// What it is.
    pub note: String,
    /// The licence expression it points at, if any.
    #[serde(default)]
    pub suggests: Option<String>,
    /// The string names a licence whose terms are not profiled yet.
    #[serde(default)]
    pub unprofiled: bool,
}

fn grant(e: &GrantEntry) -> Grant {
    Grant { granted: e.granted, reason: e.reason.clone() }
}

/// Reads licence-base files into a [`LicenceBase`], or the diagnostics that prevent it.
pub fn load_licence_base(sources: &[Arc<SourceFile>]) -> Result<LicenceBase, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut profiles = Vec::new();
    let mut non_licences = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (source, file) in parse_all::<LicenceFile>(sources, &mut diagnostics) {
        for entry in file.licenses {
            let place = || place_of(source, &entry.id.referenced);
            let id = entry.id.value.clone();
            if !ids.insert(id.clone()) {
                diagnostics.push(
                    Diagnostic::new("E206", Severity::Error, format!("`{id}` is profiled twice"), source, place())
                        .with_help("keep one entry per licence id: merge the two profiles"),
                );
                continue;
            }
            let spdx_id = spdx::license_id(&id);
            let explicit_share_alike = entry.share_alike.as_ref().map(|s| s.value);
            let (osi, fsf, copyleft) = match spdx_id {
                Some(l) => {
                    (l.is_osi_approved(), l.is_fsf_free_libre(), explicit_share_alike.unwrap_or(l.is_copyleft()))
                }
                None => (false, false, explicit_share_alike.unwrap_or(false)),
            };
            if spdx_id.is_none() && !id.starts_with("LicenseRef-") {
                diagnostics.push(
                    Diagnostic::new(
                        "E201",
                        Severity::Error,
                        format!("`{id}` is neither an SPDX licence id nor a `LicenseRef-` id"),
                        source,
                        place(),
                    )
                    .with_help(
                        "use the SPDX id (case matters), or prefix a licence outside the SPDX list with `LicenseRef-`",
                    ),
                );
                continue;
            }
            let mut scope = Vec::new();
            for s in &entry.scope {
                match s.value.parse() {
                    Ok(k) => scope.push(k),
                    Err(message) => diagnostics.push(
                        Diagnostic::new("E202", Severity::Error, message, source, place_of(source, &s.referenced))
                            .with_help("scope lists what the licence is written for: code, data, model or policy"),
                    ),
                }
            }
            let p = &entry.permissions;
            let grants = [
                grant(&p.research),
                grant(&p.commercial),
                grant(&p.modify),
                grant(&p.copyright_derivatives),
                grant(&p.relicense_derivatives),
            ];
            if let Some(missing) = grants.iter().zip(Permission::ALL).find(|(g, _)| g.reason.trim().is_empty()) {
                diagnostics.push(
                    Diagnostic::new(
                        "E203",
                        Severity::Error,
                        format!("`{id}` gives no reason for `{}`", missing.1.key()),
                        source,
                        place(),
                    )
                    .with_help("every permission needs a one-line reason"),
                );
            }
            if entry.reviewed && entry.sources.is_empty() {
                diagnostics.push(
                    Diagnostic::new(
                        "E205",
                        Severity::Error,
                        format!("`{id}` is marked reviewed but cites no source"),
                        source,
                        place(),
                    )
                    .with_help("list the documents read under `sources:` as `{title, date}`, or drop `reviewed: true`"),
                );
            }
            let sources =
                entry.sources.iter().map(|s| crate::lens_sources::read_source(s, source, &mut diagnostics)).collect();
            profiles.push(LicenceProfile {
                id,
                name: entry.name,
                aliases: entry.aliases,
                url: entry.url,
                grants,
                share_alike: copyleft,
                osi_approved: osi,
                fsf_libre: fsf,
                note: entry.note,
                scope,
                titles: entry.titles,
                derived: false,
                deprecated: spdx_id.is_some_and(|l| l.is_deprecated()),
                reviewed: entry.reviewed,
                sources,
            });
        }
        non_licences.extend(file.not_licenses.into_iter().map(|n| NonLicence {
            text: n.text,
            note: n.note,
            suggests: n.suggests,
            unprofiled: n.unprofiled,
        }));
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    LicenceBase::new(profiles, non_licences).map(LicenceBase::with_spdx).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                Diagnostic::about_path("E204", e.to_string(), "licence base")
                    .with_help("a name may denote one licence only: remove the alias from one of the entries")
            })
            .collect()
    })
}
