//! The "API key with RSA" signature: reading and checking the private key, RSASSA-PSS signing
//! with derived randomness (the component has no entropy source), and verification.

use base64::Engine as _;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::pss::{BlindedSigningKey, VerifyingKey};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// Smallest RSA modulus accepted, in bits.
pub const RSA_MIN_BITS: usize = 2048;
/// Largest RSA modulus accepted, in bits (the `rsa` crate's public-key ceiling; signing time in
/// the component grows with the cube of the size).
pub const RSA_MAX_BITS: usize = 4096;
/// PSS salt length: the SHA-256 digest length, as AfterShip's SDKs use (`RSA_PSS_SALTLEN_DIGEST`).
pub const RSA_PSS_SALT_LEN: usize = 32;

/// Reads the RSA private key of an "API key with RSA": PKCS#8 PEM (`BEGIN PRIVATE KEY`), which is
/// what AfterShip's SDKs load; PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`) is accepted too. A key pasted
/// with literal `\n` sequences instead of line breaks (common in environment variables) is
/// repaired first.
///
/// The error is a fixed sentence for a form; it never contains any part of the key.
pub fn parse_rsa_private_key(pem: &str) -> Result<RsaPrivateKey, &'static str> {
    let repaired;
    let mut text = pem.trim();
    if !text.contains('\n') && text.contains("\\n") {
        repaired = text.replace("\\r\\n", "\n").replace("\\n", "\n");
        text = repaired.trim();
    }
    let key = if text.starts_with("-----BEGIN PRIVATE KEY-----") {
        RsaPrivateKey::from_pkcs8_pem(text)
            .map_err(|_| "the PKCS#8 PEM private key could not be read (damaged or not RSA)")?
    } else if text.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        RsaPrivateKey::from_pkcs1_pem(text)
            .map_err(|_| "the PKCS#1 PEM private key could not be read (damaged)")?
    } else if text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        return Err("the private key is encrypted; export it without a passphrase");
    } else if text.starts_with("-----BEGIN PUBLIC KEY-----")
        || text.starts_with("-----BEGIN RSA PUBLIC KEY-----")
    {
        return Err("this is a public key; the rsa-signature mode needs the private key");
    } else {
        return Err(
            "the rsa-signature mode needs the RSA private key as PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
        );
    };
    let bits = key.n().bits();
    if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) {
        return Err("the RSA key must have 2048 to 4096 bits");
    }
    key.validate()
        .map_err(|_| "the RSA private key is inconsistent (its parts do not match)")?;
    Ok(key)
}

/// [`parse_rsa_private_key`] plus a test signature verified with the key's own public half.
///
/// `RsaPrivateKey::validate` checks that the primes multiply to the modulus and match the
/// exponents, but not that they are prime: a key with a composite factor passes it and then
/// fails every signature ("could not sign"). Settings validation therefore signs a fixed message
/// once (milliseconds) so such a key is an `api-secret` error on the form, not on every request.
pub fn check_rsa_private_key(pem: &str) -> Result<RsaPrivateKey, &'static str> {
    const BROKEN: &str = "the RSA private key cannot make valid signatures (a factor is not prime \
                          or its parts do not match)";
    let key = parse_rsa_private_key(pem)?;
    let message = b"aftership-connector key check";
    let signature = rsa_pss_sign(&key, pem.as_bytes(), message, 0).map_err(|_| BROKEN)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| BROKEN)?;
    let signature = rsa::pss::Signature::try_from(bytes.as_slice()).map_err(|_| BROKEN)?;
    VerifyingKey::<Sha256>::new_with_salt_len(key.to_public_key(), RSA_PSS_SALT_LEN)
        .verify(message, &signature)
        .map_err(|_| BROKEN)?;
    Ok(key)
}

/// Signs `message` with RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) and returns the
/// standard base64 of the signature, the value of `as-signature-rsa-sha256`.
///
/// Why the randomness is derived, not drawn: the component runs on `wasm32-unknown-unknown` and
/// imports nothing, so there is no entropy source. PSS needs a salt and the `rsa` crate blinds
/// the private-key operation with random values, so both come from a ChaCha20 CSPRNG seeded with
/// SHA-256 over a domain label, the secret key text, the SignString and the host's time. The seed
/// is unpredictable to anyone without the private key (like RFC 6979's deterministic nonces),
/// differs for every request and every millisecond, and the result is a standard PSS signature:
/// PSS verification never needs to know how the salt was chosen, so AfterShip (or anyone with the
/// public key) verifies it as usual. A side effect is reproducibility: the same key, request and
/// time give the same signature, which lets fixtures pin it.
pub fn rsa_pss_sign(
    key: &RsaPrivateKey,
    secret_key_bytes: &[u8],
    message: &[u8],
    now_unix_ms: u64,
) -> Result<String, &'static str> {
    let mut rng = ChaCha20Rng::from_seed(rsa_seed(secret_key_bytes, message, now_unix_ms));
    let signing_key = BlindedSigningKey::<Sha256>::new_with_salt_len(key.clone(), RSA_PSS_SALT_LEN);
    let signature = signing_key
        .try_sign_with_rng(&mut rng, message)
        .map_err(|_| "the RSA key could not sign the request")?;
    Ok(base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()))
}

/// SHA-256 over a domain label and the length-prefixed key text, message and time.
fn rsa_seed(secret_key_bytes: &[u8], message: &[u8], now_unix_ms: u64) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"aftership-connector rsa-pss seed v1");
    for part in [secret_key_bytes, message] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.update(now_unix_ms.to_be_bytes());
    hash.finalize().into()
}

/// Checks an `as-signature-rsa-sha256` value against a public key (SPKI PEM, `BEGIN PUBLIC KEY`,
/// or PKCS#1 `BEGIN RSA PUBLIC KEY`) and the SignString. For tests and for hosts that want to
/// check what they send; AfterShip does the same check on its side.
pub fn verify_rsa_pss(public_key_pem: &str, message: &[u8], signature_base64: &str) -> bool {
    let text = public_key_pem.trim();
    let key =
        RsaPublicKey::from_public_key_pem(text).or_else(|_| RsaPublicKey::from_pkcs1_pem(text));
    let Ok(key) = key else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(signature_base64.trim())
    else {
        return false;
    };
    let Ok(signature) = rsa::pss::Signature::try_from(bytes.as_slice()) else {
        return false;
    };
    VerifyingKey::<Sha256>::new_with_salt_len(key, RSA_PSS_SALT_LEN)
        .verify(message, &signature)
        .is_ok()
}
