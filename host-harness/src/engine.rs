//! The wasmtime engine every [`crate::Host`] runs on, tuned so that a fresh store and instance per
//! call (the isolation the harness promises) costs a few microseconds instead of tens.
//!
//! Measured with `cargo bench -p aftership-harness` (the "fixed cost" section prints each step):
//! with wasmtime's default on-demand allocator almost all of a fresh call's fixed cost is the
//! kernel, not the guest: `mmap` of a new 4 GiB reservation, copy-on-write mapping of the data
//! image, page faults on the first touch of every page the call uses (stack, data, heap), and
//! `munmap` at the end. The pooling allocator below keeps a small set of memory slots mapped,
//! maps the component's data image once per slot (copy-on-write), and on reuse resets only the
//! pages the previous call dirtied (Linux `PAGEMAP_SCAN` where the kernel has it) while keeping
//! them resident, so the next call takes no page faults. Every call still gets a fresh store, a
//! fresh instance and pristine memory.
//!
//! Same run, 2 loaded cores (fresh store + instance + `validate-settings`): on-demand 92-208 µs
//! with 5 page faults per call; pooling with copy-on-write alone 57-108 µs (5 faults); with
//! 8 MiB resident but without `PAGEMAP_SCAN` 45-76 µs; this configuration 34 µs with no fault.
//!
//! Where the remaining 31-36 µs went (`perf record -g` on the bench's `--probe fixed`, a fresh
//! call in a loop; the bench's "step by step" section prints each step):
//! - a third in wasmtime's component type checks: `bindgen!`'s `ConnectorPre::instantiate`
//!   type-checks all 15 exports on every instantiation. The host now resolves export indices
//!   and checks every export's type once, when it loads (`engine/exports.rs`): instantiation
//!   30 -> 5 µs.
//! - a quarter in `mprotect`: std's wasm allocator never uses the initial memory, so every fresh
//!   instance's first allocation grew memory (an `mprotect` to open the pages, and another when
//!   the slot's next instance closes them). The guest now links with a 448 KiB initial memory and
//!   allocates small calls from its tail (`crates/aftership-guest/src/arena.rs`): no
//!   `memory.grow` for `validate-settings` or a create-tracking build-request.
//! - the rest: the slot reset on drop (the `PAGEMAP_SCAN` ioctl over the accessible memory, about
//!   a third of what is left, which is why the initial memory stays small), instance set-up
//!   (`func_loc` lookups, funcref init) and the copies across the boundary.
//!
//! After (bench runs on 2 loaded cores): fresh store + instance 5.2-5.5 µs, + the first
//! `validate-settings` 6.2-6.5 µs (a second call on that instance +0.7-1.1 µs); through
//! [`crate::Host`] (settings conversion, the limiter, the slot gate) 6.7 µs in the bench's cases,
//! 7.3-10.7 µs in `--probe fixed` loops. A create-tracking build-request on a fresh instance
//! 20-22 µs against 5.1-5.8 µs natively: the guest's own work (~14 µs) is 2.5-3x native.
//! Through `Host::build_request` it measured 20-37 µs in different runs as the machine's load
//! changed; `perf` on `--probe build` (34 µs per call then): half the cycles in the guest's
//! code, a tenth in the slot reset (`PAGEMAP_SCAN`), 4% copying across the boundary.
//!
//! A later profile with the guest's functions named (`AFTERSHIP_PERFMAP=1`, see
//! [`engine_config`]; a guest build without `wasm-opt`, 25 µs per `--probe build` call): 52% in
//! the guest (a tenth of the call was `Value`'s `Display` writing the body through `fmt`, since
//! replaced by `serde_json::to_string`), 14% the slot reset's `PAGEMAP_SCAN` ioctl (it walks the
//! page-table entries of the accessible memory, the 448 KiB initial memory for small calls),
//! 4-5% wasmtime setting up funcrefs on first use (`func_loc` lookups), the rest instance
//! set-up and copies.

use std::sync::{Condvar, Mutex};

mod exports;
pub(crate) use exports::{LazyConnector, LazyConnectorPre};

use wasmtime::{
    Config, Enabled, InstanceAllocationStrategy, PoolingAllocationConfig, ProfilingStrategy,
};

/// The largest linear memory any call can have, whatever [`crate::Limits::memory_bytes`] says:
/// each pool slot is sized for it. Also the ceiling that keeps `Limits` honest: a larger limit
/// acts as this one.
pub const MAX_MEMORY_BYTES: usize = 1 << 30;

/// How many calls may run at the same time on one engine (one pool slot each). Further calls
/// wait for a slot instead of failing.
pub const POOL_SLOTS: u32 = 32;

/// Bytes of each memory slot kept resident between calls and reset in place (only the dirty
/// pages, with `PAGEMAP_SCAN`); memory beyond this is returned to the kernel after each call.
/// Covers the working set of every ordinary call and of a 1 MiB listing parse.
pub const KEEP_RESIDENT_BYTES: usize = 8 << 20;

/// The engine configuration of every host: component model, epoch deadlines, and the pooling
/// allocator with copy-on-write memory images (see the module docs for the measurements).
pub fn engine_config() -> Config {
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(POOL_SLOTS)
        .total_core_instances(POOL_SLOTS)
        .total_memories(POOL_SLOTS)
        .total_tables(POOL_SLOTS)
        .max_memory_size(MAX_MEMORY_BYTES)
        .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
        .table_keep_resident(64 << 10)
        .pagemap_scan(Enabled::Auto)
        // Reuse the same warm slots (LRU) rather than touching cold ones: RSS stays at
        // "concurrent calls × working set".
        .max_unused_warm_slots(0);
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .epoch_interruption(true)
        // Copy-on-write data images are the default; stated because the speed depends on it.
        .memory_init_cow(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    // Profiling aid, off unless asked for: with `AFTERSHIP_PERFMAP=1` wasmtime writes
    // `/tmp/perf-<pid>.map`, so `perf report` names the guest's functions (build the guest with
    // `CARGO_PROFILE_GUEST_RELEASE_STRIP=false AFTERSHIP_WASM_OPT=0` to keep their names).
    if std::env::var_os("AFTERSHIP_PERFMAP").is_some_and(|v| v == "1") {
        config.profiler(ProfilingStrategy::PerfMap);
    }
    config
}

/// A counting gate in front of the pool: at most [`POOL_SLOTS`] calls hold an instance at once,
/// so a burst of concurrent calls queues instead of failing with "pool exhausted".
#[derive(Debug, Default)]
pub(crate) struct SlotGate {
    busy: Mutex<u32>,
    freed: Condvar,
}

/// One held slot; released on drop.
pub(crate) struct Slot<'a> {
    gate: &'a SlotGate,
}

impl SlotGate {
    /// Waits for a free slot.
    pub(crate) fn acquire(&self) -> Slot<'_> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        while *busy >= POOL_SLOTS {
            busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy += 1;
        Slot { gate: self }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut busy = self.gate.busy.lock().unwrap_or_else(|e| e.into_inner());
        *busy -= 1;
        drop(busy);
        self.gate.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_gate_admits_at_most_the_pool_size() {
        let gate = Arc::new(SlotGate::default());
        let held: Vec<Slot<'_>> = (0..POOL_SLOTS).map(|_| gate.acquire()).collect();
        assert_eq!(*gate.busy.lock().unwrap(), POOL_SLOTS);
        let waiter = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || {
                let _slot = gate.acquire();
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(
            !waiter.is_finished(),
            "a call beyond the pool size must wait"
        );
        drop(held);
        waiter.join().unwrap();
        assert_eq!(*gate.busy.lock().unwrap(), 0);
    }
}
