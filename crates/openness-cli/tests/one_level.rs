//! One level per cell: every consumer reads the same answer, the level computed from the facts
//! (`--levels-from recorded` swaps in the paper's). Falcon-180B's weights are the test case: the
//! paper recorded D5, the Falcon-180B licence's restrictions give D3.

use assert_cmd::Command;
use serde_json::Value;

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "140").env_remove("OPENNESS_DATA");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let out = openness().args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

/// `args` under each level source: computed (the default) and recorded.
fn both(args: &[&str]) -> (Value, Value) {
    let recorded: Vec<&str> = ["--levels-from", "recorded"].iter().chain(args).copied().collect();
    (json(args), json(&recorded))
}

const WEIGHTS: &str = "deployment.data.weights";

#[test]
fn json_keeps_level_computed_recorded_and_disagreement_with_level_the_answer() {
    let (computed, recorded) = both(&["show", "falcon", "--format", "json"]);
    for (v, level) in [(&computed, "D3"), (&recorded, "D5")] {
        let w = &v["components"][WEIGHTS];
        assert_eq!(
            (w["level"].as_str(), w["computed"].as_str(), w["recorded"].as_str()),
            (Some(level), Some("D3"), Some("D5"))
        );
        assert!(w["disagreement"].as_str().is_some_and(|d| d.starts_with("recorded D5, computed D3")));
    }
}

#[test]
fn score_uses_the_answer() {
    let (computed, recorded) = both(&["show", "falcon", "--format", "json"]);
    // Deployment: C5 and D3 (0.5) average 0.75; with the recorded D5, 1.0.
    assert_eq!(computed["score"]["by_stage"]["deployment"], 0.75);
    assert_eq!(recorded["score"]["by_stage"]["deployment"], 1.0);
}

#[test]
fn badge_uses_the_answer() {
    assert!(stdout(&["badge", "falcon"]).contains("weights D3</title>"));
    assert!(stdout(&["--levels-from", "recorded", "badge", "falcon"]).contains("weights D5</title>"));
}

#[test]
fn profile_uses_the_answer() {
    let (computed, recorded) = both(&["profile", "falcon", "--format", "json"]);
    let ids = |v: &Value| -> Vec<String> {
        v["profile"]["opportunities"]
            .as_array()
            .expect("array")
            .iter()
            .map(|o| o["id"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    // RI-O5 needs weights >= D4.
    assert!(!ids(&computed).contains(&"RI-O5".to_owned()), "{:?}", ids(&computed));
    assert!(ids(&recorded).contains(&"RI-O5".to_owned()), "{:?}", ids(&recorded));
}

#[test]
fn recommendations_use_the_answer_and_never_contradict_the_licence() {
    let (computed, recorded) = both(&["show", "falcon", "--format", "json"]);
    let recs = |v: &Value| -> Vec<(String, String)> {
        v["recommendations"]
            .as_array()
            .expect("array")
            .iter()
            .map(|r| (r["component"].as_str().unwrap_or("").to_owned(), r["current"].as_str().unwrap_or("").to_owned()))
            .collect()
    };
    let weights = recs(&computed).into_iter().find(|(c, _)| c == WEIGHTS);
    assert_eq!(weights, Some((WEIGHTS.to_owned(), "D3".to_owned())));
    let advice = computed["recommendations"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["component"] == WEIGHTS))
        .and_then(|r| r["advice"].as_str())
        .expect("advice")
        .to_owned();
    // The advice names what the Falcon-180B licence withholds, as its points say.
    assert!(advice.contains("withhold P2 commercial"), "{advice}");
    // ODC-By grants all five permissions: under either reading, no advice to relicense it.
    for v in [&computed, &recorded] {
        assert!(!recs(v).iter().any(|(c, _)| c == "training.data.pretraining"), "{:?}", recs(v));
    }
    assert!(!recs(&recorded).iter().any(|(c, _)| c == WEIGHTS));
}

#[test]
fn lenses_use_the_answer() {
    let (computed, recorded) = both(&["show", "falcon", "--format", "json"]);
    assert_eq!(computed["lenses"]["osai_index"]["criteria"]["weights_basemodel"], "partial");
    assert_eq!(recorded["lenses"]["osai_index"]["criteria"]["weights_basemodel"], "open");
}

#[test]
fn stats_count_the_answer() {
    let (computed, recorded) = both(&["--as-of", "2024-05-16", "stats", "--format", "json"]);
    let weights = |v: &Value| v["components"][WEIGHTS]["D3"].as_u64();
    // Falcon-180B's weights count as D3, not as D5.
    assert_eq!(weights(&computed), weights(&recorded).map(|n| n + 1));
    assert_eq!(computed["reading"]["levels_from"], "computed");
}

#[test]
fn the_literal_rubric_changes_every_figure_that_depends_on_p5() {
    let (paper, literal) =
        (json(&["stats", "--format", "json"]), json(&["--rubric", "literal", "stats", "--format", "json"]));
    // StableLM's CC-BY-SA weights and Polycoder's lose P5: D5 becomes D4.
    assert_eq!(
        paper["components"][WEIGHTS]["D4"].as_u64().map(|n| n + 2),
        literal["components"][WEIGHTS]["D4"].as_u64()
    );
    assert_ne!(paper["findings"]["scores"]["polycoder"], literal["findings"]["scores"]["polycoder"]);
    assert_ne!(stdout(&["stats"]), stdout(&["--rubric", "literal", "stats"]));
    let show = json(&["--rubric", "literal", "show", "polycoder", "--format", "json"]);
    assert_eq!(show["components"][WEIGHTS]["level"], "D4");
    assert_eq!(show["rubric"]["p5"], "literal");
}

#[test]
fn the_site_colours_the_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (flags, class) in [(&[][..], "lv l3 diff"), (&["--levels-from", "recorded"][..], "lv l5 diff")] {
        let site = dir.path().join(class.replace(' ', "-"));
        openness().args(flags).arg("report").arg("--out").arg(&site).assert().success();
        let index = std::fs::read_to_string(site.join("index.html")).expect("index");
        let row = index.split("<tr").find(|r| r.contains("href=\"models/falcon.html\"")).expect("falcon's row");
        let last = row.rsplit("<td class=\"").next().expect("cells");
        assert!(last.starts_with(class), "{last}");
    }
}

#[test]
fn latex_colours_the_answer() {
    let row = |flags: &[&str]| -> String {
        let mut args = flags.to_vec();
        args.extend(["models", "--format", "latex"]);
        stdout(&args).lines().find(|l| l.starts_with("Falcon &")).expect("falcon's row").to_owned()
    };
    assert!(row(&[]).ends_with("\\cellcolor{lthree}\\textcolor{white}{D3} \\\\"), "{}", row(&[]));
    assert!(row(&["--levels-from", "recorded"]).ends_with("\\cellcolor{lfive}\\textcolor{white}{D5} \\\\"));
}

#[test]
fn recorded_levels_reproduce_all_540_cells_of_the_paper() {
    let rows: Vec<Vec<&str>> = PAPER_TABLE.lines().map(|l| l.split(',').collect()).collect();
    let (computed, recorded) = both(&["--as-of", "2024-05-16", "models", "--format", "json"]);
    let mut differ = 0;
    for row in &rows[1..] {
        let find =
            |v: &Value| v.as_array().and_then(|a| a.iter().find(|m| m["id"] == row[0])).cloned().expect("listed");
        let (c, r) = (find(&computed), find(&recorded));
        for (component, level) in rows[0][2..].iter().zip(&row[2..]) {
            assert_eq!(r["components"][component]["level"], *level, "{} {component}", row[0]);
            differ += usize::from(c["components"][component]["level"] != *level);
        }
    }
    // The six explained disagreements (README, "The rubric").
    assert_eq!(differ, 6);
}

const PAPER_TABLE: &str = include_str!("../../openness-catalogue/tests/fixtures/paper-table.csv");
