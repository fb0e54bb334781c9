//! The conversions between the WIT records and `aftership_core`'s types, written once.
//!
//! The guest (wit-bindgen exports) and the wasmtime host (`bindgen!`) each generate their own Rust
//! types for the WIT package, with the same names and shapes. [`conversions!`] expands, inside the
//! crate that calls it, `impl Convert<wit::X> for core::X` and `impl Convert<core::X> for wit::X`
//! for every record, enum and variant that crosses the boundary, against the `wit` module it is
//! given; both sides then write `value.convert()`. The table in [`conversions!`] is the one place
//! to edit when a WIT record gains a field (the compiler names any record or case it misses:
//! struct literals and matches are exhaustive).
//!
//! A field or payload is moved as it is unless marked `: convert`, which goes through
//! [`Convert`] (nested records, enums, lists and options of them, and secrets, which are
//! `Secret` in the core and plain strings in the WIT).

#![forbid(unsafe_code)]

mod macros;
mod table;

pub use aftership_core as core;
use aftership_core::Secret;

/// A conversion between a WIT type and the matching core type (in either direction).
pub trait Convert<T> {
    /// Converts `self`, consuming it.
    fn convert(self) -> T;
}

impl<A: Convert<B>, B> Convert<Vec<B>> for Vec<A> {
    fn convert(self) -> Vec<B> {
        self.into_iter().map(Convert::convert).collect()
    }
}

impl<A: Convert<B>, B> Convert<Option<B>> for Option<A> {
    fn convert(self) -> Option<B> {
        self.map(Convert::convert)
    }
}

/// A credential leaves the core's redacting wrapper only to cross the boundary.
impl Convert<String> for Secret {
    fn convert(self) -> String {
        self.expose().to_string()
    }
}

impl Convert<Secret> for String {
    fn convert(self) -> Secret {
        Secret::new(self)
    }
}

/// Payloads that are plain strings on both sides (the variant rules convert every payload).
impl Convert<String> for String {
    fn convert(self) -> String {
        self
    }
}

/// An export's answer: the success and the error each converted.
impl<A: Convert<B>, B, E: Convert<F>, F> Convert<Result<B, F>> for Result<A, E> {
    fn convert(self) -> Result<B, F> {
        self.map(Convert::convert).map_err(Convert::convert)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_unwrap_for_the_wit_and_wrap_back() {
        let plain: Option<String> = Some(Secret::new("k-1")).convert();
        assert_eq!(plain.as_deref(), Some("k-1"));
        let wrapped: Vec<Secret> = vec!["a".to_string(), "b".to_string()].convert();
        let shown: Vec<&str> = wrapped.iter().map(Secret::expose).collect();
        assert_eq!(shown, ["a", "b"]);
    }

    #[test]
    fn a_result_converts_both_sides() {
        let ok: Result<String, String> = Ok::<Secret, Secret>(Secret::new("t")).convert();
        assert_eq!(ok, Ok("t".to_string()));
        let err: Result<Secret, Option<String>> =
            Err::<String, Option<Secret>>(Some(Secret::new("e"))).convert();
        assert_eq!(err.map(|s| s.expose().to_string()), Err(Some("e".into())));
    }
}
