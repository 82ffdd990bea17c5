//! Profiles derived from the SPDX licence list's flags, for SPDX licences the licence base does
//! not review one by one. The reading is deliberately cautious: a permission is granted only
//! where the flags or the licence's name establish it, and every reason says it was derived.

use crate::licence::{Grant, LicenceProfile, Scope};

fn grant(granted: bool, reason: &str) -> Grant {
    Grant { granted, reason: format!("Derived from the SPDX list: {reason}") }
}

/// The derived profile of one SPDX licence.
pub fn derived_profile(id: spdx::LicenseId) -> LicenceProfile {
    let upper = id.name.to_ascii_uppercase();
    let full = id.full_name.to_ascii_lowercase();
    let non_commercial =
        upper.contains("-NC") || ["non-commercial", "noncommercial", "non commercial"].iter().any(|w| full.contains(w));
    let no_derivatives = upper.contains("-ND") || ["no derivative", "noderivative"].iter().any(|w| full.contains(w));
    let share_alike = id.is_copyleft() || upper.contains("-SA");
    let creative_commons = upper.starts_with("CC-") || upper.starts_with("CC0");
    let free =
        id.is_osi_approved() || id.is_fsf_free_libre() || (creative_commons && !non_commercial && !no_derivatives);
    let adaptable = !no_derivatives && (free || creative_commons);

    let commercial = if non_commercial {
        grant(false, "a non-commercial licence.")
    } else if free {
        grant(true, "OSI- or FSF-approved (or an unrestricted Creative Commons licence), so commercial use is allowed.")
    } else {
        grant(false, "not OSI- or FSF-approved, so commercial use is not assumed.")
    };
    let modify = if no_derivatives {
        grant(false, "a no-derivatives licence.")
    } else if adaptable {
        grant(true, "a free or Creative Commons licence, so modification is allowed.")
    } else {
        grant(false, "not OSI- or FSF-approved, so modification is not assumed.")
    };
    let copyright = if adaptable {
        grant(true, "modification is allowed and authors hold copyright in their changes.")
    } else {
        grant(false, "derivatives are not shown to be allowed.")
    };
    let relicense = if share_alike {
        grant(false, "copyleft or share-alike: derivatives must keep the licence.")
    } else if free && !non_commercial && !no_derivatives {
        grant(true, "a permissive free licence: derivatives may carry other terms.")
    } else {
        grant(false, "relicensing of derivatives is not shown to be allowed.")
    };
    let data = creative_commons || ["ODC", "ODBL", "PDDL", "CDLA", "C-UDA"].iter().any(|p| upper.starts_with(p));
    LicenceProfile {
        id: id.name.to_owned(),
        name: id.full_name.to_owned(),
        aliases: Vec::new(),
        url: Some(format!("https://spdx.org/licenses/{}.html", id.name)),
        grants: [
            grant(true, "a published licence; research use is not restricted."),
            commercial,
            modify,
            copyright,
            relicense,
        ],
        share_alike,
        osi_approved: id.is_osi_approved(),
        fsf_libre: id.is_fsf_free_libre(),
        note: Some("Permissions derived from SPDX flags and the licence's name, not reviewed one by one.".to_owned()),
        scope: vec![if data { Scope::Data } else { Scope::Code }],
        titles: Vec::new(),
        derived: true,
        reviewed: false,
        sources: Vec::new(),
        deprecated: id.is_deprecated(),
    }
}

/// The current SPDX id that replaces a deprecated one (`GPL-2.0+` → `GPL-2.0-or-later`,
/// `LGPL-2.1` → `LGPL-2.1-only`); `None` for ids that are current, unknown, or whose
/// replacement is not a single id (the `-with-…-exception` forms).
pub fn current_spdx_id(id: &str) -> Option<&'static str> {
    let deprecated = spdx::license_id(id).filter(|l| l.is_deprecated())?;
    // `license_id` reads `GPL-2.0+` as `GPL-2.0`, so the `+` is taken from what was asked.
    let candidate = if id.ends_with('+') {
        format!("{}-or-later", deprecated.name.trim_end_matches('+'))
    } else {
        format!("{}-only", deprecated.name)
    };
    spdx::license_id(&candidate).filter(|l| !l.is_deprecated()).map(|l| l.name)
}

#[cfg(test)]
mod tests {
    use super::current_spdx_id;

    #[test]
    fn deprecated_ids_name_their_replacement() {
        assert_eq!(current_spdx_id("GPL-2.0+"), Some("GPL-2.0-or-later"));
        assert_eq!(current_spdx_id("GPL-1.0+"), Some("GPL-1.0-or-later"));
        assert_eq!(current_spdx_id("LGPL-2.1"), Some("LGPL-2.1-only"));
        assert_eq!(current_spdx_id("GFDL-1.3"), Some("GFDL-1.3-only"));
        assert_eq!(current_spdx_id("GPL-2.0-only"), None);
        assert_eq!(current_spdx_id("Apache-2.0"), None);
        assert_eq!(current_spdx_id("GPL-2.0-with-classpath-exception"), None);
        assert_eq!(current_spdx_id("no-such-licence"), None);
    }
}
