//! The service component's deployment manifests (`deploy/spin.toml`, `deploy/wasmcloud.yaml`),
//! generated from the connector manifest: their outbound allow-lists are its `outbound_hosts`
//! (production and sandbox; the service never runs the OAuth flow, so the OAuth host is left
//! out), and their settings are the service's config keys. `tests/deploy.rs` compares the files
//! with this output (`AFTERSHIP_BLESS=1` rewrites them).

use serde_json::Value;

/// Config keys of the service, in the order the manifests list them, each with whether it holds
/// a secret and its default (None: required).
pub const SERVICE_KEYS: &[(&str, bool, Option<&str>)] = &[
    ("api_type", false, None),
    ("api_key", true, None),
    ("environment", false, Some("production")),
    ("auth_mode", false, Some("api-key")),
    ("api_secret", true, Some("")),
    ("access_token", true, Some("")),
    ("oauth_token_header", false, Some("")),
    ("store_id", false, Some("")),
    ("base_url", false, Some("")),
    ("name", false, Some("aftership")),
    ("service_token", true, None),
    ("webhook_secret", true, Some("")),
    ("timeout_ms", false, Some("30000")),
];

/// The `https://` origins the service may call: the manifest's production and sandbox hosts.
pub fn outbound_origins(manifest: &Value) -> Result<Vec<String>, String> {
    let mut origins = Vec::new();
    for environment in ["production", "sandbox"] {
        let hosts = manifest["outbound_hosts"][environment]
            .as_array()
            .ok_or_else(|| format!("manifest: outbound_hosts.{environment} is missing"))?;
        for host in hosts {
            let host = host.as_str().ok_or_else(|| {
                format!("manifest: outbound_hosts.{environment} holds a non-string")
            })?;
            origins.push(format!("https://{host}"));
        }
    }
    Ok(origins)
}

const HEADER: &str =
    "Generated from connector.json's outbound_hosts by host-harness/src/deploy.rs \
(`AFTERSHIP_BLESS=1 cargo test -p aftership-harness --test deploy`); do not edit by hand.";

fn quoted(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| format!("\"{s}\"")).collect();
    items.join(", ")
}

/// `deploy/spin.toml`: one HTTP trigger on `/v1/...`, the settings as Spin variables (secrets
/// marked), and `allowed_outbound_hosts` from the manifest.
pub fn spin_toml(manifest: &Value) -> Result<String, String> {
    let origins = outbound_origins(manifest)?;
    let version = manifest["version"].as_str().unwrap_or("0.0.0");
    let mut out = String::new();
    out.push_str(&format!("# {HEADER}\n"));
    out.push_str(
        "# Not run in this repository's CI (no Spin host installs from the package registries);\n\
         # see docs/service.md.\n",
    );
    out.push_str("spin_manifest_version = 2\n\n[application]\nname = \"aftership-service\"\n");
    out.push_str(&format!("version = \"{version}\"\n"));
    out.push_str("description = \"AfterShip connector as a WASI-HTTP service\"\n\n[variables]\n");
    for (key, secret, default) in SERVICE_KEYS {
        let mut fields = Vec::new();
        match default {
            None => fields.push("required = true".to_string()),
            Some(value) => fields.push(format!("default = \"{value}\"")),
        }
        if *secret {
            fields.push("secret = true".to_string());
        }
        out.push_str(&format!("{key} = {{ {} }}\n", fields.join(", ")));
    }
    out.push_str(
        "\n[[trigger.http]]\nroute = \"/v1/...\"\ncomponent = \"aftership\"\n\n\
         [component.aftership]\nsource = \"aftership-service.wasm\"\n",
    );
    out.push_str(
        "# A `base_url` override needs its origin added here too (Spin denies every other host).\n",
    );
    out.push_str(&format!(
        "allowed_outbound_hosts = [{}]\n\n",
        quoted(&origins)
    ));
    out.push_str("[component.aftership.variables]\n");
    for (key, _, _) in SERVICE_KEYS {
        out.push_str(&format!("{key} = \"{{{{ {key} }}}}\"\n"));
    }
    Ok(out)
}

/// `deploy/wasmcloud.yaml`: a wasmCloud v2 `WorkloadDeployment` with the settings as the
/// component's config (placeholders for secrets) and `allowedHosts` from the manifest.
pub fn wasmcloud_yaml(manifest: &Value) -> Result<String, String> {
    let origins = outbound_origins(manifest)?;
    let version = manifest["version"].as_str().unwrap_or("0.0.0");
    let mut out = String::new();
    out.push_str(&format!("# {HEADER}\n"));
    out.push_str(
        "# Not run in this repository's CI (no wasmCloud host runs offline here); see docs/service.md.\n\
         # Secrets below are placeholders: supply them from your secret store, never commit them.\n",
    );
    out.push_str(
        "apiVersion: runtime.wasmcloud.dev/v1alpha1\nkind: WorkloadDeployment\nmetadata:\n  \
         name: aftership-service\nspec:\n  replicas: 1\n  template:\n    spec:\n      \
         hostInterfaces:\n        - namespace: wasi\n          package: http\n          \
         interfaces: [incoming-handler]\n        - namespace: wasi\n          package: http\n          \
         interfaces: [outgoing-handler]\n        - namespace: wasi\n          package: config\n          \
         interfaces: [store]\n      components:\n        - name: aftership\n",
    );
    out.push_str(&format!(
        "          image: file://./aftership-service.wasm  # version {version}\n"
    ));
    out.push_str("          localResources:\n            config:\n");
    for (key, secret, default) in SERVICE_KEYS {
        let value = match (secret, default) {
            (true, _) => format!("\"<{key}>\""),
            (false, None) => "\"tracking\"".to_string(),
            (false, Some(value)) => format!("\"{value}\""),
        };
        out.push_str(&format!("              {key}: {value}\n"));
    }
    out.push_str("            # An empty list denies every host; a base_url override needs its origin here.\n");
    out.push_str("            allowedHosts:\n");
    for origin in &origins {
        out.push_str(&format!("              - {origin}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_allow_lists_follow_the_manifest_hosts() {
        let manifest = json!({"version": "9.9.9", "outbound_hosts": {
            "production": ["a.example"], "sandbox": ["b.example"], "oauth": ["c.example"]}});
        let spin = spin_toml(&manifest).unwrap();
        assert!(spin
            .contains("allowed_outbound_hosts = [\"https://a.example\", \"https://b.example\"]"));
        assert!(!spin.contains("c.example"));
        let yaml = wasmcloud_yaml(&manifest).unwrap();
        assert!(yaml.contains("- https://a.example\n              - https://b.example\n"));
        assert!(outbound_origins(&json!({})).is_err());
    }

    #[test]
    fn the_manifests_defaults_are_settings_the_service_accepts() {
        let value = |key: &str| -> Option<String> {
            let (_, _, default) = SERVICE_KEYS.iter().find(|(k, _, _)| *k == key)?;
            Some(match (key, default) {
                ("api_type", _) => "tracking".to_string(),
                ("api_key", _) => "a-key".to_string(),
                ("service_token", _) => "a-service-token-of-length".to_string(),
                (_, Some(value)) => value.to_string(),
                (_, None) => return None,
            })
        };
        let loaded = aftership_service::config::load(|key| Ok(value(key)));
        assert!(loaded.is_ok(), "{:?}", loaded.err());
    }

    #[test]
    fn every_service_key_is_a_config_key_of_the_service() {
        let keys: Vec<&str> = SERVICE_KEYS.iter().map(|(k, _, _)| *k).collect();
        let mut expected: Vec<&str> = aftership_service::config::SETTING_KEYS.to_vec();
        expected.extend([
            aftership_service::config::SERVICE_TOKEN,
            aftership_service::config::WEBHOOK_SECRET,
            aftership_service::config::TIMEOUT_MS,
        ]);
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
    }
}
