//! Detection by title of the model licences of 2024–26: small title-only fixtures (a heading,
//! a version line where the licence has one, and a line of filler), never licence text.

use openness_catalogue::embedded_licence_base;
use openness_detect::Detector;

/// (fixture, expected id).
const TITLES: &[(&str, &str)] = &[
    ("OpenMDW License Agreement\n\nPermissions are granted below.", "OpenMDW-1.0"),
    ("OpenMDW License Agreement, version 1.1\n\nPermissions are granted below.", "LicenseRef-ai-openmdw-1.1"),
    (
        "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n\nTerms follow.",
        "LicenseRef-scancode-llama-3.1-license-2024",
    ),
    (
        "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n\nTerms follow.",
        "LicenseRef-scancode-llama-3.2-license-2024",
    ),
    (
        "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT\nLlama 3.3 Version Release Date: December 6, 2024\n\nTerms follow.",
        "LicenseRef-scancode-llama-3.3-license-2024",
    ),
    (
        "LLAMA 4 COMMUNITY LICENSE AGREEMENT\nLlama 4 Version Effective Date: April 5, 2025\n\nTerms follow.",
        "LicenseRef-scancode-llama-4-cla-2025",
    ),
    ("**Llama 3.1 Acceptable Use Policy**\n\nUses follow.", "LicenseRef-ai-llama-3.1-aup"),
    ("**Llama 3.2 Acceptable Use Policy**\n\nUses follow.", "LicenseRef-ai-llama-3.2-aup"),
    ("**Llama 3.3 Acceptable Use Policy**\n\nUses follow.", "LicenseRef-ai-llama-3.3-aup"),
    ("**Llama 4 Acceptable Use Policy**\n\nUses follow.", "LicenseRef-scancode-llama-4-license-2025"),
    (
        "Gemma Terms of Use\n\nLast modified: March 24, 2025\n\nTerms follow.",
        "LicenseRef-scancode-gemma-tou-2025-03-24",
    ),
    ("Gemma Prohibited Use Policy\n\nUses follow.", "LicenseRef-scancode-gemma-pup-2024-02-21"),
    ("Qwen LICENSE AGREEMENT\n\nTerms follow.", "LicenseRef-scancode-qwen-2024"),
    ("Tongyi Qianwen LICENSE AGREEMENT\n\nTerms follow.", "LicenseRef-scancode-tongyi-qianwen-2023"),
    ("Tongyi Qianwen RESEARCH LICENSE AGREEMENT\n\nTerms follow.", "LicenseRef-ai-tongyi-qianwen-research"),
    ("DEEPSEEK LICENSE AGREEMENT\n\nVersion 1.0\n\nTerms follow.", "LicenseRef-scancode-deepseek-la-1.0"),
    ("# Mistral AI Research License\n\nTerms follow.", "LicenseRef-ai-mistral-research"),
    ("# Mistral AI Non-Production License\n\nTerms follow.", "LicenseRef-ai-mistral-non-production"),
    ("NVIDIA Open Model License Agreement\n\nTerms follow.", "LicenseRef-scancode-nvidia-open-model-2025-04-28"),
    ("Apple Machine Learning Research Model License\n\nTerms follow.", "LicenseRef-ai-apple-amlr"),
    ("Falcon 2 11B TII License\n\nVersion 1.0\n\nTerms follow.", "LicenseRef-scancode-falcon-2-11b-1.0"),
    ("TII Falcon License 2.0\n\nTerms follow.", "LicenseRef-ai-tii-falcon-2.0"),
    ("Jamba Open Model License Agreement\n\nTerms follow.", "LicenseRef-ai-jamba-open-model"),
    (
        "TENCENT HUNYUAN COMMUNITY LICENSE AGREEMENT\nTencent Hunyuan Release Date: September 1, 2025\n\nTerms follow.",
        "LicenseRef-ai-tencent-hunyuan-community",
    ),
    ("LFM Open License v1.0\n\nTerms follow.", "LicenseRef-ai-lfm-open-1.0"),
    ("EXAONE AI Model License Agreement 1.1 - NC\n\nTerms follow.", "LicenseRef-scancode-exaone-ai-model-1.1-nc"),
    (
        "# Health AI Developer Foundations Terms of Use\n\nLast modified: November 15, 2024\n\nTerms follow.",
        "LicenseRef-scancode-health-ai-developer-tou-2024",
    ),
    ("AI2 ImpACT License - Low Risk Artifacts\n\nTerms follow.", "LicenseRef-ai-ai2-impact-lr"),
    ("AI2 ImpACT License - Medium Risk Artifacts\n\nTerms follow.", "LicenseRef-ai-ai2-impact-mr"),
    ("AI2 ImpACT License - High Risk Artifacts\n\nTerms follow.", "LicenseRef-ai-ai2-impact-hr"),
];

#[test]
fn the_model_licences_of_2024_to_2026_are_known_by_their_titles() {
    let base = embedded_licence_base().expect("valid licence base");
    let detector = Detector::new(&base);
    let wrong: Vec<String> = TITLES
        .iter()
        .filter_map(|(text, id)| {
            let d = detector.detect_text(text);
            (d.id.as_deref() != Some(*id)).then(|| format!("{id}: got {:?} ({:.2})", d.id, d.confidence))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
