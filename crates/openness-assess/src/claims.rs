//! Claims and their resolution: the middle layer between the extractors (which read files and
//! say what they show) and the core's `grade` (which turns facts into a level).
//!
//! A claim says one thing about one component — that its stage exists (or not), how it is
//! available, under which licence, or that a dataset is one of its parts — with the evidence
//! (file and line) and the strength of that evidence. The resolver decides each question by
//! precedence: an **explicit statement** ("the weights are not released", a licence file for the
//! weights) beats **metadata** (card keys, `config.json`, registries), which beats **file
//! presence** (code or weight files, LFS pointers), which beats **convention** (what releases
//! of the kind usually do). Among claims of equal strength the first extracted wins; extractors
//! emit the more specific source first. Every claim is kept in the report, decisive or
//! overruled.

use openness_core::{Availability, Component, LicenceFact, PartFacts};
use serde::Serialize;

use crate::Evidence;

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum What {
    /// Whether the component's stage exists for the release (`yes` or `no`).
    Exists,
    /// How the component is available (an availability keyword).
    Availability,
    /// Its licence (an expression).
    Licence,
    /// One of its parts (a dataset).
    Part,
}

/// How strong the evidence is, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// What releases of the kind usually do.
    Convention,
    /// Files that are (or are not) there.
    FilePresence,
    /// Card metadata, configuration, registries.
    Metadata,
    /// A statement the publisher wrote.
    Explicit,
}

impl Strength {
    /// The confidence a decision resting on this strength starts from, before agreement and
    /// conflict adjust it (calibrated on the development corpora: see `cargo xtask eval-assess`).
    pub fn confidence(self) -> f32 {
        match self {
            Strength::Convention => 0.5,
            Strength::FilePresence => 0.8,
            Strength::Metadata => 0.85,
            Strength::Explicit => 0.9,
        }
    }
}

/// One claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// The component it is about.
    pub component: Component,
    /// What it says.
    pub what: What,
    /// The value: `yes`/`no`, an availability keyword, a licence expression or a part's name.
    pub value: String,
    /// Where it comes from.
    pub evidence: Evidence,
    /// How strong that is.
    pub strength: Strength,
    /// Whether it decided the component's draft.
    pub decisive: bool,
    /// What the claim rests on when a licence goes with an availability (a linked repository):
    /// the licence of the decisive availability's basis is preferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// A part's facts (for `part` claims).
    #[serde(skip)]
    pub part: Option<PartFacts>,
}

impl Claim {
    /// A claim not yet resolved.
    pub fn new(
        component: Component,
        what: What,
        value: impl Into<String>,
        evidence: Evidence,
        strength: Strength,
    ) -> Claim {
        Claim { component, what, value: value.into(), evidence, strength, decisive: false, basis: None, part: None }
    }
}

/// What the resolver decided for one component.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Availability.
    pub availability: Availability,
    /// Licence.
    pub licence: LicenceFact,
    /// Parts.
    pub parts: Vec<PartFacts>,
    /// 0–1.
    pub confidence: f32,
    /// The claims about the component, `decisive` set.
    pub claims: Vec<Claim>,
    /// Why, in a phrase (the decisive availability claim's evidence).
    pub why: String,
}

fn strongest(claims: &[Claim], what: What) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, c) in claims.iter().enumerate().filter(|(_, c)| c.what == what) {
        if best.is_none_or(|b| c.strength > claims[b].strength) {
            best = Some(i);
        }
    }
    best
}

/// Resolves the claims of one component (claims of other components are ignored).
pub fn resolve(component: Component, all: &[Claim]) -> Resolved {
    let mut claims: Vec<Claim> = all.iter().filter(|c| c.component == component).cloned().collect();
    let parts_at = claims.iter().filter(|c| c.what == What::Part).map(|c| c.strength).max();
    let availability_at = strongest(&claims, What::Availability);
    let exists_at = strongest(&claims, What::Exists);
    // A stage the evidence says does not exist is not applicable, whatever code or data of its
    // kind the repository holds (repositories ship fine-tuning scripts for their users).
    // Otherwise parts (named datasets) make the component available unless a stronger
    // availability claim says otherwise.
    // Only an explicit availability statement stronger than the "no" overrules it (a guide to
    // fine-tuning the released code).
    let absent = exists_at.is_some_and(|e| {
        claims[e].value == "no"
            && availability_at
                .is_none_or(|a| claims[a].strength != Strength::Explicit || claims[a].strength <= claims[e].strength)
    });
    let parts_win = !absent && parts_at.is_some_and(|s| availability_at.is_none_or(|a| s >= claims[a].strength));
    let (availability, decided_by) = if absent {
        (Availability::NotApplicable, exists_at)
    } else if parts_win {
        (Availability::Open, None)
    } else if let Some(a) = availability_at {
        (claims[a].value.parse().unwrap_or(Availability::Unknown), Some(a))
    } else if let Some(e) = exists_at {
        (Availability::Closed, Some(e))
    } else {
        (Availability::Unknown, None)
    };
    if let Some(i) = decided_by {
        claims[i].decisive = true;
        // The stage's existence supports a decision on its availability.
        if claims[i].what == What::Availability
            && let Some(e) = exists_at
        {
            claims[e].decisive = true;
        }
    }
    let mut parts = Vec::new();
    if parts_win {
        for c in claims.iter_mut().filter(|c| c.what == What::Part) {
            c.decisive = true;
            parts.extend(c.part.clone());
        }
    }
    let licence = if availability.is_downloadable() && parts.is_empty() {
        // The licence of what made the component available (a linked repository's), else the
        // strongest.
        let basis = decided_by.and_then(|i| claims[i].basis.clone());
        let same_basis = basis.as_ref().and_then(|b| {
            let mut best: Option<usize> = None;
            for (i, c) in claims.iter().enumerate() {
                if c.what == What::Licence
                    && c.basis.as_ref() == Some(b)
                    && best.is_none_or(|x| c.strength > claims[x].strength)
                {
                    best = Some(i);
                }
            }
            best
        });
        match same_basis.or_else(|| strongest(&claims, What::Licence)) {
            Some(l) => {
                claims[l].decisive = true;
                if claims[l].value == "NONE" {
                    LicenceFact::NoLicence
                } else {
                    LicenceFact::Expression(claims[l].value.clone())
                }
            }
            None => LicenceFact::NotStated,
        }
    } else {
        LicenceFact::NotStated
    };
    // Confidence: the decisive availability evidence's strength, lowered by a stronger-or-equal
    // claim it overruled that disagrees, and by a released component whose licence is unknown.
    let decisive_strength = if parts_win { parts_at } else { decided_by.map(|i| claims[i].strength) };
    let mut confidence = decisive_strength.map_or(0.3, Strength::confidence);
    // A stage known to exist whose code or data was not found is closed by convention: the
    // evidence of its existence does not vouch for its absence elsewhere.
    if availability == Availability::Closed && decided_by.is_some_and(|i| claims[i].what == What::Exists) {
        confidence = confidence.min(Strength::Convention.confidence() + 0.1);
    }
    // A statement that leaves availability open decides the level `Unknown` only as surely as
    // a convention: what it leaves open may be settled elsewhere.
    if availability == Availability::Unknown {
        confidence = confidence.min(Strength::Convention.confidence() + 0.1);
    }
    let conflicts = claims.iter().filter(|c| {
        !c.decisive
            && c.what == What::Availability
            && decisive_strength.is_some_and(|s| c.strength >= s)
            && c.value.parse::<Availability>().ok() != Some(availability)
    });
    if conflicts.count() > 0 {
        confidence -= 0.2;
    }
    if availability.is_downloadable() && parts.is_empty() {
        let licence_strength =
            claims.iter().filter(|c| c.decisive && c.what == What::Licence).map(|c| c.strength).max();
        confidence = match licence_strength {
            None => confidence.min(0.4),
            Some(s) => confidence.min(s.confidence()),
        };
        let disagreeing = claims
            .iter()
            .filter(|c| c.what == What::Licence && !c.decisive && Some(c.strength) == licence_strength)
            .filter(|c| LicenceFact::Expression(c.value.clone()) != licence)
            .count();
        if disagreeing > 0 {
            confidence -= 0.15;
        }
    }
    let why = decided_by
        .map(|i| claims[i].evidence.text.clone())
        .or_else(|| parts_win.then(|| "named datasets from the registry".to_owned()))
        .unwrap_or_else(|| "nothing decides it".to_owned());
    Resolved { availability, licence, parts, confidence: confidence.clamp(0.05, 0.99), claims, why }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(what: What, value: &str, strength: Strength) -> Claim {
        Claim::new(
            Component::DeploymentDataWeights,
            what,
            value,
            Evidence { file: "README.md".into(), line: Some(1), text: value.into() },
            strength,
        )
    }

    #[test]
    fn the_stronger_claim_decides_and_the_other_is_kept() {
        let r = resolve(
            Component::DeploymentDataWeights,
            &[
                claim(What::Availability, "open", Strength::FilePresence),
                claim(What::Availability, "closed", Strength::Explicit),
            ],
        );
        assert_eq!(r.availability, Availability::Closed);
        assert_eq!(r.claims.iter().map(|c| c.decisive).collect::<Vec<_>>(), [false, true]);
    }

    #[test]
    fn an_existing_stage_without_availability_is_closed_and_a_missing_one_not_applicable() {
        let c = Component::TrainingCodeFinetuning;
        let yes = Claim { component: c, ..claim(What::Exists, "yes", Strength::Explicit) };
        let no = Claim { component: c, ..claim(What::Exists, "no", Strength::Metadata) };
        assert_eq!(resolve(c, std::slice::from_ref(&yes)).availability, Availability::Closed);
        assert_eq!(resolve(c, std::slice::from_ref(&no)).availability, Availability::NotApplicable);
        assert_eq!(resolve(c, &[]).availability, Availability::Unknown);
    }

    #[test]
    fn availability_left_open_is_no_surer_than_a_convention() {
        let r = resolve(Component::DeploymentDataWeights, &[claim(What::Availability, "unknown", Strength::Explicit)]);
        assert_eq!(r.availability, Availability::Unknown);
        assert!((r.confidence - 0.6).abs() < 1e-6, "{}", r.confidence);
    }

    #[test]
    fn a_licence_is_read_only_for_a_released_component() {
        let r = resolve(
            Component::DeploymentDataWeights,
            &[
                claim(What::Availability, "open", Strength::FilePresence),
                claim(What::Licence, "MIT", Strength::Metadata),
                claim(What::Licence, "Apache-2.0", Strength::Explicit),
            ],
        );
        assert_eq!(r.licence, LicenceFact::Expression("Apache-2.0".into()));
        let closed = resolve(
            Component::DeploymentDataWeights,
            &[claim(What::Availability, "closed", Strength::Explicit), claim(What::Licence, "MIT", Strength::Metadata)],
        );
        assert_eq!(closed.licence, LicenceFact::NotStated);
    }
}
