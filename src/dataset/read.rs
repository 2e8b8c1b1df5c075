//! Reading a dataset file without trusting the path: only a regular file, and only up to a size
//! limit, both checked before the file is opened (opening a FIFO with no writer blocks forever) and
//! the limit enforced again while reading (a file can grow in between).

use std::ffi::OsStr;
use std::fs::{File, FileType};
use std::io::Read;
use std::path::Path;

use super::DatasetError;
use super::quote::quote;

/// The environment variable that replaces [`DEFAULT_MAX_BYTES`].
pub const MAX_BYTES_VAR: &str = "ALUMNI_DATA_MAX_BYTES";
/// The largest file read by default: the shipped file is 10 KB and a million synthetic people about
/// 150 MB, so this refuses only what is not a dataset, before it takes the machine's memory.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The largest dataset file that will be read, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataLimit {
    max_bytes: u64,
}

impl Default for DataLimit {
    fn default() -> Self {
        DataLimit::bytes(DEFAULT_MAX_BYTES)
    }
}

impl DataLimit {
    /// A limit of `max_bytes`.
    pub const fn bytes(max_bytes: u64) -> DataLimit {
        DataLimit { max_bytes }
    }

    /// The limit in bytes.
    pub fn max_bytes(self) -> u64 {
        self.max_bytes
    }

    /// [`MAX_BYTES_VAR`] when it is set (and not empty), else the default; refused when it is not a
    /// whole number of bytes.
    pub fn from_env() -> Result<DataLimit, DatasetError> {
        DataLimit::from_value(std::env::var_os(MAX_BYTES_VAR).as_deref())
    }

    /// The limit a value of [`MAX_BYTES_VAR`] sets.
    fn from_value(value: Option<&OsStr>) -> Result<DataLimit, DatasetError> {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            return Ok(DataLimit::default());
        };
        let text = value.to_string_lossy();
        match text.trim().parse::<u64>() {
            Ok(n) if n > 0 => Ok(DataLimit::bytes(n)),
            _ => Err(DatasetError::BadLimit {
                value: quote(&text),
            }),
        }
    }
}

/// The text of the file at `path`, refused without opening it when it is not a regular file or is
/// larger than `limit`.
pub(super) fn read_limited(path: &Path, limit: DataLimit) -> Result<String, DatasetError> {
    let file = path.display().to_string();
    let read_error = |source| DatasetError::Read {
        file: file.clone(),
        source,
    };
    let max = limit.max_bytes;
    // `metadata` follows symlinks, so a link to a regular file is read and a link to a FIFO is not.
    let meta = std::fs::metadata(path).map_err(read_error)?;
    check_kind(&file, meta.file_type())?;
    check_size(&file, meta.len(), max)?;
    let opened = File::open(path).map_err(read_error)?;
    // The path may have been replaced since `metadata`: check what was opened too.
    let meta = opened.metadata().map_err(read_error)?;
    check_kind(&file, meta.file_type())?;
    check_size(&file, meta.len(), max)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    opened
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > max {
        // It grew while being read: report what it is now, at least what was read.
        let now = std::fs::metadata(path).map_or(read, |m| m.len().max(read));
        check_size(&file, now, max)?;
    }
    String::from_utf8(bytes).map_err(|e| {
        read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
        ))
    })
}

fn check_size(file: &str, size: u64, max: u64) -> Result<(), DatasetError> {
    if size > max {
        return Err(DatasetError::TooLarge {
            file: file.to_owned(),
            size,
            max,
        });
    }
    Ok(())
}

fn check_kind(file: &str, kind: FileType) -> Result<(), DatasetError> {
    if kind.is_file() {
        return Ok(());
    }
    Err(DatasetError::NotAFile {
        file: file.to_owned(),
        kind: describe(kind),
    })
}

/// What a path that is not a regular file is, for the message.
fn describe(kind: FileType) -> &'static str {
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "something other than a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_comes_from_the_variable_or_the_default() {
        let limit = |v: Option<&str>| DataLimit::from_value(v.map(OsStr::new));
        assert_eq!(limit(None).unwrap().max_bytes(), DEFAULT_MAX_BYTES);
        assert_eq!(limit(Some("")).unwrap().max_bytes(), DEFAULT_MAX_BYTES);
        assert_eq!(limit(Some("1000")).unwrap().max_bytes(), 1000);
        assert_eq!(limit(Some(" 1000 ")).unwrap().max_bytes(), 1000);
        for bad in ["0", "-1", "ten", "1e6", "256MiB", "99999999999999999999999"] {
            let err = limit(Some(bad)).unwrap_err().to_string();
            assert!(
                err.contains(MAX_BYTES_VAR) && err.contains(bad.trim()),
                "{bad}: {err}"
            );
        }
        let huge = "9".repeat(1_000_000);
        let err = limit(Some(&huge)).unwrap_err().to_string();
        assert!(err.len() < 300 && err.contains("bytes)"), "{err}");
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = std::env::temp_dir().join(format!("llama-alumni-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ten.json");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(
            read_limited(&path, DataLimit::bytes(10)).unwrap(),
            "0123456789"
        );
        let err = read_limited(&path, DataLimit::bytes(9)).unwrap_err();
        assert!(
            matches!(
                err,
                DatasetError::TooLarge {
                    size: 10,
                    max: 9,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = read_limited(&dir, DataLimit::default()).unwrap_err();
        assert!(
            matches!(
                err,
                DatasetError::NotAFile {
                    kind: "a directory",
                    ..
                }
            ),
            "{err:?}"
        );
        std::fs::write(&path, b"{\"a\": \"\xff\"}").unwrap();
        let err = read_limited(&path, DataLimit::default()).unwrap_err();
        assert!(
            err.to_string().contains("not UTF-8 text (at byte 7)"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file whose size says less than it holds (as one growing after `metadata`): the read stops
    /// one byte past the limit. Files in /proc report size 0 and hold more.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_longer_than_its_size_is_read_only_to_the_limit() {
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let err = read_limited(path, DataLimit::bytes(100)).unwrap_err();
        assert!(
            matches!(
                err,
                DatasetError::TooLarge {
                    size: 101,
                    max: 100,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
