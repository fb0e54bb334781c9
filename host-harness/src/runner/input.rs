//! Input records of `bulk`: JSON Lines (one input object per line) or CSV whose header names
//! input members, nested with dots (`body.tracking_number`).

use std::collections::HashSet;

use aftership_core::{ConnectorError, FieldError};
use serde_json::{Map, Value};

use super::catalog::OperationInfo;

/// One input record.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Line number in the input file (1-based; for CSV the line the record starts on).
    pub line: u64,
    /// The operation input as JSON text, or why the record is not one.
    pub input: Result<String, ConnectorError>,
}

fn bad(line: u64, field: impl Into<String>, message: impl Into<String>) -> Record {
    Record {
        line,
        input: Err(ConnectorError::InvalidInput(vec![FieldError::new(
            field, message,
        )])),
    }
}

/// Records of a JSON Lines text; blank lines are skipped.
pub fn read_jsonl(text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let n = i as u64 + 1;
            match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(_)) => Record {
                    line: n,
                    input: Ok(line.trim().to_string()),
                },
                Ok(_) => bad(n, format!("line {n}"), "must be a JSON object"),
                Err(e) => bad(n, format!("line {n}"), format!("not JSON: {e}")),
            }
        })
        .collect()
}

/// Records of a CSV text whose header row names input members (`slug`, `body.tracking_number`).
/// Empty cells are left out. Top-level members the schema types as integer, number or boolean are
/// converted; array members accept a comma list; everything else stays a string. A non-empty
/// cell under a column that maps to no input member makes that record an `invalid_input`.
pub fn read_csv(text: &str, operation: &OperationInfo) -> Result<Vec<Record>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("CSV header: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let known: HashSet<&str> = operation.members.iter().map(|(n, _)| n.as_str()).collect();
    let mut records = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                records.push(bad(line, format!("line {line}"), format!("CSV: {e}")));
                continue;
            }
        };
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        let mut input = Map::new();
        let mut errors = Vec::new();
        for (i, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let Some(column) = headers.get(i) else {
                errors.push(FieldError::new(
                    format!("column {}", i + 1),
                    "has no header (more cells than header columns)",
                ));
                continue;
            };
            let path: Vec<&str> = column.split('.').collect();
            if column.is_empty() || path.iter().any(|p| p.is_empty()) || !known.contains(path[0]) {
                errors.push(FieldError::new(
                    column.clone(),
                    "column maps to no input member of this operation",
                ));
                continue;
            }
            let schema_type = operation
                .members
                .iter()
                .find(|(n, _)| n == path[0])
                .map(|(_, t)| t);
            let value = if path.len() == 1 {
                typed(cell, schema_type)
            } else {
                Value::String(cell.to_string())
            };
            if let Err(message) = insert(&mut input, &path, value) {
                errors.push(FieldError::new(column.clone(), message));
            }
        }
        records.push(if errors.is_empty() {
            Record {
                line,
                input: Ok(Value::Object(input).to_string()),
            }
        } else {
            Record {
                line,
                input: Err(ConnectorError::InvalidInput(errors)),
            }
        });
    }
    Ok(records)
}

fn typed(cell: &str, schema_type: Option<&Value>) -> Value {
    let is = |name: &str| match schema_type {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(list)) => list.first().and_then(Value::as_str) == Some(name),
        _ => false,
    };
    let parsed = if is("integer") || is("number") {
        serde_json::from_str::<Value>(cell.trim())
            .ok()
            .filter(Value::is_number)
    } else if is("boolean") {
        match cell.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        }
    } else if is("array") {
        Some(Value::Array(
            cell.split(',')
                .map(|s| Value::String(s.trim().to_string()))
                .collect(),
        ))
    } else {
        None
    };
    // A cell that does not fit the type goes through as text; the component names the field.
    parsed.unwrap_or_else(|| Value::String(cell.to_string()))
}

fn insert(map: &mut Map<String, Value>, path: &[&str], value: Value) -> Result<(), String> {
    let (first, rest) = path.split_first().ok_or("empty column name")?;
    if rest.is_empty() {
        if map.contains_key(*first) {
            return Err("given twice (another column fills the same member)".into());
        }
        map.insert(first.to_string(), value);
        return Ok(());
    }
    match map
        .entry(first.to_string())
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(inner) => insert(inner, rest, value),
        _ => Err(format!("`{first}` is both a value and an object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn create_tracking() -> OperationInfo {
        let catalog =
            super::super::catalog::Catalog::from_manifest(&aftership_core::manifest_json())
                .unwrap();
        catalog.get("tracking.list_trackings").unwrap().clone()
    }

    #[test]
    fn jsonl_bad_lines_become_invalid_input_naming_the_line() {
        let records = read_jsonl("{\"a\":1}\n\n{oops\n[1]\n");
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].input.as_deref(), Ok("{\"a\":1}"));
        assert_eq!(records[1].line, 3);
        let Err(ConnectorError::InvalidInput(fields)) = &records[1].input else {
            panic!("{records:?}")
        };
        assert_eq!(fields[0].field, "line 3");
        assert!(fields[0].message.starts_with("not JSON"), "{fields:?}");
        assert!(records[2].input.is_err());
    }

    #[test]
    fn csv_columns_nest_by_dots_and_follow_schema_types() {
        let mut op = create_tracking();
        op.members.push(("body".into(), json!("object")));
        let text = "limit,tag,slug,body.a.b,body.c\n5,InTransit,\"ups, dhl\",x,\"y,z\"\n";
        let records = read_csv(text, &op).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].line, 2);
        let input: Value = serde_json::from_str(records[0].input.as_ref().unwrap()).unwrap();
        assert_eq!(
            input,
            json!({"limit": 5, "tag": "InTransit", "slug": ["ups", "dhl"], "body": {"a": {"b": "x"}, "c": "y,z"}})
        );
    }

    #[test]
    fn a_csv_column_that_maps_to_nothing_fails_only_lines_that_use_it() {
        let op = create_tracking();
        let records = read_csv("limit,colour\n5,\n6,red\n", &op).unwrap();
        assert!(records[0].input.is_ok());
        let Err(ConnectorError::InvalidInput(fields)) = &records[1].input else {
            panic!("{records:?}")
        };
        assert_eq!(records[1].line, 3);
        assert_eq!(fields[0].field, "colour");
        assert!(fields[0].message.contains("maps to no input member"));
    }
}
