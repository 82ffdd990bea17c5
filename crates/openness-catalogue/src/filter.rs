//! Level filters over graded releases (`D5`, `weights=D5`, `weights>=D3`): one reading for
//! `openness models --level` and the service's `level` query parameter.

use std::cmp::Ordering;

use openness_core::{Component, Level, LevelError};

use crate::Assessment;

/// A level filter: `LEVEL` (any component at that level) or `COMPONENT=LEVEL`, `COMPONENT>=LEVEL`, `COMPONENT<=LEVEL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelFilter {
    /// The component, or any.
    pub component: Option<Component>,
    /// The comparison.
    pub op: Ordering,
    /// Whether equality also matches (for `>=` and `<=`).
    pub or_equal: bool,
    /// The level compared with.
    pub level: Level,
}

impl LevelFilter {
    /// Reads a filter; the error says what is wrong.
    pub fn parse(s: &str) -> Result<LevelFilter, String> {
        let (component, op, or_equal, level) = if let Some((c, l)) = s.split_once(">=") {
            (Some(c), Ordering::Greater, true, l)
        } else if let Some((c, l)) = s.split_once("<=") {
            (Some(c), Ordering::Less, true, l)
        } else if let Some((c, l)) = s.split_once('=') {
            (Some(c), Ordering::Equal, true, l)
        } else {
            (None, Ordering::Equal, true, s)
        };
        let level: Level = level.parse().map_err(|e: LevelError| e.to_string())?;
        let component = component
            .map(|c| {
                Component::from_name(&c.to_lowercase()).ok_or_else(|| {
                    let near = Component::nearest(&c.to_lowercase());
                    format!(
                        "`{}` is not a component id or short name: did you mean `{}` ({near})?",
                        openness_core::text::shortened(c, 40),
                        near.short_name()
                    )
                })
            })
            .transpose()?;
        if let (Some(c), Some(k)) = (component, level.kind())
            && c.kind() != k
        {
            return Err(format!("{level} is not a level of {c} (a {} component)", c.kind()));
        }
        Ok(LevelFilter { component, op, or_equal, level })
    }

    /// Whether a graded release passes the filter, on each component's answer (the level of
    /// the reading the release was graded under).
    pub fn matches(&self, a: &Assessment<'_>) -> bool {
        let test = |c: &crate::ComponentAssessment| {
            let level = c.level;
            match (self.op, level.grade(), self.level.grade()) {
                (Ordering::Equal, _, _) => level == self.level,
                (op, Some(have), Some(want)) => have.cmp(&want) == op || (self.or_equal && have == want),
                _ => false,
            }
        };
        match self.component {
            Some(component) => test(&a.components[component as usize]),
            None => a.components.iter().filter(|c| self.level.kind().is_none_or(|k| c.component.kind() == k)).any(test),
        }
    }
}
