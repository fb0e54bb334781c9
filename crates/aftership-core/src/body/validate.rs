//! Checking an input body against its [`Node`] tree.

use serde_json::{Map, Value};

use super::{check_rule, Node, Ty};
use crate::error::FieldError;

impl Node {
    /// Checks `value` (not `null`) against this node; `path` names it in errors. Missing
    /// members come first, in the order the table declares them, then wrong values and rules.
    pub fn validate(&self, value: &Value, path: &str, errors: &mut Vec<FieldError>) {
        let mut ranked = Vec::new();
        self.check(value, path, &mut ranked);
        ranked.sort_by_key(|(rank, _)| *rank);
        errors.extend(ranked.into_iter().map(|(_, e)| e));
    }

    fn check(&self, value: &Value, path: &str, errors: &mut Vec<(usize, FieldError)>) {
        let fail = |errors: &mut Vec<(usize, FieldError)>, message: &str| {
            errors.push((usize::MAX, FieldError::new(path, message.to_string())))
        };
        match (&self.ty, value) {
            (Ty::Any, _) => {}
            (Ty::Object, Value::Object(map)) => self.validate_object(map, path, errors),
            (Ty::Object, _) => fail(errors, "must be an object"),
            (Ty::Array(item), Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    if v.is_null() {
                        errors.push((usize::MAX, FieldError::new(at, "must not be null")));
                    } else {
                        item.check(v, &at, errors);
                    }
                }
            }
            (Ty::Array(_), _) => fail(errors, "must be an array"),
            (Ty::Text, Value::String(_)) => {}
            (Ty::Text, _) => fail(errors, "must be a string"),
            (Ty::Number, Value::Number(_)) => {}
            (Ty::Number, _) => fail(errors, "must be a number"),
            (Ty::Integer(min), Value::Number(n)) => match n.as_i64() {
                Some(i) if i >= *min => {}
                Some(_) => fail(errors, &format!("must be at least {min}")),
                None => fail(errors, "must be a whole number"),
            },
            (Ty::Integer(_), _) => fail(errors, "must be a whole number"),
            (Ty::Boolean, Value::Bool(_)) => {}
            (Ty::Boolean, _) => fail(errors, "must be true or false"),
            (Ty::Enum(values), Value::String(s)) if values.contains(&s.as_str()) => {}
            (Ty::Enum(values), _) => fail(errors, &format!("must be one of {}", values.join(", "))),
        }
    }

    fn validate_object(
        &self,
        map: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<(usize, FieldError)>,
    ) {
        let present = |name: &str| map.get(name).is_some_and(|v| !v.is_null());
        for (name, rank) in self.required.iter().zip(&self.rank) {
            let message = match map.get(name.as_str()) {
                None | Some(Value::Null) => "required",
                Some(Value::String(s)) if s.trim().is_empty() => "must not be empty",
                Some(_) => continue,
            };
            errors.push((*rank, FieldError::new(format!("{path}.{name}"), message)));
        }
        let mut rule_errors = Vec::new();
        for rule in &self.rules {
            check_rule(rule, &present, map, path, &mut rule_errors);
        }
        errors.extend(rule_errors.into_iter().map(|e| (usize::MAX, e)));
        for (name, child) in &self.properties {
            match map.get(name.as_str()) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.trim().is_empty() && self.required.contains(name) => {}
                Some(v) => child.check(v, &format!("{path}.{name}"), errors),
            }
        }
    }
}
