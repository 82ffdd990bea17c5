//! Licence profiles, the licence base, name resolution and the scoring of licence expressions.

use std::collections::HashMap;

use serde::Serialize;

use crate::rubric::{Permission, Permissions, Rubric};

/// A permission as a licence grants or withholds it, with the one-line reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// Whether the licence grants the permission.
    pub granted: bool,
    /// Why, in one line, in plain words.
    pub reason: String,
}

/// What a licence is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Software.
    Code,
    /// Datasets and databases.
    Data,
    /// Model weights and related materials.
    Model,
    /// An acceptable-use policy that accompanies a licence.
    Policy,
}

impl Scope {
    /// The keyword used in data files and on the command line.
    pub fn keyword(self) -> &'static str {
        match self {
            Scope::Code => "code",
            Scope::Data => "data",
            Scope::Model => "model",
            Scope::Policy => "policy",
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Scope::Code, Scope::Data, Scope::Model, Scope::Policy]
            .into_iter()
            .find(|k| k.keyword() == s)
            .ok_or_else(|| format!("`{s}` is not a scope: expected code, data, model or policy"))
    }
}

/// What a licence allows, as the licence base records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceProfile {
    /// SPDX id (`Apache-2.0`) or a `LicenseRef-` id of the licence base.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Other names people and trackers write for it.
    pub aliases: Vec<String>,
    /// Where the licence text is published.
    pub url: Option<String>,
    /// P1–P5 in order, each with its reason.
    pub grants: [Grant; 5],
    /// Whether derivatives must be shared under the same licence (copyleft, share-alike).
    pub share_alike: bool,
    /// Approved by the Open Source Initiative.
    pub osi_approved: bool,
    /// Free/libre according to the FSF.
    pub fsf_libre: bool,
    /// A remark on how the licence is graded (e.g. where the paper's table departs from it).
    pub note: Option<String>,
    /// What the licence is written for.
    pub scope: Vec<Scope>,
    /// Headings and version lines that identify the licence's text.
    pub titles: Vec<String>,
    /// Whether the permissions were derived from SPDX flags rather than reviewed one by one.
    pub derived: bool,
    /// Whether the SPDX list marks the id as deprecated.
    pub deprecated: bool,
    /// Whether the profile was reviewed against the documents in `sources`.
    pub reviewed: bool,
    /// The documents the profile was read from, with their dates.
    pub sources: Vec<crate::Source>,
}

impl LicenceProfile {
    /// The permissions the licence grants, read literally.
    pub fn permissions(&self) -> Permissions {
        Permissions::from_array(std::array::from_fn(|i| self.grants[i].granted))
    }

    /// The grant for one permission.
    pub fn grant(&self, p: Permission) -> &Grant {
        &self.grants[p as usize]
    }

    /// The permissions that count under `rubric`.
    pub fn effective(&self, rubric: Rubric) -> Permissions {
        rubric.effective(self.permissions(), self.share_alike)
    }
}

/// A string found where a licence was expected that is not a licence (`Publicly available`,
/// `ComCrawl`, `D3 or D4`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NonLicence {
    /// The string as sources write it.
    pub text: String,
    /// What it is and why it is not a licence.
    pub note: String,
    /// A licence expression the string points at, where it points at one.
    pub suggests: Option<String>,
    /// The string names a real licence whose terms are not profiled yet.
    pub unprofiled: bool,
}

/// How a name was matched to a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    /// The exact id.
    Id,
    /// The id, ignoring case, spaces and punctuation.
    NormalisedId,
    /// One of the licence's aliases, ignoring case, spaces and punctuation.
    Alias,
}

/// The result of looking a name up in the licence base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// The name denotes this licence.
    Licence(&'a LicenceProfile, MatchedBy),
    /// The name is a known string that is not a licence.
    NotALicence(&'a NonLicence),
    /// Nothing matches; the nearest ids, best first.
    Unknown(Vec<&'a str>),
}

/// Why the licence base could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseError {
    /// Two entries claim the same name.
    #[error("`{name}` names both `{first}` and `{second}`")]
    DuplicateName {
        /// The clashing name.
        name: String,
        /// The entry that claimed it first.
        first: String,
        /// The entry that claimed it again.
        second: String,
    },
}

/// Why a licence expression could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpressionError {
    /// Not a valid SPDX expression.
    #[error("`{}` is not a valid licence expression: {reason}", crate::text::shortened(expression, 80))]
    Syntax {
        /// The expression.
        expression: String,
        /// The parser's reason.
        reason: String,
    },
    /// The expression names a licence that has no profile.
    #[error("licence `{}` is not in the licence base", crate::text::shortened(id, 80))]
    UnknownLicence {
        /// The id as written.
        id: String,
        /// The nearest known ids.
        nearest: Vec<String>,
    },
}

/// The score of one licence inside an expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermScore {
    /// The licence id.
    pub id: String,
    /// The permissions that count for it under the rubric.
    pub permissions: Permissions,
    /// Their number.
    pub points: u8,
}

/// The score of a whole licence expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpressionScore {
    /// The expression as scored.
    pub expression: String,
    /// The permissions that hold for the expression.
    pub permissions: Permissions,
    /// Their number, 0–5.
    pub points: u8,
    /// Each licence of the expression, in order of appearance.
    pub terms: Vec<TermScore>,
}

/// Every licence profile and known non-licence string, indexed for look-up.
#[derive(Debug, Clone, Default)]
pub struct LicenceBase {
    profiles: Vec<LicenceProfile>,
    non_licences: Vec<NonLicence>,
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, Entry>,
    /// Every normalised id and alias with its profile, for "nearest" suggestions.
    keys: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Id(usize),
    Alias(usize),
    NonLicence(usize),
}

/// Folds a name for case-, space- and punctuation-insensitive comparison. `+` is kept: it
/// distinguishes "or later" licences (`GPL-3.0+`) from their base version.
pub fn normalise(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric() || *c == '+').flat_map(char::to_lowercase).collect()
}

impl LicenceBase {
    /// Builds the base; fails when two entries claim the same (normalised) name.
    pub fn new(profiles: Vec<LicenceProfile>, non_licences: Vec<NonLicence>) -> Result<LicenceBase, Vec<BaseError>> {
        let mut base = LicenceBase::default();
        let mut errors = Vec::new();
        for (i, p) in profiles.iter().enumerate() {
            base.by_id.insert(p.id.clone(), i);
            // A profile answers to its id, its full name and its aliases.
            let names = std::iter::once((&p.id, Entry::Id(i)))
                .chain(std::iter::once((&p.name, Entry::Alias(i))))
                .chain(p.aliases.iter().map(|a| (a, Entry::Alias(i))));
            base.keys.extend(
                std::iter::once(&p.id).chain(std::iter::once(&p.name)).chain(&p.aliases).map(|n| (normalise(n), i)),
            );
            for (name, entry) in names {
                base.claim(name, entry, &profiles, &non_licences, &mut errors);
            }
        }
        for (i, n) in non_licences.iter().enumerate() {
            base.claim(&n.text, Entry::NonLicence(i), &profiles, &non_licences, &mut errors);
        }
        base.profiles = profiles;
        base.non_licences = non_licences;
        if errors.is_empty() { Ok(base) } else { Err(errors) }
    }

    fn claim(
        &mut self,
        name: &str,
        entry: Entry,
        profiles: &[LicenceProfile],
        non_licences: &[NonLicence],
        errors: &mut Vec<BaseError>,
    ) {
        let owner = |e: Entry| match e {
            Entry::Id(i) | Entry::Alias(i) => profiles[i].id.clone(),
            Entry::NonLicence(i) => format!("not a licence: {}", non_licences[i].text),
        };
        let key = normalise(name);
        match self.by_key.get(&key) {
            Some(&existing) if owner(existing) != owner(entry) => {
                errors.push(BaseError::DuplicateName {
                    name: name.to_owned(),
                    first: owner(existing),
                    second: owner(entry),
                });
            }
            Some(_) => {}
            None => {
                self.by_key.insert(key, entry);
            }
        }
    }

    /// Adds a profile derived from SPDX flags for every SPDX licence the base does not name
    /// yet (by id or alias), and indexes the SPDX exceptions.
    pub fn with_spdx(mut self) -> LicenceBase {
        for license in spdx::identifiers::LICENSES {
            let key = normalise(license.name);
            if self.by_key.contains_key(&key) || self.by_id.contains_key(license.name) {
                continue;
            }
            let Some(id) = spdx::license_id(license.name) else {
                continue;
            };
            let profile = crate::spdx_derived::derived_profile(id);
            let index = self.profiles.len();
            self.by_id.insert(profile.id.clone(), index);
            self.keys.push((key.clone(), index));
            self.by_key.insert(key, Entry::Id(index));
            self.profiles.push(profile);
        }
        self
    }

    /// Reads `text` as a licence expression (SPDX ids, `LicenseRef-` ids, names and aliases
    /// joined by `AND`, `OR`, `WITH` and parentheses) and writes it with canonical ids.
    /// Returns `None` when any term is not a known licence.
    pub fn canonical_expression(&self, text: &str) -> Option<String> {
        let tokens = tokenise(text);
        let mut out = Vec::new();
        let mut term: Vec<&str> = Vec::new();
        let flush = |term: &mut Vec<&str>, out: &mut Vec<String>| -> Option<()> {
            if term.is_empty() {
                return Some(());
            }
            let name = term.join(" ");
            term.clear();
            let id = match self.lookup(&name) {
                Some(p) => p.id.clone(),
                None => spdx::exception_id(&name).map(|e| e.name.to_owned())?,
            };
            out.push(id);
            Some(())
        };
        for token in &tokens {
            match token.to_ascii_uppercase().as_str() {
                "AND" | "OR" | "WITH" | "(" | ")" => {
                    flush(&mut term, &mut out)?;
                    out.push(if token.len() > 1 { token.to_ascii_uppercase() } else { (*token).to_owned() });
                }
                _ => term.push(token),
            }
        }
        flush(&mut term, &mut out)?;
        let joined = out.join(" ").replace("( ", "(").replace(" )", ")");
        spdx::Expression::parse(&joined).ok().map(|_| joined)
    }

    /// All licence profiles, in file order.
    pub fn profiles(&self) -> &[LicenceProfile] {
        &self.profiles
    }

    /// All known non-licence strings.
    pub fn non_licences(&self) -> &[NonLicence] {
        &self.non_licences
    }

    /// The profile with exactly this id.
    pub fn get(&self, id: &str) -> Option<&LicenceProfile> {
        self.by_id.get(id).map(|&i| &self.profiles[i])
    }

    /// Looks a name up: exact id first, then ids and aliases ignoring case, spaces and
    /// punctuation, then the known non-licence strings; otherwise the nearest ids.
    pub fn resolve(&self, name: &str) -> Resolution<'_> {
        match self.resolve_quietly(name) {
            Resolution::Unknown(_) => Resolution::Unknown(self.nearest(name, 3)),
            found => found,
        }
    }

    /// Like [`LicenceBase::resolve`], without computing suggestions when nothing matches (the
    /// `Unknown` list is empty): for scanning text, where most candidates are not names.
    pub fn resolve_quietly(&self, name: &str) -> Resolution<'_> {
        if let Some(p) = self.get(name.trim()) {
            return Resolution::Licence(p, MatchedBy::Id);
        }
        match self.by_key.get(&normalise(name)) {
            Some(Entry::Id(i)) => Resolution::Licence(&self.profiles[*i], MatchedBy::NormalisedId),
            Some(Entry::Alias(i)) => Resolution::Licence(&self.profiles[*i], MatchedBy::Alias),
            Some(Entry::NonLicence(i)) => Resolution::NotALicence(&self.non_licences[*i]),
            None => Resolution::Unknown(Vec::new()),
        }
    }

    /// Up to `n` licence ids closest to `name`, best first; none for a name too long to be
    /// one ([`crate::text::suggestible`]).
    pub fn nearest(&self, name: &str, n: usize) -> Vec<&str> {
        if !crate::text::suggestible(name) {
            return Vec::new();
        }
        let key = normalise(name);
        let mut best: HashMap<usize, f64> = HashMap::new();
        for (candidate, index) in &self.keys {
            let score = strsim::jaro_winkler(&key, candidate);
            let entry = best.entry(*index).or_insert(0.0);
            *entry = entry.max(score);
        }
        let mut scored: Vec<(f64, &str)> = best.into_iter().map(|(i, s)| (s, self.profiles[i].id.as_str())).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(n).map(|(_, id)| id).collect()
    }

    /// The licence a name denotes (id or alias), without suggestions when there is none.
    pub fn lookup(&self, name: &str) -> Option<&LicenceProfile> {
        self.get(name.trim()).or_else(|| match self.by_key.get(&normalise(name)) {
            Some(Entry::Id(i) | Entry::Alias(i)) => Some(&self.profiles[*i]),
            _ => None,
        })
    }

    /// Scores an SPDX licence expression: `A OR B` scores as the better of the two (the
    /// licensee chooses), `A AND B` grants only what both grant (both bind).
    pub fn score(&self, expression: &str, rubric: Rubric) -> Result<ExpressionScore, ExpressionError> {
        let parsed = spdx::Expression::parse(expression)
            .map_err(|e| ExpressionError::Syntax { expression: expression.to_owned(), reason: e.reason.to_string() })?;
        let mut terms = Vec::new();
        let mut stack: Vec<Permissions> = Vec::new();
        for node in parsed.iter() {
            match node {
                spdx::expression::ExprNode::Req(req) => {
                    let id = match &req.req.license {
                        spdx::LicenseItem::Spdx { id, .. } => id.name.to_owned(),
                        spdx::LicenseItem::Other(r) => format!("LicenseRef-{}", r.lic_ref),
                    };
                    let profile = self.get(&id).ok_or_else(|| ExpressionError::UnknownLicence {
                        nearest: self.nearest(&id, 3).into_iter().map(str::to_owned).collect(),
                        id: id.clone(),
                    })?;
                    let permissions = profile.effective(rubric);
                    terms.push(TermScore { id, permissions, points: permissions.points() });
                    stack.push(permissions);
                }
                spdx::expression::ExprNode::Op(op) => {
                    let (Some(b), Some(a)) = (stack.pop(), stack.pop()) else {
                        return Err(ExpressionError::Syntax {
                            expression: expression.to_owned(),
                            reason: "an operator lacks an operand".to_owned(),
                        });
                    };
                    stack.push(match op {
                        spdx::expression::Operator::And => a.intersection(b),
                        spdx::expression::Operator::Or => {
                            if b.points() > a.points() {
                                b
                            } else {
                                a
                            }
                        }
                    });
                }
            }
        }
        let permissions = match (stack.pop(), stack.is_empty()) {
            (Some(p), true) => p,
            _ => {
                return Err(ExpressionError::Syntax {
                    expression: expression.to_owned(),
                    reason: "the expression does not reduce to one licence".to_owned(),
                });
            }
        };
        Ok(ExpressionScore { expression: expression.to_owned(), permissions, points: permissions.points(), terms })
    }
}

/// Splits an expression into words and parentheses.
fn tokenise(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c == '(' || c == ')' {
            if let Some(s) = start.take() {
                tokens.push(&text[s..i]);
            }
            if c != ' ' && !c.is_whitespace() {
                tokens.push(&text[i..i + 1]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rubric::P5Reading;
    use proptest::prelude::*;

    pub(crate) fn profile(id: &str, granted: [bool; 5], share_alike: bool) -> LicenceProfile {
        LicenceProfile {
            id: id.to_owned(),
            name: id.to_owned(),
            aliases: vec![format!("{id} alias")],
            url: None,
            grants: granted.map(|granted| Grant { granted, reason: String::new() }),
            share_alike,
            osi_approved: false,
            fsf_libre: false,
            note: None,
            scope: vec![Scope::Code],
            titles: Vec::new(),
            derived: false,
            reviewed: false,
            sources: Vec::new(),
            deprecated: false,
        }
    }

    pub(crate) fn base() -> LicenceBase {
        LicenceBase::new(
            vec![
                profile("MIT", [true; 5], false),
                profile("GPL-3.0-only", [true, true, true, true, false], true),
                profile("CC-BY-NC-4.0", [true, false, true, true, true], false),
                profile("LicenseRef-research", [true, false, false, false, false], false),
                profile("LicenseRef-commercial-only", [false, true, false, false, false], false),
            ],
            vec![NonLicence {
                text: "Publicly available".into(),
                note: "a statement of availability".into(),
                suggests: None,
                unprofiled: false,
            }],
        )
        .expect("test base is consistent")
    }

    #[test]
    fn resolves_ids_aliases_and_non_licences() {
        let b = base();
        assert!(matches!(b.resolve("MIT"), Resolution::Licence(p, MatchedBy::Id) if p.id == "MIT"));
        assert!(
            matches!(b.resolve("gpl 3.0 only"), Resolution::Licence(p, MatchedBy::NormalisedId) if p.id == "GPL-3.0-only")
        );
        assert!(
            matches!(b.resolve("CC-BY-NC-4.0 ALIAS"), Resolution::Licence(p, MatchedBy::Alias) if p.id == "CC-BY-NC-4.0")
        );
        assert!(
            matches!(b.resolve("publicly-available"), Resolution::NotALicence(n) if n.text == "Publicly available")
        );
        assert!(matches!(b.resolve("GPL-3.0-onyl"), Resolution::Unknown(near) if near[0] == "GPL-3.0-only"));
    }

    #[test]
    fn duplicate_names_are_rejected() {
        let err = LicenceBase::new(vec![profile("MIT", [true; 5], false), profile("mit", [true; 5], false)], vec![])
            .unwrap_err();
        // The id clashes, and so do the name and the alias the test helper derives from it.
        assert_eq!(err.len(), 3);
        assert_eq!(err[0], BaseError::DuplicateName { name: "mit".into(), first: "MIT".into(), second: "mit".into() });
    }

    #[test]
    fn or_takes_the_better_and_takes_what_both_grant() {
        let b = base();
        let r = Rubric::default();
        assert_eq!(b.score("LicenseRef-research OR MIT", r).map(|s| s.points), Ok(5));
        assert_eq!(b.score("LicenseRef-research AND MIT", r).map(|s| s.points), Ok(1));
        // Each grants one permission the other lacks: together, none.
        assert_eq!(b.score("LicenseRef-research AND LicenseRef-commercial-only", r).map(|s| s.points), Ok(0));
        assert_eq!(b.score("GPL-3.0-only", r).map(|s| s.points), Ok(5));
        assert_eq!(b.score("GPL-3.0-only", Rubric { p5: P5Reading::Literal }).map(|s| s.points), Ok(4));
    }

    #[test]
    fn unknown_licences_and_bad_syntax_are_errors() {
        let b = base();
        let r = Rubric::default();
        assert!(
            matches!(b.score("Apache-2.0", r), Err(ExpressionError::UnknownLicence { id, .. }) if id == "Apache-2.0")
        );
        assert!(matches!(b.score("MIT OR", r), Err(ExpressionError::Syntax { .. })));
        assert!(matches!(b.score("", r), Err(ExpressionError::Syntax { .. })));
    }

    #[test]
    fn expressions_are_written_with_canonical_ids() {
        let b = base();
        assert_eq!(b.canonical_expression("mit or gpl 3.0 only").as_deref(), Some("MIT OR GPL-3.0-only"));
        assert_eq!(
            b.canonical_expression("(MIT AND CC-BY-NC-4.0 alias) OR LicenseRef-research").as_deref(),
            Some("(MIT AND CC-BY-NC-4.0) OR LicenseRef-research")
        );
        assert_eq!(b.canonical_expression("MIT WITH LLVM-exception").as_deref(), Some("MIT WITH LLVM-exception"));
        assert_eq!(b.canonical_expression("MIT OR Nonsense"), None);
        assert_eq!(b.canonical_expression("MIT OR"), None);
    }

    #[test]
    fn spdx_licences_without_a_profile_are_derived() {
        let b = base().with_spdx();
        let apache = b.get("Apache-2.0").expect("derived");
        assert!(apache.derived);
        assert_eq!(apache.permissions().points(), 5);
        // An explicit profile is never replaced.
        assert!(b.get("MIT").is_some_and(|p| !p.derived));
        assert_eq!(b.get("CC-BY-NC-ND-4.0").map(|p| p.permissions().points()), Some(1));
    }

    const IDS: [&str; 5] = ["MIT", "GPL-3.0-only", "CC-BY-NC-4.0", "LicenseRef-research", "LicenseRef-commercial-only"];

    proptest! {
        #[test]
        fn or_is_the_max_and_and_is_at_most_the_min(a in 0usize..5, b in 0usize..5) {
            let base = base();
            let r = Rubric::default();
            let pa = base.score(IDS[a], r).map(|s| s.points);
            let pb = base.score(IDS[b], r).map(|s| s.points);
            let (Ok(pa), Ok(pb)) = (pa, pb) else { panic!("ids are in the base") };
            let or = base.score(&format!("{} OR {}", IDS[a], IDS[b]), r).map(|s| s.points);
            let and = base.score(&format!("{} AND {}", IDS[a], IDS[b]), r).map(|s| s.points);
            prop_assert_eq!(or, Ok(pa.max(pb)));
            prop_assert!(and.as_ref().is_ok_and(|p| *p <= pa.min(pb)));
            // Commutative.
            prop_assert_eq!(and, base.score(&format!("{} AND {}", IDS[b], IDS[a]), r).map(|s| s.points));
        }

        #[test]
        fn scoring_never_panics(s in "\\PC{0,40}") {
            let _ = base().score(&s, Rubric::default());
            let _ = base().resolve(&s);
        }
    }
}
