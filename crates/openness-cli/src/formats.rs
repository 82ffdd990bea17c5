//! Which `--format` each subcommand implements.
//!
//! Every subcommand that prints data has its own `--format` option whose values are exactly
//! the formats it renders: any other value is a usage error (exit 2) that lists them, and its
//! `--help` lists only them. Values are matched ignoring case (`--format JSON`). The lists
//! live here, one per subcommand, so that a new command or format is one line.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For the terminal (coloured by level when stdout is a terminal and NO_COLOR is unset).
    Table,
    /// JSON.
    Json,
    /// CSV with a header row.
    Csv,
    /// Markdown (`|` and HTML in values escaped).
    Markdown,
    /// A LaTeX table, booktabs with coloured cells.
    Latex,
    /// A record file that `openness check` accepts.
    Yaml,
    /// An SVG image.
    Svg,
    /// A CycloneDX 1.7 ML-BOM, JSON.
    Cyclonedx,
    /// An SPDX 3.0.1 document with the AI and Dataset profiles, JSON-LD.
    Spdx3,
    /// The Model Openness Tool's YAML.
    Mot,
    /// The European Open Source AI Index's YAML.
    Osai,
}

impl Format {
    /// The interchange format this names, if it is one.
    pub fn interchange(self) -> Option<openness_interchange::Format> {
        Some(match self {
            Format::Cyclonedx => openness_interchange::Format::CycloneDx,
            Format::Spdx3 => openness_interchange::Format::Spdx3,
            Format::Mot => openness_interchange::Format::Mot,
            Format::Osai => openness_interchange::Format::Osai,
            _ => return None,
        })
    }

    /// Whether the output is for people (sanitised and fitted to the terminal) rather than data
    /// kept byte for byte.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Table | Format::Markdown)
    }
}

/// The formats one subcommand renders, as the value parser of its `--format`: it accepts only
/// them, ignoring case, and gives clap only them to list in `--help` and in the error.
#[derive(Debug, Clone, Copy)]
pub struct Formats(pub &'static [Format]);

impl Formats {
    fn possible(self) -> impl Iterator<Item = PossibleValue> {
        self.0.iter().filter_map(ValueEnum::to_possible_value)
    }
}

impl TypedValueParser for Formats {
    type Value = Format;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<Format, clap::Error> {
        // clap's own parser makes the usage error, with the accepted values listed.
        let name = PossibleValuesParser::new(self.possible()).parse_ref(cmd, arg, value)?;
        self.0
            .iter()
            .copied()
            .find(|f| f.to_possible_value().is_some_and(|p| p.matches(&name, true)))
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.possible()))
    }
}

/// A subcommand's `--format` option: `name, default, [formats]`; without a default the option
/// is required.
macro_rules! format_option {
    ($(#[$doc:meta])* $name:ident, $default:literal, [$($f:ident),+ $(,)?]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Args)]
        pub struct $name {
            /// Output format.
            #[arg(long, ignore_case = true, default_value = $default, value_parser = Formats(&[$(Format::$f),+]))]
            pub format: Format,
        }
    };
    ($(#[$doc:meta])* $name:ident, [$($f:ident),+ $(,)?]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Args)]
        pub struct $name {
            /// Output format (required).
            #[arg(long, ignore_case = true, value_parser = Formats(&[$(Format::$f),+]))]
            pub format: Format,
        }
    };
}

format_option!(
    /// `openness models`.
    Models, "table", [Table, Json, Csv, Markdown, Latex]
);
format_option!(
    /// `openness show`, `openness history`, `openness diff`, `openness lens`, `openness stats`,
    /// `openness license show|detect|list`: the table and the three data formats.
    Tabular, "table", [Table, Json, Csv, Markdown]
);
format_option!(
    /// `openness profile`, `openness check`, `openness license resolve|compare`.
    Records, "table", [Table, Json, Csv]
);
format_option!(
    /// `openness assess`.
    Assess, "table", [Table, Json, Csv, Markdown, Yaml, Cyclonedx, Spdx3]
);
format_option!(
    /// `openness badge`.
    Badge, "svg", [Svg, Markdown, Json]
);
format_option!(
    /// `openness export`.
    Export, [Cyclonedx, Spdx3, Mot, Osai]
);
