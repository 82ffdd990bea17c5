//! Rendering hostile text: huge names, terminal escapes, Markdown and HTML, spreadsheet
//! formulas. Every record below is generated; none comes from the real world.

use std::path::Path;

use assert_cmd::Command;

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "80").env_remove("OPENNESS_DATA");
    cmd
}

/// A data directory holding one record, GPT-2's, with `name` and `organisation` replaced by
/// the YAML double-quoted strings given.
fn catalogue_with(name: &str, organisation: &str) -> tempfile::TempDir {
    let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models/gpt-2.yaml");
    let text = std::fs::read_to_string(original).expect("the embedded record");
    let text = text.replacen("name: GPT-2\n", &format!("name: \"{name}\"\n"), 1).replacen(
        "organisation: OpenAI\n",
        &format!("organisation: \"{organisation}\"\n"),
        1,
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("models")).expect("models/");
    std::fs::write(dir.path().join("models/gpt-2.yaml"), text).expect("written");
    dir
}

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = openness().arg("--data").arg(dir).args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).expect("UTF-8"), String::from_utf8(out.stderr).expect("UTF-8"))
}

/// Rendering is linear in the input: a 200,000-character name is cut before the table is laid
/// out, so the release still takes one line (a table library wrapping it would take thousands).
#[test]
fn a_huge_name_is_shortened_not_wrapped() {
    let name = "N".repeat(200_000);
    let dir = catalogue_with(&name, "Org");
    for width in ["80", "140"] {
        let out = openness().env("COLUMNS", width).arg("--data").arg(dir.path()).arg("models").output().expect("runs");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(text.lines().count() < 15, "{} lines", text.lines().count());
        let limit: usize = width.parse().expect("number");
        assert!(text.lines().all(|l| l.chars().count() <= limit));
    }
    let out = openness().env("COLUMNS", "140").arg("--data").arg(dir.path()).arg("models").output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("NNNN…"));
    let (show, _) = run(dir.path(), &["show", "gpt-2"]);
    assert!(show.len() < 250_000, "the name is shown once, not repeated: {} bytes", show.len());
}

/// Control characters in a record never reach the terminal: they are shown escaped.
#[test]
fn terminal_escapes_in_records_are_shown_escaped() {
    // OSC 0 (set the window title) ended by BEL, and CSI 2J (clear the screen).
    let dir = catalogue_with("GPT\\e]0;pwned\\a-2\\e[2J", "Open\\x9bAI");
    for args in [&["models"][..], &["show", "gpt-2"], &["models", "--format", "markdown"], &["lens", "osaid"]] {
        let (out, err) = run(dir.path(), args);
        for text in [&out, &err] {
            assert!(!text.contains(['\x1b', '\x07', '\u{9b}']), "{args:?} leaks a control character: {text:?}");
        }
        if args.len() == 2 && args[0] == "show" {
            assert!(out.contains("GPT\\u{1b}]0;pwned\\u{7}-2\\u{1b}[2J"), "{out}");
        }
    }
    // JSON keeps the value exactly (JSON escapes it itself).
    let (json, _) = run(dir.path(), &["show", "gpt-2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["name"], "GPT\x1b]0;pwned\x07-2\x1b[2J");
}

/// `check` quotes the offending line of a file: escapes in it are shown escaped too.
#[test]
fn check_diagnostics_escape_the_lines_they_quote() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.yaml");
    std::fs::write(&file, "id: \"x\\e]0;pwned\\a\"\nname: 1\x1b[2J\n").expect("written");
    let out = openness().arg("check").arg(&file).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(!err.contains(['\x1b', '\x07']), "{err:?}");
    assert!(err.contains("\\u{1b}[2J"), "{err}");
}

/// `assess` prints file names and card fields: escapes in them are shown escaped.
#[test]
fn assess_escapes_file_names_and_card_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("README.md"),
        "---\nlicense: apache-2.0\nmodel_name: \"evil\\e]0;pwned\\a\"\n---\n# Model\x1b[2J\nWeights are in model.safetensors.\n",
    )
    .expect("written");
    std::fs::write(dir.path().join("LICENSE\x1b[2J"), "MIT License\n").expect("written");
    std::fs::write(dir.path().join("config.json"), "{\"model_type\": \"gpt2\"}").expect("written");
    for format in ["table", "markdown"] {
        let out = openness().arg("assess").arg(dir.path()).args(["--format", format]).output().expect("runs");
        for text in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(text);
            assert!(!text.contains(['\x1b', '\x07']), "{format}: {text:?}");
        }
    }
}

/// Markdown output escapes `|` and HTML, so a name can neither break the table nor inject markup.
#[test]
fn markdown_escapes_pipes_and_html() {
    let dir = catalogue_with("<img src=x onerror=alert(1)> | evil", "<b>Org</b> & co");
    let (md, _) = run(dir.path(), &["models", "--format", "markdown"]);
    let row = md.lines().find(|l| l.contains("evil")).expect("the row");
    assert!(row.contains("&lt;img src=x onerror=alert(1)&gt; \\| evil"), "{row}");
    assert!(row.contains("&lt;b&gt;Org&lt;/b&gt; &amp; co"), "{row}");
    assert!(!md.contains('<'), "{md}");
    // One row of 15 cells (name, organisation, release, twelve levels): 16 unescaped pipes.
    assert_eq!(row.replace("\\|", "").matches('|').count(), 16, "{row}");
    let (show, _) = run(dir.path(), &["show", "gpt-2", "--format", "markdown"]);
    assert!(!show.contains('<'), "{show}");
}

/// CSV neutralises fields a spreadsheet would run as formulas.
#[test]
fn csv_neutralises_formula_prefixes() {
    for (name, expected) in [
        ("=HYPERLINK(\\\"http://x\\\")", "'=HYPERLINK"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
    ] {
        let dir = catalogue_with(name, "=cmd|' /C calc'!A0");
        let (csv, _) = run(dir.path(), &["models", "--format", "csv"]);
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().next().expect("a row").expect("valid CSV");
        assert!(row[1].starts_with(expected), "{name}: {:?}", &row[1]);
        assert!(row[2].starts_with("'="), "{:?}", &row[2]);
        // Levels and dates are untouched.
        assert_eq!((&row[3], &row[4]), ("2019-02", "C1"));
    }
}
