//! The paper's licence rubric: five permissions, one point each, and the mapping from points
//! (or from an access mode) to a level.
//!
//! | points | band                  | code | data |
//! |--------|-----------------------|------|------|
//! | 0–1    | highly restrictive    | C2   | D3   |
//! | 2–3    | moderately restrictive| C3   | D3   |
//! | 4      | low restriction       | C4   | D4   |
//! | 5      | restriction-free      | C5   | D5   |
//!
//! Data has no "highly restrictive" level of its own because the paper gives D2 to access
//! through a (paid) API; the asymmetry is the paper's and is kept.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::level::Level;
use crate::taxonomy::Kind;

/// One of the five permissions a licence may grant (P1–P5 of the paper).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// P1: the component may be used for research.
    Research,
    /// P2: the component may be used for any commercial purpose.
    Commercial,
    /// P3: the component may be modified freely (with notice).
    Modify,
    /// P4: derivative works may be copyrighted.
    CopyrightDerivatives,
    /// P5: a publicly shared derivative may be released under a different licence.
    RelicenseDerivatives,
}

impl Permission {
    /// P1–P5 in the paper's order.
    pub const ALL: [Permission; 5] = [
        Permission::Research,
        Permission::Commercial,
        Permission::Modify,
        Permission::CopyrightDerivatives,
        Permission::RelicenseDerivatives,
    ];

    /// The key used in data files and JSON (`research`, `commercial`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Permission::Research => "research",
            Permission::Commercial => "commercial",
            Permission::Modify => "modify",
            Permission::CopyrightDerivatives => "copyright_derivatives",
            Permission::RelicenseDerivatives => "relicense_derivatives",
        }
    }

    /// The paper's short name for the criterion.
    pub fn title(self) -> &'static str {
        match self {
            Permission::Research => "P1 research use",
            Permission::Commercial => "P2 any commercial use",
            Permission::Modify => "P3 modify as desired",
            Permission::CopyrightDerivatives => "P4 copyright derivative works",
            Permission::RelicenseDerivatives => "P5 derivatives under another licence",
        }
    }

    /// A two-word name for compact output (`P2 commercial`).
    pub fn short(self) -> &'static str {
        match self {
            Permission::Research => "P1 research",
            Permission::Commercial => "P2 commercial",
            Permission::Modify => "P3 modify",
            Permission::CopyrightDerivatives => "P4 own derivatives",
            Permission::RelicenseDerivatives => "P5 relicense derivatives",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Which of the five permissions hold: a set over [`Permission`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Permissions([bool; 5]);

impl Permissions {
    /// Every permission granted.
    pub const ALL: Permissions = Permissions([true; 5]);
    /// No permission granted (all rights reserved).
    pub const NONE: Permissions = Permissions([false; 5]);

    /// Builds a set from one boolean per permission, in P1–P5 order.
    pub fn from_array(granted: [bool; 5]) -> Permissions {
        Permissions(granted)
    }

    /// Whether `p` is granted.
    pub fn has(self, p: Permission) -> bool {
        self.0[p.index()]
    }

    /// A copy with `p` set to `granted`.
    pub fn with(mut self, p: Permission, granted: bool) -> Permissions {
        self.0[p.index()] = granted;
        self
    }

    /// The number of permissions granted: the licence's points.
    pub fn points(self) -> u8 {
        self.0.iter().filter(|g| **g).count() as u8
    }

    /// Permissions held under both sets (both licences bind).
    pub fn intersection(self, other: Permissions) -> Permissions {
        Permissions(std::array::from_fn(|i| self.0[i] && other.0[i]))
    }

    /// The permissions that are not granted.
    pub fn missing(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.into_iter().filter(move |p| !self.has(*p))
    }
}

impl Serialize for Permissions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(5))?;
        for p in Permission::ALL {
            map.serialize_entry(p.key(), &self.has(p))?;
        }
        map.end()
    }
}

/// How P5 ("a shared derivative may carry another licence") is read.
///
/// The paper's own table grades GPL and CC-BY-SA components as level 5 although, read
/// literally, a share-alike licence forbids relicensing derivatives. We make the reading an
/// explicit choice rather than a special case in the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum P5Reading {
    /// The reading the paper's table applies (default): share-alike (copyleft) licences meet
    /// P5, because what they impose on derivatives is only that they stay as open as the
    /// original. Use restrictions that flow down to derivatives (RAIL, Llama) still fail it.
    #[default]
    Paper,
    /// The literal reading: P5 holds only when derivatives may carry any licence.
    Literal,
}

impl FromStr for P5Reading {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "paper" => Ok(P5Reading::Paper),
            "literal" => Ok(P5Reading::Literal),
            other => Err(format!("unknown rubric `{other}`: expected `paper` or `literal`")),
        }
    }
}

impl fmt::Display for P5Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            P5Reading::Paper => "paper",
            P5Reading::Literal => "literal",
        })
    }
}

/// The rubric in force: the paper's, with the reading of P5 made explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Rubric {
    /// How P5 is read.
    pub p5: P5Reading,
}

impl Rubric {
    /// The permissions that count under this rubric, given a licence's literal grants and
    /// whether it is share-alike.
    pub fn effective(self, literal: Permissions, share_alike: bool) -> Permissions {
        match self.p5 {
            P5Reading::Literal => literal,
            P5Reading::Paper => {
                let p5 = literal.has(Permission::RelicenseDerivatives) || share_alike;
                literal.with(Permission::RelicenseDerivatives, p5)
            }
        }
    }

    /// The level a licence with `points` gives a component of `kind`.
    pub fn level_for_points(self, kind: Kind, points: u8) -> Level {
        let grade = match (kind, points) {
            (Kind::Code, 0 | 1) => 2,
            (Kind::Code, 2 | 3) => 3,
            (Kind::Data, 0..=3) => 3,
            (_, 4) => 4,
            _ => 5,
        };
        Level::Graded { kind, grade }
    }

    /// The band name of `points`, as the paper's text names it.
    pub fn band(points: u8) -> &'static str {
        match points {
            0 | 1 => "highly restrictive",
            2 | 3 => "moderately restrictive",
            4 => "slightly restrictive",
            _ => "restriction-free",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(grade: u8) -> Level {
        Level::Graded { kind: Kind::Code, grade }
    }
    fn data(grade: u8) -> Level {
        Level::Graded { kind: Kind::Data, grade }
    }

    #[test]
    fn points_map_to_the_papers_levels() {
        let r = Rubric::default();
        let code_levels: Vec<Level> = (0..=5).map(|p| r.level_for_points(Kind::Code, p)).collect();
        let data_levels: Vec<Level> = (0..=5).map(|p| r.level_for_points(Kind::Data, p)).collect();
        assert_eq!(code_levels, [code(2), code(2), code(3), code(3), code(4), code(5)]);
        assert_eq!(data_levels, [data(3), data(3), data(3), data(3), data(4), data(5)]);
    }

    #[test]
    fn share_alike_meets_p5_only_in_the_papers_reading() {
        let gpl = Permissions::ALL.with(Permission::RelicenseDerivatives, false);
        let paper = Rubric { p5: P5Reading::Paper };
        let literal = Rubric { p5: P5Reading::Literal };
        assert_eq!(paper.effective(gpl, true).points(), 5);
        assert_eq!(literal.effective(gpl, true).points(), 4);
        // Without share-alike, the readings agree.
        assert_eq!(paper.effective(gpl, false).points(), 4);
    }

    fn permissions() -> impl Strategy<Value = Permissions> {
        proptest::array::uniform5(any::<bool>()).prop_map(Permissions::from_array)
    }

    proptest! {
        #[test]
        fn granting_a_permission_never_lowers_a_level(
            perms in permissions(),
            p in proptest::sample::select(Permission::ALL.to_vec()),
            share_alike in any::<bool>(),
            literal in any::<bool>(),
            kind in prop_oneof![Just(Kind::Code), Just(Kind::Data)],
        ) {
            let rubric = Rubric { p5: if literal { P5Reading::Literal } else { P5Reading::Paper } };
            let before = rubric.level_for_points(kind, rubric.effective(perms, share_alike).points());
            let after = rubric.level_for_points(kind, rubric.effective(perms.with(p, true), share_alike).points());
            prop_assert!(after.grade() >= before.grade());
        }

        #[test]
        fn licensed_levels_are_never_closed_or_api(points in 0u8..=5) {
            let r = Rubric::default();
            prop_assert!(r.level_for_points(Kind::Code, points).grade() >= Some(2));
            prop_assert!(r.level_for_points(Kind::Data, points).grade() >= Some(3));
        }
    }
}
