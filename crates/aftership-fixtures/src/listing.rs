//! The items of a listing page, one compact JSON text each: what `export` writes one per line
//! (the runner's `export` command and the WASI-HTTP service's `/v1/export`).

use serde_json::value::RawValue;

/// The items of a listing's `data`, one compact JSON text each: the array member named after the
/// operation (`list_trackings` → `trackings`), else the only array member, else `data` itself.
pub fn items(data: &str, operation: &str) -> Vec<String> {
    let whole = || vec![compact(data)];
    let Ok(members) = serde_json::from_str::<Vec<Box<RawValue>>>(data) else {
        let Ok(object) =
            serde_json::from_str::<std::collections::BTreeMap<String, Box<RawValue>>>(data)
        else {
            return whole();
        };
        let noun = operation
            .rsplit('.')
            .next()
            .and_then(|name| name.strip_prefix("list_"))
            .unwrap_or_default();
        let arrays: Vec<(&String, &Box<RawValue>)> = object
            .iter()
            .filter(|(_, v)| v.get().trim_start().starts_with('['))
            .collect();
        let chosen = arrays
            .iter()
            .find(|(k, _)| k.as_str() == noun)
            .or_else(|| (arrays.len() == 1).then(|| &arrays[0]));
        return match chosen {
            Some((_, array)) => serde_json::from_str::<Vec<Box<RawValue>>>(array.get())
                .map(|list| list.iter().map(|v| compact(v.get())).collect())
                .unwrap_or_else(|_| whole()),
            None => whole(),
        };
    };
    members.iter().map(|v| compact(v.get())).collect()
}

/// JSON text without whitespace outside strings (one line, member order kept).
pub fn compact(json: &str) -> String {
    if !json.contains(['\n', '\r']) {
        return json.trim().to_string();
    }
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
