//! What a repository holds: a bounded walk that never follows symbolic links, merged with the
//! `FILES.txt` listings some folders carry (files listed there but not checked out), and the
//! budget of one assessment ([`Limits`], [`Spend`]): every read of `assess` is charged to it.
//!
//! Everything here is linear in the entries (sorts aside): one `stat` per file relative to its
//! directory, a file's head read only when its size allows it to be an LFS pointer, each
//! entry's lowercase name computed once, listed paths looked up by binary search among the
//! files on disk and duplicates removed by one sort at the end.

use std::path::{Component as PathPart, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use openness_read::{Budget, Open, ReadError};
use serde::Serialize;

/// At most this many entries are examined.
pub const MAX_ENTRIES: usize = 200_000;
/// Directories deeper than this are not entered.
pub const MAX_DEPTH: usize = 16;
/// A `FILES.txt` longer than this is read only in part ([`Limit::Listing`]).
pub const MAX_LISTING_BYTES: u64 = 8 * 1024 * 1024;

/// What one assessment may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries examined (files on disk and listed).
    pub entries: usize,
    /// Bytes read from documents, licence files, listings, JSON files and LFS pointers.
    pub bytes: u64,
    /// Bytes read from weight headers, all headers together.
    pub header_bytes: u64,
    /// Tensors counted in one header.
    pub tensors: u64,
    /// Wall-clock time, checked between files.
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            entries: MAX_ENTRIES,
            bytes: 128 * 1024 * 1024,
            header_bytes: 256 * 1024 * 1024,
            tensors: crate::weights::MAX_TENSORS,
            time: Duration::from_secs(60),
        }
    }
}

/// Which limit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Limit {
    /// [`Limits::entries`].
    Entries,
    /// [`Limits::bytes`].
    Bytes,
    /// [`MAX_LISTING_BYTES`] of one `FILES.txt`, of which `entries` listed files were read.
    Listing {
        /// The listed files read from the part within the cap.
        entries: usize,
    },
    /// [`Limits::header_bytes`].
    HeaderBytes,
    /// [`Limits::time`].
    Time,
}

/// What an assessment has spent of its [`Limits`], and which limits it reached.
#[derive(Debug)]
pub struct Spend {
    /// The limits.
    pub limits: Limits,
    bytes: Budget,
    header_bytes: Budget,
    start: Instant,
    reached: Mutex<Vec<(Limit, String)>>,
}

impl Spend {
    /// A fresh budget.
    pub fn new(limits: Limits) -> Spend {
        Spend {
            limits,
            bytes: Budget::new(limits.bytes),
            header_bytes: Budget::new(limits.header_bytes),
            start: Instant::now(),
            reached: Mutex::new(Vec::new()),
        }
    }

    /// The budget of bytes read from files other than weights.
    pub fn bytes(&self) -> &Budget {
        &self.bytes
    }

    /// The limits of weight-header reading.
    pub fn headers(&self) -> crate::weights::HeaderLimits<'_> {
        crate::weights::HeaderLimits { bytes: &self.header_bytes, tensors: self.limits.tensors }
    }

    /// Records that `limit` stopped something (`what`: the path or step), once per limit, and
    /// for the cap of one listing once per listing.
    pub fn reach(&self, limit: Limit, what: &str) {
        let same = |(l, at): &(Limit, String)| match (l, limit) {
            (Limit::Listing { .. }, Limit::Listing { .. }) => at == what,
            _ => *l == limit,
        };
        if let Ok(mut r) = self.reached.lock()
            && !r.iter().any(same)
        {
            r.push((limit, what.to_owned()));
        }
    }

    /// Whether the time is up; records it when it is.
    pub fn out_of_time(&self, what: &str) -> bool {
        let up = self.start.elapsed() > self.limits.time;
        if up {
            self.reach(Limit::Time, what);
        }
        up
    }

    /// Whether the byte budget is spent; records it when it is.
    pub fn out_of_bytes(&self, what: &str) -> bool {
        let spent = self.bytes.spent();
        if spent {
            self.reach(Limit::Bytes, what);
        }
        spent
    }

    /// The limits reached, each with a sentence saying what it stopped.
    pub fn reached(&self) -> Vec<String> {
        let mut reached = self.reached.lock().map(|r| r.clone()).unwrap_or_default();
        reached.sort();
        reached
            .into_iter()
            .map(|(limit, at)| (limit, if at.is_empty() { ".".to_owned() } else { at }))
            .map(|(limit, at)| match limit {
                Limit::Entries => format!(
                    "stopped at `{at}`: {} entries examined, the most an assessment examines",
                    self.limits.entries
                ),
                Limit::Bytes => format!(
                    "stopped at `{at}`: {} bytes of documents and metadata read, the most an assessment reads",
                    self.limits.bytes
                ),
                Limit::Listing { entries } => format!(
                    "stopped at `{at}`: {MAX_LISTING_BYTES} bytes of the listing read, the most read of one `FILES.txt`; \
                     {entries} entries read from it, the rest unread"
                ),
                Limit::HeaderBytes => format!(
                    "stopped at `{at}`: {} bytes of weight headers read, the most an assessment reads",
                    self.limits.header_bytes
                ),
                Limit::Time => {
                    format!("stopped at `{at}`: {} s spent, the most an assessment spends", self.limits.time.as_secs())
                }
            })
            .collect()
    }
}

impl Default for Spend {
    fn default() -> Spend {
        Spend::new(Limits::default())
    }
}

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
    /// The file name, lowercased once: every rule asks for it, every entry.
    #[serde(skip)]
    name_lower: Box<str>,
}

impl Entry {
    /// An entry for `path`.
    pub fn new(path: String, size: u64, kind: EntryKind) -> Entry {
        let name_lower = path.rsplit('/').next().unwrap_or(&path).to_ascii_lowercase().into_boxed_str();
        Entry { path, size, kind, name_lower }
    }

    /// The file name, lowercased.
    pub fn name_lower(&self) -> &str {
        &self.name_lower
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
    /// How many entries, at the start of `entries` and sorted by path, are on disk: the ones
    /// a listing is checked against.
    #[serde(skip)]
    on_disk: usize,
}

impl Inventory {
    /// Sorts the entries by path, keeping the first of each path: a file on disk over its
    /// listing, the first listing over later ones.
    pub fn settle(&mut self) {
        // Stable, so that of equal paths the one added first comes first.
        self.entries.sort_by(|a, b| a.path.cmp(&b.path));
        self.entries.dedup_by(|later, first| later.path == first.path);
        self.on_disk = self.entries.len();
    }

    /// Whether `path` is a file on disk.
    fn on_disk(&self, path: &str) -> bool {
        self.entries[..self.on_disk].binary_search_by(|e| e.path.as_str().cmp(path)).is_ok()
    }
}

/// `rel` joined with `name`, `/`-separated.
fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() { name.to_owned() } else { format!("{rel}/{name}") }
}

/// Reads the size an LFS pointer declares, if `bytes` is one.
pub fn lfs_pointer_size(bytes: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(bytes).ok()?;
    if !text.starts_with(LFS_POINTER_START) {
        return None;
    }
    text.lines().find_map(|l| l.strip_prefix("size ")).and_then(|s| s.trim().parse().ok()).or(Some(0))
}

/// The start every LFS pointer has: a shorter file is not one, and is not opened.
const LFS_POINTER_START: &str = "version https://git-lfs.github.com/spec/";
/// A pointer is smaller than this (the specification's bound).
const LFS_POINTER_MAX: u64 = 1024;

/// The size an LFS pointer at `path` declares, if it is one. Its first bytes decide, so most
/// files cost one short read; the rest of a pointer is read only after its start matched.
fn pointer_at(path: &Path, spend: &Spend) -> Option<u64> {
    use std::io::Read;
    let budget = spend.bytes();
    let (file, _) = openness_read::open(path, Open::FOUND).ok()?;
    let mut start = [0u8; LFS_POINTER_START.len()];
    if budget.remaining() < start.len() as u64 {
        return None;
    }
    let mut file = file.take(LFS_POINTER_MAX);
    file.read_exact(&mut start).ok()?;
    budget.charge(start.len() as u64);
    if start != *LFS_POINTER_START.as_bytes() {
        return None;
    }
    let mut rest = Vec::new();
    let room = budget.remaining().min(LFS_POINTER_MAX);
    (&mut file).take(room).read_to_end(&mut rest).ok()?;
    budget.charge(rest.len() as u64);
    lfs_pointer_size(&[&start[..], &rest].concat())
}

/// A `FILES.txt` path is accepted only if it stays inside its folder.
fn safe_listed_path(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty() && !path.is_absolute() && path.components().all(|c| matches!(c, PathPart::Normal(_)))
}

/// Walks `root`, bounded in depth, entries, bytes and time, without following symbolic links.
pub fn walk(root: &Path, spend: &Spend) -> Inventory {
    let max_entries = spend.limits.entries;
    let mut inv = Inventory::default();
    // Directories to list: path, path relative to the root, depth.
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(root.to_path_buf(), String::new(), 0)];
    let mut listings = Vec::new();
    while let Some((dir, rel_dir, depth)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                inv.notes.push(WalkNote { path: rel_dir, message: format!("cannot list: {e}") });
                continue;
            }
        };
        for entry in entries.filter_map(Result::ok) {
            if inv.entries.len() >= max_entries {
                spend.reach(Limit::Entries, &rel_dir);
                stack.clear();
                break;
            }
            if inv.entries.len() % 1024 == 0 && spend.out_of_time(&rel_dir) {
                stack.clear();
                break;
            }
            let name = entry.file_name();
            let rel = join(&rel_dir, &name.to_string_lossy());
            // The kind from the directory listing and the size from a `stat` relative to the
            // directory, neither following a link.
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_symlink() {
                inv.notes.push(WalkNote { path: rel, message: "symbolic link not followed".to_owned() });
                continue;
            }
            if kind.is_dir() {
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
                    stack.push((entry.path(), rel, depth + 1));
                }
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            let len = meta.len();
            let pointer = (LFS_POINTER_START.len() as u64..LFS_POINTER_MAX)
                .contains(&len)
                .then(|| pointer_at(&entry.path(), spend))
                .flatten();
            let (kind, size) = match pointer {
                Some(size) => (EntryKind::LfsPointer, size),
                None => (EntryKind::File, len),
            };
            if name == "FILES.txt" {
                listings.push((entry.path(), rel_dir.clone()));
            }
            inv.entries.push(Entry::new(rel, size, kind));
        }
    }
    inv.settle();
    for (listing, folder) in listings {
        let at = join(&folder, "FILES.txt");
        if spend.out_of_time(&at) || spend.out_of_bytes(&at) {
            break;
        }
        let (bytes, cut) = match openness_read::read_head(&listing, Open::FOUND, MAX_LISTING_BYTES, spend.bytes()) {
            Ok(read) => read,
            Err(ReadError::Budget { .. }) => {
                spend.reach(Limit::Bytes, &at);
                break;
            }
            Err(_) => continue,
        };
        let text = String::from_utf8_lossy(&bytes);
        // The line the cap cuts is no entry: its path would be the start of another.
        let whole = if cut { &text[..text.rfind('\n').map_or(0, |i| i + 1)] } else { &text[..] };
        let entries = merge_listing(whole, &folder, &mut inv, max_entries);
        if cut {
            spend.reach(Limit::Listing { entries }, &at);
        }
        if inv.entries.len() >= max_entries {
            spend.reach(Limit::Entries, &at);
        }
    }
    inv.settle();
    inv
}

/// At most this many listed paths that escape their folder are noted one by one.
const MAX_ESCAPE_NOTES: usize = 10;

/// Adds the files a `FILES.txt` (`size<TAB>type<TAB>path` lines) in `folder` lists but the
/// disk lacks, up to `max_entries` entries in all, and says how many listed files it read
/// (those on disk included). Each line costs a binary search among the files on disk (those
/// of the last [`Inventory::settle`]); a path listed twice is added twice and counted against
/// the cap, and [`Inventory::settle`] keeps the first.
pub fn merge_listing(text: &str, folder: &str, inv: &mut Inventory, max_entries: usize) -> usize {
    let mut escapes = 0usize;
    let mut read = 0usize;
    for line in text.lines() {
        if inv.entries.len() >= max_entries {
            break;
        }
        let mut cols = line.split('\t');
        let (Some(size), Some(kind), Some(path)) = (cols.next(), cols.next(), cols.next()) else { continue };
        if !safe_listed_path(path) {
            escapes += 1;
            if escapes <= MAX_ESCAPE_NOTES {
                inv.notes.push(WalkNote {
                    path: shortened(path),
                    message: "listed path escapes its folder: ignored".to_owned(),
                });
            }
            continue;
        }
        let kind = match kind {
            "lfs-pointer" => EntryKind::ListedLfsPointer,
            "absent" => continue,
            _ => EntryKind::Listed,
        };
        read += 1;
        let full = join(folder, path);
        if inv.on_disk(&full) {
            continue;
        }
        inv.entries.push(Entry::new(full, size.parse().unwrap_or(0), kind));
    }
    if escapes > MAX_ESCAPE_NOTES {
        inv.notes.push(WalkNote {
            path: join(folder, "FILES.txt"),
            message: format!("{} more listed paths escape their folder: ignored", escapes - MAX_ESCAPE_NOTES),
        });
    }
    read
}

/// A path from a listing, cut for messages.
fn shortened(path: &str) -> String {
    if path.chars().count() <= 120 { path.to_owned() } else { path.chars().take(117).collect::<String>() + "..." }
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
    fn listings_merge_once_per_path_and_stop_at_the_cap() {
        let mut inv = Inventory::default();
        inv.entries.push(Entry::new("m/a.bin".into(), 1, EntryKind::File));
        inv.settle();
        let text = "9\tfile\ta.bin\n5\tlfs-pointer\tb.bin\n5\tfile\tb.bin\n0\tabsent\tc.bin\n1\tfile\t../x\n\
                    7\tfile\td.bin\n8\tfile\te.bin\n";
        // `a.bin` (on disk), `b.bin` twice, `d.bin`: the cap of 4 entries stops before `e.bin`.
        assert_eq!(merge_listing(text, "m", &mut inv, 4), 4);
        inv.settle();
        let got: Vec<(&str, u64, EntryKind)> = inv.entries.iter().map(|e| (e.path.as_str(), e.size, e.kind)).collect();
        assert_eq!(
            got,
            [
                ("m/a.bin", 1, EntryKind::File),
                ("m/b.bin", 5, EntryKind::ListedLfsPointer),
                ("m/d.bin", 7, EntryKind::Listed)
            ]
        );
        assert_eq!(inv.notes.len(), 1);
    }

    #[test]
    fn the_walk_reads_pointers_and_merges_listings_once() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 4096\n";
        std::fs::create_dir(dir.path().join("w"))?;
        std::fs::write(dir.path().join("w/model.bin"), pointer)?;
        // Starts like a pointer's first line, but is not one.
        std::fs::write(dir.path().join("w/notes.txt"), "version https://git-lfs.github.com/spe")?;
        std::fs::write(dir.path().join("w/FILES.txt"), "9\tfile\tmodel.bin\n7\tfile\tb.bin\n8\tfile\tb.bin\n")?;
        std::fs::write(dir.path().join("FILES.txt"), "3\tfile\tw/b.bin\n2\tfile\tw/notes.txt\n")?;
        let inv = walk(dir.path(), &Spend::default());
        let got: Vec<(&str, u64, EntryKind)> = inv.entries.iter().map(|e| (e.path.as_str(), e.size, e.kind)).collect();
        assert_eq!(
            got,
            [
                ("FILES.txt", 34, EntryKind::File),
                ("w/FILES.txt", 43, EntryKind::File),
                // A folder is listed before its subfolders: the root's listing comes first.
                ("w/b.bin", 3, EntryKind::Listed),
                ("w/model.bin", 4096, EntryKind::LfsPointer),
                ("w/notes.txt", 38, EntryKind::File),
            ]
        );
        assert_eq!(inv.entries[3].name_lower(), "model.bin");
        Ok(())
    }

    #[test]
    fn listed_paths_must_stay_inside() {
        assert!(safe_listed_path("model/config.json"));
        assert!(!safe_listed_path("../etc/passwd"));
        assert!(!safe_listed_path("/etc/passwd"));
        assert!(!safe_listed_path("a/../../b"));
    }
}
