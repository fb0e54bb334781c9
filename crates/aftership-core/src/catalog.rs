//! The operation catalog: one static table per API family, described as data so the request
//! builder, the input validation and the manifest's JSON Schemas all come from one source.

mod family;
mod family_rules;
mod operation;
mod param;

pub use family::Family;
pub use family_rules::{CodeStatus, FamilyRules, SettingsCode};
pub use operation::{BodySpec, OperationSpec, Paging, StoreIdRule};
pub(crate) use param::params;
pub(crate) use param::{join, joined_len};
pub use param::{Param, ParamKind};

use crate::settings::ApiType;

/// Every operation of every family.
pub fn all_operations() -> impl Iterator<Item = &'static OperationSpec> {
    Family::ALL.into_iter().flat_map(|f| f.operations().iter())
}

/// Operations offered to connections of an API type.
pub fn operations_for(api_type: ApiType) -> impl Iterator<Item = &'static OperationSpec> {
    all_operations().filter(move |op| op.family.api_type() == api_type)
}

/// Looks an operation up by its `<family>.<name>` id.
pub fn find_operation(id: &str) -> Option<&'static OperationSpec> {
    let (family, name) = id.split_once('.')?;
    let family = Family::ALL.into_iter().find(|f| f.id() == family)?;
    family.operations().iter().find(|op| op.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Method;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_found() {
        let mut seen = HashSet::new();
        for op in all_operations() {
            assert!(seen.insert(op.id()), "duplicate id {}", op.id());
            assert_eq!(find_operation(&op.id()), Some(op));
        }
    }

    #[test]
    fn paths_are_well_formed() {
        for op in all_operations() {
            assert!(op.path.starts_with('/'), "{}", op.id());
            assert!(!op.path.contains("//"), "{}", op.id());
            let names: Vec<_> = op.path_params().collect();
            let unique: HashSet<_> = names.iter().collect();
            assert_eq!(names.len(), unique.len(), "{}", op.id());
            for q in op.query {
                assert!(
                    !names.contains(&q.name),
                    "{} query {} clashes",
                    op.id(),
                    q.name
                );
                assert_ne!(q.name, "body", "{}", op.id());
            }
            if matches!(op.method, Method::Get | Method::Delete) {
                assert_eq!(op.body, BodySpec::None, "{} sends a body", op.id());
            }
            assert!(!op.title.is_empty() && !op.source.is_empty(), "{}", op.id());
        }
    }

    #[test]
    fn every_api_type_has_one_connection_probe_of_its_own_family() {
        for api_type in ApiType::ALL {
            let probes: Vec<_> = Family::ALL
                .into_iter()
                .filter(|f| f.api_type() == api_type)
                .filter_map(|f| Some((f, f.rules().probe?)))
                .collect();
            assert_eq!(probes.len(), 1, "{api_type:?}: {probes:?}");
            let (family, probe) = probes[0];
            let id = format!("{}.{}", family.id(), probe.operation);
            assert!(find_operation(&id).is_some(), "{id} is not in the table");
            assert!(probe.input.starts_with('{'), "{id}");
        }
    }

    #[test]
    fn params_joins_lists_in_order() {
        const HEAD: &[Param] = &[Param::text("a")];
        let joined: &[Param] = params![HEAD, &[Param::text("b"), Param::boolean("c")], HEAD];
        let names: Vec<_> = joined.iter().map(|p| p.name).collect();
        assert_eq!(names, ["a", "b", "c", "a"]);
        assert_eq!(joined[2].kind, ParamKind::Boolean);
    }
}
