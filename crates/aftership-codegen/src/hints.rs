//! Operation hints: what calling an operation does (kind, read-only, destructive, idempotent,
//! side effects), the facts platforms use to file it as a search, a create or an action, and
//! that agent-tool formats (MCP annotations) take directly.

use aftership_core::{Method, OperationSpec, Paging};
use serde_json::{json, Value};

use crate::overrides::Overrides;

/// The hints of one operation; `body` is its documented body (to find `notify_customer`).
pub fn hints(op: &OperationSpec, body: Option<&Value>, overrides: &Overrides) -> Value {
    let id = op.id();
    let name = op.name;
    let read_only_action = overrides.read_only.0.contains(&id);
    let kind = match op.method {
        Method::Get if op.paging != Paging::None || name.starts_with("list_") => "search",
        Method::Get => "get",
        Method::Delete => "delete",
        Method::Put | Method::Patch => "update",
        Method::Post if name.starts_with("create_") => "create",
        Method::Post if name.starts_with("update_") => "update",
        _ => "action",
    };
    let read_only = op.method == Method::Get || read_only_action;
    let destructive_reason = match op.method {
        Method::Delete => Some("Deletes the record; AfterShip offers no undo.".to_string()),
        _ => overrides.destructive.get(&id).cloned(),
    };
    let idempotent = match op.method {
        Method::Get | Method::Put | Method::Patch | Method::Delete => true,
        _ => read_only_action || kind == "update",
    };
    let mut effects: Vec<Value> = overrides.side_effects.get(&id).cloned().unwrap_or_default();
    if let Some(description) = body.and_then(notify_member) {
        if !effects.iter().any(|e| e["effect"] == "notifies_customer") {
            effects.push(json!({
                "effect": "notifies_customer",
                "reason": format!("The body's `notify_customer` member: {description}"),
            }));
        }
    }
    let mut out = json!({
        "kind": kind,
        "read_only": read_only,
        "destructive": destructive_reason.is_some(),
        "idempotent": idempotent,
        "side_effects": effects,
    });
    if let Some(reason) = destructive_reason {
        out["destructive_reason"] = json!(reason);
    }
    if read_only_action {
        out["read_only_reason"] = json!(overrides.read_only.1);
    }
    out
}

/// The description of a `notify_customer` member anywhere in a documented body.
fn notify_member(schema: &Value) -> Option<String> {
    let props = schema.get("properties")?.as_object()?;
    if let Some(m) = props.get("notify_customer") {
        return Some(
            m.get("description")
                .and_then(Value::as_str)
                .unwrap_or("Whether AfterShip notifies the customer.")
                .to_string(),
        );
    }
    props.values().find_map(notify_member)
}
