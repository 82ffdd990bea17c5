//! What a repository holds: a bounded walk that never follows symbolic links, merged with the
//! `FILES.txt` listings some folders carry (files listed there but not checked out).

use std::path::{Component as PathPart, Path, PathBuf};

use serde::Serialize;

/// At most this many entries are examined.
pub const MAX_ENTRIES: usize = 200_000;
/// Directories deeper than this are not entered.
pub const MAX_DEPTH: usize = 16;

/// What a path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A regular file on disk.
    File,
    /// A Git LFS pointer on disk: the real file is published but not downloaded.
    LfsPointer,
    /// Listed in a `FILES.txt`, not on disk.
    Listed,
    /// Listed in a `FILES.txt` as an LFS pointer.
    ListedLfsPointer,
}

/// One file of the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// Size in bytes (for LFS pointers, the size of the real file when known).
    pub size: u64,
    /// What it is.
    pub kind: EntryKind,
}

impl Entry {
    /// The file name, lowercased.
    pub fn name_lower(&self) -> String {
        self.path.rsplit('/').next().unwrap_or(&self.path).to_ascii_lowercase()
    }
}

/// Something the walk met that deserves a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalkNote {
    /// The path concerned.
    pub path: String,
    /// What happened.
    pub message: String,
}

/// The repository's files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// Files, sorted by path.
    pub entries: Vec<Entry>,
    /// Skipped symbolic links, unreadable directories, truncation.
    pub notes: Vec<WalkNote>,
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads the size an LFS pointer declares, if `bytes` is one.
pub fn lfs_pointer_size(bytes: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(bytes).ok()?;
    if !text.starts_with("version https://git-lfs.github.com/spec/") {
        return None;
    }
    text.lines().find_map(|l| l.strip_prefix("size ")).and_then(|s| s.trim().parse().ok()).or(Some(0))
}

fn read_head(path: &Path, n: usize) -> Vec<u8> {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(n as u64).read_to_end(&mut buf);
    }
    buf
}

/// A `FILES.txt` path is accepted only if it stays inside its folder.
fn safe_listed_path(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty() && !path.is_absolute() && path.components().all(|c| matches!(c, PathPart::Normal(_)))
}

/// Walks `root`, bounded in depth and entries, without following symbolic links.
pub fn walk(root: &Path) -> Inventory {
    let mut inv = Inventory::default();
    let mut stack: Vec<(PathBuf, usize)> = vec![(root.to_path_buf(), 0)];
    let mut listings = Vec::new();
    while let Some((dir, depth)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                inv.notes.push(WalkNote { path: relative(root, &dir), message: format!("cannot list: {e}") });
                continue;
            }
        };
        for entry in entries.filter_map(Result::ok) {
            if inv.entries.len() >= MAX_ENTRIES {
                inv.notes.push(WalkNote {
                    path: relative(root, &dir),
                    message: format!("stopped after {MAX_ENTRIES} entries"),
                });
                stack.clear();
                break;
            }
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            let rel = relative(root, &path);
            if meta.file_type().is_symlink() {
                inv.notes.push(WalkNote { path: rel, message: "symbolic link not followed".to_owned() });
                continue;
            }
            if meta.is_dir() {
                let name = entry.file_name();
                let skip = matches!(
                    name.to_str(),
                    Some(".git" | "node_modules" | "__pycache__" | ".venv" | ".tox" | "target")
                );
                if skip {
                    continue;
                }
                if depth + 1 > MAX_DEPTH {
                    inv.notes
                        .push(WalkNote { path: rel, message: format!("deeper than {MAX_DEPTH} levels: not entered") });
                } else {
                    stack.push((path, depth + 1));
                }
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            let kind_and_size = if meta.len() < 1024 {
                match lfs_pointer_size(&read_head(&path, 1024)) {
                    Some(size) => (EntryKind::LfsPointer, size),
                    None => (EntryKind::File, meta.len()),
                }
            } else {
                (EntryKind::File, meta.len())
            };
            if entry.file_name() == "FILES.txt" {
                listings.push((path.clone(), rel.rsplit_once('/').map(|(d, _)| d.to_owned()).unwrap_or_default()));
            }
            inv.entries.push(Entry { path: rel, size: kind_and_size.1, kind: kind_and_size.0 });
        }
    }
    for (listing, folder) in listings {
        merge_listing(&listing, &folder, &mut inv);
    }
    inv.entries.sort_by(|a, b| a.path.cmp(&b.path));
    inv
}

/// Adds the files a `FILES.txt` (`size<TAB>type<TAB>path` lines) lists but the disk lacks.
fn merge_listing(listing: &Path, folder: &str, inv: &mut Inventory) {
    let text = String::from_utf8_lossy(&read_head(listing, 8 * 1024 * 1024)).into_owned();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(size), Some(kind), Some(path)) = (cols.next(), cols.next(), cols.next()) else { continue };
        if !safe_listed_path(path) {
            inv.notes.push(WalkNote {
                path: path.to_owned(),
                message: "listed path escapes its folder: ignored".to_owned(),
            });
            continue;
        }
        let full = if folder.is_empty() { path.to_owned() } else { format!("{folder}/{path}") };
        if inv.entries.iter().any(|e| e.path == full) {
            continue;
        }
        let kind = match kind {
            "lfs-pointer" => EntryKind::ListedLfsPointer,
            "absent" => continue,
            _ => EntryKind::Listed,
        };
        if inv.entries.len() < MAX_ENTRIES {
            inv.entries.push(Entry { path: full, size: size.parse().unwrap_or(0), kind });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lfs_pointers_are_recognised() {
        let p = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 7193289031\n";
        assert_eq!(lfs_pointer_size(p), Some(7_193_289_031));
        assert_eq!(lfs_pointer_size(b"{\"a\": 1}"), None);
    }

    #[test]
    fn listed_paths_must_stay_inside() {
        assert!(safe_listed_path("model/config.json"));
        assert!(!safe_listed_path("../etc/passwd"));
        assert!(!safe_listed_path("/etc/passwd"));
        assert!(!safe_listed_path("a/../../b"));
    }
}
