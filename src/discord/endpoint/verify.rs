//! Is a request Discord's? The Ed25519 signature over timestamp + body, and a timestamp close to
//! now, so that a captured request cannot be played again later.
//!
//! The headers are checked here, cheaply; the signature itself by a [`Batcher`](super::batch),
//! which verifies the requests that arrive together in one batch, or by [`check`] alone.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signature, Verifier as _, VerifyingKey};

/// How far a request's timestamp may be from now, either way. Discord does not ask for this; a
/// replayed request older than this is refused.
pub const REPLAY_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Why a request was refused (401).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("no {0} header")]
    MissingHeader(&'static str),
    #[error("the signature does not match")]
    BadSignature,
    #[error("the timestamp is not within {} minutes of now", REPLAY_WINDOW.as_secs() / 60)]
    Stale,
}

/// The application's public key (`DISCORD_PUBLIC_KEY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub(super) VerifyingKey);

impl PublicKey {
    /// The key from its hex form: 64 hex digits, a valid Ed25519 point.
    pub fn from_hex(hex_digits: &str) -> Result<PublicKey, String> {
        let bytes = hex::decode(hex_digits.trim()).map_err(|e| format!("not hex ({e})"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| format!("{} bytes, not 32", b.len()))?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|e| format!("not an Ed25519 public key ({e})"))
    }

    /// Whether `signature` is this key's over `message`, on its own.
    pub fn verifies(&self, message: &[u8], signature: &Signature) -> bool {
        self.0.verify(message, signature).is_ok()
    }
}

/// What the headers say, checked as far as they can be without the signature's arithmetic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub signature: Signature,
    /// What was signed: the timestamp, then the body.
    pub message: Vec<u8>,
}

/// Reads a request's `X-Signature-Ed25519` and `X-Signature-Timestamp`: both present, the
/// signature 64 bytes of hex, the timestamp within [`REPLAY_WINDOW`] of `now`.
pub fn claim(
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: SystemTime,
) -> Result<Claim, Refusal> {
    let signature = signature.ok_or(Refusal::MissingHeader("X-Signature-Ed25519"))?;
    let timestamp = timestamp.ok_or(Refusal::MissingHeader("X-Signature-Timestamp"))?;
    let mut bytes = [0u8; 64];
    hex::decode_to_slice(signature.trim(), &mut bytes).map_err(|_| Refusal::BadSignature)?;
    let signed = timestamp
        .trim()
        .parse::<u64>()
        .map_err(|_| Refusal::Stale)?;
    let now = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    if now.abs_diff(signed) > REPLAY_WINDOW.as_secs() {
        return Err(Refusal::Stale);
    }
    Ok(Claim {
        signature: Signature::from_bytes(&bytes),
        message: [timestamp.as_bytes(), body].concat(),
    })
}

/// Checks a request's headers and signature against its raw body, on its own.
pub fn check(
    key: &PublicKey,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Refusal> {
    let claim = claim(signature, timestamp, body, now)?;
    if key.verifies(&claim.message, &claim.signature) {
        Ok(())
    } else {
        Err(Refusal::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn signed(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
        hex::encode(key.sign(&[timestamp.as_bytes(), body].concat()).to_bytes())
    }

    #[test]
    fn only_a_fresh_signature_over_this_body_passes() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let v = PublicKey::from_hex(&hex::encode(key.verifying_key().to_bytes())).unwrap();
        let now = SystemTime::now();
        let ts = now
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let body = br#"{"type":1}"#;
        let sig = signed(&key, &ts, body);
        assert_eq!(check(&v, Some(&sig), Some(&ts), body, now), Ok(()));
        assert_eq!(
            check(&v, Some(&sig), Some(&ts), br#"{"type":2}"#, now),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            check(&v, None, Some(&ts), body, now),
            Err(Refusal::MissingHeader("X-Signature-Ed25519"))
        );
        assert_eq!(
            check(&v, Some(&sig), None, body, now),
            Err(Refusal::MissingHeader("X-Signature-Timestamp"))
        );
        assert_eq!(
            check(&v, Some("zz"), Some(&ts), body, now),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            check(&v, Some(&sig[..126]), Some(&ts), body, now),
            Err(Refusal::BadSignature)
        );
        let later = now + REPLAY_WINDOW + Duration::from_secs(5);
        assert_eq!(
            check(&v, Some(&sig), Some(&ts), body, later),
            Err(Refusal::Stale)
        );
        let earlier = now - REPLAY_WINDOW + Duration::from_secs(5);
        assert_eq!(check(&v, Some(&sig), Some(&ts), body, earlier), Ok(()));
    }

    #[test]
    fn a_bad_public_key_says_why() {
        assert!(
            PublicKey::from_hex("xyz")
                .err()
                .unwrap()
                .starts_with("not hex")
        );
        assert_eq!(
            PublicKey::from_hex("abcd").err().unwrap(),
            "2 bytes, not 32"
        );
    }
}
