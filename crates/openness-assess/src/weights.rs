//! Weights without loading them: safetensors headers (never the tensors), sharded indexes,
//! GGUF headers, LFS pointers and `config.json`.

use std::collections::BTreeSet;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::Serialize;

/// A safetensors header longer than this is refused (the reference implementation's limit).
pub const MAX_HEADER_BYTES: u64 = 100 * 1024 * 1024;

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
    #[error("claims a {0}-byte header, more than the 100 MiB a header may have")]
    TooLarge(u64),
    /// Not what it says.
    #[error("malformed header: {0}")]
    Malformed(String),
    /// I/O.
    #[error("cannot read: {0}")]
    Io(String),
}

fn is_float(dtype: &str) -> bool {
    dtype.starts_with('F') || dtype == "BF16" || dtype.starts_with("E4M3") || dtype.starts_with("E5M2")
}

/// Parses a safetensors header from its JSON bytes.
pub fn parse_safetensors_json(json: &[u8]) -> Result<SafetensorsHeader, HeaderError> {
    let value: serde_json::Value = serde_json::from_slice(json).map_err(|e| HeaderError::Malformed(e.to_string()))?;
    let map = value.as_object().ok_or_else(|| HeaderError::Malformed("the header is not a JSON object".to_owned()))?;
    let mut header = SafetensorsHeader { tensors: 0, parameters: 0, elements: 0, dtypes: BTreeSet::new() };
    for (name, tensor) in map {
        if name == "__metadata__" {
            continue;
        }
        let dtype = tensor
            .get("dtype")
            .and_then(|d| d.as_str())
            .ok_or_else(|| HeaderError::Malformed(format!("tensor `{name}` has no dtype")))?;
        let shape = tensor
            .get("shape")
            .and_then(|s| s.as_array())
            .ok_or_else(|| HeaderError::Malformed(format!("tensor `{name}` has no shape")))?;
        let mut count: u64 = 1;
        for dim in shape {
            let d =
                dim.as_u64().ok_or_else(|| HeaderError::Malformed(format!("tensor `{name}` has a bad dimension")))?;
            count = count.checked_mul(d).ok_or_else(|| HeaderError::Malformed(format!("tensor `{name}` overflows")))?;
        }
        header.tensors += 1;
        header.elements = header.elements.saturating_add(count);
        if is_float(dtype) {
            header.parameters = header.parameters.saturating_add(count);
        }
        header.dtypes.insert(dtype.to_owned());
    }
    Ok(header)
}

/// Reads a safetensors header from `reader`, the start of a file of `size` bytes: 8 bytes of
/// length, then that much JSON. Never reads past the header.
pub fn read_safetensors_from<R: Read>(mut reader: R, size: u64) -> Result<SafetensorsHeader, HeaderError> {
    let mut len = [0u8; 8];
    reader
        .read_exact(&mut len)
        .map_err(|_| HeaderError::Truncated(format!("{size} bytes, fewer than the 8-byte length prefix")))?;
    let n = u64::from_le_bytes(len);
    if n > MAX_HEADER_BYTES {
        return Err(HeaderError::TooLarge(n));
    }
    if n > size.saturating_sub(8) {
        return Err(HeaderError::Truncated(format!(
            "the header claims {n} bytes but the file has {}",
            size.saturating_sub(8)
        )));
    }
    let mut json = Vec::with_capacity(n as usize);
    reader.take(n).read_to_end(&mut json).map_err(|e| HeaderError::Io(e.to_string()))?;
    if json.len() as u64 != n {
        return Err(HeaderError::Truncated(format!(
            "the header claims {n} bytes but only {} could be read",
            json.len()
        )));
    }
    parse_safetensors_json(&json)
}

/// Reads the header of a safetensors file.
pub fn read_safetensors(path: &Path) -> Result<SafetensorsHeader, HeaderError> {
    let file = std::fs::File::open(path).map_err(|e| HeaderError::Io(e.to_string()))?;
    let size = file.metadata().map_err(|e| HeaderError::Io(e.to_string()))?.len();
    read_safetensors_from(file, size)
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
}

impl<R: Read> Gguf<R> {
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], HeaderError> {
        let mut b = [0u8; N];
        self.r.read_exact(&mut b).map_err(|_| HeaderError::Truncated("the GGUF header ends early".to_owned()))?;
        Ok(b)
    }
    fn u32(&mut self) -> Result<u32, HeaderError> {
        self.bytes::<4>().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Result<u64, HeaderError> {
        self.bytes::<8>().map(u64::from_le_bytes)
    }
    fn string(&mut self) -> Result<String, HeaderError> {
        let n = self.u64()?;
        if n > MAX_GGUF_STRING {
            return Err(HeaderError::Malformed(format!("a {n}-byte string")));
        }
        let mut buf = Vec::new();
        (&mut self.r).take(n).read_to_end(&mut buf).map_err(|e| HeaderError::Io(e.to_string()))?;
        if buf.len() as u64 != n {
            return Err(HeaderError::Truncated("a string ends early".to_owned()));
        }
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
    fn skip(&mut self, n: u64) -> Result<(), HeaderError> {
        let copied = std::io::copy(&mut (&mut self.r).take(n), &mut std::io::sink())
            .map_err(|e| HeaderError::Io(e.to_string()))?;
        if copied == n { Ok(()) } else { Err(HeaderError::Truncated("a value ends early".to_owned())) }
    }
    /// Reads a value of `kind`; returns it when it is a string.
    fn value(&mut self, kind: u32, depth: u8) -> Result<Option<String>, HeaderError> {
        match kind {
            0 | 1 | 7 => self.skip(1).map(|()| None),
            2 | 3 => self.skip(2).map(|()| None),
            4..=6 => self.skip(4).map(|()| None),
            10..=12 => self.skip(8).map(|()| None),
            8 => self.string().map(Some),
            9 if depth == 0 => {
                let item = self.u32()?;
                let count = self.u64()?;
                if count > MAX_GGUF_ITEMS {
                    return Err(HeaderError::Malformed(format!("an array of {count} items")));
                }
                for _ in 0..count {
                    self.value(item, depth + 1)?;
                }
                Ok(None)
            }
            other => Err(HeaderError::Malformed(format!("unknown value type {other}"))),
        }
    }
}

/// Reads a GGUF header: metadata keys and tensor shapes, never the tensors.
pub fn read_gguf(path: &Path) -> Result<GgufHeader, HeaderError> {
    let file = std::fs::File::open(path).map_err(|e| HeaderError::Io(e.to_string()))?;
    let mut g = Gguf { r: BufReader::new(file) };
    if &g.bytes::<4>()? != b"GGUF" {
        return Err(HeaderError::Malformed("no GGUF magic".to_owned()));
    }
    let version = g.u32()?;
    let tensors = g.u64()?;
    let kvs = g.u64()?;
    if kvs > MAX_GGUF_ITEMS || tensors > MAX_GGUF_ITEMS {
        return Err(HeaderError::Malformed(format!("claims {kvs} keys and {tensors} tensors")));
    }
    let mut header = GgufHeader { version, tensors, parameters: None, architecture: None, name: None, license: None };
    for _ in 0..kvs {
        let key = g.string()?;
        let kind = g.u32()?;
        let value = g.value(kind, 0)?;
        match key.as_str() {
            "general.architecture" => header.architecture = value,
            "general.name" => header.name = value,
            "general.license" => header.license = value,
            _ => {}
        }
    }
    let mut parameters: u64 = 0;
    for _ in 0..tensors {
        g.string()?;
        let dims = g.u32()?;
        if dims > 8 {
            return Err(HeaderError::Malformed(format!("a tensor with {dims} dimensions")));
        }
        let mut count: u64 = 1;
        for _ in 0..dims {
            count = count.saturating_mul(g.u64()?);
        }
        g.u32()?;
        g.u64()?;
        parameters = parameters.saturating_add(count);
    }
    header.parameters = Some(parameters);
    Ok(header)
}

/// The total size a sharded index (`*.index.json`) declares, and its shard count.
pub fn read_index(bytes: &[u8]) -> Option<(Option<u64>, usize)> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let total = v.get("metadata").and_then(|m| m.get("total_size")).and_then(|t| t.as_u64());
    let shards: BTreeSet<&str> = v.get("weight_map")?.as_object()?.values().filter_map(|f| f.as_str()).collect();
    Some((total, shards.len()))
}

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

/// Reads `config.json`.
pub fn read_config(bytes: &[u8]) -> Option<ModelConfig> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let num = |keys: &[&str]| keys.iter().find_map(|k| v.get(*k).and_then(|x| x.as_u64()));
    Some(ModelConfig {
        architectures: v
            .get("architectures")
            .and_then(|a| a.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default(),
        model_type: v.get("model_type").and_then(|x| x.as_str()).map(str::to_owned),
        torch_dtype: v.get("torch_dtype").and_then(|x| x.as_str()).map(str::to_owned),
        hidden_size: num(&["hidden_size", "d_model", "n_embd"]),
        layers: num(&["num_hidden_layers", "n_layer", "num_layers"]),
        vocab_size: num(&["vocab_size", "padded_vocab_size"]),
        custom_code: v.get("auto_map").is_some(),
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

    #[test]
    fn headers_count_float_elements_as_parameters() {
        let json = br#"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"ids":{"dtype":"I64","shape":[1,512],"data_offsets":[24,4120]}}"#;
        let h = parse_safetensors_json(json).expect("valid");
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
        let huge = dir.path().join("huge.safetensors");
        std::fs::write(&huge, u64::MAX.to_le_bytes()).expect("written");
        assert!(matches!(read_safetensors(&huge), Err(HeaderError::TooLarge(_))));
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
        let h = read_gguf(&path).expect("valid");
        assert_eq!(h.architecture.as_deref(), Some("llama"));
        assert_eq!(h.license.as_deref(), Some("apache-2.0"));
        assert_eq!(h.parameters, Some(4096 * 32000));
        std::fs::write(&path, &b[..b.len() - 5]).expect("written");
        assert!(read_gguf(&path).is_err());
    }

    proptest! {
        #[test]
        fn safetensors_json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse_safetensors_json(&bytes);
            let _ = read_safetensors_from(&bytes[..], bytes.len() as u64);
        }
    }
}
