//! The runtime: [`Host`] compiles the component, pre-instantiates it, and runs each export call
//! in a fresh store and instance under its [`Limits`].

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Linker};
use wasmtime::{
    Engine, ResourceLimiter, Store, StoreLimits, StoreLimitsBuilder, Trap, WasmBacktrace,
};

use crate::cache::load_cached;
use crate::convert::Convert;
use crate::engine::{engine_config, LazyConnector, LazyConnectorPre, SlotGate};
use crate::{HostError, Limits, COMPONENT_BYTES, EPOCH_TICK};

/// Per-call store data: the memory limiter, and whether it refused a growth (to tell an
/// out-of-memory abort from any other trap).
pub(crate) struct CallState {
    limits: StoreLimits,
    memory_refused: bool,
}

impl ResourceLimiter for CallState {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = self.limits.memory_growing(current, desired, maximum)?;
        if !allowed {
            self.memory_refused = true;
        }
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

/// The compiled component plus everything needed to run calls on it. Cloning is cheap and shares
/// the engine, the compiled code and the epoch thread.
#[derive(Clone)]
pub struct Host {
    engine: Engine,
    component: Component,
    pre: Arc<LazyConnectorPre<CallState>>,
    gate: Arc<SlotGate>,
    limits: Limits,
}

impl fmt::Debug for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Host")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Host {
    /// Loads the embedded component with the default [`Limits`], using the compiled-code cache
    /// (see [`Host::with_limits`]).
    pub fn new() -> Result<Host, HostError> {
        Host::with_limits(Limits::DEFAULT)
    }

    /// Loads the embedded component with these limits. Compiled code is cached as a `.cwasm`
    /// file next to the component in cargo's build output (`OUT_DIR`), keyed by a hash of the
    /// component and the engine's settings: compiling takes seconds in a debug build, loading
    /// the cache milliseconds. A missing, stale or unusable cache falls back to compiling.
    pub fn with_limits(limits: Limits) -> Result<Host, HostError> {
        Host::load(COMPONENT_BYTES, limits, Some(Path::new(env!("OUT_DIR"))))
    }

    /// Compiles a component given as bytes, without any cache.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<Host, HostError> {
        Host::load(bytes, limits, None)
    }

    fn load(bytes: &[u8], limits: Limits, cache_dir: Option<&Path>) -> Result<Host, HostError> {
        let engine =
            Engine::new(&engine_config()).map_err(|e| HostError::Load(format!("engine: {e:#}")))?;
        let component = match cache_dir.filter(|dir| dir.is_dir()) {
            Some(dir) => load_cached(&engine, bytes, dir)?,
            None => compile(&engine, bytes)?,
        };
        // The component imports nothing, so the linker stays empty: it grants no capability.
        let linker: Linker<CallState> = Linker::new(&engine);
        let instance_pre = linker
            .instantiate_pre(&component)
            .map_err(|e| HostError::Load(format!("link: {e:#}")))?;
        let pre = LazyConnectorPre::new(instance_pre)
            .map_err(|e| HostError::Load(format!("exports: {e:#}")))?;
        spawn_epoch_ticker(&engine);
        let host = Host {
            engine,
            component,
            pre: Arc::new(pre),
            gate: Arc::new(SlotGate::default()),
            limits,
        };
        // Every export's type, checked once on a throwaway instance (under the default limits,
        // so a host given a tiny memory cap still loads and reports the cap at its calls):
        // calls skip the check.
        host.limited(Limits::DEFAULT)
            .call("(export types)", |c, store| c.check_types(store))
            .map_err(|e| HostError::Load(format!("exports: {e}")))?;
        Ok(host)
    }

    /// The same compiled component with other limits (no recompilation).
    pub fn limited(&self, limits: Limits) -> Host {
        Host {
            limits,
            ..self.clone()
        }
    }

    /// The limits applied to each call.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The engine (e.g. to inspect the component's type).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The compiled component.
    pub fn component(&self) -> &Component {
        &self.component
    }

    /// Names of the component's imports (the connector is built to have none).
    pub fn imports(&self) -> Vec<String> {
        self.component
            .component_type()
            .imports(&self.engine)
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// Imports that would need something from the host: every import except an instance that
    /// carries only types (a WIT world that `use`s an interface imports it for its types alone;
    /// such an import is satisfied by an empty linker).
    pub fn capability_imports(&self) -> Vec<String> {
        self.component
            .component_type()
            .imports(&self.engine)
            .filter(|(_, import)| match &import.ty {
                ComponentItem::ComponentInstance(instance) => !instance
                    .exports(&self.engine)
                    .all(|(_, export)| matches!(export.ty, ComponentItem::Type(_))),
                _ => true,
            })
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// Runs `f` against a fresh instance in a fresh store with this host's limits.
    pub(crate) fn call<R>(
        &self,
        export: &'static str,
        f: impl FnOnce(&LazyConnector<'_>, &mut Store<CallState>) -> wasmtime::Result<R>,
    ) -> Result<R, HostError> {
        let state = CallState {
            limits: StoreLimitsBuilder::new()
                .memory_size(self.limits.effective_memory_bytes())
                .build(),
            memory_refused: false,
        };
        // Declared first so it is released last, after the store has returned its slot.
        let _slot = self.gate.acquire();
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| state);
        store.set_epoch_deadline(self.limits.deadline_ticks());
        let result = match self.pre.instantiate(&mut store) {
            Ok(connector) => f(&connector, &mut store),
            Err(e) => Err(e),
        };
        result.map_err(|e| self.classify(export, store.data(), e))
    }

    /// [`Host::call`], with the answer converted to the core's types.
    pub(crate) fn export<W: Convert<C>, C>(
        &self,
        export: &'static str,
        f: impl FnOnce(&LazyConnector<'_>, &mut Store<CallState>) -> wasmtime::Result<W>,
    ) -> Result<C, HostError> {
        self.call(export, f).map(Convert::convert)
    }

    fn classify(
        &self,
        export: &'static str,
        state: &CallState,
        error: wasmtime::Error,
    ) -> HostError {
        if state.memory_refused {
            return HostError::OutOfMemory {
                export,
                limit_bytes: self.limits.effective_memory_bytes(),
            };
        }
        match error.downcast_ref::<Trap>() {
            Some(Trap::Interrupt) => HostError::Deadline {
                export,
                timeout: self.limits.timeout,
            },
            Some(trap) => {
                let mut message = trap.to_string();
                if let Some(trace) = error.downcast_ref::<WasmBacktrace>() {
                    message.push_str(&format!("\n{trace}"));
                }
                HostError::Trap { export, message }
            }
            None => HostError::Trap {
                export,
                message: format!("{error:#}"),
            },
        }
    }
}

pub(crate) fn compile(engine: &Engine, bytes: &[u8]) -> Result<Component, HostError> {
    Component::from_binary(engine, bytes).map_err(|e| HostError::Load(format!("compile: {e:#}")))
}

/// Starts the thread that advances the engine's epoch every [`EPOCH_TICK`]; it stops once the
/// engine is gone.
fn spawn_epoch_ticker(engine: &Engine) {
    let weak = engine.weak();
    let spawned = std::thread::Builder::new()
        .name("aftership-epoch".into())
        .spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            match weak.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => break,
            }
        });
    // Without the thread deadlines never expire, but calls still work; nothing else to do.
    drop(spawned);
}
