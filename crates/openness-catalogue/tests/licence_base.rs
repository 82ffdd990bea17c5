//! The licence base against the names people write: every licence string of the paper's table,
//! every Hugging Face licence id and every licence string of the Model Openness Tool's data.

use openness_catalogue::embedded_licence_base;
use openness_core::{Kind, Permission, Resolution, Rubric};

#[test]
fn every_known_name_resolves_to_the_right_entry() {
    let base = embedded_licence_base().expect("valid licence base");
    let mut reader = csv::Reader::from_reader(include_str!("fixtures/licence-names.csv").as_bytes());
    let mut wrong = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for row in reader.records() {
        let row = row.expect("well-formed fixture");
        let (source, text, expected) = (&row[0], &row[1], &row[2]);
        *counts.entry(source.to_owned()).or_insert(0) += 1;
        let got = match base.resolve(text) {
            Resolution::Licence(p, _) => p.id.clone(),
            Resolution::NotALicence(n) if n.unprofiled => "unprofiled".to_owned(),
            Resolution::NotALicence(_) => "not-a-licence".to_owned(),
            Resolution::Unknown(near) => format!("unknown (nearest {})", near.join(", ")),
        };
        if got != expected {
            wrong.push(format!("{source}: {text:?} → {got}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let counts: Vec<(String, i32)> = counts.into_iter().collect();
    assert_eq!(
        counts,
        [
            ("hugging-face".to_owned(), 83),
            ("issue".to_owned(), 6),
            ("model-openness-tool".to_owned(), 73),
            ("paper-table".to_owned(), 24),
            ("scancode".to_owned(), 45)
        ]
    );
}

#[test]
fn every_hugging_face_id_has_an_explicit_profile_or_is_a_known_non_licence() {
    let base = embedded_licence_base().expect("valid licence base");
    let mut reader = csv::Reader::from_reader(include_str!("fixtures/licence-names.csv").as_bytes());
    for row in reader.records() {
        let row = row.expect("well-formed fixture");
        if &row[0] != "hugging-face" {
            continue;
        }
        match base.resolve(&row[1]) {
            Resolution::Licence(p, _) => {
                assert!(!p.derived, "{} resolves to a derived profile", &row[1])
            }
            Resolution::NotALicence(n) => assert!(!n.unprofiled, "{}", &row[1]),
            Resolution::Unknown(_) => panic!("{} is unknown", &row[1]),
        }
    }
}

#[test]
fn every_spdx_licence_has_a_profile() {
    let base = embedded_licence_base().expect("valid licence base");
    let missing: Vec<&str> = spdx::identifiers::LICENSES
        .iter()
        .map(|l| l.name)
        .filter(|id| matches!(base.resolve(id), Resolution::Unknown(_)))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    let derived = base.profiles().iter().filter(|p| p.derived).count();
    let reviewed = base.profiles().len() - derived;
    assert!(reviewed >= 120, "{reviewed} reviewed profiles");
    assert!(derived > 600, "{derived} derived profiles");
}

#[test]
fn levels_of_well_known_licences() {
    let base = embedded_licence_base().expect("valid licence base");
    let r = Rubric::default();
    let level = |id: &str, kind| base.get(id).map(|p| r.level_for_points(kind, p.effective(r).points()).to_string());
    let cases = [
        ("Apache-2.0", Kind::Code, "C5"),
        ("CC-BY-NC-ND-4.0", Kind::Data, "D3"),
        ("CC-BY-NC-ND-4.0", Kind::Code, "C2"),
        ("CC-BY-ND-4.0", Kind::Code, "C3"),
        ("CC-BY-NC-SA-4.0", Kind::Data, "D4"),
        ("LicenseRef-scancode-bigscience-open-rail-m", Kind::Data, "D4"),
        ("LicenseRef-scancode-gemma-tou-2024-04-01", Kind::Data, "D4"),
        ("LicenseRef-scancode-llama-3.1-license-2024", Kind::Code, "C3"),
        ("LicenseRef-ai-mistral-research", Kind::Code, "C3"),
        ("LicenseRef-ai-lfm-open-1.0", Kind::Data, "D4"),
        ("OpenMDW-1.0", Kind::Data, "D5"),
        ("ODbL-1.0", Kind::Data, "D5"),
        ("C-UDA-1.0", Kind::Data, "D3"),
    ];
    for (id, kind, expected) in cases {
        assert_eq!(level(id, kind).as_deref(), Some(expected), "{id}");
    }
    // Derived SPDX profiles are cautious: a licence that is neither OSI- nor FSF-approved
    // is not assumed to allow commercial use.
    let slicer = base.get("3D-Slicer-1.0").expect("derived");
    assert!(slicer.derived && !slicer.permissions().has(Permission::Commercial));
}

/// The licences most releases of 2024–26 use, by the names people and Hugging Face write, and
/// the profile each must resolve to.
const LICENCES_2024_26: &[(&str, &str)] = &[
    ("openmdw-1.0", "OpenMDW-1.0"),
    ("openmdw-1.1", "LicenseRef-ai-openmdw-1.1"),
    ("llama3.1", "LicenseRef-scancode-llama-3.1-license-2024"),
    ("llama3.2", "LicenseRef-scancode-llama-3.2-license-2024"),
    ("llama3.3", "LicenseRef-scancode-llama-3.3-license-2024"),
    ("llama4", "LicenseRef-scancode-llama-4-cla-2025"),
    ("Llama 3.1 AUP", "LicenseRef-ai-llama-3.1-aup"),
    ("Llama 3.2 AUP", "LicenseRef-ai-llama-3.2-aup"),
    ("Llama 3.3 AUP", "LicenseRef-ai-llama-3.3-aup"),
    ("Llama 4 AUP", "LicenseRef-scancode-llama-4-license-2025"),
    ("gemma", "LicenseRef-scancode-gemma-tou-2024-04-01"),
    ("Gemma Terms of Use 2025", "LicenseRef-scancode-gemma-tou-2025-03-24"),
    ("Gemma Prohibited Use Policy", "LicenseRef-scancode-gemma-pup-2024-02-21"),
    ("qwen", "LicenseRef-scancode-qwen-2024"),
    ("tongyi-qianwen", "LicenseRef-scancode-tongyi-qianwen-2023"),
    ("tongyi-qianwen-research", "LicenseRef-ai-tongyi-qianwen-research"),
    ("deepseek", "LicenseRef-scancode-deepseek-la-1.0"),
    ("mrl", "LicenseRef-ai-mistral-research"),
    ("mnpl", "LicenseRef-ai-mistral-non-production"),
    ("nvidia-open-model-license", "LicenseRef-scancode-nvidia-open-model-2025-04-28"),
    ("apple-amlr", "LicenseRef-ai-apple-amlr"),
    ("apple-ascl", "LicenseRef-ai-apple-ascl"),
    ("apple-ml-ferret-2023", "LicenseRef-scancode-apple-ml-ferret-2023"),
    ("Falcon 2 11B TII License", "LicenseRef-scancode-falcon-2-11b-1.0"),
    ("falcon-llm-license", "LicenseRef-ai-tii-falcon-2.0"),
    ("Falcon-H1 TII License", "LicenseRef-ai-tii-falcon-2.0"),
    ("jamba-open-model-license", "LicenseRef-ai-jamba-open-model"),
    ("tencent-hunyuan-community", "LicenseRef-ai-tencent-hunyuan-community"),
    ("Kimi Modified MIT", "LicenseRef-scancode-moonshot-ai-modified-mit-2025"),
    ("lfm1.0", "LicenseRef-ai-lfm-open-1.0"),
    ("exaone", "LicenseRef-scancode-exaone-ai-model-1.1-nc"),
    ("health-ai-developer-foundations", "LicenseRef-scancode-health-ai-developer-tou-2024"),
    ("AI2 ImpACT LR", "LicenseRef-ai-ai2-impact-lr"),
    ("AI2 ImpACT MR", "LicenseRef-ai-ai2-impact-mr"),
    ("AI2 ImpACT HR", "LicenseRef-ai-ai2-impact-hr"),
];

#[test]
fn the_licences_of_2024_to_2026_have_reviewed_profiles_with_dated_sources() {
    let base = embedded_licence_base().expect("valid licence base");
    let mut wrong = Vec::new();
    for (name, id) in LICENCES_2024_26 {
        match base.resolve(name) {
            Resolution::Licence(p, _) if p.id == *id => {
                if !p.reviewed || p.sources.is_empty() || p.sources.iter().any(|s| s.title.is_empty()) {
                    wrong.push(format!("{id}: not reviewed against a dated source"));
                }
                if let Some(missing) = Permission::ALL.iter().find(|x| p.grant(**x).reason.trim().is_empty()) {
                    wrong.push(format!("{id}: no reason for {}", missing.key()));
                }
            }
            Resolution::Licence(p, _) => wrong.push(format!("{name} → {}, expected {id}", p.id)),
            _ => wrong.push(format!("{name} does not resolve")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // DeepSeek's later releases are MIT: the plain SPDX licence, with all five permissions.
    let Resolution::Licence(mit, _) = base.resolve("MIT") else { panic!("MIT resolves") };
    assert_eq!(mit.effective(Rubric::default()).points(), 5);
}
