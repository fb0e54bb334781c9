//! What the runner needs from the manifest (`connector.json`, as the component reports it): each
//! operation's method, rate limit, rate-limit family, paging scheme and input members.

use std::collections::HashMap;

use serde_json::Value;

/// One operation as the runner sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationInfo {
    /// `GET`, `POST`, …
    pub method: String,
    /// Requests per second AfterShip allows (None when undocumented).
    pub rate_limit: Option<f64>,
    /// Pacing bucket: the family when the operation shares the family's limit, else the operation.
    pub bucket: String,
    /// `cursor`, `page`, `next_token`, or None.
    pub pagination: Option<String>,
    /// Top-level input members and their JSON Schema `type` (`string`, `integer`, …).
    pub members: Vec<(String, Value)>,
}

/// The catalog of every operation, from the manifest.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    operations: HashMap<String, OperationInfo>,
}

impl Catalog {
    /// Reads the manifest text.
    pub fn from_manifest(manifest: &str) -> Result<Self, String> {
        let manifest: Value =
            serde_json::from_str(manifest).map_err(|e| format!("manifest: {e}"))?;
        let mut family_limits: HashMap<String, Option<f64>> = HashMap::new();
        for api_type in manifest["api_types"].as_array().into_iter().flatten() {
            for family in api_type["families"].as_array().into_iter().flatten() {
                if let Some(id) = family["id"].as_str() {
                    family_limits.insert(id.to_string(), family["rate_limit_per_second"].as_f64());
                }
            }
        }
        let mut operations = HashMap::new();
        for op in manifest["operations"]
            .as_array()
            .ok_or("manifest: no operations")?
        {
            let (Some(id), Some(family)) = (op["id"].as_str(), op["family"].as_str()) else {
                continue;
            };
            let rate_limit = op["rate_limit_per_second"].as_f64();
            let family_limit = family_limits.get(family).copied().flatten();
            let bucket = match (rate_limit, family_limit) {
                (Some(own), Some(shared)) if own == shared => format!("family:{family}"),
                (None, None) => format!("family:{family}"),
                _ => format!("operation:{id}"),
            };
            let members = op["input_schema"]["properties"]
                .as_object()
                .map(|props| {
                    props
                        .iter()
                        .map(|(name, schema)| (name.clone(), schema["type"].clone()))
                        .collect()
                })
                .unwrap_or_default();
            operations.insert(
                id.to_string(),
                OperationInfo {
                    method: op["method"].as_str().unwrap_or("GET").to_string(),
                    rate_limit,
                    bucket,
                    pagination: op["pagination"].as_str().map(str::to_string),
                    members,
                },
            );
        }
        Ok(Self { operations })
    }

    /// The operation, when the catalog has it.
    pub fn get(&self, id: &str) -> Option<&OperationInfo> {
        self.operations.get(id)
    }

    /// Pacing bucket and documented limit of an operation (its own bucket when unknown).
    pub fn bucket(&self, id: &str) -> (String, Option<f64>) {
        match self.operations.get(id) {
            Some(op) => (op.bucket.clone(), op.rate_limit),
            None => (format!("operation:{id}"), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_shared_and_own_limits() {
        let catalog = Catalog::from_manifest(&aftership_core::manifest_json()).unwrap();
        // Shipping: one limit for the organization.
        let labels = catalog.bucket("shipping.list_labels");
        assert_eq!(labels, ("family:shipping".to_string(), Some(10.0)));
        assert_eq!(catalog.bucket("shipping.list_rates").0, labels.0);
        // Tracking 2026-07: a limit per endpoint.
        assert_eq!(
            catalog.bucket("tracking.list_trackings"),
            ("operation:tracking.list_trackings".to_string(), Some(6.0))
        );
        assert_eq!(catalog.bucket("tracking.create_tracking").1, Some(20.0));
        // Protection: undocumented, one bucket for the family.
        assert_eq!(
            catalog.bucket("protection.list_claims"),
            ("family:protection".to_string(), None)
        );
        let list = catalog.get("returns.list_returns").unwrap();
        assert_eq!(list.pagination.as_deref(), Some("page"));
        assert!(list.members.iter().any(|(name, _)| name == "limit"));
    }
}
