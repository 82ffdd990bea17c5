//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use openness_catalogue::{FactDate, LevelsFrom};
use openness_core::P5Reading;

use crate::formats;
pub use crate::formats::Format;

const ABOUT: &str = "Measure how open a generative-AI model release is, component by component.";

const LONG_ABOUT: &str = "\
Measure how open a generative-AI model release is, component by component,
with the taxonomy of Eiras et al. (2024), \"Risks and Opportunities of
Open-Source Generative AI\".

THE TWELVE COMPONENTS (stage.kind.name; short names in brackets)
  training.code.pretraining    [pretraining-code]    pre-training code
  training.code.finetuning     [finetuning-code]     supervised fine-tuning code
  training.code.alignment      [alignment-code]      alignment code (e.g. RLHF)
  training.data.pretraining    [pretraining-data]    pre-training datasets
  training.data.sft            [sft-data]            supervised fine-tuning datasets
  training.data.alignment      [alignment-data]      alignment datasets, reward models
  evaluation.code.general      [eval-code]           evaluation code
  evaluation.code.safety       [safety-eval-code]    automatic safety evaluation (red teaming)
  evaluation.data.utility      [utility-benchmarks]  internal utility benchmarks
  evaluation.data.safety       [safety-eval-data]    safety evaluation datasets
  deployment.code.inference    [inference-code]      inference code
  deployment.data.weights      [weights]             model architecture and weights

LEVELS
  C1 / D1  fully closed: not publicly released in any form
  D2       available only through a (paid) API (data components only)
  C2       public under a highly restrictive licence (0-1 points)
  C3       public under a moderately restrictive licence (2-3 points)
  D3       public under a highly or moderately restrictive licence (0-3 points)
  C4 / D4  public under a low-restriction licence (4 points)
  C5 / D5  fully open: public under a restriction-free licence (5 points)
  N/A      the stage does not exist for this release; Unknown: not determined

LICENCE POINTS (one each)
  P1 research use  P2 any commercial use  P3 modify as desired
  P4 derivatives may be copyrighted  P5 a shared derivative may carry another licence

RULES WHERE THE PAPER IS SILENT
  * `A OR B` scores as the better licence (the licensee chooses); `A AND B` grants only
    what both grant (both bind).
  * A component made of parts grades as its most restrictive part; the breakdown is shown.
  * Released with no licence (`NONE`): all rights reserved, 0 points, and a warning.
  * A gated download (click-through, registration) is graded by its licence; the gate is
    recorded as availability `gated`.
  * `--rubric paper` (default) reads P5 as the paper's table does: share-alike (GPL,
    CC-BY-SA) meets it. `--rubric literal` reads P5 literally: share-alike fails it.
  * The level a source asserted (the paper's table) is kept as `recorded` beside the level
    computed from the facts; where they differ, both are shown with the reason.

EXIT CODES: 0 ok, 1 findings or invalid input, 2 usage error. NO_COLOR is
honoured.";

/// The `openness` command line.
#[derive(Debug, Parser)]
#[command(name = "openness", version, about = ABOUT, long_about = LONG_ABOUT)]
pub struct Cli {
    /// A data directory (with `models/` and optionally `licenses/`) instead of the embedded catalogue.
    #[arg(long, global = true, value_name = "DIR", env = "OPENNESS_DATA")]
    pub data: Option<PathBuf>,

    /// How P5 is read: `paper` (share-alike meets P5, as the paper's table grades) or `literal`.
    #[arg(long, global = true, default_value = "paper", value_name = "paper|literal", value_parser = parse_rubric)]
    pub rubric: P5Reading,

    /// Each cell's answer: the level `computed` from the facts (default), or the level a source
    /// `recorded` (the paper's table); the other is shown beside it where they differ.
    #[arg(long, global = true, default_value = "computed", value_name = "computed|recorded", value_parser = parse_levels_from)]
    pub levels_from: LevelsFrom,

    /// When to colour: `auto` (on a terminal, unless NO_COLOR is set), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColourChoice::Auto, value_name = "WHEN")]
    pub color: ColourChoice,

    /// The catalogue as it stood on a date: releases out by then, facts observed by then
    /// (`YYYY-MM-DD`, or `YYYY-MM` for the month's last day).
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<FactDate>,

    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

impl Command {
    /// The output format asked for; commands that print only a summary have none.
    pub fn format(&self) -> Option<Format> {
        Some(match self {
            Command::Models(a) => a.output.format,
            Command::Show(a) => a.output.format,
            Command::Stats(a) => a.output.format,
            Command::Check(a) => a.output.format,
            Command::License(
                LicenseCommand::Show { output, .. }
                | LicenseCommand::Detect { output, .. }
                | LicenseCommand::List(LicenseListArgs { output, .. }),
            ) => output.format,
            Command::License(LicenseCommand::Resolve { output, .. } | LicenseCommand::Compare { output, .. }) => {
                output.format
            }
            Command::Assess(a) => a.output.format,
            Command::Profile(a) => a.output.format,
            Command::Lens(a) => a.output.format,
            Command::History(a) => a.output.format,
            Command::Diff(a) => a.output.format,
            Command::Badge(a) => a.output.format,
            Command::Export(a) => a.output.format,
            _ => return None,
        })
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColourChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always, even into a pipe.
    Always,
    /// Never.
    Never,
}

fn parse_rubric(s: &str) -> Result<P5Reading, String> {
    s.to_ascii_lowercase().parse()
}

fn parse_levels_from(s: &str) -> Result<LevelsFrom, String> {
    s.parse()
}

fn parse_as_of(s: &str) -> Result<FactDate, String> {
    FactDate::parse(s).map(FactDate::end).map_err(|e| format!("{e}: write YYYY-MM-DD or YYYY-MM"))
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The paper's table: every release × the twelve components.
    #[command(after_help = "Example:\n  openness models --org meta --level 'weights>=D3' --sort openness")]
    Models(ModelsArgs),
    /// Every component of one release: availability, licence, permissions, evidence, recorded vs computed level.
    #[command(after_help = "Example:\n  openness show falcon-40b")]
    Show(ShowArgs),
    /// Level counts per component and the paper's headline figures.
    #[command(after_help = "Example:\n  openness --as-of 2024-05-16 stats")]
    Stats(StatsArgs),
    /// Validate record files (default: the catalogue in use).
    #[command(long_about = CHECK_HELP, after_help = "Example:\n  openness check --explain")]
    Check(CheckArgs),
    /// Licence look-up.
    #[command(subcommand)]
    License(LicenseCommand),
    /// Import records from other trackers' formats.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Draft a record from a local model repository (a Hugging Face checkout or a source repository).
    #[command(long_about = ASSESS_HELP, after_help = "Example:\n  openness assess model/ --format yaml --release 2024-03")]
    Assess(AssessArgs),
    /// The opportunities a release unlocks, the risks it raises, and what to open next.
    #[command(after_help = "Example:\n  openness profile llama-2")]
    Profile(ProfileArgs),
    /// Another framework's reading, with the documents it rests on: eu-ai-act (GPAI rules),
    /// us-eo-14110 (revoked, history), osaid, owd, mof or osai-index (information, not legal advice).
    #[command(after_help = "Example:\n  openness lens eu-ai-act llama-3-70b")]
    Lens(LensArgs),
    /// Write a self-contained static report site: the table, a page per release and licence, findings with charts, data as JSON and CSV.
    #[command(after_help = "Example:\n  openness report --out site/")]
    Report {
        /// The directory to write.
        #[arg(long, value_name = "DIR")]
        out: std::path::PathBuf,
        /// Where the site will be published (`https://example.org/openness`): badge snippets
        /// on release pages then carry absolute URLs that work when pasted elsewhere.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// What changed when in a release's facts, and which source said so.
    #[command(after_help = "Example:\n  openness history falcon-40b")]
    History(HistoryArgs),
    /// A release's components on two dates, side by side.
    #[command(after_help = "Example:\n  openness diff falcon-40b --from 2023-05-01 --to 2023-06-30")]
    Diff(DiffArgs),
    /// A shields-style SVG badge for a release (`--format markdown` gives a snippet that shows it
    /// and links to the release's page: absolute with `--base-url`, else relative to the
    /// `openness report` site).
    #[command(after_help = "Example:\n  openness badge llama-2 --format markdown")]
    Badge(BadgeArgs),
    /// A release in another tool's format: CycloneDX 1.7 or SPDX 3.0.1 bills of materials, MOT or
    /// OSAI index YAML (`--format cyclonedx|spdx3|mot|osai`).
    #[command(after_help = "Example:\n  openness export llama-2 --format cyclonedx")]
    Export(ExportArgs),
    /// Serve the pages and the JSON API v1 (proposals, review, history, audit) on 127.0.0.1:8080,
    /// with an embedded SQLite store created on first start, or PostgreSQL (`--database-url`) to
    /// share one store between several servers.
    #[command(after_help = "Example:\n  openness serve --listen 127.0.0.1:8080 --db openness.db")]
    Serve(ServeArgs),
}

/// Arguments of `badge`.
#[derive(Debug, Args)]
pub struct BadgeArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Badge,
    /// The release id (see `openness models`).
    pub id: String,
    /// Where the `openness report` site is published, for absolute URLs in the snippet.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Export,
    /// Release ids or names (one to standard output; several need --out).
    pub ids: Vec<String>,
    /// Every release of the catalogue (needs --out).
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,
    /// Write one file per release here (`<id>.cdx.json`, `<id>.spdx3.json`, `<id>.mot.yml`, `<id>.osai.yml`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// The SQLite file (default: `openness/openness.db` under the user's data directory).
    #[arg(long, value_name = "PATH", conflicts_with = "database_url", global = true)]
    pub db: Option<PathBuf>,
    /// A PostgreSQL URL (`postgres://user:password@host/db`) instead of SQLite.
    #[arg(long, value_name = "URL", env = "OPENNESS_DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,
    /// Proposals one address may make at once (then one every three seconds).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub proposal_burst: u32,
    /// Maintainer tokens.
    #[command(subcommand)]
    pub command: Option<ServeCommand>,
}

/// `serve` subcommands.
#[derive(Debug, Subcommand)]
pub enum ServeCommand {
    /// Maintainer tokens: `create NAME` prints a new token once (only its hash is stored); `revoke NAME`.
    #[command(subcommand, after_help = "Example:\n  openness serve --db openness.db token create ana")]
    Token(TokenCommand),
}

/// `serve token` subcommands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for the maintainer NAME and print it (once).
    Create {
        /// The maintainer's name, shown on their reviews and observations.
        name: String,
    },
    /// Revoke NAME's token.
    Revoke {
        /// The maintainer's name.
        name: String,
    },
}

/// Arguments of `lens`.
#[derive(Debug, Args)]
pub struct LensArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Tabular,
    /// The framework.
    #[arg(value_parser = openness_catalogue::lens_sources::LENS_IDS, required_unless_present = "sources")]
    pub name: Option<String>,
    /// A release id; every release when absent.
    pub id: Option<String>,
    /// List what each lens implements and its source documents with their dates (of NAME, or of every lens).
    #[arg(long)]
    pub sources: bool,
}

/// Arguments of `assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Assess,
    /// The repository folder.
    pub dir: PathBuf,
    /// The record id (default: from the folder's name).
    #[arg(long)]
    pub id: Option<String>,
    /// The release month, `YYYY-MM` (default: the release date the card, documents or
    /// licence files state; never a file's modification time).
    #[arg(long, value_name = "YYYY-MM")]
    pub release: Option<String>,
    /// Also write the draft record as `DIR/models/<id>.yaml` (the layout `--data DIR` reads).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The model to assess when the README describes several (sizes, base and instruct
    /// variants); default: the card's metadata, else the folder's name.
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// Fail (exit 1) unless a component reaches a level: `COMPONENT>=LEVEL`, e.g. `weights>=D4`.
    /// Repeatable.
    #[arg(long = "require", value_name = "REQUIREMENT", value_parser = parse_requirement)]
    pub requirements: Vec<Requirement>,
}

/// The component a user names by id or short name, ignoring case; else an error naming the
/// nearest one.
fn component(name: &str) -> Result<openness_core::Component, String> {
    openness_core::Component::from_name(&name.to_lowercase()).ok_or_else(|| {
        let near = openness_core::Component::nearest(&name.to_lowercase());
        format!(
            "`{}` is not a component id or short name: did you mean `{}` ({near})?",
            openness_core::text::shortened(name, 40),
            near.short_name()
        )
    })
}

/// A minimum level for a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The component.
    pub component: openness_core::Component,
    /// The lowest acceptable level.
    pub level: openness_core::Level,
}

fn parse_requirement(s: &str) -> Result<Requirement, String> {
    let (c, l) = s
        .split_once(">=")
        .ok_or_else(|| format!("`{s}` is not a requirement: write COMPONENT>=LEVEL, e.g. weights>=D4"))?;
    let component = component(c)?;
    let level: openness_core::Level = l.parse().map_err(|e: openness_core::LevelError| e.to_string())?;
    if level.kind().is_none_or(|k| k != component.kind()) {
        return Err(format!("{level} is not a graded level of {component} (a {} component)", component.kind()));
    }
    Ok(Requirement { component, level })
}

const ASSESS_HELP: &str = "\
Draft a record from a local model repository (a Hugging Face checkout or a
source repository): each component's availability, licence and level with
the evidence (file:line) that decided it. The release month and the date of
the facts come from what the files say (the card's metadata, dated
statements in the documents, licence files), never from file modification
times; when the files give none they are left out with a note (`--release`
supplies the month). An empty folder, or one with no model card, README,
licence, config.json, weights or code, exits 1.

FINDINGS (A1xx: what the assessment noticed; listed in every format)
  A100 a file or folder skipped (a symbolic link, unreadable, too deep)
  A101 a limit reached (entries, bytes, listing size, headers, tensors, time):
       the rest unread
  A110 a licence file whose licence is not recognised
  A111 the card says `license: other` and names no known licence
  A112 the card's licence is not in the licence base
  A113 the card's licence differs from the licence file's
  A114 package metadata declares another licence than the card
  A115 licence drift: the card's licence is more open than the base model's
  A120 a document larger than 1 MiB: only its start was read
  A121 a document not valid UTF-8: invalid bytes were replaced
  A122 the card's metadata cannot be read
  A130 a safetensors header cannot be read
  A131 a GGUF header cannot be read
  A132 weight files that are Git LFS pointers (published, not downloaded)
  A133 parameter counts that overflow 64 bits: no count is given";

const CHECK_HELP: &str = "\
Validate record files (default: the catalogue in use) and report every
problem with its file, line and column, the offending line, and how to fix
it.

RECORD FORMAT (data/models/<id>.yaml, one release per file)
  id, name, organisation, release (YYYY-MM), links {paper, homepage, repository, weights,
  model_card, data_card, technical_report, ...}, note, parameters, active_parameters,
  training_tokens, training_flops (finite, >= 0).
  Identity: family, version, size (as the developer names it: 8B, 8x7B), variant (base |
  instruct | chat | reasoning), derived_from [{release: ID, relation: fine-tune |
  distillation | quantisation | merge | continued-pretraining}], aliases [names other
  trackers and the Hub use: `import ... --merge` adds an entry so named to this record].
  Complete: every component known from the developer's publication or a maintainer's review
  of it, each with a URL and a date (a tracker's or a draft's facts alone never complete one).
  source, as_of: the default source and date of the components' own facts.
  components: all twelve ids. Each component's own fields are one observation:
    availability (closed | api | gated | open | not-applicable | unknown), license (an SPDX
    expression over the licence base, NONE for no licence, NOASSERTION for unknown),
    license_as_recorded (the string as the source wrote it), parts [{name, availability,
    license}], recorded (the source's level, if it grades), evidence (URLs), note,
    source (default: the record's), as_of (default: the record's).
  and `observations:` lists more, each with the same fields, source and as_of required:
    observations:
    - source: tii            # an id declared in data/sources/*.yaml
      as_of: 2023-05-31      # YYYY-MM-DD (a real day) or YYYY-MM
      availability: open
      license: Apache-2.0
      evidence: [https://...]
  A fact without a source or a date is an error (an `unknown` with no date states nothing).
  eu_ai_act {generates (text | code | speech | image | video | audio | other),
  placed_on_market (YYYY-MM-DD), monetised, copyright_policy_published,
  training_content_summary_published, modification_flops, modification_tokens}: the facts
  the EU AI Act lens reads (a derivative's base is its first `derived_from`).

SOURCES (data/sources/*.yaml; a --data DIR may add DIR/sources/)
  sources: [{id, kind, title, url, commit, date, note}], kind one of
  maintainer > developer > paper > tracker > assess: the precedence choosing the value shown.
  The shown facts of a component: a known availability before `unknown`, then the kind's
  precedence, then the latest as_of (on or before --as-of), then file order. The recorded
  level is the one of the highest-ranked observation that gives one; every other source's
  latest observation is kept and shown, marked where it disagrees.

CODES (E error, exit 1; W warning; N note)
  Reading files
  E001 missing or unreadable  E002 not YAML  E003 unknown key
  E004 missing key  E005 duplicate key  E006 too large  E007 not UTF-8
  E008 no `models/` in the --data DIR
  E009 a symbolic link (never followed) or not a regular file (FIFO, socket)
  Records
  E101 bad id  E102 id differs from the file name (files found in a folder)
  E103 duplicate id  E104 bad release month  E105 not a date
  E106 training_flops not finite, negative or out of range
  E107 bad variant  E110 unknown component  E111 missing components
  E120 unknown availability  E121 not a level  E122 level of the wrong kind
  E123 level impossible for the availability
  E130 unknown licence or bad expression
  W131 licence on an unreleased component  W140 released without a licence
  W141 released without evidence  E150 fact without a source
  E151 fact without a date  E152 undeclared source
  E160 unknown output kind  E161 bad placed_on_market day
  W162 modification without a base
  Licence base, registers and lens sources
  E201 unknown licence id  E202 bad scope  E203 bad reason
  E204 alias given twice  E205 review without a source
  E206 licence id given twice  E401 bad source id
  E402 source declared twice  E403 dataset name given twice
  E501 register id used twice  E502 bad register condition
  E601 bad document date  E602 bad document title  E603 unknown lens
  E604 lens without sources
  Imports (`openness import`)
  E301 companion-site file without YAML front matter
  E302 component missing  E303 component value not a level
  W304 licence string not in the licence base
  E305 record already in the output (pass --force or --merge)
  E306 cannot write  E308 the output would overwrite an input
  W307 two inputs make one id (both named; the second gets its own id)
  N307 entry not mapped (no record of that release, no release date)
  E310 not a MOT model file  E311 not an OSAI index model file
  E312 not a CycloneDX JSON BOM  E313 not an SPDX 3 JSON-LD document
  N314 part of a document not imported
  E315 not an Opening up ChatGPT project file
  E316 not an os-ai-map product, score, organisation or category file
  W317 two os-ai-map products map onto one release (the second not added)
  Explanations
  N201 recorded and computed levels differ (with --explain)";

/// Sort keys of `models`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    /// By id.
    Id,
    /// By name.
    Name,
    /// By release month.
    Release,
    /// By organisation.
    Organisation,
    /// By openness score (the share of the way from level 1 to 5, as `show` reports it; most open first).
    Openness,
    /// By one component's grade (most open first).
    Component(openness_core::Component),
}

fn parse_sort(s: &str) -> Result<SortKey, String> {
    Ok(match s {
        "id" => SortKey::Id,
        "name" => SortKey::Name,
        "release" | "year" => SortKey::Release,
        "org" | "organisation" | "organization" => SortKey::Organisation,
        "openness" => SortKey::Openness,
        other => SortKey::Component(
            component(other).map_err(|e| format!("{e}; other sort keys: id, name, release, organisation, openness"))?,
        ),
    })
}

pub use openness_catalogue::filter::LevelFilter;

fn parse_level_filter(s: &str) -> Result<LevelFilter, String> {
    LevelFilter::parse(s)
}

/// Arguments of `models`.
#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Models,
    /// Only releases by this organisation (case-insensitive substring).
    #[arg(long = "org", value_name = "ORG")]
    pub organisation: Option<String>,
    /// Only releases of this year.
    #[arg(long)]
    pub year: Option<u16>,
    /// Only releases with a level: `D5` (any component), `weights=D5`, `weights>=D3`, `pretraining-data<=D1`. Repeatable; all must hold.
    #[arg(long = "level", value_name = "FILTER", value_parser = parse_level_filter)]
    pub levels: Vec<LevelFilter>,
    /// Sort by id, name, release, organisation, openness, or a component id / short name.
    #[arg(long, default_value = "release", value_parser = parse_sort)]
    pub sort: SortKey,
    /// Reverse the order.
    #[arg(long)]
    pub reverse: bool,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Tabular,
    /// The release id (see `openness models`).
    pub id: String,
}

/// Arguments of `profile`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Records,
    /// The release id or name (see `openness models`).
    pub id: String,
}

/// Arguments of `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Tabular,
    /// The release id or name (see `openness models`).
    pub id: String,
}

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Tabular,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Tabular,
    /// The release id (see `openness models`).
    pub id: String,
    /// The earlier date (`YYYY-MM-DD` or `YYYY-MM`).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub from: FactDate,
    /// The later date (default: every fact in the catalogue).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub to: Option<FactDate>,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Records,
    /// Record files, directories of record files, or catalogue directories (their `models/`)
    /// (default: the catalogue in use).
    pub paths: Vec<PathBuf>,
    /// Also list every component whose recorded level differs from the computed one, with the reason.
    #[arg(long)]
    pub explain: bool,
}

/// Licence commands.
#[derive(Debug, Subcommand)]
pub enum LicenseCommand {
    /// A licence's permissions with reasons, its points and levels, flags and aliases.
    #[command(after_help = "Example:\n  openness license show \"apache 2.0\"")]
    Show {
        /// A licence id or alias (case, spaces and punctuation are ignored).
        name: String,
        /// The output.
        #[command(flatten)]
        output: formats::Tabular,
    },
    /// The licence id a name or expression denotes (`Apache 2.0`, `llama2`, `MIT OR GPL-3.0`); exit 1 when unknown.
    #[command(after_help = "Example:\n  openness license resolve \"Llama 3 Community License\"")]
    Resolve {
        /// The name or expression as people write it.
        text: String,
        /// The output.
        #[command(flatten)]
        output: formats::Records,
    },
    /// Recognise the licence of licence files (LICENSE, MODEL_LICENSE, USE_POLICY.md, ...); exit 1 when one matches nothing.
    #[command(after_help = "Example:\n  openness license detect LICENSE")]
    Detect {
        /// Files to examine.
        #[arg(required_unless_present = "files_from")]
        files: Vec<PathBuf>,
        /// Also examine the files listed in this file, one path a line (`-`: standard input).
        /// Many files are read in parallel when there are several cores; the output keeps their order.
        #[arg(long, value_name = "LIST")]
        files_from: Option<PathBuf>,
        /// The output.
        #[command(flatten)]
        output: formats::Tabular,
    },
    /// List licences with their points and levels.
    #[command(after_help = "Example:\n  openness license list --kind model --commercial")]
    List(LicenseListArgs),
    /// Two licences side by side: permissions, reasons, points and levels.
    #[command(after_help = "Example:\n  openness license compare llama2 apache-2.0")]
    Compare {
        /// A licence id or alias.
        a: String,
        /// Another licence id or alias.
        b: String,
        /// The output.
        #[command(flatten)]
        output: formats::Records,
    },
}

/// Arguments of `license list`.
#[derive(Debug, Args)]
pub struct LicenseListArgs {
    /// The output.
    #[command(flatten)]
    pub output: formats::Tabular,
    /// Only licences that allow any commercial use (P2).
    #[arg(long)]
    pub commercial: bool,
    /// Only licences that allow modification (P3).
    #[arg(long)]
    pub modify: bool,
    /// Only OSI-approved licences.
    #[arg(long)]
    pub osi: bool,
    /// Only licences written for code, data, model weights or use policies.
    #[arg(long, value_name = "KIND", value_parser = ["code", "data", "model", "policy"])]
    pub kind: Option<String>,
    /// Also list the SPDX licences whose permissions are derived from SPDX flags.
    #[arg(long)]
    pub all: bool,
    /// List the SPDX licence exceptions instead.
    #[arg(long)]
    pub exceptions: bool,
}

/// Import commands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Records from CycloneDX JSON BOMs (ours are read back whole; others' model licences and
    /// model-card datasets become facts, the rest is listed).
    #[command(after_help = "Example:\n  openness import cyclonedx llama-2.cdx.json --out catalogue/")]
    Cyclonedx {
        /// A BOM, or a directory of `*.json` BOMs.
        input: PathBuf,
        /// The catalogue to write: records in `DIR/models/`, sources the BOMs bring in
        /// `DIR/sources/`, read by `openness --data DIR`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Merge into an existing record of the same release.
        #[arg(long, conflicts_with = "force")]
        merge: bool,
    },
    /// Records from SPDX 3.0.1 JSON-LD documents with an AI package.
    #[command(after_help = "Example:\n  openness import spdx3 llama-2.spdx3.json --out catalogue/")]
    Spdx3 {
        /// A document, or a directory of `*.json` / `*.jsonld` documents.
        input: PathBuf,
        /// The catalogue to write: records in `DIR/models/`, read by `openness --data DIR`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Merge into an existing record of the same release.
        #[arg(long, conflicts_with = "force")]
        merge: bool,
    },
    /// Records from the European Open Source AI Index's YAML files (its availability criteria as facts).
    #[command(after_help = "Example:\n  openness import osai osai/models --out catalogue/")]
    Osai {
        /// The index's `models` directory (or a single file).
        input: PathBuf,
        /// The catalogue to write: records in `DIR/models/`, read by `openness --data DIR`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Merge into an existing record of the same release (same id and month): the imported
        /// facts become observations beside the record's own.
        #[arg(long, conflicts_with = "force")]
        merge: bool,
    },
    /// Records from the Model Openness Tool's YAML files (MOF components mapped onto the taxonomy).
    #[command(after_help = "Example:\n  openness import mot mot/models --out catalogue/")]
    Mot {
        /// MOT's `models` directory (or a single file).
        input: PathBuf,
        /// The catalogue to write: records in `DIR/models/`, read by `openness --data DIR`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Merge into an existing record of the same release (same id and month): the imported
        /// facts become observations beside the record's own.
        #[arg(long, conflicts_with = "force")]
        merge: bool,
    },
    /// Facts from the frozen Opening up ChatGPT list (`projects/*.yaml`), merged into the records
    /// of the same name in DIR (an alias, else the record's own name; case, spaces and hyphens
    /// aside); it gives no release dates, so other entries are listed as unmapped.
    #[command(after_help = "Example:\n  openness import opening-up-chatgpt projects --out catalogue/")]
    OpeningUpChatgpt {
        /// Its `projects` directory (or a single file).
        input: PathBuf,
        /// The catalogue to merge into (its `DIR/models/`).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Facts from Current AI's AI Stack Map (os-ai-map): each model product's openness grade
    /// merged into the record of the same release in DIR; tools, APIs and datasets are counted
    /// as out of scope, model products matching no record listed as unmapped.
    #[command(after_help = "What the mapping keeps and loses:
  Only products of type `model` are releases (software and datasets are out of
  scope). The map gives no release month: a product maps onto a record that
  lists its display name or its Hugging Face repository among its aliases,
  else onto the record of that name (case, spaces and hyphens aside), never by
  an id; others are listed as unmapped. Facts are observations by `os-ai-map`
  as of the latest day its openness sources were accessed. From the score's
  components: weights (open, gated, api when closed weights are served by an
  API, closed) with the licence when it names one licence the licence base
  knows (a compound or mixed licence is kept only as written); data ->
  pre-training data (fine-tuning data when base-data is given);
  post-training-data -> fine-tuning data; code -> pre-training code when open
  or closed (`partial` says nothing per component and stays unknown). Lost:
  the 0-5 score and its class (kept in the notes, not levels), checkpoints,
  paper and model-card items, adoption and capability grades, and which sizes
  a family product's words cover.

Example:
  openness import os-ai-map os-ai-map --out catalogue/")]
    OsAiMap {
        /// The map's folder (holding `sources/products`, `sources/scores`,
        /// `sources/organizations`, `sources/categories` and `sources/taxonomy.yaml`), or its
        /// `sources` folder.
        input: PathBuf,
        /// The catalogue to merge into (its `DIR/models/`).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Records from the paper's companion site (`_llms/*.md`).
    #[command(after_help = "Example:\n  openness import site _llms --out catalogue/")]
    Site {
        /// The `_llms` directory (or a single file).
        input: PathBuf,
        /// The catalogue to write: records in `DIR/models/`, read by `openness --data DIR`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Merge into an existing record of the same release (same id and month): the imported
        /// facts become observations beside the record's own.
        #[arg(long, conflicts_with = "force")]
        merge: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use openness_core::{Component, Kind, Level};

    #[test]
    fn level_filters_parse() {
        let f = parse_level_filter("weights>=D3").expect("valid");
        assert_eq!(f.component, Some(Component::DeploymentDataWeights));
        assert_eq!(f.op, std::cmp::Ordering::Greater);
        assert_eq!(f.level, Level::Graded { kind: Kind::Data, grade: 3 });
        assert!(parse_level_filter("C5").is_ok_and(|f| f.component.is_none()));
        assert!(parse_level_filter("weights=C5").is_err());
        assert!(parse_level_filter("wieghts=D5").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
