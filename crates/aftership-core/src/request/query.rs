//! Query parameters: each input value checked against its kind and written as wire pairs.

use serde_json::Value;

use crate::catalog::{Param, ParamKind};

/// Appends the wire pairs for one query parameter.
pub(super) fn query_values(
    param: &Param,
    value: &Value,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let name = param.name.to_string();
    match param.kind {
        ParamKind::String => match value {
            Value::String(s) => pairs.push((name, s.clone())),
            Value::Number(n) => pairs.push((name, n.to_string())),
            _ => return Err("must be a string".into()),
        },
        ParamKind::Integer { min, max } => {
            let n = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            }
            .ok_or_else(|| "must be a whole number".to_string())?;
            if n < min || n > max {
                return Err(format!("must be between {min} and {max}"));
            }
            pairs.push((name, n.to_string()));
        }
        ParamKind::Boolean => {
            let b = match value {
                Value::Bool(b) => *b,
                Value::String(s) if s == "true" => true,
                Value::String(s) if s == "false" => false,
                _ => return Err("must be true or false".into()),
            };
            pairs.push((name, b.to_string()));
        }
        ParamKind::BoolList => {
            let items: Vec<&str> = match value {
                Value::Bool(b) => vec![if *b { "true" } else { "false" }],
                Value::String(s) => s.split(',').map(str::trim).collect(),
                Value::Array(items) => items
                    .iter()
                    .map(|v| match v {
                        Value::Bool(true) => "true",
                        Value::Bool(false) => "false",
                        _ => "",
                    })
                    .collect(),
                _ => vec![""],
            };
            if items.iter().any(|s| *s != "true" && *s != "false") {
                return Err("must be true, false, or both comma-separated".into());
            }
            if !items.is_empty() {
                pairs.push((name, items.join(",")));
            }
        }
        ParamKind::Enum(values) => match value {
            Value::String(s) if values.contains(&s.as_str()) => pairs.push((name, s.clone())),
            _ => return Err(format!("must be one of {}", values.join(", "))),
        },
        ParamKind::CommaList => {
            let items = string_items(value)?;
            if items.iter().any(|s| s.contains(',')) {
                return Err("items must not contain commas".into());
            }
            // An empty list is no filter (as an empty repeated array sends no pair).
            if !items.is_empty() {
                pairs.push((name, items.join(",")));
            }
        }
        ParamKind::EnumList(values) => {
            let items = string_items(value)?;
            if let Some(bad) = items.iter().find(|s| !values.contains(&s.as_str())) {
                return Err(format!(
                    "{bad:?} is not allowed; each value must be one of {}",
                    values.join(", ")
                ));
            }
            if !items.is_empty() {
                pairs.push((name, items.join(",")));
            }
        }
        ParamKind::RepeatedArray => {
            let key = format!("{name}[]");
            for item in string_items(value)? {
                pairs.push((key.clone(), item));
            }
        }
    }
    Ok(())
}

fn string_items(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::String(s) => Ok(s
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err("items must be strings".to_string()),
            })
            .collect(),
        _ => Err("must be an array of strings".into()),
    }
}
