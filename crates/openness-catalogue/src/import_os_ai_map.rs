//! Importer for Current AI's AI Stack Map (os-ai-map): one file per product in
//! `sources/products` (`name`, `display_name`, `type` model | software | dataset, links), its
//! grades in `sources/scores/<name>.yaml` (`openness: {score 0–5, class, components, sources
//! [{url, shows, accessed}]}`, adoption and capability), the organisations listing their
//! products, and the taxonomy's arcs of categories.
//!
//! Only products of type `model` are releases; software (tools, APIs, services) and datasets
//! are out of scope. The map gives no release month, so a model product can only be mapped
//! onto a record that exists, by name (its display name or Hugging Face repository among a
//! record's aliases, else a record's own name; never by the id a name makes, which loses
//! characters such as a final `+`); its facts are observations by [`OS_AI_MAP_SOURCE`] as of the latest day
//! its openness sources were accessed.
//!
//! What the mapping keeps and loses. The `components` string (`weights:open(…);data:…`) is
//! read per key: `weights` → weights (`open`, `gated` when the map says a gate, `api` when
//! closed weights are served by an API, `closed`), with the licence of `model-license`, else
//! `license`, when it names one licence the licence base knows (a compound or "mixed" licence is
//! kept only as written); `data` → pre-training data (fine-tuning data when `base-data` gives
//! the pre-training data); `post-training-data` → fine-tuning data; `code` → pre-training code
//! when `open` or `closed` — `partial` (mostly inference code without a training pipeline)
//! says nothing per component and stays `unknown`. Lost: the openness score and class (kept
//! in the notes, not a level), `checkpoints`, `paper`, `model_card`, `base`, the adoption and
//! capability grades, and — for family products (`OLMo 2`, `Qwen3`) — which sizes the map's
//! words cover: the facts land on the one record the product maps onto.

use openness_core::{Component, Resolution};
use serde_json::Value;

use crate::record::{ComponentEntry, FactDate, Links, RecordFile};
use crate::yaml::unspanned;

/// Who asserted the facts of imported records.
pub const OS_AI_MAP_RECORDED_BY: &str = "Current AI, AI Stack Map (os-ai-map), MIT";
/// The id of the map in `data/sources/`.
pub const OS_AI_MAP_SOURCE: &str = "os-ai-map";

/// One product of the map, read with its score.
#[derive(Debug, Clone)]
pub enum Product {
    /// A model release: its facts as a record without a release month, and the names it may
    /// be known by in the catalogue (its display name, then its Hugging Face repositories).
    Model {
        /// The facts, as a record of the id the display name makes.
        record: Box<RecordFile>,
        /// Names to look the release up by among records' aliases.
        names: Vec<String>,
    },
    /// Not a model release.
    OutOfScope {
        /// The product's `name`.
        name: String,
        /// Its `type`: `software` or `dataset`.
        kind: String,
    },
}

/// The map's names: lowercase letters, digits and `-`, starting with a letter or digit (its
/// schema's pattern), so that a name is also a file name.
pub fn is_valid_name(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn yaml(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string().lines().next().unwrap_or("invalid YAML").to_owned())
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn urls(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|u| text(u, "url"))
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(str::to_owned)
        .collect()
}

/// An organisation or category file (`name`, `display_name`, `products`): its name, its
/// display name and the names of its products.
pub fn read_listing(text_: &str) -> Result<(String, String, Vec<String>), String> {
    let v = yaml(text_)?;
    let name = text(&v, "name").ok_or("no `name`")?;
    let display = text(&v, "display_name").unwrap_or(name);
    let products = v
        .get("products")
        .and_then(Value::as_array)
        .ok_or("no `products` list")?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    Ok((name.to_owned(), display.to_owned(), products))
}

/// The taxonomy: each arc's name with its categories, in order.
pub fn read_taxonomy(text_: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let v = yaml(text_)?;
    let arcs = v.get("arcs").and_then(Value::as_array).ok_or("the taxonomy has no `arcs` list")?;
    arcs.iter()
        .map(|a| {
            let name = text(a, "name").ok_or("an arc has no name")?;
            let categories = a.get("categories").and_then(Value::as_array).ok_or("an arc lists no `categories`")?;
            Ok((name.to_owned(), categories.iter().filter_map(Value::as_str).map(str::to_owned).collect()))
        })
        .collect()
}

/// One `key:value(detail)` item of a score's `components` string.
struct Item<'a> {
    key: &'a str,
    /// Up to the first `(`.
    value: &'a str,
    /// Everything after the key's colon.
    whole: &'a str,
}

/// The items of `weights:open(Apache-2.0, on HF);data:closed;…`: `;` separates items outside
/// parentheses.
fn items(components: &str) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let bytes = components.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => {
                out.extend(item(&components[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.extend(item(&components[start..]));
    out
}

fn item(piece: &str) -> Option<Item<'_>> {
    let (key, whole) = piece.split_once(':')?;
    let whole = whole.trim();
    let value = whole.split('(').next().unwrap_or_default().trim();
    Some(Item { key: key.trim(), value, whole })
}

/// Whether `s` joins several licences: a `+` outside parentheses, or "mixed".
fn compound(s: &str) -> bool {
    let mut depth = 0usize;
    s.to_ascii_lowercase().starts_with("mixed")
        || s.bytes().any(|b| {
            match b {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            b == b'+' && depth == 0
        })
}

/// A product file and its score file as a [`Product`]. `organisation` is the display name of
/// the organisation listing it, `category` the display name of its category; `observed` is
/// the date of the map's version read, used when no openness source gives an access day.
pub fn import_os_ai_map(
    product: &str,
    score: &str,
    organisation: Option<&str>,
    category: Option<&str>,
    base: &openness_core::LicenceBase,
    observed: &str,
) -> Result<Product, String> {
    let p = yaml(product)?;
    let name = text(&p, "name").ok_or("the product has no `name`")?;
    if !is_valid_name(name) {
        return Err(format!(
            "`{}` is not a product name (lowercase letters, digits and `-`)",
            openness_core::text::shortened(name, 40)
        ));
    }
    let kind = text(&p, "type").ok_or("the product has no `type`")?;
    match kind {
        "model" => {}
        "software" | "dataset" => return Ok(Product::OutOfScope { name: name.to_owned(), kind: kind.to_owned() }),
        other => {
            return Err(format!(
                "`type` is `{}`: one of model, software, dataset",
                openness_core::text::shortened(other, 40)
            ));
        }
    }
    let display = text(&p, "display_name").ok_or("the product has no `display_name`")?;
    let s = yaml(score)?;
    let scored = text(&s, "product").ok_or("the score names no `product`")?;
    if scored != name {
        return Err(format!(
            "the score is of `{}`, not of the product `{name}`",
            openness_core::text::shortened(scored, 40)
        ));
    }
    let openness = s.get("openness").ok_or("the score has no `openness` grade")?;
    let sources = openness.get("sources").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let evidence: Vec<String> = sources
        .iter()
        .filter_map(|x| text(x, "url"))
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(str::to_owned)
        .collect();
    // The latest day a source of the grade was read: when the map stated these facts.
    let as_of = sources
        .iter()
        .filter_map(|x| text(x, "accessed"))
        .filter(|d| FactDate::parse(d).is_ok_and(|d| d.day.is_some()))
        .max()
        .unwrap_or(observed)
        .to_owned();
    let grade = match (openness.get("score").and_then(Value::as_u64), text(openness, "class")) {
        (Some(n), Some(c)) => format!("openness {n} of 5 ({c})"),
        (Some(n), None) => format!("openness {n} of 5"),
        (None, Some(c)) => format!("openness not scored ({c})"),
        (None, None) => "openness not scored".to_owned(),
    };
    let all = text(openness, "components").unwrap_or_default();
    let items = items(all);
    let get = |key: &str| items.iter().find(|i| i.key.eq_ignore_ascii_case(key));
    let note = |i: &Item<'_>| {
        let mut n = format!("os-ai-map `{}`: {}; {grade}", i.key, openness_core::text::shortened(i.whole, 200));
        if let Some(c) = category {
            n.push_str(&format!(", category {c}"));
        }
        n.push('.');
        n
    };
    let fact = |i: &Item<'_>, availability: &str| ComponentEntry {
        evidence: evidence.clone(),
        note: Some(note(i)),
        ..ComponentEntry::observed(availability, OS_AI_MAP_SOURCE, &as_of)
    };
    let licence_item = get("model-license").or_else(|| get("license"));
    let mut entries: Vec<(Component, ComponentEntry)> = Vec::new();
    if let Some(w) = get("weights") {
        let detail = w.whole.to_ascii_lowercase();
        let served_by_api = licence_item.is_some_and(|l| l.whole.to_ascii_lowercase().contains("api"));
        let availability = match w.value {
            "open" if detail.contains("gate") => "gated",
            "open" => "open",
            "closed" if served_by_api => "api",
            "closed" | "announced_not_yet_released" => "closed",
            _ => "unknown",
        };
        let mut entry = fact(w, availability);
        if matches!(availability, "open" | "gated")
            && let Some(l) = licence_item
        {
            entry.license_as_recorded = Some(l.whole.to_owned());
            let single = (!compound(l.whole)).then_some(l.value);
            match single.map(|n| (n, base.resolve(n))) {
                Some((_, Resolution::Licence(profile, _))) => entry.license = Some(unspanned(profile.id.clone())),
                _ => {
                    if let Some(n) = entry.note.as_mut() {
                        n.push_str(" The licence is not one the licence base knows; kept as written.");
                    }
                }
            }
        }
        entries.push((Component::DeploymentDataWeights, entry));
    }
    let data = |i: &Item<'_>| {
        let availability = match i.value {
            "open" => "open",
            "closed" | "described" | "described_not_released" => "closed",
            _ => "unknown",
        };
        fact(i, availability)
    };
    let pretraining = get("base-data");
    if let Some(b) = pretraining {
        entries.push((Component::TrainingDataPretraining, data(b)));
    }
    match (get("data"), pretraining) {
        (Some(d), None) => entries.push((Component::TrainingDataPretraining, data(d))),
        (Some(d), Some(_)) => entries.push((Component::TrainingDataSft, data(d))),
        (None, _) => {}
    }
    if let Some(d) = get("post-training-data")
        && !entries.iter().any(|(c, _)| *c == Component::TrainingDataSft)
    {
        entries.push((Component::TrainingDataSft, data(d)));
    }
    if let Some(c) = get("code") {
        let availability = match c.value {
            "open" => "open",
            "closed" => "closed",
            _ => "unknown",
        };
        entries.push((Component::TrainingCodePretraining, fact(c, availability)));
    }
    let hub = urls(&p, "huggingface_model");
    let names = std::iter::once(display.to_owned())
        .chain(
            hub.iter()
                .filter_map(|u| u.split_once("huggingface.co/"))
                .map(|(_, repo)| repo.trim_matches('/').to_owned()),
        )
        .collect();
    let links =
        Links { weights: hub.first().cloned(), repository: urls(&p, "github").into_iter().next(), ..Links::default() };
    let record = RecordFile {
        organisation: organisation.map(str::to_owned),
        links,
        variant: crate::record::variant_from_name(display),
        aliases: vec![display.to_owned()],
        recorded_by: Some(OS_AI_MAP_RECORDED_BY.to_owned()),
        note: text(&p, "description").map(|d| openness_core::text::shortened(d, 400).into_owned()),
        ..RecordFile::new(crate::record::id_from_name(display), display.to_owned(), String::new(), entries)
    };
    Ok(Product::Model { record: Box::new(record), names })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> openness_core::LicenceBase {
        crate::embedded_licence_base().expect("the embedded licence base")
    }

    fn product(name: &str, kind: &str, hub: &str) -> String {
        format!(
            "name: {name}\ndisplay_name: Example {name}\ntype: {kind}\ndescription: A product.\nhuggingface_model:\n- url: https://huggingface.co/{hub}\n"
        )
    }

    fn score(name: &str, components: &str, accessed: &[&str]) -> String {
        let sources: String = accessed
            .iter()
            .map(|d| format!("  - url: https://example.org/{d}\n    shows: card\n    accessed: '{d}'\n"))
            .collect();
        format!(
            "product: {name}\nopenness:\n  score: 3\n  class: open_weights\n  components: '{}'\n  sources:\n{sources}adoption:\n  level: 2\ncapability:\n  score: 2\n  basis: x\n",
            components.replace('\'', "''")
        )
    }

    fn model(components: &str) -> (RecordFile, Vec<String>) {
        let p = product("m-1", "model", "org/M-1");
        let s = score("m-1", components, &["2026-06-04", "2026-06-08", "June 2026"]);
        match import_os_ai_map(&p, &s, Some("Org"), Some("Base models"), &base(), "2026-06-11") {
            Ok(Product::Model { record, names }) => (*record, names),
            other => panic!("not a model: {other:?}"),
        }
    }

    fn fact(r: &RecordFile, c: Component) -> (&str, Option<&str>, Option<&str>) {
        let (_, e) = r.components.value.0.iter().find(|(k, _)| k.value == c.id()).expect("component");
        (
            e.availability.value.as_str(),
            e.license.as_ref().map(|l| l.value.as_str()),
            e.as_of.as_ref().map(|d| d.value.as_str()),
        )
    }

    #[test]
    fn a_model_products_grade_becomes_facts_as_of_the_latest_access_day() {
        let (r, names) =
            model("weights:open(Apache-2.0, on HF);data:closed;code:open(training code);license:Apache-2.0(OSI)");
        assert_eq!((r.id.value.as_str(), r.release.value.as_str()), ("example-m-1", ""));
        assert_eq!(names, ["Example m-1", "org/M-1"]);
        assert_eq!(fact(&r, Component::DeploymentDataWeights), ("open", Some("Apache-2.0"), Some("2026-06-08")));
        assert_eq!(fact(&r, Component::TrainingDataPretraining), ("closed", None, Some("2026-06-08")));
        assert_eq!(fact(&r, Component::TrainingCodePretraining).0, "open");
        assert_eq!(fact(&r, Component::TrainingDataSft).0, "unknown", "the map says nothing of it");
        let (_, w) = &r.components.value.0[11];
        assert_eq!(w.source.as_ref().map(|s| s.value.as_str()), Some(OS_AI_MAP_SOURCE));
        assert_eq!(w.evidence.len(), 3);
        let note = w.note.as_deref().unwrap_or_default();
        assert!(
            note.starts_with("os-ai-map `weights`: open(Apache-2.0, on HF); openness 3 of 5 (open_weights)"),
            "{note}"
        );
        assert_eq!(r.organisation.as_deref(), Some("Org"));
        assert_eq!(r.links.weights.as_deref(), Some("https://huggingface.co/org/M-1"));
    }

    #[test]
    fn gates_apis_partial_code_and_licences_the_base_does_not_know() {
        let (r, _) = model(
            "weights:open(gated, terms acceptance required);data:closed;code:partial(inference);license:Gemma-License(non-OSI)",
        );
        assert_eq!(fact(&r, Component::DeploymentDataWeights).0, "gated");
        assert_eq!(fact(&r, Component::TrainingCodePretraining).0, "unknown", "partial says nothing per component");
        let (r, _) = model("weights:closed;data:closed;code:closed;license:Proprietary(API-only)");
        assert_eq!(fact(&r, Component::DeploymentDataWeights), ("api", None, Some("2026-06-08")));
        assert_eq!(fact(&r, Component::TrainingCodePretraining).0, "closed");
        let (r, _) = model("weights:announced_not_yet_released;data:closed;code:closed;license:TBD");
        assert_eq!(fact(&r, Component::DeploymentDataWeights).0, "closed");
        let (r, _) = model("weights:open;license:Not-A-Known-Licence-Name(custom)");
        let (_, w) = &r.components.value.0[11];
        assert_eq!(
            (w.license.as_ref(), w.license_as_recorded.as_deref()),
            (None, Some("Not-A-Known-Licence-Name(custom)"))
        );
        // Several licences at once are kept only as written: the first is not the weights' licence.
        let (r, _) = model("weights:open;license:Apache-2.0(code, OSI) + custom weights license(non-OSI)");
        assert_eq!(fact(&r, Component::DeploymentDataWeights), ("open", None, Some("2026-06-08")));
        let (r, _) = model("weights:open(MIT);license:mixed — 0.5B Apache-2.0, 72B custom");
        assert_eq!(fact(&r, Component::DeploymentDataWeights).1, None);
        // A model licence beside a code licence is the weights'.
        let (r, _) = model("weights:open;code:open(MIT, repo code);model-license:MIT(permissive)");
        assert_eq!(fact(&r, Component::DeploymentDataWeights).1, Some("MIT"));
    }

    #[test]
    fn base_data_and_post_training_data_place_the_data_by_stage() {
        let (r, _) = model("weights:open;data:open(instruct sets);base-data:open(The Stack v2);license:MIT");
        assert_eq!(fact(&r, Component::TrainingDataPretraining).0, "open");
        assert_eq!(fact(&r, Component::TrainingDataSft).0, "open");
        let (r, _) =
            model("weights:open(Apache-2.0);post-training-data:closed(proprietary);code:partial;license:Apache-2.0");
        assert_eq!(fact(&r, Component::TrainingDataSft).0, "closed");
        assert_eq!(fact(&r, Component::TrainingDataPretraining).0, "unknown");
    }

    #[test]
    fn software_and_datasets_are_out_of_scope_and_bad_files_are_errors() {
        let b = base();
        let s = score("tool", "weights:open", &["2026-06-04"]);
        assert!(matches!(
            import_os_ai_map(&product("tool", "software", "x/y"), &s, None, None, &b, "2026-06-11"),
            Ok(Product::OutOfScope { ref kind, .. }) if kind == "software"
        ));
        let err = |p: &str, s: &str| import_os_ai_map(p, s, None, None, &b, "2026-06-11").err().unwrap_or_default();
        assert_eq!(err(&product("tool", "agent", "x/y"), &s), "`type` is `agent`: one of model, software, dataset");
        assert_eq!(err(&product("m-1", "model", "x/y"), &s), "the score is of `tool`, not of the product `m-1`");
        assert_eq!(
            err(&product("Bad Name", "model", "x/y"), &s),
            "`Bad Name` is not a product name (lowercase letters, digits and `-`)"
        );
        assert_eq!(err("type: model\n", &s), "the product has no `name`");
        assert!(import_os_ai_map(": [", &s, None, None, &b, "2026-06-11").is_err(), "invalid YAML is an error");
        // No access day: the date of the map's version read.
        let undated = score("m-1", "weights:open;license:MIT", &["recently"]);
        let Ok(Product::Model { record, .. }) =
            import_os_ai_map(&product("m-1", "model", "o/m"), &undated, None, None, &b, "2026-06-11")
        else {
            panic!("a model")
        };
        assert_eq!(fact(&record, Component::DeploymentDataWeights).2, Some("2026-06-11"));
    }

    #[test]
    fn listings_and_the_taxonomy_are_read() {
        let (name, display, products) =
            read_listing("name: ai2\ndisplay_name: Ai2\nproducts:\n- olmo-2\n- tulu\n").expect("listing");
        assert_eq!(
            (name.as_str(), display.as_str(), products),
            ("ai2", "Ai2", vec!["olmo-2".to_owned(), "tulu".to_owned()])
        );
        assert_eq!(read_listing("name: x\n").err().as_deref(), Some("no `products` list"));
        let arcs = read_taxonomy("arcs:\n- name: Models\n  categories: [base_pretrained, finetuned_chat]\n")
            .expect("taxonomy");
        assert_eq!(arcs, [("Models".to_owned(), vec!["base_pretrained".to_owned(), "finetuned_chat".to_owned()])]);
        assert!(read_taxonomy("arcs: 3\n").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Whatever the components string says, each fact is a known availability by the map,
        /// and only downloadable weights carry a licence.
        #[test]
        fn any_components_string_gives_valid_facts(
            items in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["weights", "data", "base-data", "post-training-data", "code", "license", "model-license", "checkpoints", "x"]),
                    proptest::sample::select(vec!["open", "closed", "partial", "described", "announced_not_yet_released", "MIT", "Apache-2.0", "mixed", ""]),
                    "[ -~]{0,12}",
                ),
                0..8,
            )
        ) {
            let components: Vec<String> = items.iter().map(|(k, v, d)| format!("{k}:{v}({d})")).collect();
            let (r, _) = model(&components.join(";"));
            for (key, entry) in &r.components.value.0 {
                proptest::prop_assert!(["open", "gated", "api", "closed", "unknown"].contains(&entry.availability.value.as_str()));
                if entry.license.is_some() {
                    proptest::prop_assert_eq!(key.value.as_str(), Component::DeploymentDataWeights.id());
                    proptest::prop_assert!(matches!(entry.availability.value.as_str(), "open" | "gated"));
                }
                if entry.availability.value != "unknown" || entry.source.is_some() {
                    proptest::prop_assert_eq!(entry.as_of.as_ref().map(|d| d.value.as_str()), Some("2026-06-08"));
                }
            }
        }
    }
}
