//! Placeholder inputs for tests and the fuzz driver.

use serde_json::{json, Value};

/// Sets a required body path (`a`, `a.b`, `a[].b`, as the operation tables spell them) in
/// `value` to a placeholder (`"x1"`, `["x1"]`, or objects holding the rest of the path), so a
/// plain required-field check passes. Members already present are kept; a non-object is left alone.
pub fn fill_required(value: &mut Value, path: &str) {
    let (head, rest) = path
        .split_once('.')
        .map_or((path, None), |(h, r)| (h, Some(r)));
    let (name, each) = head.strip_suffix("[]").map_or((head, false), |n| (n, true));
    let Some(map) = value.as_object_mut() else {
        return;
    };
    match (rest, each) {
        (None, false) => {
            map.entry(name).or_insert(json!("x1"));
        }
        (None, true) => {
            map.entry(name).or_insert(json!(["x1"]));
        }
        (Some(rest), false) => {
            let child = map.entry(name).or_insert(json!({}));
            if !child.is_object() {
                *child = json!({});
            }
            fill_required(child, rest);
        }
        (Some(rest), true) => {
            let items = map.entry(name).or_insert(json!([{}]));
            if !items.is_array() {
                *items = json!([{}]);
            }
            for item in items.as_array_mut().into_iter().flatten() {
                fill_required(item, rest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_list_paths_get_placeholders_and_keep_given_members() {
        let mut body = json!({"a": {"keep": 1}});
        for path in ["a.b", "c[].d", "e", "f[]"] {
            fill_required(&mut body, path);
        }
        assert_eq!(
            body,
            json!({"a": {"keep": 1, "b": "x1"}, "c": [{"d": "x1"}], "e": "x1", "f": ["x1"]})
        );
    }
}
