//! Weights without loading them: safetensors headers (never the tensors), sharded indexes,
//! GGUF headers, LFS pointers and `config.json`.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{BufReader, Read};
use std::path::Path;

use openness_read::{Budget, Open};
use serde::Serialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A safetensors header longer than this is refused (the reference implementation's limit).
pub const MAX_HEADER_BYTES: u64 = 100 * 1024 * 1024;
/// A GGUF header (metadata and tensor table) longer than this is refused.
pub const MAX_GGUF_HEADER_BYTES: u64 = 64 * 1024 * 1024;
/// At most this many tensors are counted in one header; real shards hold a few thousand.
pub const MAX_TENSORS: u64 = 200_000;
/// At most this many distinct dtypes are kept from one header.
const MAX_DTYPES: usize = 16;

/// What a header reader may spend: bytes (shared by every header of an assessment) and
/// tensors (per header).
#[derive(Debug, Clone, Copy)]
pub struct HeaderLimits<'a> {
    /// Header bytes, shared by the headers of one assessment.
    pub bytes: &'a Budget,
    /// Tensors counted in one header.
    pub tensors: u64,
}

/// What a safetensors header holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafetensorsHeader {
    /// Number of tensors.
    pub tensors: usize,
    /// Elements of floating-point tensors: the parameters.
    pub parameters: u64,
    /// Elements of all tensors, integer buffers included.
    pub elements: u64,
    /// The dtypes seen.
    pub dtypes: BTreeSet<String>,
}

/// Why a header could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// Shorter than its own header claims.
    #[error("truncated: {0}")]
    Truncated(String),
    /// Claims a header too large to be real.
    #[error("claims a {}-byte header, more than the {} MiB a header may have", .0, .1 / (1024 * 1024))]
    TooLarge(u64, u64),
    /// Goes on past the most that is read of a header.
    #[error("the header goes on past {} MiB, the most read of a header", .0 / (1024 * 1024))]
    TooLong(u64),
    /// The assessment's budget for header bytes is spent.
    #[error("not read: the budget of {0} header bytes for this assessment is spent")]
    Budget(u64),
    /// More tensors than are counted.
    #[error("holds more than {0} tensors, the most counted in one header")]
    TooManyTensors(u64),
    /// An element count that does not fit in 64 bits.
    #[error("element counts overflow 64 bits: {0}")]
    Overflow(String),
    /// Not what it says.
    #[error("malformed header: {0}")]
    Malformed(String),
    /// I/O, or the file was refused (a link, not a regular file).
    #[error("cannot read: {0}")]
    Io(String),
}

fn is_float(dtype: &str) -> bool {
    dtype.starts_with('F') || dtype == "BF16" || dtype.starts_with("E4M3") || dtype.starts_with("E5M2")
}

/// A reader that charges what it reads to a budget and fails once the budget is spent.
struct Charged<'b, R> {
    inner: R,
    budget: &'b Budget,
}

impl<R: Read> Read for Charged<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = usize::try_from(self.budget.remaining()).unwrap_or(usize::MAX);
        if room == 0 {
            return Err(std::io::Error::other(BUDGET_SPENT));
        }
        let n = buf.len().min(room);
        let got = self.inner.read(&mut buf[..n])?;
        self.budget.charge(got as u64);
        Ok(got)
    }
}

const BUDGET_SPENT: &str = "header budget spent";

/// One tensor's entry: its dtype and element count (the shape is never stored).
struct Tensor {
    dtype: Option<String>,
    elements: Option<Result<u64, ()>>,
}

struct ShapeSeed;

impl<'de> DeserializeSeed<'de> for ShapeSeed {
    type Value = Result<u64, ()>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed {
    type Value = Result<u64, ()>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a shape: an array of dimensions")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut count: Option<u64> = Some(1);
        while let Some(d) = seq.next_element::<u64>()? {
            count = count.and_then(|c| c.checked_mul(d));
        }
        Ok(count.ok_or(()))
    }
}

struct TensorSeed;

impl<'de> DeserializeSeed<'de> for TensorSeed {
    type Value = Tensor;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TensorSeed {
    type Value = Tensor;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tensor entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tensor, A::Error> {
        let mut t = Tensor { dtype: None, elements: None };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "dtype" => t.dtype = Some(map.next_value::<String>()?),
                "shape" => t.elements = Some(map.next_value_seed(ShapeSeed)?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(t)
    }
}

/// The header's top-level map, counted tensor by tensor without building it. A limit or a
/// bad entry stops the parse at once: the reason is left in `stop`.
struct HeaderSeed<'s> {
    max_tensors: u64,
    stop: &'s mut Option<HeaderError>,
}

impl<'de> DeserializeSeed<'de> for HeaderSeed<'_> {
    type Value = SafetensorsHeader;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeaderSeed<'_> {
    type Value = SafetensorsHeader;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the header: a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut header = SafetensorsHeader { tensors: 0, parameters: 0, elements: 0, dtypes: BTreeSet::new() };
        let stop = self.stop;
        let mut halt = |e: HeaderError| {
            *stop = Some(e);
            serde::de::Error::custom("stopped")
        };
        while let Some(name) = map.next_key::<String>()? {
            if name == "__metadata__" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if header.tensors as u64 >= self.max_tensors {
                return Err(halt(HeaderError::TooManyTensors(self.max_tensors)));
            }
            let tensor = map.next_value_seed(TensorSeed)?;
            let Some(dtype) = tensor.dtype else {
                return Err(halt(HeaderError::Malformed(format!("tensor `{}` has no dtype", shortened(&name)))));
            };
            let count = match tensor.elements {
                None => {
                    return Err(halt(HeaderError::Malformed(format!("tensor `{}` has no shape", shortened(&name)))));
                }
                Some(Err(())) => {
                    return Err(halt(HeaderError::Overflow(format!(
                        "tensor `{}` has more elements",
                        shortened(&name)
                    ))));
                }
                Some(Ok(c)) => c,
            };
            header.tensors += 1;
            let overflow = || HeaderError::Overflow("the header's tensors together".to_owned());
            header.elements = header.elements.checked_add(count).ok_or_else(|| halt(overflow()))?;
            if is_float(&dtype) {
                header.parameters = header.parameters.checked_add(count).ok_or_else(|| halt(overflow()))?;
            }
            if header.dtypes.len() < MAX_DTYPES || header.dtypes.contains(&dtype) {
                header.dtypes.insert(dtype);
            }
        }
        Ok(header)
    }
}

/// A name from a header, cut for messages.
fn shortened(name: &str) -> String {
    if name.chars().count() <= 60 { name.to_owned() } else { name.chars().take(57).collect::<String>() + "..." }
}

fn parse_stream<R: Read>(reader: R, max_tensors: u64) -> Result<SafetensorsHeader, HeaderError> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut stop = None;
    let header = match (HeaderSeed { max_tensors, stop: &mut stop }).deserialize(&mut de) {
        Ok(h) => h,
        Err(_) if stop.is_some() => return Err(stop.unwrap_or(HeaderError::Budget(0))),
        Err(e) if e.is_io() && e.to_string().contains(BUDGET_SPENT) => return Err(HeaderError::Budget(0)),
        Err(e) if e.is_eof() => return Err(HeaderError::Truncated("the header's JSON ends early".to_owned())),
        Err(e) => return Err(HeaderError::Malformed(e.to_string())),
    };
    de.end().map_err(|e| HeaderError::Malformed(e.to_string()))?;
    Ok(header)
}

/// Parses a safetensors header from its JSON bytes.
pub fn parse_safetensors_json(json: &[u8]) -> Result<SafetensorsHeader, HeaderError> {
    parse_stream(json, MAX_TENSORS)
}

/// Reads a safetensors header from `reader`, the start of a file of `size` bytes: 8 bytes of
/// length, then that much JSON, parsed as it streams. Never reads past the header nor past
/// `limits`.
pub fn read_safetensors_from<R: Read>(
    reader: R,
    size: u64,
    limits: HeaderLimits<'_>,
) -> Result<SafetensorsHeader, HeaderError> {
    let mut reader = Charged { inner: reader, budget: limits.bytes };
    let mut len = [0u8; 8];
    reader.read_exact(&mut len).map_err(|e| match e.kind() {
        std::io::ErrorKind::Other => HeaderError::Budget(limits.bytes.total()),
        _ => HeaderError::Truncated(format!("{size} bytes, fewer than the 8-byte length prefix")),
    })?;
    let n = u64::from_le_bytes(len);
    if n > MAX_HEADER_BYTES {
        return Err(HeaderError::TooLarge(n, MAX_HEADER_BYTES));
    }
    if n > size.saturating_sub(8) {
        return Err(HeaderError::Truncated(format!(
            "the header claims {n} bytes but the file has {}",
            size.saturating_sub(8)
        )));
    }
    parse_stream(BufReader::with_capacity(64 * 1024, reader.take(n)), limits.tensors).map_err(|e| match e {
        HeaderError::Budget(_) => HeaderError::Budget(limits.bytes.total()),
        other => other,
    })
}

fn open_found(path: &Path) -> Result<(std::fs::File, u64), HeaderError> {
    openness_read::open(path, Open::FOUND).map(|(f, m)| (f, m.len())).map_err(|e| HeaderError::Io(e.to_string()))
}

/// Reads the header of a safetensors file (a regular file, never through a link).
pub fn read_safetensors(path: &Path, limits: HeaderLimits<'_>) -> Result<SafetensorsHeader, HeaderError> {
    let (file, size) = open_found(path)?;
    read_safetensors_from(file, size, limits)
}

/// What a GGUF header holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GgufHeader {
    /// Format version.
    pub version: u32,
    /// Number of tensors.
    pub tensors: u64,
    /// Sum of tensor elements.
    pub parameters: Option<u64>,
    /// `general.architecture`.
    pub architecture: Option<String>,
    /// `general.name`.
    pub name: Option<String>,
    /// `general.license`.
    pub license: Option<String>,
}

const MAX_GGUF_STRING: u64 = 16 * 1024 * 1024;
const MAX_GGUF_ITEMS: u64 = 10_000_000;

struct Gguf<R> {
    r: R,
    /// Header bytes this file may still use.
    left: u64,
    /// Why reading stopped early, when a limit did it.
    spent: Option<HeaderError>,
}

impl<R: Read> Gguf<R> {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), HeaderError> {
        if buf.len() as u64 > self.left {
            return Err(self.spent.take().unwrap_or(HeaderError::TooLong(MAX_GGUF_HEADER_BYTES)));
        }
        self.left -= buf.len() as u64;
        self.r.read_exact(buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::Other => HeaderError::Budget(0),
            _ => HeaderError::Truncated("the GGUF header ends early".to_owned()),
        })
    }
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], HeaderError> {
        let mut b = [0u8; N];
        self.fill(&mut b)?;
        Ok(b)
    }
    fn u32(&mut self) -> Result<u32, HeaderError> {
        self.bytes::<4>().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Result<u64, HeaderError> {
        self.bytes::<8>().map(u64::from_le_bytes)
    }
    /// Reads a length-prefixed string; kept only when `keep`.
    fn string(&mut self, keep: bool) -> Result<Option<String>, HeaderError> {
        let n = self.u64()?;
        if n > MAX_GGUF_STRING {
            return Err(HeaderError::Malformed(format!("a {n}-byte string")));
        }
        if !keep {
            return self.skip(n).map(|()| None);
        }
        if n > self.left {
            return Err(self.spent.take().unwrap_or(HeaderError::TooLong(MAX_GGUF_HEADER_BYTES)));
        }
        let mut buf = vec![0u8; n as usize];
        self.fill(&mut buf)?;
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }
    fn skip(&mut self, n: u64) -> Result<(), HeaderError> {
        let mut chunk = [0u8; 8192];
        let mut left = n;
        while left > 0 {
            let k = left.min(chunk.len() as u64) as usize;
            self.fill(&mut chunk[..k])?;
            left -= k as u64;
        }
        Ok(())
    }
    /// Reads a value of `kind`; returns it when it is a string and `keep`.
    fn value(&mut self, kind: u32, depth: u8, keep: bool) -> Result<Option<String>, HeaderError> {
        match kind {
            0 | 1 | 7 => self.skip(1).map(|()| None),
            2 | 3 => self.skip(2).map(|()| None),
            4..=6 => self.skip(4).map(|()| None),
            10..=12 => self.skip(8).map(|()| None),
            8 => self.string(keep),
            9 if depth == 0 => {
                let item = self.u32()?;
                let count = self.u64()?;
                if count > MAX_GGUF_ITEMS {
                    return Err(HeaderError::Malformed(format!("an array of {count} items")));
                }
                for _ in 0..count {
                    self.value(item, depth + 1, false)?;
                }
                Ok(None)
            }
            other => Err(HeaderError::Malformed(format!("unknown value type {other}"))),
        }
    }
}

/// Reads a GGUF header from `reader`: metadata keys and tensor shapes, never the tensors,
/// within [`MAX_GGUF_HEADER_BYTES`] and `limits`.
pub fn read_gguf_from<R: Read>(reader: R, limits: HeaderLimits<'_>) -> Result<GgufHeader, HeaderError> {
    let budget = limits.bytes;
    let left = MAX_GGUF_HEADER_BYTES.min(budget.remaining());
    let spent = (left < MAX_GGUF_HEADER_BYTES).then(|| HeaderError::Budget(budget.total()));
    let charged = Charged { inner: BufReader::with_capacity(64 * 1024, reader), budget };
    let mut g = Gguf { r: charged, left, spent };
    let result = read_gguf_header(&mut g, limits.tensors);
    result.map_err(|e| match e {
        HeaderError::Budget(_) => HeaderError::Budget(budget.total()),
        other => other,
    })
}

fn read_gguf_header<R: Read>(g: &mut Gguf<R>, max_tensors: u64) -> Result<GgufHeader, HeaderError> {
    if &g.bytes::<4>()? != b"GGUF" {
        return Err(HeaderError::Malformed("no GGUF magic".to_owned()));
    }
    let version = g.u32()?;
    let tensors = g.u64()?;
    let kvs = g.u64()?;
    if kvs > MAX_GGUF_ITEMS {
        return Err(HeaderError::Malformed(format!("claims {kvs} keys")));
    }
    if tensors > max_tensors {
        return Err(HeaderError::TooManyTensors(max_tensors));
    }
    let mut header = GgufHeader { version, tensors, parameters: None, architecture: None, name: None, license: None };
    for _ in 0..kvs {
        let key = g.string(true)?.unwrap_or_default();
        let kind = g.u32()?;
        let wanted = matches!(key.as_str(), "general.architecture" | "general.name" | "general.license");
        let value = g.value(kind, 0, wanted)?;
        match key.as_str() {
            "general.architecture" => header.architecture = value,
            "general.name" => header.name = value,
            "general.license" => header.license = value,
            _ => {}
        }
    }
    let mut parameters: u64 = 0;
    for _ in 0..tensors {
        g.string(false)?;
        let dims = g.u32()?;
        if dims > 8 {
            return Err(HeaderError::Malformed(format!("a tensor with {dims} dimensions")));
        }
        let mut count: Option<u64> = Some(1);
        for _ in 0..dims {
            let d = g.u64()?;
            count = count.and_then(|c| c.checked_mul(d));
        }
        g.u32()?;
        g.u64()?;
        parameters = count
            .and_then(|c| parameters.checked_add(c))
            .ok_or_else(|| HeaderError::Overflow("the tensor shapes".to_owned()))?;
    }
    header.parameters = Some(parameters);
    Ok(header)
}

/// Reads the header of a GGUF file (a regular file, never through a link).
pub fn read_gguf(path: &Path, limits: HeaderLimits<'_>) -> Result<GgufHeader, HeaderError> {
    let (file, _) = open_found(path)?;
    read_gguf_from(file, limits)
}

/// At most this many distinct shards are counted in an index.
const MAX_SHARDS: usize = 100_000;

/// The parts of a sharded index that are read; everything else is skipped unparsed.
#[derive(serde::Deserialize)]
struct RawIndex {
    metadata: Option<IndexMetadata>,
    #[serde(deserialize_with = "distinct_shards")]
    weight_map: usize,
}

#[derive(serde::Deserialize)]
struct IndexMetadata {
    total_size: Option<serde_json::Value>,
}

/// The number of distinct files a `weight_map` names, without keeping the tensor names.
fn distinct_shards<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    struct Shards;
    impl<'de> Visitor<'de> for Shards {
        type Value = usize;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map of tensor names to files")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
            let mut files = BTreeSet::new();
            while let Some((IgnoredAny, file)) = map.next_entry::<IgnoredAny, serde_json::Value>()? {
                if let serde_json::Value::String(f) = file
                    && files.len() < MAX_SHARDS
                {
                    files.insert(f);
                }
            }
            Ok(files.len())
        }
    }
    d.deserialize_map(Shards)
}

/// The total size a sharded index (`*.index.json`) declares, and its shard count.
pub fn read_index(bytes: &[u8]) -> Option<(Option<u64>, usize)> {
    let raw: RawIndex = serde_json::from_slice(bytes).ok()?;
    Some((raw.metadata.and_then(|m| m.total_size).and_then(|t| t.as_u64()), raw.weight_map))
}

/// A `config.json` longer than this is not read: real ones are a few kilobytes.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What `config.json` says of the architecture.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ModelConfig {
    /// `architectures`.
    pub architectures: Vec<String>,
    /// `model_type`.
    pub model_type: Option<String>,
    /// `torch_dtype`.
    pub torch_dtype: Option<String>,
    /// `hidden_size` (or `d_model`, `n_embd`).
    pub hidden_size: Option<u64>,
    /// `num_hidden_layers` (or `n_layer`, `num_layers`).
    pub layers: Option<u64>,
    /// `vocab_size`.
    pub vocab_size: Option<u64>,
    /// Whether the model needs code shipped in the repository (`auto_map`).
    pub custom_code: bool,
}

/// The keys of `config.json` that are read; the others are skipped unparsed.
#[derive(serde::Deserialize)]
struct RawConfig {
    architectures: Option<serde_json::Value>,
    model_type: Option<serde_json::Value>,
    torch_dtype: Option<serde_json::Value>,
    hidden_size: Option<serde_json::Value>,
    d_model: Option<serde_json::Value>,
    n_embd: Option<serde_json::Value>,
    num_hidden_layers: Option<serde_json::Value>,
    n_layer: Option<serde_json::Value>,
    num_layers: Option<serde_json::Value>,
    vocab_size: Option<serde_json::Value>,
    padded_vocab_size: Option<serde_json::Value>,
    auto_map: Option<IgnoredAny>,
}

/// Reads `config.json`.
pub fn read_config(bytes: &[u8]) -> Option<ModelConfig> {
    let raw: RawConfig = serde_json::from_slice(bytes).ok()?;
    let num = |vals: [&Option<serde_json::Value>; 3]| vals.into_iter().find_map(|v| v.as_ref()?.as_u64());
    let text = |v: &Option<serde_json::Value>| v.as_ref().and_then(|x| x.as_str()).map(str::to_owned);
    Some(ModelConfig {
        architectures: raw
            .architectures
            .as_ref()
            .and_then(|a| a.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default(),
        model_type: text(&raw.model_type),
        torch_dtype: text(&raw.torch_dtype),
        hidden_size: num([&raw.hidden_size, &raw.d_model, &raw.n_embd]),
        layers: num([&raw.num_hidden_layers, &raw.n_layer, &raw.num_layers]),
        vocab_size: num([&raw.vocab_size, &raw.padded_vocab_size, &None]),
        custom_code: raw.auto_map.is_some(),
    })
}

/// Bytes per element of a `torch_dtype`, for estimating parameters from a total size.
pub fn dtype_bytes(dtype: &str) -> Option<u64> {
    match dtype {
        "float32" => Some(4),
        "float16" | "bfloat16" => Some(2),
        "float64" => Some(8),
        "int8" | "float8_e4m3fn" | "uint8" => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn limits(budget: &Budget) -> HeaderLimits<'_> {
        HeaderLimits { bytes: budget, tensors: MAX_TENSORS }
    }

    fn safetensors(json: &str) -> Vec<u8> {
        let mut b = (json.len() as u64).to_le_bytes().to_vec();
        b.extend_from_slice(json.as_bytes());
        b
    }

    #[test]
    fn element_counts_that_overflow_are_errors_not_numbers() {
        let two_63 = 1u64 << 63;
        let json = format!(
            r#"{{"a":{{"dtype":"F32","shape":[{two_63}]}},"b":{{"dtype":"F32","shape":[{two_63}]}},"c":{{"dtype":"F32","shape":[5]}}}}"#
        );
        assert!(matches!(parse_safetensors_json(json.as_bytes()), Err(HeaderError::Overflow(_))));
        let json = format!(r#"{{"a":{{"dtype":"F32","shape":[{two_63}, 2]}}}}"#);
        assert!(matches!(parse_safetensors_json(json.as_bytes()), Err(HeaderError::Overflow(_))));
    }

    #[test]
    fn tensors_beyond_the_cap_are_not_counted() {
        let json =
            r#"{"a":{"dtype":"F32","shape":[1]},"b":{"dtype":"F32","shape":[1]},"c":{"dtype":"F32","shape":[1]}}"#;
        let bytes = safetensors(json);
        let budget = Budget::new(1 << 20);
        let two = HeaderLimits { bytes: &budget, tensors: 2 };
        assert_eq!(read_safetensors_from(&bytes[..], bytes.len() as u64, two), Err(HeaderError::TooManyTensors(2)));
        let three = HeaderLimits { bytes: &budget, tensors: 3 };
        assert_eq!(read_safetensors_from(&bytes[..], bytes.len() as u64, three).map(|h| h.parameters), Ok(3));
    }

    #[test]
    fn the_header_budget_is_shared_and_reported() {
        let bytes = safetensors(r#"{"a":{"dtype":"F32","shape":[2,3]}}"#);
        let budget = Budget::new(bytes.len() as u64 + 10);
        assert!(read_safetensors_from(&bytes[..], bytes.len() as u64, limits(&budget)).is_ok());
        assert_eq!(
            read_safetensors_from(&bytes[..], bytes.len() as u64, limits(&budget)),
            Err(HeaderError::Budget(bytes.len() as u64 + 10))
        );
    }

    #[test]
    fn headers_count_float_elements_as_parameters() {
        let json = br#"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"ids":{"dtype":"I64","shape":[1,512],"data_offsets":[24,4120]}}"#;
        let h = parse_safetensors_json(json).expect("valid");
        assert_eq!(h.dtypes.iter().map(String::as_str).collect::<Vec<_>>(), ["F32", "I64"]);
        assert_eq!((h.tensors, h.parameters, h.elements), (2, 6, 518));
    }

    #[test]
    fn bad_headers_are_errors() {
        assert!(parse_safetensors_json(b"[1,2]").is_err());
        assert!(parse_safetensors_json(br#"{"a":{"dtype":"F32","shape":[-1]}}"#).is_err());
        assert!(parse_safetensors_json(br#"{"a":{"dtype":"F32","shape":[18446744073709551615, 2]}}"#).is_err());
    }

    #[test]
    fn truncated_and_huge_claims_are_refused_without_reading() {
        let dir = tempfile::tempdir().expect("temp dir");
        let budget = Budget::new(1 << 30);
        let read_safetensors = |p: &Path| read_safetensors(p, limits(&budget));
        let huge = dir.path().join("huge.safetensors");
        std::fs::write(&huge, u64::MAX.to_le_bytes()).expect("written");
        assert!(matches!(read_safetensors(&huge), Err(HeaderError::TooLarge(..))));
        let short = dir.path().join("short.safetensors");
        let mut bytes = 1000u64.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"{\"a\":");
        std::fs::write(&short, bytes).expect("written");
        assert!(matches!(read_safetensors(&short), Err(HeaderError::Truncated(_))));
        let tiny = dir.path().join("tiny.safetensors");
        std::fs::write(&tiny, b"abc").expect("written");
        assert!(matches!(read_safetensors(&tiny), Err(HeaderError::Truncated(_))));
    }

    #[test]
    fn gguf_headers_give_metadata_and_parameters() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut b = Vec::new();
        b.extend_from_slice(b"GGUF");
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(&1u64.to_le_bytes()); // tensors
        b.extend_from_slice(&2u64.to_le_bytes()); // kv
        let s = |b: &mut Vec<u8>, t: &str| {
            b.extend_from_slice(&(t.len() as u64).to_le_bytes());
            b.extend_from_slice(t.as_bytes());
        };
        s(&mut b, "general.architecture");
        b.extend_from_slice(&8u32.to_le_bytes());
        s(&mut b, "llama");
        s(&mut b, "general.license");
        b.extend_from_slice(&8u32.to_le_bytes());
        s(&mut b, "apache-2.0");
        s(&mut b, "token_embd.weight");
        b.extend_from_slice(&2u32.to_le_bytes());
        b.extend_from_slice(&4096u64.to_le_bytes());
        b.extend_from_slice(&32000u64.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&0u64.to_le_bytes());
        let path = dir.path().join("m.gguf");
        std::fs::write(&path, &b).expect("written");
        let budget = Budget::new(1 << 30);
        let h = read_gguf(&path, limits(&budget)).expect("valid");
        assert_eq!(h.architecture.as_deref(), Some("llama"));
        assert_eq!(h.license.as_deref(), Some("apache-2.0"));
        assert_eq!(h.parameters, Some(4096 * 32000));
        std::fs::write(&path, &b[..b.len() - 5]).expect("written");
        assert!(read_gguf(&path, limits(&budget)).is_err());
        // Two tensors of 2^63 elements: an overflow, never a wrapped count.
        let mut o = b[..24].to_vec();
        o[8..16].copy_from_slice(&2u64.to_le_bytes());
        o[16..24].copy_from_slice(&0u64.to_le_bytes());
        for _ in 0..2 {
            s(&mut o, "t");
            o.extend_from_slice(&1u32.to_le_bytes());
            o.extend_from_slice(&(1u64 << 63).to_le_bytes());
            o.extend_from_slice(&0u32.to_le_bytes());
            o.extend_from_slice(&0u64.to_le_bytes());
        }
        assert!(matches!(read_gguf_from(&o[..], limits(&budget)), Err(HeaderError::Overflow(_))));
        let small = Budget::new(30);
        assert_eq!(read_gguf_from(&o[..], limits(&small)), Err(HeaderError::Budget(30)));
    }

    #[test]
    fn config_and_index_read_only_their_keys() {
        let c = read_config(br#"{"architectures":["LlamaForCausalLM"],"model_type":"llama","n_embd":64,"num_layers":2,"auto_map":{},"junk":[1,2,3]}"#).expect("config");
        assert_eq!((c.architectures.len(), c.hidden_size, c.layers, c.custom_code), (1, Some(64), Some(2), true));
        let i = read_index(br#"{"metadata":{"total_size":10},"weight_map":{"a":"x.safetensors","b":"x.safetensors","c":"y.safetensors"}}"#);
        assert_eq!(i, Some((Some(10), 2)));
    }

    proptest! {
        #[test]
        fn safetensors_json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let budget = Budget::new(1 << 20);
            let _ = parse_safetensors_json(&bytes);
            let _ = read_safetensors_from(&bytes[..], bytes.len() as u64, limits(&budget));
            let _ = read_gguf_from(&bytes[..], limits(&budget));
        }
    }
}
