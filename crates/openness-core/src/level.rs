//! Openness levels: C1–C5 for code, D1–D5 for data, plus `N/A` and `Unknown`.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::taxonomy::Kind;

/// The paper's three openness groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// Level 1: not publicly released in any form.
    FullyClosed,
    /// Levels 2–4: public, but access or use is limited.
    SemiOpen,
    /// Level 5: public with no restriction on use.
    FullyOpen,
}

/// A level of openness of one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// A graded level: `C1`–`C5` or `D1`–`D5`. `grade` is always in 1..=5.
    Graded {
        /// Code or data: decides the letter and the meaning of grades 2 and 3.
        kind: Kind,
        /// 1 (fully closed) to 5 (fully open).
        grade: u8,
    },
    /// The stage does not exist for this release (e.g. a base model has no alignment data).
    NotApplicable,
    /// The component exists but its status could not be determined.
    Unknown,
}

/// Why a level name could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LevelError {
    /// Not `C1`–`C5`, `D1`–`D5`, `N/A` or `Unknown`.
    #[error("`{0}` is not a level: expected C1–C5, D1–D5, N/A or Unknown")]
    NotALevel(String),
}

impl Level {
    /// A graded level, or `None` when `grade` is outside 1..=5.
    pub fn graded(kind: Kind, grade: u8) -> Option<Level> {
        (1..=5).contains(&grade).then_some(Level::Graded { kind, grade })
    }

    /// The grade 1–5 of a graded level.
    pub fn grade(self) -> Option<u8> {
        match self {
            Level::Graded { grade, .. } => Some(grade),
            _ => None,
        }
    }

    /// The kind of a graded level.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Level::Graded { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// The paper's group of a graded level.
    pub fn group(self) -> Option<Group> {
        match self.grade()? {
            1 => Some(Group::FullyClosed),
            5 => Some(Group::FullyOpen),
            _ => Some(Group::SemiOpen),
        }
    }

    /// The definition of the level in Figure 2 of the paper.
    pub fn definition(self) -> &'static str {
        match self {
            Level::Graded { kind: Kind::Code, grade } => match grade {
                1 => "not publicly released in any form",
                2 => "public under a highly restrictive licence",
                3 => "public under a moderately restrictive licence",
                4 => "public under a low-restriction licence",
                _ => "public under a restriction-free licence",
            },
            Level::Graded { kind: Kind::Data, grade } => match grade {
                1 => "not publicly released in any form",
                2 => "public through (paid) API access only",
                3 => "public under a highly or moderately restrictive licence",
                4 => "public under a low-restriction licence",
                _ => "public under a restriction-free licence",
            },
            Level::NotApplicable => "the stage does not exist for this release",
            Level::Unknown => "the component exists but its status is unknown",
        }
    }

    /// Every level name in display order: C1–C5, D1–D5, N/A, Unknown.
    pub fn all() -> impl Iterator<Item = Level> {
        [Kind::Code, Kind::Data]
            .into_iter()
            .flat_map(|kind| (1..=5).map(move |grade| Level::Graded { kind, grade }))
            .chain([Level::NotApplicable, Level::Unknown])
    }

    /// The levels a component of `kind` can take, in display order.
    pub fn all_for(kind: Kind) -> impl Iterator<Item = Level> {
        Level::all().filter(move |l| l.kind().is_none_or(|k| k == kind))
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Graded { kind, grade } => write!(f, "{}{}", kind.letter(), grade),
            Level::NotApplicable => f.write_str("N/A"),
            Level::Unknown => f.write_str("Unknown"),
        }
    }
}

impl FromStr for Level {
    type Err = LevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("n/a") {
            return Ok(Level::NotApplicable);
        }
        if t.eq_ignore_ascii_case("unknown") {
            return Ok(Level::Unknown);
        }
        let mut chars = t.chars();
        let kind = match chars.next().map(|c| c.to_ascii_uppercase()) {
            Some('C') => Kind::Code,
            Some('D') => Kind::Data,
            _ => return Err(LevelError::NotALevel(s.to_owned())),
        };
        chars
            .as_str()
            .parse::<u8>()
            .ok()
            .and_then(|grade| Level::graded(kind, grade))
            .ok_or_else(|| LevelError::NotALevel(s.to_owned()))
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let names: Vec<String> = Level::all().map(|l| l.to_string()).collect();
        assert_eq!(names, ["C1", "C2", "C3", "C4", "C5", "D1", "D2", "D3", "D4", "D5", "N/A", "Unknown"]);
        for l in Level::all() {
            assert_eq!(l.to_string().parse::<Level>(), Ok(l));
        }
    }

    #[test]
    fn rejects_impossible_levels() {
        for bad in ["C0", "D6", "E3", "", "C", "5", "C-1", "D２"] {
            assert!(bad.parse::<Level>().is_err(), "{bad}");
        }
    }

    #[test]
    fn groups_follow_the_paper() {
        assert_eq!(Level::graded(Kind::Data, 1).and_then(Level::group), Some(Group::FullyClosed));
        assert_eq!(Level::graded(Kind::Code, 3).and_then(Level::group), Some(Group::SemiOpen));
        assert_eq!(Level::graded(Kind::Data, 5).and_then(Level::group), Some(Group::FullyOpen));
        assert_eq!(Level::NotApplicable.group(), None);
    }
}
