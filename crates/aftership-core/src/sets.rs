//! The closed sets a connection is made of (API type, environment, auth mode), each defined once:
//! the variant list, the wire/manifest string (the WIT case name) and the form label are derived
//! from the enum (`strum`), so the manifest's `options`, the parsers and the CLI all iterate the
//! same list. Adding a variant is one line here (plus its WIT case).

use strum::{EnumCount, EnumMessage, EnumString, IntoStaticStr, VariantArray};

/// Copies a derived variant list into a fixed-size array (a `const` the callers can iterate by
/// value); a length mismatch fails the build.
macro_rules! all_array {
    ($ty:ty) => {{
        const V: &[$ty] = <$ty as VariantArray>::VARIANTS;
        let mut out = [V[0]; <$ty as EnumCount>::COUNT];
        let mut i = 0;
        while i < out.len() {
            out[i] = V[i];
            i += 1;
        }
        out
    }};
}

/// Defines a closed set: the enum with its derived id (`IntoStaticStr`), parser (`EnumString`,
/// exact and case-sensitive), variant list (`VariantArray`) and label (`message`), and the
/// methods every set shares. The enum's own `#[strum(serialize_all = …)]` gives the id spelling.
macro_rules! closed_set {
    ($(#[$meta:meta])* pub enum $ty:ident { $($body:tt)* }) => {
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            EnumString, IntoStaticStr, VariantArray, EnumCount, EnumMessage,
        )]
        $(#[$meta])*
        pub enum $ty { $($body)* }

        impl $ty {
            /// Every variant, in declaration order (the order forms and the manifest list them).
            pub const ALL: [$ty; <$ty as EnumCount>::COUNT] = all_array!($ty);

            /// The id used in the WIT, the manifest, settings files and the CLI.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// Parses the id ([`Self::as_str`]); `None` for anything else.
            pub fn parse(value: &str) -> Option<$ty> {
                value.parse().ok()
            }

            /// Label a form shows for this value.
            pub fn label(self) -> &'static str {
                self.get_message().unwrap_or_else(|| self.as_str())
            }
        }
    };
}

closed_set! {
    /// The AfterShip product a connection talks to.
    #[strum(serialize_all = "lowercase")]
    pub enum ApiType {
        /// Returns 2026-07.
        #[strum(message = "Returns")]
        Returns,
        /// Shipping v3 (ex-Postmen).
        #[strum(message = "Shipping")]
        Shipping,
        /// Tracking 2026-07 and legacy v4.
        #[strum(message = "Tracking")]
        Tracking,
        /// Address 2024-07.
        #[strum(message = "Address")]
        Address,
        /// Parser (admin/2022-01).
        #[strum(message = "Parser")]
        Parser,
        /// Members (admin/2022-01).
        #[strum(message = "Members")]
        Members,
        /// Commerce 2026-07.
        #[strum(message = "Commerce")]
        Commerce,
        /// Protection (admin/2022-01).
        #[strum(message = "Protection")]
        Protection,
        /// Warranty 2026-07 (claims, claim shipments and items, warranty registrations).
        #[strum(message = "Warranty")]
        Warranty,
        /// Personalization 2025-01 (product recommendations, search, suggestions, tagging).
        #[strum(message = "Personalization")]
        Personalization,
    }
}

impl ApiType {
    /// Whether AfterShip offers a sandbox host for this type (see design notes: Shipping and
    /// Protection document `sandbox-api.aftership.com`; the reference form offers it for Commerce).
    pub fn has_sandbox(self) -> bool {
        matches!(
            self,
            ApiType::Shipping | ApiType::Commerce | ApiType::Protection
        )
    }

    /// The environments AfterShip offers for this type, production first.
    pub fn environments(self) -> impl Iterator<Item = Environment> {
        Environment::ALL
            .into_iter()
            .filter(move |&e| e == Environment::Production || self.has_sandbox())
    }

    /// Whether the connection form shows the store ID field (Personalization sends the
    /// Commerce store's id as `as-store-id` on recommend, suggest and search).
    pub fn shows_store_id(self) -> bool {
        matches!(
            self,
            ApiType::Shipping | ApiType::Commerce | ApiType::Personalization
        )
    }
}

closed_set! {
    /// Production or sandbox host.
    #[derive(Default)]
    #[strum(serialize_all = "lowercase")]
    pub enum Environment {
        /// `https://api.aftership.com`
        #[default]
        #[strum(message = "Production (api.aftership.com)")]
        Production,
        /// `https://sandbox-api.aftership.com`
        #[strum(message = "Sandbox (sandbox-api.aftership.com)")]
        Sandbox,
    }
}

impl Environment {
    /// Scheme and host for this environment.
    pub fn origin(self) -> &'static str {
        match self {
            Environment::Production => "https://api.aftership.com",
            Environment::Sandbox => "https://sandbox-api.aftership.com",
        }
    }
}

closed_set! {
    /// How requests are authenticated.
    #[derive(Default)]
    #[strum(serialize_all = "kebab-case")]
    pub enum AuthMode {
        /// API key header only.
        #[default]
        #[strum(message = "API key")]
        ApiKey,
        /// API key plus HMAC-SHA256 SignString signature.
        #[strum(message = "API key with AES signature")]
        AesSignature,
        /// API key plus RSASSA-PSS SignString signature.
        #[strum(message = "API key with RSA signature")]
        RsaSignature,
        /// OAuth 2.0 access token.
        #[strum(message = "OAuth access token (public apps)")]
        OauthToken,
    }
}

impl AuthMode {
    /// Whether this mode sends the API key (every mode but `oauth-token`).
    pub fn sends_api_key(self) -> bool {
        self != AuthMode::OauthToken
    }

    /// Whether this mode signs the SignString with `api-secret`.
    pub fn signs(self) -> bool {
        matches!(self, AuthMode::AesSignature | AuthMode::RsaSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_other_spellings_are_refused() {
        for t in ApiType::ALL {
            assert_eq!(ApiType::parse(t.as_str()), Some(t));
            assert_ne!(t.label(), t.as_str(), "{t:?} has a label");
        }
        for e in Environment::ALL {
            assert_eq!(Environment::parse(e.as_str()), Some(e));
        }
        for m in AuthMode::ALL {
            assert_eq!(AuthMode::parse(m.as_str()), Some(m));
            assert_ne!(m.label(), m.as_str(), "{m:?} has a label");
        }
        assert_eq!(AuthMode::OauthToken.as_str(), "oauth-token");
        assert_eq!(ApiType::ALL.len(), 10);
        assert!(!ApiType::Warranty.has_sandbox() && !ApiType::Personalization.has_sandbox());
        assert_eq!(ApiType::parse("Tracking"), None);
        assert_eq!(AuthMode::parse("api_key"), None);
        assert_eq!(Environment::parse(""), None);
    }
}
