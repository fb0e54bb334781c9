//! Conditions between members of one object (the rules AfterShip states in prose), checked
//! on an input and written as JSON Schema keywords.

#[cfg(feature = "manifest")]
use serde_json::json;
use serde_json::{Map, Value};

use crate::error::FieldError;

/// A condition between members of one object. "Present" means given and not `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Exactly one of these members (JSON Schema `oneOf`).
    ExactlyOne(&'static [&'static str]),
    /// At most one of these members (JSON Schema `not` + `required`).
    AtMostOne(&'static [&'static str]),
    /// At least one of these members (JSON Schema `anyOf`).
    AtLeastOne(&'static [&'static str]),
    /// When the first member is present, none of the others may be (`not` + `required`).
    Excludes(&'static str, &'static [&'static str]),
    /// When the first member is present, the others are required (`dependentRequired`).
    Requires(&'static str, &'static [&'static str]),
    /// When the member is `true`, the others are required (`if`/`then`).
    RequiredWhenTrue(&'static str, &'static [&'static str]),
    /// When the member is one of the strings, the others are required (`if`/`then`).
    RequiredWhenOneOf(
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    ),
}

/// Writes rules as JSON Schema keywords (`allOf` of `oneOf`/`anyOf`/`not`/`if`, and
/// `dependentRequired`) into an object schema.
#[cfg(feature = "manifest")]
pub fn rules_schema(rules: &[Rule], s: &mut Map<String, Value>) {
    let mut all_of = Vec::new();
    let mut dependent = Map::new();
    for rule in rules {
        match rule {
            Rule::ExactlyOne(names) => all_of.push(json!({
                "oneOf": names
                    .iter()
                    .map(|n| json!({"title": format!("with {n}"), "required": [n]}))
                    .collect::<Vec<_>>()
            })),
            Rule::AtMostOne(names) => {
                for (i, a) in names.iter().enumerate() {
                    for b in &names[i + 1..] {
                        all_of.push(json!({"not": {"required": [a, b]}}));
                    }
                }
            }
            Rule::Excludes(name, others) => {
                for other in others.iter() {
                    all_of.push(json!({"not": {"required": [name, other]}}));
                }
            }
            Rule::AtLeastOne(names) => all_of.push(json!({
                "anyOf": names.iter().map(|n| json!({"required": [n]})).collect::<Vec<_>>()
            })),
            Rule::Requires(name, others) => {
                dependent.insert(name.to_string(), json!(others));
            }
            Rule::RequiredWhenTrue(name, others) => all_of.push(json!({
                "if": {"properties": {*name: {"const": true}}, "required": [name]},
                "then": {"required": others}
            })),
            Rule::RequiredWhenOneOf(name, values, others) => all_of.push(json!({
                "if": {"properties": {*name: {"enum": values}}, "required": [name]},
                "then": {"required": others}
            })),
        }
    }
    if !dependent.is_empty() {
        s.insert("dependentRequired".into(), Value::Object(dependent));
    }
    if !all_of.is_empty() {
        s.insert("allOf".into(), Value::Array(all_of));
    }
}

/// Checks one rule against an object's members; errors name the members involved.
pub fn check_rule(
    rule: &Rule,
    present: &dyn Fn(&str) -> bool,
    map: &Map<String, Value>,
    path: &str,
    errors: &mut Vec<FieldError>,
) {
    let at = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    let given: Vec<&str> = match rule {
        Rule::ExactlyOne(names) | Rule::AtMostOne(names) | Rule::AtLeastOne(names) => {
            names.iter().copied().filter(|n| present(n)).collect()
        }
        _ => Vec::new(),
    };
    match rule {
        Rule::ExactlyOne(names) | Rule::AtLeastOne(names) if given.is_empty() => errors.push(
            FieldError::new(at(names[0]), format!("give one of {}", names.join(", "))),
        ),
        Rule::ExactlyOne(names) | Rule::AtMostOne(names) if given.len() > 1 => {
            errors.push(FieldError::new(
                at(given[1]),
                format!("give only one of {}, not both", names.join(", ")),
            ))
        }
        Rule::Excludes(name, others) if present(name) => {
            for other in others.iter().filter(|o| present(o)) {
                errors.push(FieldError::new(
                    at(other),
                    format!("must not be given together with {name}"),
                ));
            }
        }
        Rule::Requires(name, others) if present(name) => {
            for other in others.iter().filter(|o| !present(o)) {
                errors.push(FieldError::new(
                    at(other),
                    format!("required when {name} is given"),
                ));
            }
        }
        Rule::RequiredWhenTrue(name, others) if map.get(*name) == Some(&Value::Bool(true)) => {
            for other in others.iter().filter(|o| !present(o)) {
                errors.push(FieldError::new(
                    at(other),
                    format!("required when {name} is true"),
                ));
            }
        }
        Rule::RequiredWhenOneOf(name, values, others)
            if map
                .get(*name)
                .and_then(Value::as_str)
                .is_some_and(|v| values.contains(&v)) =>
        {
            for other in others.iter().filter(|o| !present(o)) {
                errors.push(FieldError::new(
                    at(other),
                    format!("required when {name} is {}", values.join(" or ")),
                ));
            }
        }
        _ => {}
    }
}
