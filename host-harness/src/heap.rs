//! Keeping the host allocator's freed pages between calls: a process-wide, opt-in setting.
//!
//! A call that moves a large body (a 1 MiB listing parse) allocates and frees about a megabyte
//! on the host per call (the outcome's data lifted out of the guest). glibc's defaults hand such
//! blocks back to the kernel when they are freed (`munmap`, or `brk` trimming the heap top), so
//! every next call takes fresh zeroed pages through page faults: `perf` on the benchmark's
//! `--probe listing` put 12% of a 1 MiB parse in page faults. With the thresholds raised the
//! freed pages stay in the heap and the next call reuses them.
//!
//! Process-wide, so a library must not choose it for its embedder: the CLI calls
//! [`keep_heap_pages`] first thing, and so does the benchmark (for both its native and its
//! component side). Memory cost: up to [`TRIM_THRESHOLD_BYTES`] of freed heap kept per arena.

/// Blocks below this size come from the heap rather than their own `mmap` (glibc's largest
/// allowed value on 64-bit targets).
pub const MMAP_THRESHOLD_BYTES: i32 = 32 << 20;

/// Free memory at the heap's top that glibc keeps instead of returning it to the kernel.
pub const TRIM_THRESHOLD_BYTES: i32 = 64 << 20;

/// Raises glibc's `mmap` and trim thresholds (see the module docs). Returns whether the
/// allocator took the settings: false on other C libraries and platforms, where it does nothing.
pub fn keep_heap_pages() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        #[allow(unsafe_code)]
        // SAFETY: `mallopt` only changes glibc's tuning parameters. It has no memory-safety
        // precondition, takes the allocator's own locks, and refuses values out of range (0).
        let applied = unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1
        };
        applied
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glibc_takes_the_settings() {
        let applied = keep_heap_pages();
        assert_eq!(applied, cfg!(all(target_os = "linux", target_env = "gnu")));
    }
}
