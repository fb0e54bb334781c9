"""Calls with the function's types read once, not on every call and every value.

wasmtime-py 50 asks the C API for a function's type on each call, and a record's field list, a
variant's cases or an option's payload type on every value it converts: lifting a Shipping
listing's 2,400 document records took about 2 s. Here each export's type tree is read once;
every type object in it answers those questions from a cache (its class is swapped for a
subclass whose properties return the cached answers), and the call itself mirrors
`wasmtime.component.Func.__call__` with the cached types. The conversions stay wasmtime-py's own.

This leans on wasmtime-py internals (pinned to 50.x in pyproject.toml); if they are not there,
`available()` is False and calls go through the public `Func.__call__`.
"""

from __future__ import annotations

import struct
from ctypes import byref, c_size_t, c_void_p, pointer, sizeof, string_at
from typing import Any, Callable, Dict, List, Optional, Tuple

try:
    from wasmtime import _ffi as ffi
    from wasmtime.component import _types as wt
    from wasmtime.component._enter import enter_wasm

    _AVAILABLE = all(
        hasattr(ffi, name)
        for name in ("wasmtime_component_val_t", "wasmtime_component_func_call", "wasmtime_component_val_delete")
    )
except ImportError:  # pragma: no cover - another wasmtime-py layout
    _AVAILABLE = False


def available() -> bool:
    return _AVAILABLE


_SUBCLASSES: Dict[type, type] = {}
# Per type class: the properties to cache and the zero-argument methods to cache.
_CACHED = {
    "RecordType": (("fields",), ()),
    "ListType": (("element",), ("_is_bytes",)),
    "TupleType": (("elements",), ()),
    "VariantType": (("cases",), ("_cases", "_tagged")),
    "OptionType": (("payload",), ("_cases", "_tagged")),
    "ResultType": (("ok", "err"), ("_cases", "_tagged")),
    "EnumType": (("names",), ()),
}


def _cached_class(cls: type) -> type:
    sub = _SUBCLASSES.get(cls)
    if sub is None:
        props, methods = _CACHED[cls.__name__]
        namespace: Dict[str, Any] = {}
        for name in props:
            namespace[name] = property(lambda self, key="_c_" + name: self.__dict__[key])
        for name in methods:
            namespace[name] = lambda self, key="_c_" + name: self.__dict__[key]
        sub = type("Cached" + cls.__name__, (cls,), namespace)
        _SUBCLASSES[cls] = sub
    return sub


def freeze(ty: Any) -> Any:
    """`ty` with every type query of its tree answered from a cache."""
    if ty is None:
        return None
    name = type(ty).__name__
    if name not in _CACHED or type(ty).__name__.startswith("Cached"):
        return ty
    props, methods = _CACHED[name]
    values: Dict[str, Any] = {}
    if name == "RecordType":
        values["fields"] = [(n, freeze(t)) for n, t in ty.fields]
    elif name == "ListType":
        values["element"] = freeze(ty.element)
    elif name == "TupleType":
        values["elements"] = [freeze(t) for t in ty.elements]
    elif name == "VariantType":
        values["cases"] = [(n, freeze(t)) for n, t in ty.cases]
    elif name == "OptionType":
        values["payload"] = freeze(ty.payload)
    elif name == "ResultType":
        values["ok"] = freeze(ty.ok)
        values["err"] = freeze(ty.err)
    elif name == "EnumType":
        values["names"] = list(ty.names)
    for key, value in values.items():
        ty.__dict__["_c_" + key] = value
    base = type(ty)
    ty.__class__ = _cached_class(base)
    # Methods computed by the base class from the (now cached) properties.
    for method in methods:
        ty.__dict__["_c_" + method] = getattr(base, method)(ty)
    return ty


def _text(vec: Any) -> str:
    return string_at(vec.data, vec.size).decode("utf-8")


def _opt_text(v: Any) -> Optional[str]:
    ptr = v.of.option
    if not ptr:
        return None
    vec = ptr.contents.of.string
    return string_at(vec.data, vec.size).decode("utf-8")


_SCALARS = {
    "Bool": lambda v: bool(v.of.boolean),
    "U8": lambda v: v.of.u8,
    "U16": lambda v: v.of.u16,
    "U32": lambda v: v.of.u32,
    "U64": lambda v: v.of.u64,
    "S8": lambda v: v.of.s8,
    "S16": lambda v: v.of.s16,
    "S32": lambda v: v.of.s32,
    "S64": lambda v: v.of.s64,
    "F32": lambda v: v.of.f32,
    "F64": lambda v: v.of.f64,
    "Char": lambda v: chr(v.of.character),
    "String": lambda v: string_at(v.of.string.data, v.of.string.size).decode("utf-8"),
}


def lifter(ty: Any) -> Optional[Callable[[Any], Any]]:
    """A function reading a result value of type `ty` (a frozen tree) without freeing anything,
    giving what wasmtime-py's `convert_from_c` gives; None for a type it does not handle. The
    caller frees the whole value once afterwards (one C call instead of one per string)."""
    name = type(ty).__name__.replace("Cached", "", 1)
    if name in _SCALARS:
        return _SCALARS[name]
    if name == "EnumType":
        return lambda v: _text(v.of.enumeration)
    if name == "OptionType" and type(ty.payload).__name__ == "String":
        return _opt_text  # the commonest field: one function instead of three
    if name == "OptionType":
        inner = lifter(ty.payload)
        if inner is None:
            return None
        return lambda v: inner(v.of.option.contents) if v.of.option else None
    if name in ("ResultType", "VariantType"):
        cases = ty._cases()
        lifters = {}
        for case, payload in cases:
            if payload is None:
                lifters[case] = None
                continue
            lifters[case] = lifter(payload)
            if lifters[case] is None:
                return None
        tagged = ty._tagged()

        def variant(v: Any) -> Any:
            if name == "ResultType":
                tag, ptr = ("ok" if v.of.result.is_ok else "err"), v.of.result.val
            else:
                tag, ptr = _text(v.of.variant.discriminant), v.of.variant.val
            read = lifters[tag]
            payload = read(ptr.contents) if read is not None else None
            return wt.Variant(tag, payload) if tagged else payload

        return variant
    if name == "RecordType":
        names = [n for n, _ in ty.fields]
        readers = [lifter(t) for _, t in ty.fields]
        if any(r is None for r in readers):
            return None
        pairs = list(zip(names, readers))

        indexed = [(i, field, read) for i, (field, read) in enumerate(pairs)]
        new_record = wt.Record

        def record(v: Any) -> Any:
            entries = v.of.record.data
            out = new_record()
            d = out.__dict__
            for i, field, read in indexed:
                d[field] = read(entries[i].val)
            return out

        return record
    if name == "ListType":
        element = lifter(ty.element)
        if element is None:
            return None
        raw = _raw_text_records(ty.element)
        if raw is not None:
            return raw
        if ty._is_bytes():
            return lambda v: bytes(v.of.list.data[i].of.u8 for i in range(v.of.list.size))
        return lambda v: [element(v.of.list.data[i]) for i in range(v.of.list.size)]
    if name == "TupleType":
        readers = [lifter(t) for t in ty.elements]
        if any(r is None for r in readers):
            return None
        return lambda v: tuple(read(v.of.tuple.data[i]) for i, read in enumerate(readers))
    return None


def _raw_text_records(ty: Any) -> Optional[Callable[[Any], Any]]:
    """For a list of records whose fields are all `string` / `option<string>` (Shipping's
    document files, thousands per listing): read the values' memory with `struct` instead of one
    ctypes attribute access per hop. Only on 64-bit layouts; None otherwise."""
    if type(ty).__name__.replace("Cached", "", 1) != "RecordType":
        return None
    spec = []
    for field, fty in ty.fields:
        kind = type(fty).__name__.replace("Cached", "", 1)
        if kind == "String":
            spec.append((field, False))
        elif kind == "OptionType" and type(fty.payload).__name__ == "String":
            spec.append((field, True))
        else:
            return None
    if sizeof(c_void_p) != 8 or sizeof(c_size_t) != 8:
        return None
    val_size = sizeof(ffi.wasmtime_component_val_t)
    of = ffi.wasmtime_component_val_t.of.offset
    entry_size = sizeof(ffi.wasmtime_component_valrecord_entry_t)
    entry_val = ffi.wasmtime_component_valrecord_entry_t.val.offset
    pair = struct.Struct("=QQ")  # (size, pointer): a record's entries, a string's bytes
    pointer_ = struct.Struct("=Q")  # an option's payload pointer
    fields = [(field, optional, j * entry_size + entry_val + of) for j, (field, optional) in enumerate(spec)]
    new_record = wt.Record

    def records(v: Any) -> Any:
        count = v.of.list.size
        if count == 0:
            return []
        items = string_at(v.of.list.data, count * val_size)
        out = []
        for i in range(count):
            n, entries_ptr = pair.unpack_from(items, i * val_size + of)
            if n != len(fields):
                raise ValueError("record field count differs from its type")
            entries = string_at(entries_ptr, n * entry_size)
            record = new_record()
            d = record.__dict__
            for field, optional, offset in fields:
                if optional:
                    (payload,) = pointer_.unpack_from(entries, offset)
                    if not payload:
                        d[field] = None
                        continue
                    size, data = pair.unpack_from(string_at(payload + of, 16))
                else:
                    size, data = pair.unpack_from(entries, offset)
                d[field] = string_at(data, size).decode("utf-8") if size else ""
            out.append(record)
        return out

    return records


class FrozenSignature:
    """An export's parameter and result types, read once, and a reader for its result."""

    def __init__(self, func_type: Any) -> None:
        self.params: List[Tuple[str, Any]] = [(n, freeze(t)) for n, t in func_type.params]
        self.result: Optional[Any] = freeze(func_type.result)
        self.read = lifter(self.result) if self.result is not None else None
        self._keep = func_type  # owns the type pointers the tree came from


def call(func: Any, store: Any, signature: FrozenSignature, args: Tuple[Any, ...]) -> Any:
    """`func(store, *args)` with the cached signature (mirrors wasmtime-py's Func.__call__)."""
    params = signature.params
    if len(args) != len(params):
        raise TypeError(f"wrong number of parameters: given {len(args)}, expected {len(params)}")
    param_capi = (ffi.wasmtime_component_val_t * len(args))()
    n = 0
    try:
        for (_name, ty), value in zip(params, args):
            ty.convert_to_c(store, value, pointer(param_capi[n]))
            n += 1
        result_ty = signature.result
        result_space = ffi.wasmtime_component_val_t() if result_ty is not None else None
        result_ptr = byref(result_space) if result_space is not None else None

        def run() -> Any:
            return ffi.wasmtime_component_func_call(
                byref(func._func), store._context(), param_capi, n, result_ptr, 1 if result_ptr else 0
            )

        enter_wasm(run)
        if result_ty is None:
            return None
        if signature.read is None:
            return result_ty.convert_from_c(result_space)
        try:
            return signature.read(result_space)
        finally:
            ffi.wasmtime_component_val_delete(byref(result_space))
    finally:
        for i in range(n):
            ffi.wasmtime_component_val_delete(byref(param_capi[i]))


__all__ = ["available", "freeze", "FrozenSignature", "call"]
