//! Writing a [`Node`] tree out as JSON Schema for `connector.json`.

use serde_json::{json, Map, Value};

use super::{rules_schema, Node, Ty};

impl Node {
    /// This node as JSON Schema (2020-12). Required members may not be `null` or blank text.
    pub fn schema(&self) -> Value {
        let mut s = Map::new();
        match &self.ty {
            Ty::Any => {}
            Ty::Object => {
                s.insert("type".into(), json!("object"));
            }
            Ty::Array(item) => {
                s.insert("type".into(), json!("array"));
                s.insert("items".into(), item.schema());
            }
            Ty::Text => {
                s.insert("type".into(), json!("string"));
            }
            Ty::Number => {
                s.insert("type".into(), json!("number"));
            }
            Ty::Integer(min) => {
                s.insert("type".into(), json!("integer"));
                s.insert("minimum".into(), json!(min));
            }
            Ty::Boolean => {
                s.insert("type".into(), json!("boolean"));
            }
            Ty::Enum(values) => {
                s.insert("type".into(), json!("string"));
                s.insert("enum".into(), json!(values));
            }
        }
        if !self.properties.is_empty() {
            let mut props = Map::new();
            for (name, child) in &self.properties {
                let mut c = child.schema();
                if !self.required.contains(name) {
                    // The validator treats an optional `null` as absent (AfterShip's own
                    // examples send `null` for unused parts), so the schema allows it too.
                    allow_null(&mut c);
                } else {
                    if let Value::Object(m) = &mut c {
                        // `required` only asks for the key; the validator also refuses null
                        // and blank text, which these two keywords say.
                        m.insert("pattern".into(), json!("\\S"));
                        if child.ty == Ty::Any {
                            // Any type but null (listed, so a form library can draw a field).
                            m.insert(
                                "type".into(),
                                json!(["string", "number", "boolean", "object", "array"]),
                            );
                        }
                    }
                }
                props.insert(name.clone(), c);
            }
            s.insert("properties".into(), Value::Object(props));
        }
        if !self.required.is_empty() {
            s.insert("required".into(), json!(self.required));
        }
        rules_schema(&self.rules, &mut s);
        Value::Object(s)
    }
}

/// Lets a typed schema also accept `null`.
fn allow_null(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if let Some(ty) = map.get("type").cloned() {
        map.insert("type".into(), json!([ty, "null"]));
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            values.push(Value::Null);
        }
    }
}
