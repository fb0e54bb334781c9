//! The one generic case runner. Each kind of recorded case (fixtures, OAuth cases, webhook cases)
//! says how to parse a file, where it must sit, how to run it on a backend (the native core or the
//! component), how to compare what came back and which expected blocks bless may rewrite; loading,
//! running on several backends, comparing and blessing are written once, here and in
//! the test kit's bless writer (`aftership_testkit::bless`).

use std::marker::PhantomData;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::fixture::diff;

/// An expected block that bless may rewrite: `value` goes under `key`, in the place of whichever
/// of `replaces` the file has (so an outcome can turn into an error where it stands).
pub struct Block {
    /// Member name the block is written under.
    pub key: &'static str,
    /// Member names the block may replace (the first one present is replaced).
    pub replaces: Vec<&'static str>,
    /// The block as the backend produced it (test values, not placeholders).
    pub value: Value,
}

/// A kind of recorded case below `tests/<FOLDER>`.
pub trait CaseKind {
    /// Folder below `tests/` that holds the cases.
    const FOLDER: &'static str;
    /// Placeholders replaced by test values on load, which bless writes back.
    const PLACEHOLDERS: &'static [(&'static str, &'static str)] = &[];
    /// A parsed case.
    type Case;
    /// What runs a case (a trait object: the native core or the component).
    type Backend<'b>: ?Sized;
    /// What a backend produced for a case.
    type Produced;

    /// Parses a case file's text (placeholders included).
    fn parse(text: &str) -> Result<Self::Case, String>;
    /// Mismatches between the case and the folders it sits in.
    fn layout_problems(path: &Path, case: &Self::Case) -> Vec<String>;
    /// Runs the case's calls without comparing anything (`Err`: the case itself is unusable).
    fn produce(
        case: &Self::Case,
        backend: &mut Self::Backend<'_>,
    ) -> Result<Self::Produced, String>;
    /// Every mismatch between the case's expected blocks and what was produced.
    fn compare(case: &Self::Case, produced: &Self::Produced) -> Vec<String>;
    /// The expected blocks as they should read after `produced` (`raw`: the file as written).
    fn blocks(raw: &Map<String, Value>, produced: &Self::Produced) -> Result<Vec<Block>, String>;
}

/// Reads and parses the case file at `path`.
pub fn load<K: CaseKind>(path: &Path) -> Result<K::Case, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))?;
    K::parse(&text).map_err(|e| format!("case format: {e}"))
}

/// Runs a case on `backend` and compares; returns every mismatch (empty = pass).
pub fn check<K: CaseKind>(case: &K::Case, backend: &mut K::Backend<'_>) -> Vec<String> {
    match K::produce(case, backend) {
        Ok(produced) => K::compare(case, &produced),
        Err(e) => vec![e],
    }
}

/// Loads the case file at `path`, checks its place, and runs it on each named backend; every
/// mismatch is prefixed by the name of the backend that produced it (empty = pass).
pub fn check_file<K: CaseKind>(
    path: &Path,
    backends: &mut [(&str, &mut K::Backend<'_>)],
) -> Vec<String> {
    let case = match load::<K>(path) {
        Ok(case) => case,
        Err(e) => return vec![e],
    };
    let mut problems = K::layout_problems(path, &case);
    for (name, backend) in backends.iter_mut() {
        problems.extend(
            check::<K>(&case, backend)
                .into_iter()
                .map(|p| format!("{name}: {p}")),
        );
    }
    problems
}

/// Compares a call's result (`Ok`: the value's JSON, `Err`: the error's) with the expected blocks
/// of a case: `expected` (shown as `label`) for a value, `expected_error` for an error.
pub fn compare_result(
    got: &Result<Value, Value>,
    label: &str,
    expected: Option<&Value>,
    expected_error: Option<&Value>,
    problems: &mut Vec<String>,
) {
    match (got, expected, expected_error) {
        (Ok(value), Some(expected), _) => diff(expected, value, label, problems),
        (Err(error), _, Some(expected)) => diff(expected, error, "error", problems),
        (Ok(value), None, _) => problems.push(format!("expected an error, got {label} {value}")),
        (Err(error), _, None) => problems.push(format!("expected {label}, got error {error}")),
    }
}

/// The block a call's result belongs in: `ok_key` for a value, `expected_error` for an error,
/// replacing whichever of the two the file has.
pub fn result_block(got: &Result<Value, Value>, ok_key: &'static str) -> Block {
    let (key, value) = match got {
        Ok(value) => (ok_key, value.clone()),
        Err(error) => ("expected_error", error.clone()),
    };
    let replaces = vec![ok_key, "expected_error"];
    Block {
        key,
        replaces,
        value,
    }
}

/// A case of one call compared as a whole against an `expected` / `expected_error` pair (OAuth
/// and webhook cases); [`Calls`] makes it a [`CaseKind`].
pub trait CallCase: DeserializeOwned {
    /// Folder below `tests/` that holds the cases, and the member a case's last folder must be
    /// named after (`("oauth", "call")`, `("webhooks", "product")`).
    const FOLDERS: (&'static str, &'static str);
    /// What runs a case.
    type Backend<'b>: ?Sized;
    /// Runs the call: `Ok` the result's JSON, `Err` the error's (outer `Err`: unusable case).
    fn call(&self, backend: &mut Self::Backend<'_>) -> Result<Result<Value, Value>, String>;
}

/// A parsed [`CallCase`] with the members the generic runner reads.
pub struct CallFile<C> {
    /// The case.
    pub case: C,
    /// The value of the case's [`CallCase::FOLDERS`] member.
    pub folder: String,
    /// The `expected` block.
    pub expected: Option<Value>,
    /// The `expected_error` block.
    pub expected_error: Option<Value>,
}

/// The case kind of a [`CallCase`].
pub struct Calls<C>(PhantomData<C>);

impl<C: CallCase> CaseKind for Calls<C> {
    const FOLDER: &'static str = C::FOLDERS.0;
    type Case = CallFile<C>;
    type Backend<'b> = C::Backend<'b>;
    type Produced = Result<Value, Value>;

    fn parse(text: &str) -> Result<CallFile<C>, String> {
        let case: C = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut raw: Map<String, Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let folder = raw.get(C::FOLDERS.1).and_then(Value::as_str);
        let folder = folder.unwrap_or_default().to_string();
        let (expected, expected_error) = (raw.remove("expected"), raw.remove("expected_error"));
        if expected.is_some() == expected_error.is_some() {
            return Err("give exactly one of expected / expected_error".into());
        }
        Ok(CallFile {
            case,
            folder,
            expected,
            expected_error,
        })
    }

    fn layout_problems(path: &Path, file: &CallFile<C>) -> Vec<String> {
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .map(|f| f.to_string_lossy().into_owned());
        if folder.as_deref() == Some(file.folder.as_str()) {
            Vec::new()
        } else {
            let member = C::FOLDERS.1;
            vec![format!("folder {folder:?} but {member} {}", file.folder)]
        }
    }

    fn produce(file: &CallFile<C>, backend: &mut C::Backend<'_>) -> Result<Self::Produced, String> {
        file.case.call(backend).map_err(|e| format!("case: {e}"))
    }

    fn compare(file: &CallFile<C>, produced: &Self::Produced) -> Vec<String> {
        let (expected, expected_error) = (file.expected.as_ref(), file.expected_error.as_ref());
        let mut problems = Vec::new();
        compare_result(produced, "result", expected, expected_error, &mut problems);
        problems
    }

    fn blocks(_raw: &Map<String, Value>, produced: &Self::Produced) -> Result<Vec<Block>, String> {
        Ok(vec![result_block(produced, "expected")])
    }
}
