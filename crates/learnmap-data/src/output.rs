//! Where a subcommand writes: a file (written whole or not at all) or stdout.

use anyhow::Context;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Runs `write` on `path`, or on stdout when `path` is `None`.
///
/// A file is written to a temporary file beside it and renamed into place
/// when complete, so a failed run never leaves half a file; missing parent
/// directories are created. Returns how many bytes were written. On stdout,
/// a reader that goes away early (`| head`) is not an error.
pub fn write_to<F>(path: Option<&Path>, write: F) -> anyhow::Result<u64>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    match path {
        None => {
            let stdout = io::stdout();
            let mut counter = Counter::new(BufWriter::new(stdout.lock()));
            match write(&mut counter).and_then(|()| counter.flush()) {
                Ok(()) => Ok(counter.count),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(counter.count),
                Err(e) => Err(e).context("cannot write to standard output"),
            }
        }
        Some(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create the directory {}", parent.display()))?;
            }
            let partial = partial_path(path);
            let result = (|| {
                let file = File::create(&partial)?;
                let mut counter = Counter::new(BufWriter::new(file));
                write(&mut counter)?;
                counter.flush()?;
                let count = counter.count;
                counter
                    .inner
                    .into_inner()
                    .map_err(|e| e.into_error())?
                    .sync_all()?;
                fs::rename(&partial, path)?;
                Ok::<u64, io::Error>(count)
            })();
            result
                .inspect_err(|_| {
                    let _ = fs::remove_file(&partial);
                })
                .with_context(|| format!("cannot write {}", path.display()))
        }
    }
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// Counts the bytes written through it.
struct Counter<W> {
    inner: W,
    count: u64,
}

impl<W> Counter<W> {
    fn new(inner: W) -> Self {
        Counter { inner, count: 0 }
    }
}

impl<W: Write> Write for Counter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub use learnmap_import::human_bytes;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_files_sit_beside_the_target() {
        assert_eq!(
            partial_path(Path::new("target/synth/a.geojson")),
            Path::new("target/synth/a.geojson.partial")
        );
    }
}
