//! Is a request Discord's? The Ed25519 signature over timestamp + body (serenity's `Verifier`), and
//! a timestamp close to now, so that a captured request cannot be played again later.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serenity::interactions_endpoint::Verifier;

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

/// Checks a request's `X-Signature-Ed25519` and `X-Signature-Timestamp` against its raw body.
pub fn check(
    verifier: &Verifier,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Refusal> {
    let signature = signature.ok_or(Refusal::MissingHeader("X-Signature-Ed25519"))?;
    let timestamp = timestamp.ok_or(Refusal::MissingHeader("X-Signature-Timestamp"))?;
    verifier
        .verify(signature, timestamp, body)
        .map_err(|()| Refusal::BadSignature)?;
    let signed = timestamp
        .trim()
        .parse::<u64>()
        .map_err(|_| Refusal::Stale)?;
    let now = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    if now.abs_diff(signed) > REPLAY_WINDOW.as_secs() {
        return Err(Refusal::Stale);
    }
    Ok(())
}

/// The public key from its hex form: 64 hex digits, a valid Ed25519 point.
pub fn verifier(public_key_hex: &str) -> Result<Verifier, String> {
    let bytes = hex::decode(public_key_hex.trim()).map_err(|e| format!("not hex ({e})"))?;
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("{} bytes, not 32", b.len()))?;
    Verifier::try_new(bytes).map_err(|e| format!("not an Ed25519 public key ({e})"))
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
        let v = verifier(&hex::encode(key.verifying_key().to_bytes())).unwrap();
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
            check(&v, Some("zz"), Some(&ts), body, now),
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
        assert!(verifier("xyz").err().unwrap().starts_with("not hex"));
        assert_eq!(verifier("abcd").err().unwrap(), "2 bytes, not 32");
    }
}
