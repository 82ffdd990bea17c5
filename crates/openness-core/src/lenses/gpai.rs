//! The EU AI Act's rules for general-purpose AI (GPAI) models (Regulation (EU) 2024/1689,
//! Chapter V), as the Commission's guidelines of 18 July 2025 read them: the indicative GPAI
//! criterion, the systemic-risk presumption and its notification, when a modifier becomes a
//! provider, the open-source exemption condition by condition, what stays owed, and the dates.

use serde::Serialize;

use super::{Compute, DISCLAIMER, FlopsSource, LensFacts, Scale, sci};
use crate::grade::Availability;
use crate::taxonomy::Component;

/// The guidelines' indicative criterion: a model trained with more than this and generating
/// language, images or video is presumed a GPAI model.
pub const GPAI_INDICATIVE_FLOPS: f64 = 1e23;
/// Art. 51(2): presumption of systemic risk above this cumulative training compute.
pub const EU_SYSTEMIC_RISK_FLOPS: f64 = 1e25;
/// A modifier becomes the provider of the modified model when its modification used more than
/// this share of the original model's training compute.
pub const MODIFICATION_SHARE: f64 = 1.0 / 3.0;
/// Chapter V applies from this date (Art. 113(b)).
pub const OBLIGATIONS_FROM: &str = "2025-08-02";
/// The Commission's enforcement powers over GPAI providers (the fines of Art. 101) apply from this date (Art. 113).
pub const ENFORCEMENT_FROM: &str = "2026-08-02";
/// Models placed on the market before [`OBLIGATIONS_FROM`] comply by this date (Art. 111(3)).
pub const EXISTING_MODELS_UNTIL: &str = "2027-08-02";

/// What a model generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Output {
    /// Text.
    Text,
    /// Source code.
    Code,
    /// Spoken language.
    Speech,
    /// Images.
    Image,
    /// Video.
    Video,
    /// Other audio (music, sound).
    Audio,
    /// Anything else (embeddings, actions, forecasts).
    Other,
}

impl Output {
    /// Every output, in the order the record format lists them.
    pub const ALL: [Output; 7] =
        [Output::Text, Output::Code, Output::Speech, Output::Image, Output::Video, Output::Audio, Output::Other];

    /// The record format's word for it.
    pub fn keyword(self) -> &'static str {
        match self {
            Output::Text => "text",
            Output::Code => "code",
            Output::Speech => "speech",
            Output::Image => "image",
            Output::Video => "video",
            Output::Audio => "audio",
            Output::Other => "other",
        }
    }

    /// Whether the guidelines' indicative criterion counts it: language (text or speech; code is
    /// text), text-to-image or text-to-video generation.
    pub fn counts_for_gpai(self) -> bool {
        !matches!(self, Output::Audio | Output::Other)
    }
}

impl std::str::FromStr for Output {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Output::ALL.into_iter().find(|o| o.keyword() == s.trim()).ok_or_else(|| format!("`{s}` is not an output kind"))
    }
}

/// When a release was placed on the market: a day, or only the month of the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarketDate {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, when recorded.
    pub day: Option<u8>,
}

impl std::fmt::Display for MarketDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        match self.day {
            Some(d) => write!(f, "-{d:02}"),
            None => Ok(()),
        }
    }
}

impl MarketDate {
    /// Placed before 2025-08-02. A release month of 2025-08 without a day counts as on or after
    /// it (only 1 August is earlier).
    pub fn before_obligations(self) -> bool {
        (self.year, self.month) < (2025, 8) || (self.year, self.month, self.day) == (2025, 8, Some(1))
    }
}

/// A derivative's modification, and the base it modifies.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivative {
    /// The base model's record id.
    pub base: String,
    /// The base's scale, when the base is in the catalogue.
    pub base_scale: Option<Scale>,
    /// Compute of the modification (fine-tuning, distillation …), when published.
    pub modification_flops: Option<f64>,
    /// Tokens the modification trained on, when published.
    pub modification_tokens: Option<u64>,
}

/// The facts the GPAI rules read beyond scale and licences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GpaiFacts {
    /// What the model generates; empty when not recorded.
    pub generates: Vec<Output>,
    /// Whether the release is monetised (a price, or use tied to a paid service or to personal
    /// data); `None` when not recorded.
    pub monetised: Option<bool>,
    /// Whether a copyright policy (Art. 53(1)(c)) is published.
    pub copyright_policy_published: Option<bool>,
    /// Whether the public summary of training content (Art. 53(1)(d)) is published.
    pub training_content_summary_published: Option<bool>,
    /// When the release was placed on the market.
    pub placed_on_market: Option<MarketDate>,
    /// For a derivative: its base and the modification's compute.
    pub derivative: Option<Derivative>,
}

/// One condition of a test, with the fact it read and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    /// The condition.
    pub condition: &'static str,
    /// Met, not met, or `None` when the facts do not decide.
    pub met: Option<bool>,
    /// The fact and why it decides.
    pub reason: String,
}

/// The open-source exemption of Art. 53(2) and 54(6).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exemption {
    /// Granted when every condition is met; refused when one is not; `None` otherwise.
    pub granted: Option<bool>,
    /// Each condition.
    pub conditions: Vec<Condition>,
}

/// One obligation of a GPAI provider.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Obligation {
    /// What is owed.
    pub obligation: &'static str,
    /// Where the Act says so.
    pub article: &'static str,
    /// Whether it applies to this release; `None` when the facts do not decide.
    pub applies: Option<bool>,
    /// Whether the release publishes it (for the documents that must be public); `None` when not
    /// recorded or not a public document.
    pub published: Option<bool>,
    /// Why.
    pub reason: String,
}

/// A derivative's modification read against the one-third rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Modification {
    /// The base model.
    pub base: String,
    /// The base's training compute.
    pub base_training_flops: Option<f64>,
    /// The modification's compute.
    pub modification_flops: Option<f64>,
    /// How the modification's compute was obtained.
    pub modification_flops_source: FlopsSource,
    /// Modification compute ÷ base compute.
    pub share_of_base_compute: Option<f64>,
    /// Whether the modifier becomes the provider of the modified model.
    pub provider_of_modified_model: Option<bool>,
    /// Why, and what follows.
    pub reason: String,
}

/// The EU AI Act's GPAI lens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EuAiAct {
    /// Presumed a GPAI model (compute above 10^23 FLOP and generates language, images or video);
    /// `None` when the compute or the outputs are unknown.
    pub gpai_presumed: Option<bool>,
    /// Art. 51(2): cumulative training compute above 10^25 FLOP. `None` when compute is unknown.
    pub systemic_risk_presumed: Option<bool>,
    /// The cumulative training compute used.
    pub estimated_training_flops: Option<f64>,
    /// How it was obtained.
    pub flops_source: FlopsSource,
    /// The figures behind it.
    pub flops_basis: String,
    /// For a derivative: the one-third rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modification: Option<Modification>,
    /// The open-source exemption.
    pub open_source_exemption: Exemption,
    /// What a provider owes, and what stays owed when exempt.
    pub obligations: Vec<Obligation>,
    /// When the release was placed on the market, as recorded.
    pub placed_on_market: Option<String>,
    /// The date from which this release must comply.
    pub applicable_from: &'static str,
    /// The date from which the Commission can enforce.
    pub enforcement_from: &'static str,
    /// Why, in order.
    pub reasons: Vec<String>,
    /// Always "Information, not legal advice."
    pub disclaimer: &'static str,
}

/// `a and not b` over "unknown".
fn and_not(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(true)) => Some(false),
        (Some(true), Some(false)) => Some(true),
        _ => None,
    }
}

fn verdict_of(conditions: &[Condition]) -> Option<bool> {
    if conditions.iter().any(|c| c.met == Some(false)) {
        Some(false)
    } else if conditions.iter().all(|c| c.met == Some(true)) {
        Some(true)
    } else {
        None
    }
}

/// The cumulative compute of a release: its own published figure, else base plus modification
/// for a derivative, else 6 × parameters × tokens.
fn cumulative(facts: &LensFacts, modification: Option<&(Compute, Compute)>) -> Compute {
    let own = facts.scale.compute();
    if own.source == FlopsSource::Published {
        return own;
    }
    if let Some((base, m)) = modification
        && let (Some(b), Some(f)) = (base.flops, m.flops)
    {
        let source = if base.source == FlopsSource::Published && m.source == FlopsSource::Published {
            FlopsSource::Published
        } else {
            FlopsSource::Estimate
        };
        return Compute {
            flops: Some(b + f),
            source,
            basis: format!(
                "the base's {} FLOP ({}) plus the modification's {} FLOP ({})",
                sci(b),
                base.basis,
                sci(f),
                m.basis
            ),
        };
    }
    own
}

fn modification_compute(d: &Derivative, scale: &Scale) -> Compute {
    if let Some(f) = d.modification_flops {
        return Compute {
            flops: Some(f),
            source: FlopsSource::Published,
            basis: "published by the developer".to_owned(),
        };
    }
    let n = scale.active_parameters.or(scale.parameters);
    match (n, d.modification_tokens) {
        (Some(n), Some(t)) => Compute {
            flops: Some(6.0 * n as f64 * t as f64),
            source: FlopsSource::Estimate,
            basis: format!("estimated as 6 × {n} parameters × {t} modification tokens"),
        },
        _ => Compute {
            flops: None,
            source: FlopsSource::Unknown,
            basis: "neither the modification's compute nor its tokens are published".to_owned(),
        },
    }
}

fn read_modification(d: &Derivative, base: &Compute, m: &Compute) -> Modification {
    let share = match (m.flops, base.flops) {
        (Some(f), Some(b)) if b > 0.0 => Some(f / b),
        _ => None,
    };
    // Without the base's compute, the guidelines compare with a third of the GPAI threshold.
    let (threshold, against) = match base.flops {
        Some(b) => (b * MODIFICATION_SHARE, format!("a third of the base's {} FLOP", sci(b))),
        None => (
            GPAI_INDICATIVE_FLOPS * MODIFICATION_SHARE,
            "a third of 10^23 FLOP, since the base's compute is unknown".to_owned(),
        ),
    };
    let provider = m.flops.map(|f| f > threshold);
    let reason = match (m.flops, provider) {
        (Some(f), Some(true)) => format!(
            "the modification's {} FLOP ({}) is above {against}: the modifier is the provider of the modified model, with obligations limited to the modification (recital 109)",
            sci(f),
            m.basis
        ),
        (Some(f), _) => format!(
            "the modification's {} FLOP ({}) is not above {against}: the modifier is not the provider of a new model, and the obligations stay with the base's provider",
            sci(f),
            m.basis
        ),
        (None, _) => format!("{}: whether the modifier becomes a provider is undecided", m.basis),
    };
    Modification {
        base: d.base.clone(),
        base_training_flops: base.flops,
        modification_flops: m.flops,
        modification_flops_source: m.source,
        share_of_base_compute: share,
        provider_of_modified_model: provider,
        reason,
    }
}

fn exemption(facts: &LensFacts, systemic: Option<bool>) -> Exemption {
    let w = Component::DeploymentDataWeights as usize;
    let weights = facts.availability[w];
    let licence = Condition {
        condition: "free and open-source licence allowing access, use, modification and distribution",
        met: if weights.is_downloadable() { facts.free[w] } else { Some(false) },
        reason: match (weights.is_downloadable(), facts.free[w]) {
            (false, _) => format!("the weights are `{weights}`: no licence lets anyone access them"),
            (true, Some(true)) => "the weights' licence allows use for any purpose, modification and redistribution".to_owned(),
            (true, Some(false)) => "the weights' licence restricts use, modification or redistribution (a use policy, a user threshold or a non-commercial term), so it is not a free and open-source licence".to_owned(),
            (true, None) => "the weights' licence is not recorded".to_owned(),
        },
    };
    let public = Condition {
        condition: "weights public",
        met: match weights {
            Availability::Open => Some(true),
            Availability::Gated | Availability::Unknown => None,
            _ => Some(false),
        },
        reason: match weights {
            Availability::Open => "the weights can be downloaded by anyone".to_owned(),
            Availability::Gated => {
                "the weights are gated: whether access after registration counts as public is not settled".to_owned()
            }
            Availability::Unknown => "the weights' availability is unknown".to_owned(),
            a => format!("the weights are `{a}`, not public"),
        },
    };
    let i = Component::DeploymentCodeInference as usize;
    let architecture = Condition {
        condition: "architecture public",
        met: match facts.availability[i] {
            a if a.is_downloadable() => Some(true),
            Availability::Closed | Availability::Api => Some(false),
            _ => None,
        },
        reason: match facts.availability[i] {
            a if a.is_downloadable() => "the inference code, which defines the architecture, is released".to_owned(),
            a => format!("the inference code is `{a}`"),
        },
    };
    let usage = Condition {
        condition: "usage information public",
        met: facts.model_card.then_some(true),
        reason: if facts.model_card {
            "a model card is published".to_owned()
        } else {
            "no model card or usage documentation is recorded".to_owned()
        },
    };
    let money = Condition {
        condition: "no monetisation",
        met: facts.gpai.monetised.map(|m| !m),
        reason: match facts.gpai.monetised {
            Some(true) => {
                "the release is monetised (a price, or use tied to a paid service or to personal data)".to_owned()
            }
            Some(false) => "the release is recorded as not monetised".to_owned(),
            None => "monetisation is not recorded (`monetised:`)".to_owned(),
        },
    };
    let risk = Condition {
        condition: "no systemic risk",
        met: systemic.map(|s| !s),
        reason: match systemic {
            Some(true) => {
                "the model is presumed to have systemic risk; the exemption never covers such models".to_owned()
            }
            Some(false) => "no systemic risk is presumed".to_owned(),
            None => "the systemic-risk presumption is undecided".to_owned(),
        },
    };
    let conditions = vec![licence, public, architecture, usage, money, risk];
    Exemption { granted: verdict_of(&conditions), conditions }
}

fn obligations(
    facts: &LensFacts,
    gpai: Option<bool>,
    systemic: Option<bool>,
    exempt: Option<bool>,
    modifier_not_provider: bool,
) -> Vec<Obligation> {
    let g = &facts.gpai;
    let not_exempt = and_not(gpai, exempt);
    let systemic = match gpai {
        Some(false) => Some(false),
        _ => systemic,
    };
    let why = |applies: Option<bool>, when: &str| -> String {
        if modifier_not_provider {
            return "the modifier is not the provider: the base's provider owes it".to_owned();
        }
        match applies {
            Some(true) => format!("owed: {when}"),
            Some(false) => match gpai {
                Some(false) => "not presumed a GPAI model".to_owned(),
                _ => format!("not owed: {when} does not hold"),
            },
            None => format!("undecided: whether {when} is not known"),
        }
    };
    let gate = |a: Option<bool>| if modifier_not_provider { Some(false) } else { a };
    let list = [
        (
            "technical documentation for the AI Office and national authorities (Annex XI)",
            "Art. 53(1)(a)",
            not_exempt,
            None,
            "a GPAI model not exempt as open source",
        ),
        (
            "information and documentation for downstream providers (Annex XII)",
            "Art. 53(1)(b)",
            not_exempt,
            None,
            "a GPAI model not exempt as open source",
        ),
        (
            "a policy to comply with Union copyright law",
            "Art. 53(1)(c)",
            gpai,
            g.copyright_policy_published,
            "a GPAI model, exempt or not",
        ),
        (
            "a public summary of the training content, on the Commission's template",
            "Art. 53(1)(d)",
            gpai,
            g.training_content_summary_published,
            "a GPAI model, exempt or not",
        ),
        (
            "an authorised representative in the Union (providers established outside it)",
            "Art. 54",
            not_exempt,
            None,
            "a GPAI model not exempt as open source",
        ),
        (
            "notify the Commission within two weeks of meeting the systemic-risk threshold",
            "Art. 52(1)",
            systemic,
            None,
            "a model presumed to have systemic risk",
        ),
        (
            "evaluate with adversarial testing, assess and mitigate systemic risks, report serious incidents, ensure cybersecurity",
            "Art. 55(1)",
            systemic,
            None,
            "a model presumed to have systemic risk",
        ),
    ];
    list.into_iter()
        .map(|(obligation, article, applies, published, when)| Obligation {
            obligation,
            article,
            applies: gate(applies),
            published,
            reason: why(applies, when),
        })
        .collect()
}

/// The EU AI Act's GPAI lens.
pub fn eu_ai_act(facts: &LensFacts) -> EuAiAct {
    let mut reasons = Vec::new();
    let derivative = facts.gpai.derivative.as_ref();
    let computes = derivative.map(|d| {
        let base = d.base_scale.map_or(
            Compute {
                flops: None,
                source: FlopsSource::Unknown,
                basis: format!("`{}` is not in the catalogue", d.base),
            },
            |s| s.compute(),
        );
        (base, modification_compute(d, &facts.scale))
    });
    let compute = cumulative(facts, computes.as_ref());
    match compute.flops {
        Some(f) => reasons.push(format!("training compute {} FLOP ({})", sci(f), compute.basis)),
        None => reasons.push(format!(
            "training compute is unknown ({}): publish it, or parameters and training tokens",
            compute.basis
        )),
    }
    let qualifying: Vec<&str> =
        facts.gpai.generates.iter().filter(|o| o.counts_for_gpai()).map(|o| o.keyword()).collect();
    let gpai = match compute.flops {
        None => None,
        Some(f) if f <= GPAI_INDICATIVE_FLOPS => {
            reasons.push("not above 10^23 FLOP: not presumed a general-purpose AI model".to_owned());
            Some(false)
        }
        Some(_) if facts.gpai.generates.is_empty() => {
            reasons.push("above 10^23 FLOP, but what the model generates is not recorded (`generates:`)".to_owned());
            None
        }
        Some(_) if qualifying.is_empty() => {
            reasons.push("above 10^23 FLOP, but it generates neither language nor images nor video: the indicative criterion does not apply".to_owned());
            Some(false)
        }
        Some(_) => {
            reasons.push(format!(
                "above 10^23 FLOP and generates {}: presumed a general-purpose AI model",
                qualifying.join(", ")
            ));
            Some(true)
        }
    };
    let systemic = match (gpai, compute.flops) {
        (Some(false), Some(_)) => Some(false),
        (_, f) => f.map(|f| f > EU_SYSTEMIC_RISK_FLOPS),
    };
    if systemic == Some(true) {
        reasons.push("above 10^25 FLOP: presumed to have systemic risk (Art. 51(2)); the provider notifies the Commission within two weeks (Art. 52(1))".to_owned());
    }
    let modification = derivative.zip(computes.as_ref()).map(|(d, (base, m))| read_modification(d, base, m));
    if let Some(m) = &modification {
        reasons.push(m.reason.clone());
    }
    let exemption = exemption(facts, systemic);
    let failing: Vec<&str> =
        exemption.conditions.iter().filter(|c| c.met == Some(false)).map(|c| c.condition).collect();
    reasons.push(match exemption.granted {
        Some(true) => "open-source exemption: every condition is met; the copyright policy and the training-content summary stay owed".to_owned(),
        Some(false) => format!("open-source exemption refused: {}", failing.join("; ")),
        None => "open-source exemption undecided: some conditions are not recorded".to_owned(),
    });
    let modifier_not_provider = modification.as_ref().is_some_and(|m| m.provider_of_modified_model == Some(false));
    let obligations = obligations(facts, gpai, systemic, exemption.granted, modifier_not_provider);
    let placed = facts.gpai.placed_on_market;
    let applicable_from = match placed {
        Some(d) if d.before_obligations() => {
            reasons.push(format!("placed on the market {d}, before {OBLIGATIONS_FROM}: it must comply by {EXISTING_MODELS_UNTIL} (Art. 111(3))"));
            EXISTING_MODELS_UNTIL
        }
        Some(d) => {
            reasons.push(format!("placed on the market {d}: the obligations apply from {OBLIGATIONS_FROM}, enforceable from {ENFORCEMENT_FROM}"));
            OBLIGATIONS_FROM
        }
        None => {
            reasons.push(format!(
                "the date of placing on the market is not recorded: the obligations apply from {OBLIGATIONS_FROM}"
            ));
            OBLIGATIONS_FROM
        }
    };
    EuAiAct {
        gpai_presumed: gpai,
        systemic_risk_presumed: systemic,
        estimated_training_flops: compute.flops,
        flops_source: compute.source,
        flops_basis: compute.basis,
        modification,
        open_source_exemption: exemption,
        obligations,
        placed_on_market: placed.map(|d| d.to_string()),
        applicable_from,
        enforcement_from: ENFORCEMENT_FROM,
        reasons,
        disclaimer: DISCLAIMER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Open weights under a free licence (free = true), inference code and model card public,
    /// not monetised, generating text, placed on the market in September 2025.
    fn facts(scale: Scale) -> LensFacts {
        let mut availability = [Availability::Closed; 12];
        availability[Component::DeploymentDataWeights as usize] = Availability::Open;
        availability[Component::DeploymentCodeInference as usize] = Availability::Open;
        let mut free = [None; 12];
        free[Component::DeploymentDataWeights as usize] = Some(true);
        LensFacts {
            availability,
            free,
            osi: [None; 12],
            weights_permissions: None,
            scale,
            data_card: false,
            model_card: true,
            gpai: GpaiFacts {
                generates: vec![Output::Text],
                monetised: Some(false),
                copyright_policy_published: Some(true),
                training_content_summary_published: Some(false),
                placed_on_market: Some(MarketDate { year: 2025, month: 9, day: None }),
                derivative: None,
            },
        }
    }

    fn published(f: f64) -> Scale {
        Scale { training_flops: Some(f), ..Scale::default() }
    }

    fn failing(l: &EuAiAct) -> Vec<&'static str> {
        l.open_source_exemption.conditions.iter().filter(|c| c.met == Some(false)).map(|c| c.condition).collect()
    }

    fn applies(l: &EuAiAct, article: &str) -> Option<bool> {
        l.obligations.iter().find(|o| o.article == article).and_then(|o| o.applies)
    }

    #[test]
    fn below_1e23_is_not_presumed_gpai() {
        let l = eu_ai_act(&facts(Scale {
            parameters: Some(7_000_000_000),
            training_tokens: Some(2_000_000_000_000),
            ..Scale::default()
        }));
        assert_eq!((l.gpai_presumed, l.systemic_risk_presumed), (Some(false), Some(false)));
        assert_eq!((l.estimated_training_flops, l.flops_source), (Some(8.4e22), FlopsSource::Estimate));
        assert!(l.obligations.iter().all(|o| o.applies == Some(false)), "{:?}", l.obligations);
    }

    #[test]
    fn between_1e23_and_1e25_is_gpai_without_systemic_risk_and_exempt_when_open() {
        let l = eu_ai_act(&facts(published(3e24)));
        assert_eq!((l.gpai_presumed, l.systemic_risk_presumed), (Some(true), Some(false)));
        assert_eq!(l.flops_source, FlopsSource::Published);
        assert_eq!(l.open_source_exemption.granted, Some(true));
        // Exempt: no documentation for the AI Office, but the copyright policy and the summary stay owed.
        assert_eq!(applies(&l, "Art. 53(1)(a)"), Some(false));
        let kept: Vec<(Option<bool>, Option<bool>)> = ["Art. 53(1)(c)", "Art. 53(1)(d)"]
            .iter()
            .filter_map(|a| l.obligations.iter().find(|o| o.article == *a).map(|o| (o.applies, o.published)))
            .collect();
        assert_eq!(kept, [(Some(true), Some(true)), (Some(true), Some(false))]);
        assert_eq!(applies(&l, "Art. 52(1)"), Some(false));
        assert_eq!((l.applicable_from, l.enforcement_from), ("2025-08-02", "2026-08-02"));
    }

    #[test]
    fn above_1e25_has_systemic_risk_a_notification_and_no_exemption() {
        let l = eu_ai_act(&facts(Scale {
            parameters: Some(405_000_000_000),
            training_tokens: Some(15_600_000_000_000),
            ..Scale::default()
        }));
        assert_eq!((l.gpai_presumed, l.systemic_risk_presumed), (Some(true), Some(true)));
        assert_eq!(l.open_source_exemption.granted, Some(false));
        assert_eq!(failing(&l), ["no systemic risk"]);
        assert_eq!((applies(&l, "Art. 52(1)"), applies(&l, "Art. 55(1)")), (Some(true), Some(true)));
        assert_eq!(applies(&l, "Art. 53(1)(a)"), Some(true));
        assert!(l.reasons.iter().any(|r| r.contains("within two weeks")), "{:?}", l.reasons);
    }

    #[test]
    fn open_weights_under_a_restrictive_licence_are_refused_the_exemption() {
        let mut f = facts(published(5e23));
        f.free[Component::DeploymentDataWeights as usize] = Some(false);
        let l = eu_ai_act(&f);
        assert_eq!(l.open_source_exemption.granted, Some(false));
        assert_eq!(failing(&l), ["free and open-source licence allowing access, use, modification and distribution"]);
        assert_eq!(applies(&l, "Art. 53(1)(b)"), Some(true));
    }

    #[test]
    fn unknown_compute_and_unknown_outputs_are_never_guessed() {
        let l = eu_ai_act(&facts(Scale { parameters: Some(70_000_000_000), ..Scale::default() }));
        assert_eq!((l.gpai_presumed, l.systemic_risk_presumed, l.flops_source), (None, None, FlopsSource::Unknown));
        let mut f = facts(published(2e24));
        f.gpai.generates.clear();
        assert_eq!(eu_ai_act(&f).gpai_presumed, None);
        f.gpai.generates = vec![Output::Other];
        assert_eq!(eu_ai_act(&f).gpai_presumed, Some(false));
        f.gpai.monetised = None;
        f.gpai.generates = vec![Output::Image];
        assert_eq!(eu_ai_act(&f).open_source_exemption.granted, None);
    }

    fn fine_tune(modification_flops: f64) -> EuAiAct {
        let mut f = facts(Scale { parameters: Some(8_000_000_000), ..Scale::default() });
        f.gpai.derivative = Some(Derivative {
            base: "base".to_owned(),
            base_scale: Some(published(1.2e24)),
            modification_flops: Some(modification_flops),
            modification_tokens: None,
        });
        eu_ai_act(&f)
    }

    #[test]
    fn a_fine_tune_above_a_third_of_its_base_makes_the_modifier_a_provider() {
        let l = fine_tune(5e23);
        let m = l.modification.as_ref().expect("a derivative");
        assert_eq!(m.provider_of_modified_model, Some(true));
        assert_eq!(m.share_of_base_compute, Some(5e23 / 1.2e24));
        assert_eq!((l.estimated_training_flops, l.flops_source), (Some(1.7e24), FlopsSource::Published));
        assert_eq!(applies(&l, "Art. 53(1)(c)"), Some(true));
    }

    #[test]
    fn a_fine_tune_below_a_third_leaves_the_obligations_with_the_base_provider() {
        let l = fine_tune(1e22);
        let m = l.modification.as_ref().expect("a derivative");
        assert_eq!(m.provider_of_modified_model, Some(false));
        assert!(l.obligations.iter().all(|o| o.applies == Some(false)));
        assert!(m.reason.contains("stay with the base's provider"), "{}", m.reason);
    }

    #[test]
    fn a_fine_tune_of_an_unknown_base_compares_with_a_third_of_1e23() {
        let mut f = facts(Scale { parameters: Some(1_000_000_000), ..Scale::default() });
        f.gpai.derivative = Some(Derivative {
            base: "elsewhere".to_owned(),
            base_scale: None,
            modification_flops: None,
            modification_tokens: Some(10_000_000_000_000),
        });
        let m = eu_ai_act(&f).modification.expect("a derivative");
        assert_eq!((m.modification_flops, m.modification_flops_source), (Some(6e22), FlopsSource::Estimate));
        assert_eq!((m.provider_of_modified_model, m.share_of_base_compute), (Some(true), None));
    }

    #[test]
    fn models_placed_before_august_2025_comply_by_august_2027() {
        let mut f = facts(published(3e24));
        f.gpai.placed_on_market = Some(MarketDate { year: 2024, month: 7, day: None });
        assert_eq!(eu_ai_act(&f).applicable_from, "2027-08-02");
        f.gpai.placed_on_market = Some(MarketDate { year: 2025, month: 8, day: Some(1) });
        assert_eq!(eu_ai_act(&f).applicable_from, "2027-08-02");
        f.gpai.placed_on_market = Some(MarketDate { year: 2025, month: 8, day: Some(2) });
        assert_eq!(eu_ai_act(&f).applicable_from, "2025-08-02");
    }
}
