//! The MOF lens against the Model Openness Tool's own evaluation of its 27 test fixtures
//! (`anchor-data/mot/Test_Data`: the YAML files and `expected_results.json`, the tool's output).

use openness_catalogue::mot::read_mot;
use openness_core::lenses::mof;
use serde_json::Value;

/// `expected_results.json` is not valid JSON (trailing commas): drop them.
fn lenient_json(text: &str) -> Value {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == ',' && chars[i + 1..].iter().find(|x| !x.is_whitespace()).is_some_and(|x| *x == '}' || *x == ']') {
            continue;
        }
        out.push(*c);
    }
    serde_json::from_str(&out).expect("JSON once trailing commas are gone")
}

#[test]
fn agrees_with_the_model_openness_tool_on_all_its_fixtures() {
    let Some(dir) = openness_testdata::shared("anchor-data/mot/Test_Data") else { return };
    let expected = lenient_json(&std::fs::read_to_string(dir.join("expected_results.json")).expect("readable"));
    let models = expected["models"].as_array().expect("models");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("listable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 27);
    let mut compared = 0;
    for file in files {
        let release = read_mot(&std::fs::read_to_string(&file).expect("readable")).expect("valid MOT file");
        let m = mof(&release.included);
        let want = models
            .iter()
            .find(|x| x["release"]["name"] == release.name.as_str())
            .unwrap_or_else(|| panic!("{} is in expected_results.json", release.name));
        let class = &want["classification"];
        assert_eq!(u64::from(m.class), class["class"].as_u64().expect("class"), "{}", release.name);
        for k in [1u8, 2, 3] {
            let got = m.progress[&k];
            let exp = class["progress"][k.to_string()].as_f64().expect("progress");
            assert!((got - exp).abs() < 1e-9, "{} class {k}: {got} vs {exp}", release.name);
        }
        // The file name's class-3 percentage is the tool's too.
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let c3: f64 = stem
            .split("C3_")
            .nth(1)
            .and_then(|s| s.split('%').next())
            .and_then(|s| s.parse().ok())
            .expect("C3 in the name");
        assert!((m.progress[&3].round() - c3).abs() <= 1.0, "{stem}: {}", m.progress[&3]);
        compared += 1;
    }
    assert_eq!(compared, 27);
}
