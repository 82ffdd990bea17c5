//! An unknown id, component, lens or licence name gets the nearest suggestions, wherever it
//! is typed: a release id, a filter, a sort key, a requirement, a lens, a licence.

use assert_cmd::Command;

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "80").env_remove("OPENNESS_DATA");
    cmd
}

/// The exit code and standard error of a command.
fn fails(args: &[&str]) -> (Option<i32>, String) {
    let out = openness().args(args).output().expect("runs");
    (out.status.code(), String::from_utf8(out.stderr).expect("UTF-8"))
}

#[test]
fn unknown_names_get_the_nearest_ones() {
    for (args, code, hint) in [
        (&["show", "falcn-40b"][..], 1, "did you mean falcon-40b"),
        (&["profile", "lama-2"], 1, "did you mean llama-2"),
        (&["badge", "lama-2"], 1, "did you mean llama-2"),
        (&["history", "falcn-40b"], 1, "did you mean falcon-40b"),
        (&["lens", "eu-ai-act", "lama-2"], 1, "did you mean llama-2"),
        (&["export", "lama-2", "--format", "mot"], 1, "did you mean llama-2"),
        (&["models", "--level", "weightz>=D3"], 2, "did you mean `weights` (deployment.data.weights)?"),
        (&["models", "--level", "pretrainig-data<=D1"], 2, "did you mean `pretraining-data`"),
        (&["models", "--sort", "wieghts"], 2, "did you mean `weights`"),
        (&["assess", ".", "--require", "evaluation.code.safty>=C3"], 2, "did you mean `safety-eval-code`"),
        (&["lens", "osai"], 2, "a similar value exists: 'osaid'"),
        (&["lens", "--sources", "eu-ai-ac"], 2, "a similar value exists: 'eu-ai-act'"),
        (&["license", "show", "apache-2.1"], 1, "the nearest ids are Apache-2.0"),
    ] {
        let (got, stderr) = fails(args);
        assert_eq!(got, Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(hint), "{args:?}: {stderr}");
    }
}

#[test]
fn component_names_are_read_ignoring_case() {
    let out = openness().args(["models", "--level", "Weights>=D5", "--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        v.as_array().is_some_and(
            |a| !a.is_empty() && a.iter().all(|r| r["components"]["deployment.data.weights"]["level"] == "D5")
        ),
        "{v}"
    );
}
