//! The paper's reasoning applied to one release: its openness score, the opportunities its
//! levels unlock and the risks they raise (from the register), what to open next, and the
//! other frameworks' readings of the same facts.

use std::collections::BTreeSet;

use openness_core::lenses::{
    EuAiAct, LensFacts, Mof, MofComponent, Osaid, UsEo14110, eu_ai_act, mof, osaid, us_eo_14110,
};
use openness_core::register::{Profile, Recommendation, RegisterItem, profile, recommendations};
use openness_core::score::{Score, score};
use openness_core::{Component, LicenceFact, P5Reading, Permission, Rubric};
use serde::Serialize;

use crate::catalogue::{Assessment, Catalogue};

/// Every framework's reading of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Lenses {
    /// EU AI Act: open-source exemption and systemic-risk presumption.
    pub eu_ai_act: EuAiAct,
    /// US Executive Order 14110 reporting threshold.
    pub us_eo_14110: UsEo14110,
    /// OSI Open Source AI Definition 1.0.
    pub osaid: Osaid,
    /// Model Openness Framework class and progress.
    pub mof: Mof,
    /// European Open Source AI Index criteria (open / partial / closed).
    pub osai_index: std::collections::BTreeMap<&'static str, openness_core::lenses::OsaiGrade>,
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
    for (i, c) in Component::ALL.iter().enumerate() {
        let facts = &record.component(*c).facts;
        if let LicenceFact::Expression(e) = &facts.licence {
            // Free and open: use for any purpose, modify, and share derivatives (a share-alike
            // obligation keeps them free, so it counts).
            if let Ok(s) = catalogue.base.score(e, Rubric { p5: P5Reading::Paper }) {
                let p = s.permissions;
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
        }
    }
    LensFacts {
        availability: std::array::from_fn(|i| record.components[i].facts.availability),
        free,
        osi,
        scale: record.scale,
        data_card: record.links.data_card.is_some(),
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
            eu_ai_act: eu_ai_act(&facts),
            us_eo_14110: us_eo_14110(&facts),
            osaid: osaid(&facts),
            mof: mof(&mof_components(catalogue, assessment)),
            osai_index: openness_core::lenses::osai_index(&level).into_iter().collect(),
        },
    }
}
