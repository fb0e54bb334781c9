"""The sandbox: one engine and compiled component per process, a fresh store per call.

Every call gets a new store with a memory cap and an epoch deadline, and a new instance (about
0.3 ms): a trap, an exhausted memory cap or a passed deadline ends that call only. Compiling the
component takes seconds; the compiled code is kept for the process and, unless disabled, on disk
(keyed by the component's sha256, the wasmtime version and the engine settings).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import wasmtime
from wasmtime import component as wc

from . import _fastcall
from ._errors import HostError

API_INSTANCE = "aftership:connector/api@0.2.0"
# Engine epoch tick; a deadline of `timeout_s` is rounded up to whole ticks.
TICK_S = 0.01
_DEFAULT_COMPONENT = Path(__file__).with_name("connector.wasm")


def default_cache_dir() -> Optional[Path]:
    """``$AFTERSHIP_CONNECTOR_CACHE`` (empty: no disk cache), else the user cache directory."""
    env = os.environ.get("AFTERSHIP_CONNECTOR_CACHE")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aftership-connector"


class _Ticker:
    """A daemon thread advancing the engine's epoch every TICK_S (what epoch deadlines count)."""

    def __init__(self, engine: wasmtime.Engine) -> None:
        self._engine = engine
        self._stop = threading.Event()
        thread = threading.Thread(target=self._run, name="aftership-epoch", daemon=True)
        thread.start()

    def _run(self) -> None:
        while not self._stop.wait(TICK_S):
            self._engine.increment_epoch()


class Runtime:
    """A compiled component plus the engine it belongs to; shared by every Connector using the
    same component file."""

    def __init__(self, wasm: bytes, cache_dir: Optional[Path]) -> None:
        config = wasmtime.Config()
        config.epoch_interruption = True
        self.engine = wasmtime.Engine(config)
        self.sha256 = hashlib.sha256(wasm).hexdigest()
        self.component = self._load(wasm, cache_dir)
        self.linker = wc.Linker(self.engine)  # empty: the component imports nothing
        api = self.component.get_export_index(API_INSTANCE)
        if api is None:
            raise HostError("trap", f"the component does not export {API_INSTANCE}")
        self._api = api
        self._indexes: Dict[str, Any] = {}
        self._signatures: Dict[str, Any] = {}
        self.fast = _fastcall.available() and os.environ.get("AFTERSHIP_CONNECTOR_PLAIN_CALLS") != "1"
        self._ticker = _Ticker(self.engine)

    def _load(self, wasm: bytes, cache_dir: Optional[Path]) -> wc.Component:
        if cache_dir is None:
            return wc.Component(self.engine, wasm)
        key = hashlib.sha256(f"{self.sha256}:{_wasmtime_version()}:epoch".encode()).hexdigest()
        key = key[:32]
        path = cache_dir / f"connector-{key}.cwasm"
        if path.is_file():
            try:
                return wc.Component.deserialize_file(self.engine, str(path))
            except wasmtime.WasmtimeError:
                pass  # stale or damaged: compile again and overwrite
        component = wc.Component(self.engine, wasm)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(component.serialize())
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only or missing cache directory only costs the next compile
        return component

    def _index(self, name: str) -> Any:
        index = self._indexes.get(name)
        if index is None:
            index = self.component.get_export_index(name, self._api)
            if index is None:
                raise HostError("trap", f"the component does not export `{name}`")
            self._indexes[name] = index
        return index

    def call(self, name: str, args: Tuple[Any, ...], memory_bytes: int, timeout_s: float) -> Any:
        """Calls export `name` in a fresh store; maps traps to HostError."""
        size = _payload_bytes(args)
        if size > memory_bytes:
            # Lowering the arguments alone would exceed the cap (the guest would trap in its
            # allocator): say so plainly instead.
            raise HostError("out_of_memory", f"{name}: the arguments ({size} bytes) exceed the "
                            f"memory cap of {memory_bytes} bytes")
        store = wasmtime.Store(self.engine)
        store.set_limits(memory_size=memory_bytes)
        store.set_epoch_deadline(max(1, int(timeout_s / TICK_S + 0.999999)))
        try:
            instance = self.linker.instantiate(store, self.component)
            func = instance.get_func(store, self._index(name))
            if func is None:
                raise HostError("trap", f"`{name}` is not a function")
            if not self.fast:
                return func(store, *args)
            signature = self._signatures.get(name)
            if signature is None:
                signature = _fastcall.FrozenSignature(func.type(store))
                self._signatures[name] = signature
            return _fastcall.call(func, store, signature, args)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            raise _classify(name, e, memory_bytes, timeout_s) from None


def _classify(name: str, error: Exception, memory_bytes: int, timeout_s: float) -> HostError:
    text = str(error)
    code = getattr(error, "trap_code", None)
    if code == wasmtime.TrapCode.INTERRUPT or "interrupt" in text.lower():
        return HostError("deadline", f"{name} ran past its {timeout_s:g} s deadline")
    if "memory" in text.lower() and ("limit" in text.lower() or "grow" in text.lower()):
        return HostError("out_of_memory", f"{name} needed more than {memory_bytes} bytes")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # wasmtime puts the backtrace first and the reason after "Caused by:".
    first = lines[-1] if lines else type(error).__name__
    return HostError(
        "trap",
        f"{name}: {first} (memory cap {memory_bytes} bytes: an allocation refused by the cap "
        "also ends in a trap)",
    )


def _payload_bytes(value: Any) -> int:
    """Bytes the strings and byte strings of an argument tree take (what lowering copies)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(_payload_bytes(v) for v in value)
    if hasattr(value, "__dict__"):
        return sum(_payload_bytes(v) for v in vars(value).values())
    return 0


def _wasmtime_version() -> str:
    try:
        from importlib.metadata import version

        return version("wasmtime")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


_RUNTIMES: Dict[Tuple[str, Optional[str]], Runtime] = {}
_LOCK = threading.Lock()


def runtime_for(path: Optional[Path], cache_dir: Optional[Path]) -> Runtime:
    """The process-wide Runtime for a component file (compiled once)."""
    path = Path(path) if path is not None else _DEFAULT_COMPONENT
    if not path.is_file():
        raise FileNotFoundError(
            f"connector component not found at {path} (an installed package ships it; from the "
            "repository run scripts/stage-hosts.sh)"
        )
    key = (str(path.resolve()), str(cache_dir) if cache_dir else None)
    with _LOCK:
        runtime = _RUNTIMES.get(key)
        if runtime is None:
            runtime = Runtime(path.read_bytes(), cache_dir)
            _RUNTIMES[key] = runtime
        return runtime

