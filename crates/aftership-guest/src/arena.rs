#![allow(unsafe_code)] // A global allocator is unsafe code by definition; see the SAFETY notes.
//! The guest's allocator: a bump arena over the tail of the initial linear memory, in front of
//! the standard allocator (wasm32 only).
//!
//! Why: every call runs in a fresh instance, and std's allocator never uses the initial memory
//! past `__heap_base`: its first allocation always asks for a `memory.grow`. In a pooled
//! wasmtime slot each grow is an `mprotect` to open the pages, and the next instance of the slot
//! pays another to close them again (about 14 µs of a 35 µs fresh call, measured with
//! `perf record` on `cargo bench -p aftership-harness --bench connector -- --probe 5`). The link
//! arguments (`build.rs`) give the module a larger initial memory, and this allocator serves
//! small calls from it without growing memory at all.
//!
//! The arena only moves forward: freeing or shrinking its most recent block gives the bytes
//! back, other frees are no-ops (the whole arena is discarded with the instance after one call).
//! What does not fit goes to std's allocator, which owns all memory past the initial size, so
//! the two never overlap and a large call (a listing parse) wastes at most the arena's size.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Serves the arena, then falls back to [`System`].
pub struct Arena {
    /// Next free byte of the arena (0 until the first allocation).
    next: AtomicUsize,
    /// End of the arena: the initial memory size.
    end: AtomicUsize,
}

extern "C" {
    /// First byte past the data segments and the stack (set by the linker).
    static __heap_base: u8;
}

impl Arena {
    /// An arena that claims its bounds on first use.
    pub const fn new() -> Self {
        Arena {
            next: AtomicUsize::new(0),
            end: AtomicUsize::new(0),
        }
    }

    /// `(next, end)`, set on first use to `[__heap_base, initial memory size)`.
    fn bounds(&self) -> (usize, usize) {
        let next = self.next.load(Relaxed);
        if next != 0 {
            return (next, self.end.load(Relaxed));
        }
        // Only the address of the linker symbol is taken, never its contents (safe since Rust
        // 1.82 for an extern static).
        let base = std::ptr::addr_of!(__heap_base) as usize;
        let end = core::arch::wasm32::memory_size(0) * 65536;
        self.end.store(end, Relaxed);
        (base, end)
    }

    fn contains(&self, ptr: *mut u8) -> bool {
        let addr = ptr as usize;
        addr < self.end.load(Relaxed) && self.next.load(Relaxed) != 0
    }
}

impl Default for Arena {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: the arena hands out disjoint, aligned blocks inside memory the module owns (between
// `__heap_base` and the initial size, which std's allocator never uses); everything else is
// forwarded to `System` unchanged. The guest is single-threaded.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let (next, end) = self.bounds();
        let start = next.next_multiple_of(layout.align());
        match start.checked_add(layout.size()) {
            Some(stop) if stop <= end => {
                self.next.store(stop, Relaxed);
                start as *mut u8
            }
            _ => {
                // Arena exhausted: keep `next` initialised so `contains` stays right.
                self.next.store(next, Relaxed);
                unsafe { System.alloc(layout) }
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.contains(ptr) {
            if ptr as usize + layout.size() == self.next.load(Relaxed) {
                self.next.store(ptr as usize, Relaxed);
            }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !self.contains(ptr) {
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        let addr = ptr as usize;
        // The most recent block grows or shrinks in place while it fits.
        if addr + layout.size() == self.next.load(Relaxed) {
            if let Some(stop) = addr.checked_add(new_size) {
                if stop <= self.end.load(Relaxed) {
                    self.next.store(stop, Relaxed);
                    return ptr;
                }
            }
        } else if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: `layout.align()` is a valid alignment and the caller guarantees that
        // `new_size`, rounded up to it, does not overflow.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live and at least `min(old, new)` bytes long; the new one
            // comes after `next` or from `System`, so they do not overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}
