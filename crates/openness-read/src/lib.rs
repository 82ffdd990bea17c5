//! The one bounded reader of openness: every file the tool opens (records, licence files,
//! model cards, weight headers, listings, importer inputs) is opened here.
//!
//! What it owns:
//! - **What may be opened.** A file met inside a directory ([`Open::FOUND`]) must be a regular
//!   file. A path the user typed ([`Open::NAMED`]) may also be a character device (`/dev/zero`
//!   is read through the size cap like any file): naming a device on the command line is the
//!   explicit way to ask for one. FIFOs, sockets, block devices and directories are always
//!   refused: a pipe cannot be read without waiting on its writer.
//! - **Symbolic links are never followed** by [`Open::FOUND`] and [`Open::NAMED`]: the error
//!   names the link and never reads its target, so no diagnostic can print bytes from outside
//!   the inputs the user named. Only [`Open::NAMED_FOLLOWING_LINKS`] (a licence file given to
//!   `license detect`) follows them.
//! - **Hard links are read as the files they are.** A hard link is not a pointer to a file
//!   elsewhere: it is the file, and no name of it is more its own than another, so nothing
//!   tells a link "from outside" the inputs (a link count above one only says that another
//!   name exists; refusing those would refuse deduplicated stores and `cp -al` or `rsync
//!   --link-dest` copies). Nor would a rule protect anyone: the inputs an untrusted party
//!   delivers (a Git change, an archive) cannot carry a hard link to a file outside them (Git
//!   stores none; an archive's hard links name its own members), and to make one on the
//!   machine itself, Linux (`fs.protected_hardlinks`, on by default) requires owning the file
//!   or being able to read and write it, so a link shows no byte its maker could not read.
//! - **Opens never block.** Files are opened with `O_NONBLOCK` (and `O_NOFOLLOW` where links
//!   are refused), then `fstat`ed, so the kind checked is the kind of what was opened.
//! - **Sizes are bounded.** Every read has a per-file cap, checked on the bytes actually read
//!   (files of `/proc` report size 0), and is charged to a [`Budget`]: what one command (one
//!   catalogue load, one import, one assessment) may read in all.
//!
//! It does I/O, so it is not part of the pure core.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The budget of one command (loading a catalogue, an import, a detection run): 64 MiB, 160
/// times the reviewed data of `data/` and 50 times the largest set of files an importer reads.
pub const COMMAND_BUDGET_BYTES: u64 = 64 * 1024 * 1024;

/// What an open accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Open {
    /// Whether a symbolic link is followed (else refused).
    pub follow_links: bool,
    /// Whether a character device is read (else refused).
    pub devices: bool,
}

impl Open {
    /// A file met while walking a directory: regular files only, links refused.
    pub const FOUND: Open = Open { follow_links: false, devices: false };
    /// A path typed on the command line: regular files or character devices, links refused.
    pub const NAMED: Open = Open { follow_links: false, devices: true };
    /// A path typed on the command line whose links may be followed.
    pub const NAMED_FOLLOWING_LINKS: Open = Open { follow_links: true, devices: true };
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path is a symbolic link and links are not followed.
    #[error("`{path}` is a symbolic link, which is not followed")]
    Link {
        /// The link (never its target).
        path: String,
    },
    /// Not a regular file.
    #[error("`{path}` is {kind}, not a regular file")]
    NotRegular {
        /// The path.
        path: String,
        /// What it is instead ("a FIFO", "a directory", ...).
        kind: &'static str,
    },
    /// Larger than the cap.
    #[error("`{path}` is larger than {cap} bytes, the most this file may have")]
    TooLarge {
        /// The path.
        path: String,
        /// The cap in bytes.
        cap: u64,
    },
    /// The command's budget is spent.
    #[error("`{path}` was not read: this command has already read {total} bytes, its whole budget")]
    Budget {
        /// The path.
        path: String,
        /// The budget in bytes.
        total: u64,
    },
    /// The operating system refused.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl ReadError {
    /// How to fix it, in a sentence.
    pub fn help(&self) -> &'static str {
        match self {
            ReadError::Link { .. } => {
                "give the file itself, not a link to it (links are refused so that no file outside the inputs is read)"
            }
            ReadError::NotRegular { .. } => "give a regular file",
            ReadError::TooLarge { .. } => "is this the right file? files of this kind are far smaller",
            ReadError::Budget { .. } => "run the command on fewer or smaller inputs",
            ReadError::Io { .. } => "check the path and its permissions",
        }
    }

    /// Whether the path does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }
}

/// A byte budget shared by the reads of one command.
#[derive(Debug)]
pub struct Budget {
    total: u64,
    used: AtomicU64,
}

impl Budget {
    /// A budget of `total` bytes.
    pub const fn new(total: u64) -> Budget {
        Budget { total, used: AtomicU64::new(0) }
    }

    /// The budget of one command, [`COMMAND_BUDGET_BYTES`].
    pub const fn command() -> Budget {
        Budget::new(COMMAND_BUDGET_BYTES)
    }

    /// The total.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Bytes read so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Bytes left.
    pub fn remaining(&self) -> u64 {
        self.total.saturating_sub(self.used())
    }

    /// Whether the budget is spent.
    pub fn spent(&self) -> bool {
        self.remaining() == 0
    }

    /// Charges `n` bytes read.
    pub fn charge(&self, n: u64) {
        self.used.fetch_add(n, Ordering::Relaxed);
    }
}

fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_char_device() {
            return "a character device";
        }
    }
    "not a regular file"
}

fn is_char_device(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Opens `path` as `how` allows, without blocking: the file and what `fstat` says of it.
pub fn open(path: &Path, how: Open) -> Result<(File, Metadata), ReadError> {
    let name = || path.display().to_string();
    let io = |source| ReadError::Io { path: name(), source };
    // On Unix `O_NOFOLLOW` refuses the link itself (below); elsewhere it is checked first.
    #[cfg(not(unix))]
    if !how.follow_links {
        let meta = std::fs::symlink_metadata(path).map_err(io)?;
        if meta.file_type().is_symlink() {
            return Err(ReadError::Link { path: name() });
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if how.follow_links { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let file = options.open(path).map_err(|e| {
        // `O_NOFOLLOW` met a link.
        #[cfg(unix)]
        if !how.follow_links && e.raw_os_error() == Some(libc::ELOOP) {
            return ReadError::Link { path: name() };
        }
        io(e)
    })?;
    let meta = file.metadata().map_err(io)?;
    if !(meta.is_file() || how.devices && is_char_device(&meta)) {
        return Err(ReadError::NotRegular { path: name(), kind: kind_of(&meta) });
    }
    Ok((file, meta))
}

/// Reads the whole of `path`; a file longer than `cap` bytes is an error.
pub fn read(path: &Path, how: Open, cap: u64, budget: &Budget) -> Result<Vec<u8>, ReadError> {
    let (bytes, truncated) = read_head(path, how, cap, budget)?;
    if truncated {
        return Err(ReadError::TooLarge { path: path.display().to_string(), cap });
    }
    Ok(bytes)
}

/// Reads at most `cap` bytes from the start of `path`; `true` when there was more.
pub fn read_head(path: &Path, how: Open, cap: u64, budget: &Budget) -> Result<(Vec<u8>, bool), ReadError> {
    let (file, meta) = open(path, how)?;
    read_from(path, file, meta.len(), cap, budget)
}

/// Reads at most `cap` bytes of an open `file` of (claimed) length `len`, charged to `budget`.
fn read_from(path: &Path, file: File, len: u64, cap: u64, budget: &Budget) -> Result<(Vec<u8>, bool), ReadError> {
    let name = || path.display().to_string();
    let remaining = budget.remaining();
    if remaining == 0 {
        return Err(ReadError::Budget { path: name(), total: budget.total() });
    }
    let want = cap.min(remaining);
    let mut bytes = Vec::with_capacity(len.min(want).min(1 << 20) as usize);
    file.take(want.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io { path: name(), source })?;
    budget.charge(bytes.len() as u64);
    if bytes.len() as u64 > want {
        bytes.truncate(want as usize);
        if want < cap {
            return Err(ReadError::Budget { path: name(), total: budget.total() });
        }
        return Ok((bytes, true));
    }
    Ok((bytes, false))
}

/// A text file: read whole within `cap`, decoded as UTF-8.
pub fn read_text(path: &Path, how: Open, cap: u64, budget: &Budget) -> Result<Result<String, usize>, ReadError> {
    let bytes = read(path, how, cap, budget)?;
    Ok(String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_within_their_cap() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"hello").expect("written");
        let budget = Budget::new(100);
        assert_eq!(read(&p, Open::FOUND, 5, &budget).expect("read"), b"hello");
        assert!(matches!(read(&p, Open::FOUND, 4, &budget), Err(ReadError::TooLarge { cap: 4, .. })));
        assert_eq!(read_head(&p, Open::FOUND, 2, &budget).expect("read"), (b"he".to_vec(), true));
        assert_eq!(budget.used(), 5 + 5 + 3);
    }

    #[test]
    fn the_budget_is_shared_and_enforced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("a.txt");
        std::fs::write(&p, vec![b'x'; 60]).expect("written");
        let budget = Budget::new(100);
        assert!(read(&p, Open::FOUND, 1000, &budget).is_ok());
        assert!(matches!(read(&p, Open::FOUND, 1000, &budget), Err(ReadError::Budget { total: 100, .. })));
        assert!(matches!(read(&p, Open::FOUND, 1000, &budget), Err(ReadError::Budget { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_refused_by_name_and_followed_only_when_asked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("secret");
        std::fs::write(&target, b"TOKEN=1").expect("written");
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        let budget = Budget::new(100);
        let err = read(&link, Open::NAMED, 100, &budget).expect_err("refused");
        assert!(matches!(&err, ReadError::Link { path } if path.ends_with("link.yaml")));
        assert!(!err.to_string().contains("secret"));
        assert_eq!(budget.used(), 0);
        assert_eq!(read(&link, Open::NAMED_FOLLOWING_LINKS, 100, &budget).expect("followed"), b"TOKEN=1");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_refused_without_blocking_and_devices_only_when_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        let budget = Budget::new(1 << 20);
        for how in [Open::FOUND, Open::NAMED, Open::NAMED_FOLLOWING_LINKS] {
            assert!(matches!(
                read(&fifo, how, 10, &budget),
                Err(ReadError::NotRegular { kind: "a FIFO (named pipe)", .. })
            ));
        }
        let zero = Path::new("/dev/zero");
        assert!(matches!(read(zero, Open::FOUND, 10, &budget), Err(ReadError::NotRegular { .. })));
        assert!(matches!(read(zero, Open::NAMED, 10, &budget), Err(ReadError::TooLarge { cap: 10, .. })));
        assert!(matches!(
            read(dir.path(), Open::NAMED, 10, &budget),
            Err(ReadError::NotRegular { kind: "a directory", .. })
        ));
    }
}
