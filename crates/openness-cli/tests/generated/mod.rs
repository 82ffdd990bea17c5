//! What several test files share: a command's result, and generated tracker files.

use assert_cmd::Command;

/// A finished command: exit code and output.
pub struct Run {
    /// The exit code.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `cmd` to the end.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A companion-site file (`_llms/*.md`): every component closed.
pub fn site_file(title: &str) -> String {
    let mut s = format!("---\ntitle: {title}\nrelease:\n  month: 3\n  year: 2024\n");
    for (stage, kinds) in [
        (
            "training",
            &[
                ("code", &["pretraining", "finetuning", "alignment"][..]),
                ("data", &["pretraining", "sft", "alignment"][..]),
            ][..],
        ),
        ("evaluation", &[("code", &["general", "safety"][..]), ("data", &["utility", "safety"][..])][..]),
        ("deployment", &[("code", &["inference"][..]), ("data", &["weights"][..])][..]),
    ] {
        s.push_str(&format!("{stage}:\n"));
        for (kind, names) in kinds {
            s.push_str(&format!("  {kind}:\n"));
            for name in *names {
                s.push_str(&format!("    {name}:\n      value: 1\n"));
            }
        }
    }
    s.push_str("---\n");
    s
}
