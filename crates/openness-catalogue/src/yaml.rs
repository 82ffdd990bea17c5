//! YAML reading shared by every file format: one set of parser options, and parse errors
//! turned into located diagnostics.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Diagnostic, Place, Severity, SourceFile};

/// Parses `source` as YAML into `T` with the project's options: strict booleans (`no` stays a
/// string), duplicate keys rejected, and a budget against alias bombs.
pub(crate) fn parse<T: for<'de> Deserialize<'de>>(source: &Arc<SourceFile>) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options::<T>(&source.text, options).map_err(|err| {
        let place = err
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| Place::at(&source.text, l.line() as usize, l.column() as usize));
        let mut message = first_line(&err.to_string());
        if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
            let key = key.split(',').next().unwrap_or(key).trim();
            message = format!("duplicate key `{key}`");
        }
        let (code, help) = if message.contains("unknown field") {
            ("E003", "remove the key or fix its spelling; `openness check --help` lists the record format")
        } else if message.contains("missing field") {
            ("E004", "add the required key; `openness check --help` lists the record format")
        } else if message.contains("duplicate") {
            ("E005", "each key may appear once: remove or merge the repeated one")
        } else {
            ("E002", "fix the YAML at this place; `openness check --help` lists the record format")
        };
        Diagnostic::new(code, Severity::Error, message, source, place).with_help(help)
    })
}

/// Parses every source as `T`; a source that fails adds its diagnostic and is skipped.
pub(crate) fn parse_all<'a, T: for<'de> Deserialize<'de>>(
    sources: &'a [Arc<SourceFile>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(&'a Arc<SourceFile>, T)> {
    sources
        .iter()
        .filter_map(|source| match parse(source) {
            Ok(file) => Some((source, file)),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        })
        .collect()
}

/// The message of a serde-saphyr error without its rendered snippet.
fn first_line(rendered: &str) -> String {
    let line = rendered.lines().next().unwrap_or("invalid YAML").trim();
    // The library prefixes messages with their location; ours shows the location separately.
    let line = line.strip_prefix("error: ").unwrap_or(line);
    // "line 3 column 7: message"
    let line = match line.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") && head.contains(" column ") => rest,
        _ => line,
    };
    match line.split_once(" at line ") {
        Some((head, _)) if !head.is_empty() => head.to_owned(),
        _ => line.to_owned(),
    }
}

/// The place of a spanned value in its file.
pub(crate) fn place_of(source: &SourceFile, location: &Location) -> Option<Place> {
    (location.line() > 0).then(|| Place::at(&source.text, location.line() as usize, location.column() as usize))
}

/// A mapping read in file order, with the location of each key (for diagnostics on keys).
#[derive(Debug, Clone, Default)]
pub struct OrderedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((Key(k), v)) = map.next_entry::<Key, V>()? {
                    entries.push((k, v));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A mapping's key with its location. `Spanned<String>` itself reads keys from YAML only; the
/// pre-parsed embedded data (JSON, see `build.rs`) gives plain string keys, read unlocated.
struct Key(Spanned<String>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// serde-saphyr's representation of a located value.
        #[derive(serde::Deserialize)]
        struct Located {
            value: String,
            referenced: Location,
            defined: Location,
        }
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
                deserializer.deserialize_any(KeyVisitor)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Key, A::Error> {
                let l = Located::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Key(Spanned::new(l.value, l.referenced, l.defined)))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(Key(unspanned(key.to_owned())))
            }
        }
        // The name serde-saphyr recognises to hand over the location.
        deserializer.deserialize_newtype_struct("__yaml_spanned", KeyVisitor)
    }
}

impl<V: serde::Serialize> serde::Serialize for OrderedMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(&k.value, v)?;
        }
        map.end()
    }
}

/// A value without a location, for records built in memory (importers).
pub fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}
