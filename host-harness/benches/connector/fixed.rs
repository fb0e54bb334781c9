//! Where the fixed cost of a call in a fresh store and instance goes, per engine setting: the
//! same component and the same `validate-settings` call, on wasmtime's default on-demand
//! allocator (how the harness ran before) and on variants of the pooling set-up the harness uses
//! now, so each factor (pool slots, copy-on-write image, resident pages) shows on its own.

use std::hint::black_box;
use std::time::Duration;

use aftership_harness::{engine_config, wit, Connector, ConnectorPre};
use wasmtime::component::{Component, Linker};
use wasmtime::{
    Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter,
    Store,
};

use crate::{median_per_call, micros};

/// Minor page faults of this process so far (field 10 of `/proc/self/stat`; 0 elsewhere).
pub fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // The command name (field 2) may hold spaces; count from the closing parenthesis.
            let rest = &stat[stat.rfind(')')? + 2..];
            rest.split(' ').nth(7)?.parse().ok()
        })
        .unwrap_or(0)
}

/// One engine setting to compare.
struct Variant {
    name: &'static str,
    config: Config,
}

fn pooled(tune: impl FnOnce(&mut PoolingAllocationConfig), cow: bool) -> Config {
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(8)
        .total_core_instances(8)
        .total_memories(8)
        .total_tables(8)
        .max_unused_warm_slots(0);
    tune(&mut pool);
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .epoch_interruption(true)
        .memory_init_cow(cow)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    config
}

fn variants() -> Vec<Variant> {
    let mut on_demand = Config::new();
    on_demand
        .wasm_component_model(true)
        .epoch_interruption(true);
    vec![
        Variant {
            name: "on-demand allocator (before)",
            config: on_demand,
        },
        Variant {
            name: "pooling, copy-on-write, no resident pages",
            config: pooled(|_| {}, true),
        },
        Variant {
            name: "pooling, data copied, 8 MiB resident",
            config: pooled(
                |p| {
                    p.linear_memory_keep_resident(8 << 20)
                        .pagemap_scan(Enabled::Auto);
                },
                false,
            ),
        },
        Variant {
            name: "pooling, copy-on-write, 8 MiB resident, no pagemap",
            config: pooled(
                |p| {
                    p.linear_memory_keep_resident(8 << 20)
                        .pagemap_scan(Enabled::No);
                },
                true,
            ),
        },
        Variant {
            name: "harness engine_config() (after)",
            config: engine_config(),
        },
    ]
}

/// Parameters and results of `validate-settings`, for a typed call.
type Validate<'a> = (&'a wit::ConnectionSettings,);
type Validated = (Result<(), Vec<wit::FieldError>>,);

/// The export index of `validate-settings` (looked up by the call, as the harness does).
fn validate_index(component: &Component) -> wasmtime::component::ComponentExportIndex {
    let api = component
        .get_export_index(None, "aftership:connector/api@0.2.0")
        .expect("api");
    component
        .get_export_index(Some(&api), "validate-settings")
        .expect("validate-settings")
}

fn settings() -> wit::ConnectionSettings {
    wit::ConnectionSettings {
        name: "bench".into(),
        api_type: wit::ApiType::Tracking,
        environment: wit::Environment::Production,
        auth_mode: wit::AuthMode::ApiKey,
        api_key: "bench-key".into(),
        api_secret: None,
        access_token: None,
        oauth_token_header: None,
        store_id: None,
        base_url: None,
    }
}

/// Prints the breakdown table and returns the harness engine's fixed cost (fresh instance and a
/// `validate-settings` call) for the summary.
pub fn breakdown(bytes: &[u8]) -> Duration {
    println!("\n## Fixed cost of a fresh store + instance, by engine setting (validate-settings)");
    println!(
        "{:<52} {:>12} {:>14} {:>14} {:>12}",
        "engine", "instantiate", "fresh + call", "reused call", "faults/call"
    );
    let settings = settings();
    let mut harness = Duration::ZERO;
    for variant in variants() {
        let engine = Engine::new(&variant.config).expect("engine");
        let component = Component::from_binary(&engine, bytes).expect("compiles");
        let linker: Linker<()> = Linker::new(&engine);
        let pre = linker.instantiate_pre(&component).expect("links");
        let validate = validate_index(&component);
        let fresh = |call: bool| {
            let mut store = Store::new(&engine, ());
            store.set_epoch_deadline(u64::MAX);
            let instance = pre.instantiate(&mut store).expect("instantiates");
            if call {
                let func = instance
                    .get_typed_func::<Validate<'_>, Validated>(&mut store, &validate)
                    .expect("typed");
                let _ = black_box(func.call(&mut store, (&settings,)).expect("call"));
            }
        };
        // Warm the pool's slots first.
        for _ in 0..50 {
            fresh(true);
        }
        let instantiate = median_per_call(11, 200, || fresh(false));
        let faults_before = minor_faults();
        let calls = 11 * 200;
        let with_call = median_per_call(11, 200, || fresh(true));
        let faults = (minor_faults() - faults_before) as f64 / calls as f64;
        let mut store = Store::new(&engine, ());
        store.set_epoch_deadline(u64::MAX);
        let instance = pre.instantiate(&mut store).expect("instantiates");
        let func = instance
            .get_typed_func::<Validate<'_>, Validated>(&mut store, &validate)
            .expect("typed");
        let reused = median_per_call(11, 400, || {
            let _ = black_box(func.call(&mut store, (&settings,)).expect("call"));
        });
        println!(
            "{:<52} {:>9.1} µs {:>11.1} µs {:>11.1} µs {:>12.1}",
            variant.name,
            micros(instantiate),
            micros(with_call),
            micros(reused),
            faults
        );
        harness = with_call;
    }
    harness
}

/// Store data of the step-by-step breakdown: a limiter (as the harness installs one) that counts
/// the guest's `memory.grow` requests.
#[derive(Default)]
struct Counting {
    grows: u64,
}

impl ResourceLimiter for Counting {
    fn memory_growing(
        &mut self,
        current: usize,
        _: usize,
        _: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // The limiter is also asked for the initial memory (current = 0): not a grow.
        if current > 0 {
            self.grows += 1;
        }
        Ok(true)
    }

    fn table_growing(&mut self, _: usize, _: usize, _: Option<usize>) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

/// Where the fixed cost of a fresh call goes on the harness engine, step by step (each step
/// includes the ones before it, and the store's drop, which resets the pool slot). Calls look up
/// and type-check only the export they call, as the harness does.
pub fn steps(bytes: &[u8]) {
    println!("\n## Fixed cost, step by step (harness engine, validate-settings)");
    let engine = Engine::new(&engine_config()).expect("engine");
    let component = Component::from_binary(&engine, bytes).expect("compiles");
    let linker: Linker<Counting> = Linker::new(&engine);
    let instance_pre = linker.instantiate_pre(&component).expect("links");
    let api = component
        .get_export_index(None, "aftership:connector/api@0.2.0")
        .expect("api");
    let validate = validate_index(&component);
    let build = component
        .get_export_index(Some(&api), "build-request")
        .expect("build-request");
    let bindgen_pre = ConnectorPre::new(instance_pre.clone()).expect("exports");
    let settings = settings();
    let call = |instance: &wasmtime::component::Instance, store: &mut Store<Counting>| {
        let func = instance
            .get_typed_func::<Validate<'_>, Validated>(&mut *store, &validate)
            .expect("typed");
        let _ = black_box(func.call(&mut *store, (&settings,)).expect("call"));
    };
    let new_store = || {
        let mut store = Store::new(&engine, Counting::default());
        store.limiter(|state| state);
        store.set_epoch_deadline(u64::MAX);
        store
    };
    let fresh = |step: u8| -> u64 {
        let mut store = new_store();
        if step == 4 {
            let connector: Connector = bindgen_pre.instantiate(&mut store).expect("instantiates");
            black_box(&connector);
        } else if step >= 1 {
            let instance = instance_pre.instantiate(&mut store).expect("instantiates");
            if step >= 2 {
                call(&instance, &mut store);
            }
            if step >= 3 {
                call(&instance, &mut store);
            }
        }
        store.data().grows
    };
    for _ in 0..50 {
        fresh(3);
    }
    let names = [
        "store + limiter + deadline, dropped",
        "+ instantiate",
        "+ first call (its export looked up, type-checked)",
        "+ second call on the same instance",
    ];
    let mut previous = Duration::ZERO;
    for (step, name) in names.iter().enumerate() {
        let step = step as u8;
        let grows = fresh(step);
        let faults_before = minor_faults();
        let time = median_per_call(11, 200, || {
            fresh(step);
        });
        let faults = (minor_faults() - faults_before) as f64 / (11.0 * 200.0);
        println!(
            "{name:<52} {:>9.1} µs  (step {:>+7.1} µs)  memory.grow {grows:>3}  faults {faults:.1}",
            micros(time),
            micros(time) - micros(previous),
        );
        previous = time;
    }
    let bindgen = median_per_call(11, 200, || {
        fresh(4);
    });
    println!(
        "{:<52} {:>9.1} µs  (bindgen's ConnectorPre: all 15 exports type-checked)",
        "instantiate, every export type-checked (before)",
        micros(bindgen)
    );
    let mut store = new_store();
    let instance = instance_pre.instantiate(&mut store).expect("instantiates");
    let context = wit::RequestContext {
        now_unix_ms: 1_783_327_777_000,
        request_id: None,
    };
    type Build<'a> = (
        &'a wit::ConnectionSettings,
        &'a str,
        &'a str,
        &'a wit::RequestContext,
    );
    let func = instance
        .get_typed_func::<Build<'_>, (Result<wit::HttpRequest, wit::ConnectorError>,)>(
            &mut store, &build,
        )
        .expect("typed");
    let input = crate::cases::CREATE;
    let build_args = (&settings, "tracking.create_tracking", input, &context);
    let reused = median_per_call(11, 200, || {
        let _ = black_box(func.call(&mut store, build_args).expect("call"));
    });
    let fresh_build = median_per_call(11, 200, || {
        let mut store = new_store();
        let instance = instance_pre.instantiate(&mut store).expect("instantiates");
        let func = instance
            .get_typed_func::<Build<'_>, (Result<wit::HttpRequest, wit::ConnectorError>,)>(
                &mut store, &build,
            )
            .expect("typed");
        let _ = black_box(func.call(&mut store, build_args).expect("call"));
    });
    println!(
        "build-request (create tracking): fresh instance {:.1} µs, reused instance {:.1} µs",
        micros(fresh_build),
        micros(reused)
    );
    let mut store = new_store();
    let instance = instance_pre.instantiate(&mut store).expect("instantiates");
    let func = instance
        .get_typed_func::<Build<'_>, (Result<wit::HttpRequest, wit::ConnectorError>,)>(
            &mut store, &build,
        )
        .expect("typed");
    let _ = black_box(
        func.call(
            &mut store,
            (&settings, "tracking.create_tracking", input, &context),
        )
        .expect("call"),
    );
    println!(
        "memory.grow of a fresh build-request (create tracking): {}",
        store.data().grows
    );
}
