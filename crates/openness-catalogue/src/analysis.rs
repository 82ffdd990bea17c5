//! The paper's reasoning applied to one release: its openness score, the opportunities its
//! levels unlock and the risks they raise (from the register), what to open next, and the
//! other frameworks' readings of the same facts.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use openness_core::Source;
use openness_core::lenses::{
    EuAiAct, LensFacts, Mof, MofComponent, OpenWeight, OsaiIndex, Osaid, UsEo14110, eu_ai_act, mof, open_weight,
    osai_index, osaid, us_eo_14110,
};
use openness_core::register::{Profile, Recommendation, RegisterItem, profile, recommendations};
use openness_core::score::{Score, score};
use openness_core::{Component, LicenceFact, P5Reading, Permission, Rubric};
use serde::Serialize;

use crate::catalogue::{Assessment, Catalogue};
use crate::lens_sources::LensDocuments;

/// A lens result with what the lens implements and the documents it rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Sourced<T> {
    /// The result.
    #[serde(flatten)]
    pub result: T,
    /// The framework or law and its version.
    pub implements: String,
    /// Its documents, with their dates.
    pub sources: Vec<Source>,
}

impl<T> std::ops::Deref for Sourced<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.result
    }
}

/// The documents of every lens (embedded data, validated by the catalogue's tests).
pub fn lens_sources() -> &'static [LensDocuments] {
    static SOURCES: OnceLock<Vec<LensDocuments>> = OnceLock::new();
    SOURCES.get_or_init(|| crate::catalogue::embedded_lens_sources().unwrap_or_default())
}

fn sourced<T>(lens: &str, result: T) -> Sourced<T> {
    let documents = lens_sources().iter().find(|l| l.lens == lens);
    Sourced {
        result,
        implements: documents.map(|d| d.implements.clone()).unwrap_or_default(),
        sources: documents.map(|d| d.sources.clone()).unwrap_or_default(),
    }
}

/// Every framework's reading of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Lenses {
    /// EU AI Act, rules for general-purpose AI models.
    pub eu_ai_act: Sourced<EuAiAct>,
    /// US Executive Order 14110 reporting threshold (revoked; history).
    pub us_eo_14110: Sourced<UsEo14110>,
    /// OSI Open Source AI Definition 1.0.
    pub osaid: Sourced<Osaid>,
    /// Open Weight Definition, draft 0.1.
    pub owd: Sourced<OpenWeight>,
    /// Model Openness Framework class and progress.
    pub mof: Sourced<Mof>,
    /// European Open Source AI Index criteria (open / partial / closed) and score.
    pub osai_index: Sourced<OsaiIndex>,
}

/// The MOF components a record shows under an open licence (MOT's notion of open). Documents
/// count when linked: their licences are not recorded. Components MOF has and the paper's
/// taxonomy lacks count when the record links them (intermediate checkpoints, preprocessing
/// code); model metadata, supporting libraries and sample outputs are not recorded.
pub fn mof_components(catalogue: &Catalogue, assessment: &Assessment<'_>) -> BTreeSet<MofComponent> {
    let record = assessment.record;
    let open = |c: Component| {
        let facts = &record.component(c).facts;
        facts.availability.is_downloadable()
            && match &facts.licence {
                LicenceFact::Expression(e) => catalogue
                    .base
                    .score(e, Rubric::default())
                    .is_ok_and(|s| s.terms.iter().all(|t| crate::mot::mof_open(&t.id))),
                _ => false,
            }
    };
    let links = &record.links;
    let mut set = BTreeSet::new();
    let mut add = |yes: bool, c: MofComponent| {
        if yes {
            set.insert(c);
        }
    };
    add(open(Component::DeploymentCodeInference), MofComponent::ModelArchitecture);
    add(open(Component::DeploymentCodeInference), MofComponent::InferenceCode);
    add(open(Component::DeploymentDataWeights), MofComponent::FinalParameters);
    add(open(Component::TrainingCodePretraining), MofComponent::TrainingCode);
    add(open(Component::EvaluationCodeGeneral), MofComponent::EvaluationCode);
    add(open(Component::EvaluationDataUtility), MofComponent::EvaluationData);
    add(open(Component::TrainingDataPretraining), MofComponent::Datasets);
    add(links.model_card.is_some(), MofComponent::ModelCard);
    add(links.data_card.is_some(), MofComponent::DataCard);
    add(links.technical_report.is_some(), MofComponent::TechnicalReport);
    add(links.paper.is_some(), MofComponent::ResearchPaper);
    add(
        links.paper.is_some() || links.model_card.is_some() || links.technical_report.is_some(),
        MofComponent::EvaluationResults,
    );
    set
}

/// The analysis of one release.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The openness score.
    pub score: Score,
    /// Opportunities unlocked and risks raised.
    pub profile: Profile,
    /// What to open next, best first.
    pub recommendations: Vec<Recommendation>,
    /// Other frameworks.
    pub lenses: Lenses,
}

/// The facts the lenses read, from a graded record.
pub fn lens_facts(catalogue: &Catalogue, assessment: &Assessment<'_>) -> LensFacts {
    let record = assessment.record;
    let mut free = [None; 12];
    let mut osi = [None; 12];
    let mut weights_permissions = None;
    for (i, c) in Component::ALL.iter().enumerate() {
        let facts = &record.component(*c).facts;
        if let LicenceFact::Expression(e) = &facts.licence {
            // Free and open: use for any purpose, modify, and share derivatives (a share-alike
            // obligation keeps them free, so it counts).
            if let Ok(s) = catalogue.base.score(e, Rubric { p5: P5Reading::Paper }) {
                let p = s.permissions;
                if *c == Component::DeploymentDataWeights {
                    weights_permissions = Some(p);
                }
                free[i] = Some(
                    [
                        Permission::Research,
                        Permission::Commercial,
                        Permission::Modify,
                        Permission::RelicenseDerivatives,
                    ]
                    .iter()
                    .all(|x| p.has(*x)),
                );
                osi[i] = Some(s.terms.iter().all(|t| catalogue.base.get(&t.id).is_some_and(|p| p.osi_approved)));
            }
        } else if facts.licence == LicenceFact::NoLicence {
            free[i] = Some(false);
            osi[i] = Some(false);
            if *c == Component::DeploymentDataWeights {
                weights_permissions = Some(openness_core::Permissions::NONE);
            }
        }
    }
    let mut gpai = record.gpai.clone();
    if let Some(d) = gpai.derivative.as_mut() {
        d.base_scale = catalogue.get(&d.base).map(|base| base.scale);
    }
    LensFacts {
        availability: std::array::from_fn(|i| record.components[i].facts.availability),
        free,
        osi,
        weights_permissions,
        scale: record.scale,
        data_card: record.links.data_card.is_some(),
        model_card: record.links.model_card.is_some(),
        gpai,
    }
}

/// Analyses one graded record.
pub fn analyse(catalogue: &Catalogue, assessment: &Assessment<'_>, register: &[RegisterItem]) -> Analysis {
    let level = |c: Component| assessment.components[c as usize].level;
    let facts = lens_facts(catalogue, assessment);
    Analysis {
        score: score(Component::ALL.iter().map(|c| (*c, level(*c)))),
        profile: profile(register, &level),
        recommendations: recommendations(register, &level, &|c| {
            assessment.components[c as usize].grade.licence.as_ref().map(|s| s.permissions)
        }),
        lenses: Lenses {
            eu_ai_act: sourced("eu-ai-act", eu_ai_act(&facts)),
            us_eo_14110: sourced("us-eo-14110", us_eo_14110(&facts)),
            osaid: sourced("osaid", osaid(&facts)),
            owd: sourced("owd", open_weight(&facts)),
            mof: sourced("mof", mof(&mof_components(catalogue, assessment))),
            osai_index: sourced("osai-index", osai_index(&level)),
        },
    }
}

/// One lens's reading in words, for tables and pages.
#[derive(Debug, Clone, Serialize)]
pub struct LensSummary {
    /// The lens, as `openness lens` names it.
    pub lens: &'static str,
    /// Its short name.
    pub name: &'static str,
    /// The verdict in one line.
    pub result: String,
    /// Why.
    pub reasons: Vec<String>,
    /// What it implements.
    pub implements: String,
    /// Its documents.
    pub sources: Vec<Source>,
    /// The full result as JSON.
    pub json: serde_json::Value,
}

fn yes_no(b: Option<bool>) -> &'static str {
    b.map_or("undecided", |b| if b { "yes" } else { "no" })
}

fn summary<T: Serialize>(
    lens: &'static str,
    name: &'static str,
    l: &Sourced<T>,
    result: String,
    reasons: Vec<String>,
) -> LensSummary {
    LensSummary {
        lens,
        name,
        result,
        reasons,
        implements: l.implements.clone(),
        sources: l.sources.clone(),
        json: serde_json::to_value(l).unwrap_or_default(),
    }
}

impl Lenses {
    /// Every lens's reading, in the order `openness lens` lists them.
    pub fn summaries(&self) -> Vec<LensSummary> {
        let eu = &self.eu_ai_act;
        let failing: Vec<&str> =
            eu.open_source_exemption.conditions.iter().filter(|c| c.met == Some(false)).map(|c| c.condition).collect();
        let exemption = match eu.open_source_exemption.granted {
            Some(false) => format!("refused ({})", failing.join("; ")),
            g => yes_no(g).to_owned(),
        };
        let mut eu_result = format!(
            "GPAI presumed: {}, systemic risk: {}, open-source exemption: {exemption}, applies from {}",
            yes_no(eu.gpai_presumed),
            yes_no(eu.systemic_risk_presumed),
            eu.applicable_from
        );
        if let Some(m) = &eu.modification {
            eu_result.push_str(&format!(", modifier is provider: {}", yes_no(m.provider_of_modified_model)));
        }
        let us = &self.us_eo_14110;
        let mof = &self.mof;
        let progress: Vec<String> = mof.progress.iter().rev().map(|(k, v)| format!("class {k}: {v:.0}%")).collect();
        let osai = &self.osai_index;
        let criteria: Vec<String> = osai.criteria.iter().map(|(k, g)| format!("{k}: {}", g.word())).collect();
        vec![
            summary("eu-ai-act", "EU AI Act", eu, eu_result, eu.reasons.clone()),
            summary(
                "us-eo-14110",
                "US EO 14110 (revoked)",
                us,
                format!(
                    "revoked {}; reporting threshold exceeded: {}",
                    us.revoked,
                    yes_no(us.reporting_threshold_exceeded)
                ),
                us.reasons.clone(),
            ),
            summary(
                "osaid",
                "OSAID 1.0",
                &self.osaid,
                self.osaid.verdict.word().to_owned(),
                self.osaid.reasons.clone(),
            ),
            summary(
                "owd",
                "Open Weight Definition 0.1",
                &self.owd,
                self.owd.verdict.word().to_owned(),
                self.owd.criteria.iter().map(|c| format!("{}: {}", c.condition, c.reason)).collect(),
            ),
            summary(
                "mof",
                "MOF 1.0",
                mof,
                format!("{} ({})", mof.label, progress.join(", ")),
                if mof.missing.is_empty() {
                    Vec::new()
                } else {
                    vec![format!("missing for the next class: {}", mof.missing.join(", "))]
                },
            ),
            summary(
                "osai-index",
                "OSAI index",
                osai,
                match osai.score {
                    Some(s) => format!("score {:.0}% over {} criteria", s * 100.0, osai.scored),
                    None => "no criterion graded".to_owned(),
                },
                criteria,
            ),
        ]
    }
}
