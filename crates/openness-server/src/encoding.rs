//! Compressed bodies. Responses rendered once per snapshot are gzipped once, beside their
//! identity bytes, when the snapshot is built; other large responses are gzipped (quickly) as
//! they are sent, when the client accepts it. Each encoding of a response has its own entity
//! tag (`"g12"`, `"g12.gz"`), and every response that could be compressed says
//! `Vary: Accept-Encoding`.

use std::io::Write as _;

use axum::body::Bytes;
use axum::http::{HeaderMap, header};
pub use flate2::Compression;

/// Bodies smaller than this are sent as they are: compressing them saves less than it costs.
pub const MIN_SIZE: usize = 1024;

/// `body` gzipped, when it is large enough and compression makes it smaller.
pub fn gzip(body: &[u8], level: Compression) -> Option<Bytes> {
    if body.len() < MIN_SIZE {
        return None;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), level);
    encoder.write_all(body).ok()?;
    let out = encoder.finish().ok()?;
    (out.len() < body.len()).then(|| Bytes::from(out))
}

/// Whether the request's `Accept-Encoding` accepts gzip: named with a non-zero weight, or
/// not named and `*` accepted.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut gzip = None;
    let mut any = None;
    for item in
        headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','))
    {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let weight =
            parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(weight > 0.0);
        } else if name == "*" {
            any = Some(weight > 0.0);
        }
    }
    gzip.or(any).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accepts(value: &str) -> bool {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap_or_else(|e| panic!("{e}")));
        accepts_gzip(&h)
    }

    #[test]
    fn gzip_is_accepted_when_named_or_starred_and_not_refused() {
        assert!(accepts("gzip"));
        assert!(accepts("br, gzip;q=0.5, deflate"));
        assert!(accepts("GZIP"));
        assert!(accepts("*"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("gzip;q=0, *"));
        assert!(!accepts("br, deflate"));
        assert!(!accepts("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn small_or_incompressible_bodies_stay_as_they_are() {
        assert_eq!(gzip(b"{}", Compression::best()), None);
        let text = "<tr><td>C3</td></tr>".repeat(200);
        let packed = gzip(text.as_bytes(), Compression::best()).unwrap_or_else(|| panic!("compresses"));
        assert!(packed.len() < text.len() / 10, "{} of {}", packed.len(), text.len());
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&packed[..]), &mut back)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, text);
        // Random bytes do not shrink.
        let mut noise = [0u8; 4096];
        getrandom::fill(&mut noise).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gzip(&noise, Compression::best()), None);
    }
}
