//! The three shapes the table is written in: unit enums, records, variants. Each expands to a
//! pair of `Convert` impls (WIT -> core and core -> WIT) inside the calling crate.

/// A unit-only enum whose cases have the same names on both sides.
#[doc(hidden)]
#[macro_export]
macro_rules! __enum {
    ($wit:path = $core:path { $($case:ident),* $(,)? }) => {
        impl $crate::Convert<$wit> for $core {
            fn convert(self) -> $wit {
                type W = $wit;
                match self {
                    $(Self::$case => W::$case,)*
                }
            }
        }
        impl $crate::Convert<$core> for $wit {
            fn convert(self) -> $core {
                type C = $core;
                match self {
                    $(Self::$case => C::$case,)*
                }
            }
        }
    };
}

/// A record: `field` (moved), `field: convert`, `core_field as wit_field` (renamed, optionally
/// `: convert`). Fields are normalized to `(core wit how)` one at a time, then emitted.
#[doc(hidden)]
#[macro_export]
macro_rules! __record {
    ($wit:path = $core:path { $($fields:tt)* }) => {
        $crate::__record!(@field $wit, $core, [] $($fields)*);
    };
    (@field $wit:path, $core:path, [$($done:tt)*] $f:ident as $w:ident : convert $(, $($rest:tt)*)?) => {
        $crate::__record!(@field $wit, $core, [$($done)* ($f $w convert)] $($($rest)*)?);
    };
    (@field $wit:path, $core:path, [$($done:tt)*] $f:ident as $w:ident $(, $($rest:tt)*)?) => {
        $crate::__record!(@field $wit, $core, [$($done)* ($f $w same)] $($($rest)*)?);
    };
    (@field $wit:path, $core:path, [$($done:tt)*] $f:ident : convert $(, $($rest:tt)*)?) => {
        $crate::__record!(@field $wit, $core, [$($done)* ($f $f convert)] $($($rest)*)?);
    };
    (@field $wit:path, $core:path, [$($done:tt)*] $f:ident $(, $($rest:tt)*)?) => {
        $crate::__record!(@field $wit, $core, [$($done)* ($f $f same)] $($($rest)*)?);
    };
    (@field $wit:path, $core:path, [$(($f:ident $w:ident $how:ident))*]) => {
        impl $crate::Convert<$wit> for $core {
            fn convert(self) -> $wit {
                type W = $wit;
                W { $($w: $crate::__value!($how self.$f),)* }
            }
        }
        impl $crate::Convert<$core> for $wit {
            fn convert(self) -> $core {
                type C = $core;
                C { $($f: $crate::__value!($how self.$w),)* }
            }
        }
    };
}

/// One field's value: moved as it is, or converted.
#[doc(hidden)]
#[macro_export]
macro_rules! __value {
    (same $e:expr) => {
        $e
    };
    (convert $e:expr) => {
        $crate::Convert::convert($e)
    };
}

/// A variant: `Case` (no payload), `Case(same)` (one payload, moved as it is), `Case(convert)`
/// (one payload, converted),
/// `Case { a, b } = wit::Record` (a core struct case that is a case with a record in the WIT).
/// `else |e| ...` gives the WIT value for a core case the table does not list: a core error enum
/// may be `#[non_exhaustive]`, and a match on it from another crate needs a wildcard arm (which
/// is unreachable, and allowed to be, while the table lists every case).
#[doc(hidden)]
#[macro_export]
macro_rules! __variant {
    ($wit:path = $core:path { $($cases:tt)* } $(else $fallback:expr)?) => {
        $crate::__variant!(@case $wit, $core, [$($fallback)?], [], [] $($cases)*);
    };
    (@case $wit:path, $core:path, $fb:tt, [$($to:tt)*], [$($from:tt)*]
        $c:ident { $($f:ident),* $(,)? } = $rec:path $(, $($rest:tt)*)?) => {
        $crate::__variant!(@case $wit, $core, $fb,
            [$($to)* Self::$c { $($f),* } => W::$c({ type R = $rec; R { $($f),* } }),],
            [$($from)* Self::$c(r) => C::$c { $($f: r.$f),* },]
            $($($rest)*)?);
    };
    (@case $wit:path, $core:path, $fb:tt, [$($to:tt)*], [$($from:tt)*]
        $c:ident(same) $(, $($rest:tt)*)?) => {
        $crate::__variant!(@case $wit, $core, $fb,
            [$($to)* Self::$c(x) => W::$c(x),],
            [$($from)* Self::$c(x) => C::$c(x),]
            $($($rest)*)?);
    };
    (@case $wit:path, $core:path, $fb:tt, [$($to:tt)*], [$($from:tt)*]
        $c:ident(convert) $(, $($rest:tt)*)?) => {
        $crate::__variant!(@case $wit, $core, $fb,
            [$($to)* Self::$c(x) => W::$c($crate::Convert::convert(x)),],
            [$($from)* Self::$c(x) => C::$c($crate::Convert::convert(x)),]
            $($($rest)*)?);
    };
    (@case $wit:path, $core:path, $fb:tt, [$($to:tt)*], [$($from:tt)*]
        $c:ident $(, $($rest:tt)*)?) => {
        $crate::__variant!(@case $wit, $core, $fb,
            [$($to)* Self::$c => W::$c,],
            [$($from)* Self::$c => C::$c,]
            $($($rest)*)?);
    };
    (@case $wit:path, $core:path, [$($fallback:expr)?], [$($to:tt)*], [$($from:tt)*]) => {
        impl $crate::Convert<$wit> for $core {
            fn convert(self) -> $wit {
                type W = $wit;
                match self {
                    $($to)*
                    $(
                        #[allow(unreachable_patterns)]
                        other => ($fallback)(other),
                    )?
                }
            }
        }
        impl $crate::Convert<$core> for $wit {
            fn convert(self) -> $core {
                type C = $core;
                match self {
                    $($from)*
                }
            }
        }
    };
}
