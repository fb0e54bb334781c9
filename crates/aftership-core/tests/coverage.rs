//! The catalog against the checked-in list of AfterShip's documented operations
//! (`tests/data/documented-operations.tsv`, one row per operation of the ten API types, taken
//! from the reference operation lists that were read from AfterShip's OpenAPI documents).
//!
//! Every documented operation must be in the catalog with the same method and path, the catalog
//! must hold nothing the list does not, and each family must have the documented count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aftership_core::{all_operations, Family};

/// Documented operations per family (the list's own row counts, checked so an edit to the list
/// that drops or duplicates rows is noticed).
const EXPECTED_COUNTS: &[(&str, usize)] = &[
    ("tracking", 16),
    ("tracking_v4", 25),
    ("shipping", 30),
    ("returns", 21),
    ("commerce", 29),
    ("address", 1),
    ("parser", 2),
    ("members", 6),
    ("protection", 8),
    ("warranty", 17),
    ("personalization", 4),
];

/// One row of the documented list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    api_type: String,
    family: String,
    operation: String,
    method: String,
    path: String,
}

impl Row {
    /// `(family, operation, method, path)`, the identity compared with the catalog.
    fn key(&self) -> (String, String, String, String) {
        (
            self.family.clone(),
            self.operation.clone(),
            self.method.clone(),
            self.path.clone(),
        )
    }
}

fn documented() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/documented-operations.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("api_type\tfamily\toperation\tmethod\tpath"),
        "header line of {}",
        path.display()
    );
    lines
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "line {} has {} columns", i + 2, cols.len());
            Row {
                api_type: cols[0].to_string(),
                family: cols[1].to_string(),
                operation: cols[2].to_string(),
                method: cols[3].to_string(),
                path: cols[4].to_string(),
            }
        })
        .collect()
}

fn catalog() -> Vec<Row> {
    all_operations()
        .map(|op| Row {
            api_type: op.family.api_type().as_str().to_string(),
            family: op.family.id().to_string(),
            operation: op.name.to_string(),
            method: op.method.as_str().to_string(),
            path: op.path.to_string(),
        })
        .collect()
}

fn show(row: &Row) -> String {
    format!(
        "{}.{} {} {}",
        row.family, row.operation, row.method, row.path
    )
}

#[test]
fn documented_list_is_well_formed() {
    let rows = documented();
    let families: BTreeMap<&str, &str> = Family::ALL
        .iter()
        .map(|f| (f.id(), f.api_type().as_str()))
        .collect();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &rows {
        match families.get(row.family.as_str()) {
            None => problems.push(format!("unknown family in {}", show(row))),
            Some(api_type) if *api_type != row.api_type => problems.push(format!(
                "{} is listed under api_type {}, but the family belongs to {api_type}",
                show(row),
                row.api_type
            )),
            Some(_) => {}
        }
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&row.method.as_str()) {
            problems.push(format!("unknown method in {}", show(row)));
        }
        if !row.path.starts_with('/') {
            problems.push(format!("path must start with / in {}", show(row)));
        }
        if !seen.insert((row.family.clone(), row.operation.clone())) {
            problems.push(format!("listed twice: {}", show(row)));
        }
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        *counts.entry(row.family.as_str()).or_default() += 1;
    }
    for (family, expected) in EXPECTED_COUNTS {
        let got = counts.get(family).copied().unwrap_or(0);
        if got != *expected {
            problems.push(format!(
                "the list has {got} {family} rows, expected {expected}"
            ));
        }
    }
    let total: usize = EXPECTED_COUNTS.iter().map(|(_, n)| n).sum();
    assert_eq!(
        total, 159,
        "AfterShip documents 159 operations over the ten API types"
    );
    if rows.len() != total {
        problems.push(format!(
            "the list has {} rows, expected {total}",
            rows.len()
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The rows of `rows` whose key is not among `other`'s, shown and sorted.
fn not_in(rows: &[Row], other: &[Row]) -> Vec<String> {
    let keys: BTreeSet<_> = other.iter().map(Row::key).collect();
    let mut absent: Vec<String> = rows
        .iter()
        .filter(|row| !keys.contains(&row.key()))
        .map(show)
        .collect();
    absent.sort();
    absent
}

/// Fails listing `rows`, when there are any, as `what`.
fn assert_none(rows: &[String], what: &str) {
    let (count, list) = (rows.len(), rows.join("\n  "));
    assert!(
        rows.is_empty(),
        "{count} {what} (or with another method/path):\n  {list}"
    );
}

#[test]
fn every_documented_operation_is_in_the_catalog() {
    let missing = not_in(&documented(), &catalog());
    assert_none(&missing, "documented operation(s) missing from the catalog");
}

#[test]
fn the_catalog_has_no_undocumented_operations() {
    let extra = not_in(&catalog(), &documented());
    assert_none(&extra, "catalog operation(s) not in the documented list");
}

#[test]
fn each_family_has_the_documented_count() {
    let mut documented_counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in documented() {
        *documented_counts.entry(row.family).or_default() += 1;
    }
    let mut problems = Vec::new();
    for family in Family::ALL {
        let got = family.operations().len();
        let expected = documented_counts.get(family.id()).copied().unwrap_or(0);
        if got != expected {
            problems.push(format!(
                "{}: {got} operation(s) in the catalog, {expected} documented",
                family.id()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "per-family counts differ:\n  {}",
        problems.join("\n  ")
    );
}
