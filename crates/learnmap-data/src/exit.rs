//! The tool's exit statuses (see `learnmap-data --help`): 0 on success,
//! 1 when the data has errors, 2 on a usage or I/O error.

/// The exit code for usage errors and I/O errors.
pub const EXIT_USAGE_OR_IO: u8 = 2;
