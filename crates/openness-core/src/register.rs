//! The risk and opportunity register, evaluated against a release: which opportunities its
//! levels unlock, which risks they raise, and what to open next.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::level::Level;
use crate::rubric::{Permission, Permissions};
use crate::taxonomy::{Component, Kind};

/// Opportunity or risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A benefit openness brings.
    Opportunity,
    /// A harm openness enables.
    Risk,
}

/// The paper's four impact areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// Research, innovation and development.
    ResearchAndInnovation,
    /// Safety and security.
    SafetyAndSecurity,
    /// Equity, access and usability.
    EquityAndAccess,
    /// Broader societal aspects.
    BroaderSociety,
}

/// The paper's time horizons, defined by capability and adoption rather than dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    /// Early adoption of today's technology.
    Near,
    /// Wide adoption, incremental capability gains.
    Mid,
    /// Far greater capabilities.
    Long,
}

/// A condition on one component's level: `deployment.data.weights>=D3`, `training.data.pretraining<=D1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The component.
    pub component: Component,
    /// `true` for `>=`, `false` for `<=`.
    pub at_least: bool,
    /// The level compared with.
    pub level: Level,
}

impl Condition {
    /// Whether a level meets the condition (`N/A` and `Unknown` never do).
    pub fn holds(&self, level: Level) -> bool {
        match (level.grade(), self.level.grade()) {
            (Some(have), Some(want)) => {
                if self.at_least {
                    have >= want
                } else {
                    have <= want
                }
            }
            _ => false,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.component, if self.at_least { ">=" } else { "<=" }, self.level)
    }
}

impl FromStr for Condition {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (c, at_least, l) = if let Some((c, l)) = s.split_once(">=") {
            (c, true, l)
        } else if let Some((c, l)) = s.split_once("<=") {
            (c, false, l)
        } else {
            return Err(format!("`{s}` is not a condition: write COMPONENT>=LEVEL or COMPONENT<=LEVEL"));
        };
        let component = Component::from_name(c).ok_or_else(|| format!("`{c}` is not a component id"))?;
        let level: Level = l.trim().parse().map_err(|e: crate::level::LevelError| e.to_string())?;
        if level.kind() != Some(component.kind()) {
            return Err(format!("`{l}` is not a graded level of {component}"));
        }
        Ok(Condition { component, at_least, level })
    }
}

/// One entry of the register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterItem {
    /// Stable id (`SS-R2`).
    pub id: String,
    /// Opportunity or risk.
    pub kind: ItemKind,
    /// Impact area.
    pub area: Area,
    /// Horizons it applies to.
    pub horizons: Vec<Horizon>,
    /// A short title.
    pub title: String,
    /// A paraphrase (never the paper's words).
    pub paraphrase: String,
    /// Sources.
    pub citations: Vec<String>,
    /// Whether it was checked against the paper itself.
    pub verified: bool,
    /// Where in our sources it comes from.
    pub source: Option<String>,
    /// Conditions that must all hold.
    #[serde(serialize_with = "display_all")]
    pub when_all: Vec<Condition>,
    /// Conditions of which one must hold (when any are listed).
    #[serde(serialize_with = "display_all")]
    pub when_any: Vec<Condition>,
    /// Mitigations of a risk.
    pub mitigations: Vec<String>,
}

fn display_all<S: serde::Serializer>(conditions: &[Condition], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(conditions.iter().map(ToString::to_string))
}

impl RegisterItem {
    /// Whether the item is context only (not tied to a release's levels).
    pub fn is_context(&self) -> bool {
        self.when_all.is_empty() && self.when_any.is_empty()
    }

    /// The conditions that make the item apply to a release, or `None` when it does not.
    pub fn applies(&self, level: &dyn Fn(Component) -> Level) -> Option<Vec<String>> {
        if self.is_context() || !self.when_all.iter().all(|c| c.holds(level(c.component))) {
            return None;
        }
        let any: Vec<&Condition> = self.when_any.iter().filter(|c| c.holds(level(c.component))).collect();
        if !self.when_any.is_empty() && any.is_empty() {
            return None;
        }
        Some(self.when_all.iter().chain(any).map(|c| format!("{} is {}", c.component, level(c.component))).collect())
    }
}

/// An item a release triggers, with the levels that trigger it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Triggered {
    /// The item's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The levels that trigger it.
    pub because: Vec<String>,
}

/// What a release's levels unlock and raise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// Opportunities unlocked.
    pub opportunities: Vec<Triggered>,
    /// Risks raised.
    pub risks: Vec<Triggered>,
}

/// The profile of a release whose component levels `level` gives.
pub fn profile(items: &[RegisterItem], level: &dyn Fn(Component) -> Level) -> Profile {
    let triggered = |kind| {
        items
            .iter()
            .filter(|i| i.kind == kind)
            .filter_map(|i| {
                i.applies(level).map(|because| Triggered { id: i.id.clone(), title: i.title.clone(), because })
            })
            .collect()
    };
    Profile { opportunities: triggered(ItemKind::Opportunity), risks: triggered(ItemKind::Risk) }
}

/// A step towards a more open release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    /// The component to open.
    pub component: Component,
    /// Its level now.
    pub current: Level,
    /// The level recommended (fully open, as the paper's best practices ask).
    pub target: Level,
    /// Opportunities this would unlock.
    pub unlocks: Vec<String>,
    /// Risks this would raise (to be mitigated).
    pub raises: Vec<String>,
    /// What it serves: reproducibility, white-box safety research, data provenance...
    pub serves: Vec<&'static str>,
    /// What to do, in a sentence.
    pub advice: String,
}

fn serves(c: Component) -> Vec<&'static str> {
    use Component::*;
    match c {
        TrainingCodePretraining | TrainingCodeFinetuning | TrainingCodeAlignment => vec!["reproducibility"],
        TrainingDataPretraining | TrainingDataSft | TrainingDataAlignment => vec!["reproducibility", "data provenance"],
        EvaluationCodeGeneral | EvaluationDataUtility => vec!["independent evaluation"],
        EvaluationCodeSafety | EvaluationDataSafety => vec!["white-box safety research"],
        DeploymentCodeInference => vec!["use and deployment"],
        DeploymentDataWeights => vec!["use and deployment", "white-box safety research", "reproducibility"],
    }
}

/// What to open next, best first (most opportunities unlocked), each aiming at level 5.
///
/// `level` is each component's answer; `granted` the permissions its licence grants under the
/// rubric in force (`None` where no licence decided). Advice is derived from the same facts as
/// the level: a component whose licence already grants all five permissions is never told to
/// relicense (its level can be below 5 only as a source recorded it), and the advice to
/// relicense names the permissions the current terms withhold.
pub fn recommendations(
    items: &[RegisterItem],
    level: &dyn Fn(Component) -> Level,
    granted: &dyn Fn(Component) -> Option<Permissions>,
) -> Vec<Recommendation> {
    let before = profile(items, level);
    let mut out: Vec<(usize, Recommendation)> = Vec::new();
    for (order, c) in Component::ALL.into_iter().enumerate() {
        let current = level(c);
        if current == Level::NotApplicable || current.grade() == Some(5) {
            continue;
        }
        let what = c.description().trim_end_matches('.').to_lowercase();
        let withheld: Option<Vec<Permission>> = granted(c).map(|p| p.missing().collect());
        let advice = match (current.grade(), withheld) {
            (Some(1) | None, _) => format!(
                "Release the {what} under a restriction-free licence ({}).",
                if c.kind() == Kind::Code { "e.g. Apache-2.0 or MIT" } else { "e.g. CC-BY-4.0 or ODC-By-1.0" }
            ),
            (Some(2), _) if c.kind() == Kind::Data => {
                format!("Publish the {what} for download, not only through an API, under a restriction-free licence.")
            }
            // Released under a licence that grants everything: nothing to relicense.
            (Some(_), Some(w)) if w.is_empty() => continue,
            (Some(_), Some(w)) => format!(
                "Relicense the {what} under a restriction-free licence: the current terms withhold {}.",
                w.iter().map(|p| p.short()).collect::<Vec<_>>().join(", ")
            ),
            (Some(_), None) => {
                format!("Record the licence of the {what}, or relicense it under a restriction-free licence.")
            }
        };
        let target = Level::Graded { kind: c.kind(), grade: 5 };
        let after = profile(items, &|x| if x == c { target } else { level(x) });
        let new = |a: &[Triggered], b: &[Triggered]| -> Vec<String> {
            a.iter().filter(|t| !b.iter().any(|u| u.id == t.id)).map(|t| t.id.clone()).collect()
        };
        let unlocks = new(&after.opportunities, &before.opportunities);
        let raises = new(&after.risks, &before.risks);
        out.push((order, Recommendation { component: c, current, target, unlocks, raises, serves: serves(c), advice }));
    }
    out.sort_by(|(oa, a), (ob, b)| b.unlocks.len().cmp(&a.unlocks.len()).then(oa.cmp(ob)));
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, kind: ItemKind, all: &[&str], any: &[&str]) -> RegisterItem {
        RegisterItem {
            id: id.into(),
            kind,
            area: Area::SafetyAndSecurity,
            horizons: vec![Horizon::Near],
            title: id.into(),
            paraphrase: String::new(),
            citations: Vec::new(),
            verified: false,
            source: None,
            when_all: all.iter().map(|c| c.parse().expect("condition")).collect(),
            when_any: any.iter().map(|c| c.parse().expect("condition")).collect(),
            mitigations: Vec::new(),
        }
    }

    fn levels(weights: u8, data: u8) -> impl Fn(Component) -> Level {
        move |c| match c {
            Component::DeploymentDataWeights => Level::Graded { kind: Kind::Data, grade: weights },
            Component::TrainingDataPretraining => Level::Graded { kind: Kind::Data, grade: data },
            other if other.kind() == Kind::Code => Level::Graded { kind: Kind::Code, grade: 1 },
            _ => Level::NotApplicable,
        }
    }

    #[test]
    fn conditions_parse_and_hold() {
        let c: Condition = "weights>=D3".parse().expect("valid");
        assert!(c.holds(Level::Graded { kind: Kind::Data, grade: 4 }));
        assert!(!c.holds(Level::Unknown));
        assert!("weights>=C3".parse::<Condition>().is_err());
        assert!("weights=D3".parse::<Condition>().is_err());
        assert_eq!(
            "training.data.pretraining<=D1".parse::<Condition>().map(|c| c.to_string()).as_deref(),
            Ok("training.data.pretraining<=D1")
        );
    }

    #[test]
    fn profiles_and_recommendations() {
        let items = [
            item("O1", ItemKind::Opportunity, &["weights>=D3"], &[]),
            item("O2", ItemKind::Opportunity, &["weights>=D3", "pretraining-data>=D3"], &[]),
            item("R1", ItemKind::Risk, &["weights>=D3"], &["pretraining-data<=D1"]),
            item("C1", ItemKind::Opportunity, &[], &[]),
        ];
        let p = profile(&items, &levels(5, 1));
        assert_eq!(p.opportunities.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["O1"]);
        assert_eq!(p.risks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["R1"]);
        let r = recommendations(&items, &levels(5, 1), &|_| None);
        assert_eq!(r[0].component, Component::TrainingDataPretraining);
        assert_eq!(r[0].unlocks, ["O2"]);
        let closed = recommendations(&items, &levels(1, 1), &|_| None);
        assert_eq!(closed[0].component, Component::DeploymentDataWeights);
        assert_eq!(closed[0].unlocks, ["O1"]);
        assert_eq!(closed[0].raises, ["R1"]);
    }

    #[test]
    fn relicensing_advice_names_what_the_licence_withholds() {
        let items = [item("O1", ItemKind::Opportunity, &["pretraining-data>=D5"], &[])];
        let all = Permissions::from_array([true; 5]);
        let mut some = [true; 5];
        some[1] = false;
        let data4 = levels(5, 4);
        // D4 under a licence that grants all five: no advice to relicense.
        assert!(
            recommendations(&items, &data4, &|_| Some(all))
                .iter()
                .all(|r| r.component != Component::TrainingDataPretraining)
        );
        let r = recommendations(&items, &data4, &|_| Some(Permissions::from_array(some)));
        let pre = r.iter().find(|r| r.component == Component::TrainingDataPretraining).expect("advised");
        assert!(pre.advice.ends_with("withhold P2 commercial."), "{}", pre.advice);
    }

    fn any_level(kind: Kind) -> impl proptest::strategy::Strategy<Value = Level> {
        use proptest::prelude::*;
        prop_oneof![
            (1u8..=5).prop_map(move |grade| Level::Graded { kind, grade }),
            Just(Level::NotApplicable),
            Just(Level::Unknown),
        ]
    }

    proptest::proptest! {
        #[test]
        fn no_recommendation_targets_a_level_already_reached(
            code in proptest::collection::vec(any_level(Kind::Code), 6),
            data in proptest::collection::vec(any_level(Kind::Data), 6),
            grants in proptest::collection::vec(proptest::option::of(proptest::array::uniform5(proptest::bool::ANY)), 12),
        ) {
            let items = [item("O1", ItemKind::Opportunity, &["weights>=D3"], &[])];
            let level = |c: Component| {
                let i = c as usize;
                if c.kind() == Kind::Code { code[i % 6] } else { data[i % 6] }
            };
            let granted = |c: Component| grants[c as usize].map(Permissions::from_array);
            for r in recommendations(&items, &level, &granted) {
                let (Some(now), Some(target)) = (r.current.grade(), r.target.grade()) else {
                    proptest::prop_assert_eq!(r.current, Level::Unknown);
                    continue;
                };
                proptest::prop_assert!(target > now, "{:?} already at {}", r.component, r.current);
                if let Some(p) = granted(r.component) {
                    proptest::prop_assert!(p.missing().next().is_some() || now <= 2, "{}", r.advice);
                }
            }
        }
    }
}
