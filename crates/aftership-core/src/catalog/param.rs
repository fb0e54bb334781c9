//! Path and query parameters: their kinds and the table builders.

/// Type of a path or query parameter, which drives validation, encoding and the JSON Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Free text.
    String,
    /// Whole number within inclusive bounds.
    Integer {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// `true` / `false`.
    Boolean,
    /// `true` / `false`, or several sent comma-separated (`true,false`); input is a boolean,
    /// such a string, or an array of booleans.
    BoolList,
    /// One of the listed values.
    Enum(&'static [&'static str]),
    /// Several values sent comma-separated (`a,b`); input is an array or a string.
    CommaList,
    /// Like [`ParamKind::CommaList`], each value one of the listed ones.
    EnumList(&'static [&'static str]),
    /// Several values sent as repeated `name[]=a&name[]=b`; input is an array.
    RepeatedArray,
}

/// A query parameter of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Name on the wire and in the input.
    pub name: &'static str,
    /// Type.
    pub kind: ParamKind,
    /// Whether the input must carry it.
    pub required: bool,
}

impl Param {
    /// Optional text parameter.
    pub const fn text(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::String,
            required: false,
        }
    }

    /// Optional whole-number parameter within bounds.
    pub const fn int(name: &'static str, min: i64, max: i64) -> Param {
        Param {
            name,
            kind: ParamKind::Integer { min, max },
            required: false,
        }
    }

    /// Optional boolean parameter.
    pub const fn boolean(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::Boolean,
            required: false,
        }
    }

    /// Optional boolean-list parameter (`true`, `false` or `true,false`).
    pub const fn bool_list(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::BoolList,
            required: false,
        }
    }

    /// Optional enumerated parameter.
    pub const fn one_of(name: &'static str, values: &'static [&'static str]) -> Param {
        Param {
            name,
            kind: ParamKind::Enum(values),
            required: false,
        }
    }

    /// Optional comma-separated list.
    pub const fn list(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::CommaList,
            required: false,
        }
    }

    /// Optional comma-separated list whose values are each one of `values`.
    pub const fn list_of(name: &'static str, values: &'static [&'static str]) -> Param {
        Param {
            name,
            kind: ParamKind::EnumList(values),
            required: false,
        }
    }

    /// Optional repeated `name[]=` array.
    pub const fn array(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::RepeatedArray,
            required: false,
        }
    }

    /// The same parameter, required.
    pub const fn req(self) -> Param {
        Param {
            required: true,
            ..self
        }
    }
}

/// How many parameters `parts` hold together (for [`params!`]).
pub const fn joined_len(parts: &[&[Param]]) -> usize {
    let (mut total, mut i) = (0, 0);
    while i < parts.len() {
        total += parts[i].len();
        i += 1;
    }
    total
}

/// `parts` one after another, as one array of `N` (= [`joined_len`]) parameters.
pub const fn join<const N: usize>(parts: &[&[Param]]) -> [Param; N] {
    let mut out = [Param::text(""); N];
    let (mut at, mut i) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[at] = parts[i][j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(at == N, "join: N is not the parts' total length");
    out
}

/// Several lists of query parameters as one `&'static [Param]`, joined at compile time, so a
/// group that several operations share (a date window, a page token) is declared once.
macro_rules! params {
    ($($part:expr),+ $(,)?) => {{
        const PARTS: &[&[$crate::catalog::Param]] = &[$($part),+];
        const JOINED: [$crate::catalog::Param; $crate::catalog::joined_len(PARTS)] =
            $crate::catalog::join(PARTS);
        &JOINED
    }};
}
pub(crate) use params;
