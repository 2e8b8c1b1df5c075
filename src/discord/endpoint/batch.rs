//! Signatures verified in batches. Under load, requests arrive faster than one Ed25519 check each
//! can keep up with; ed25519-dalek's `verify_batch` checks n signatures for about half the cost of
//! n checks (one multi-scalar multiplication instead of n). A thread of its own takes whatever is
//! waiting, verifies it at once and answers each request; a request that arrives alone is checked
//! alone, so an idle server answers as fast as before.
//!
//! A batch with a bad signature in it fails as a whole; each of its signatures is then checked
//! alone, so a forged request never takes a good one down with it.

use std::sync::mpsc;
use std::thread;

use ed25519_dalek::{Signature, VerifyingKey};
use tokio::sync::oneshot;
use tracing::warn;

use super::verify::{Claim, PublicKey};

/// The most signatures verified together. Past 16 the cost per signature stops falling (measured
/// with ed25519-dalek 2.2: about 22 µs each from 8 on, 45 µs alone), and a bigger batch only keeps
/// its first requests waiting longer.
pub const MAX_BATCH: usize = 16;

/// One signature to check, and where its answer goes.
struct Job {
    claim: Claim,
    answer: oneshot::Sender<bool>,
}

/// Sends signatures to the verifying thread; cheap to clone, one per request handler.
#[derive(Clone)]
pub struct Batcher {
    key: PublicKey,
    jobs: mpsc::Sender<Job>,
}

/// How many signatures each batch held, for `/metrics`.
pub type Observe = Box<dyn Fn(usize) + Send>;

impl Batcher {
    /// Starts the verifying thread; it ends when the last `Batcher` is dropped.
    pub fn start(key: PublicKey, observe: Observe) -> std::io::Result<Batcher> {
        let (jobs, waiting) = mpsc::channel();
        thread::Builder::new()
            .name("verify-signatures".into())
            .spawn(move || verify_until_closed(key.0, &waiting, &observe))?;
        Ok(Batcher { key, jobs })
    }

    /// Whether the claim's signature is the key's: in a batch with others waiting, or alone.
    pub async fn verifies(&self, claim: Claim) -> bool {
        let (answer, answered) = oneshot::channel();
        match self.jobs.send(Job { claim, answer }) {
            Ok(()) => match answered.await {
                Ok(verified) => verified,
                // The thread died with this request in its batch: refused, unchecked. Every later
                // request finds the channel closed and is checked here instead.
                Err(_) => {
                    warn!("the signature thread stopped: a request in its batch was refused");
                    false
                }
            },
            Err(mpsc::SendError(job)) => {
                self.key.verifies(&job.claim.message, &job.claim.signature)
            }
        }
    }
}

/// The verifying thread: waits for a first signature, takes every other one already waiting (up
/// to [`MAX_BATCH`]), verifies them and answers each.
fn verify_until_closed(key: VerifyingKey, waiting: &mpsc::Receiver<Job>, observe: &Observe) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Ok(first) = waiting.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match waiting.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        observe(batch.len());
        let claims: Vec<&Claim> = batch.iter().map(|job| &job.claim).collect();
        let verdicts = verify_all(&key, &claims);
        for (job, verified) in batch.drain(..).zip(verdicts) {
            // A handler that stopped waiting (its client went away) needs no answer.
            let _ = job.answer.send(verified);
        }
    }
}

/// Each claim's verdict: all at once when all are good, otherwise one by one.
pub fn verify_all(key: &VerifyingKey, claims: &[&Claim]) -> Vec<bool> {
    let alone = |claim: &Claim| PublicKey(*key).verifies(&claim.message, &claim.signature);
    if claims.len() < 2 {
        return claims.iter().map(|c| alone(c)).collect();
    }
    let messages: Vec<&[u8]> = claims.iter().map(|c| c.message.as_slice()).collect();
    let signatures: Vec<Signature> = claims.iter().map(|c| c.signature).collect();
    let keys = vec![*key; claims.len()];
    if ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok() {
        vec![true; claims.len()]
    } else {
        claims.iter().map(|c| alone(c)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};
    use std::sync::{Arc, Mutex};

    fn claims(key: &SigningKey, n: usize) -> Vec<Claim> {
        (0..n)
            .map(|i| {
                let message = format!("1700000000{{\"id\":{i}}}").into_bytes();
                Claim {
                    signature: key.sign(&message),
                    message,
                }
            })
            .collect()
    }

    #[test]
    fn a_batch_with_forgeries_refuses_only_them() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let mut claims = claims(&key, 9);
        // Another body under a good signature, and a signature by another key.
        claims[2].message.push(b' ');
        claims[6].signature = SigningKey::from_bytes(&[4; 32]).sign(&claims[6].message);
        let refs: Vec<&Claim> = claims.iter().collect();
        let verdicts = verify_all(&key.verifying_key(), &refs);
        let expected: Vec<bool> = (0..9).map(|i| i != 2 && i != 6).collect();
        assert_eq!(verdicts, expected);
        // The same verdicts as one check each.
        let one_by_one: Vec<bool> = claims
            .iter()
            .map(|c| PublicKey(key.verifying_key()).verifies(&c.message, &c.signature))
            .collect();
        assert_eq!(verdicts, one_by_one);
    }

    #[test]
    fn good_batches_of_every_size_pass() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let claims = claims(&key, MAX_BATCH);
        for n in 0..=MAX_BATCH {
            let refs: Vec<&Claim> = claims[..n].iter().collect();
            assert_eq!(verify_all(&key.verifying_key(), &refs), vec![true; n]);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_waiting_together_are_verified_together() {
        let key = SigningKey::from_bytes(&[6; 32]);
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&sizes);
        let batcher = Batcher::start(
            PublicKey(key.verifying_key()),
            Box::new(move |n| seen.lock().unwrap().push(n)),
        )
        .unwrap();
        let mut claims = claims(&key, 200);
        claims[17].message[0] = b'2';
        let checks = claims.into_iter().map(|claim| {
            let batcher = batcher.clone();
            tokio::spawn(async move { batcher.verifies(claim).await })
        });
        let mut verdicts = Vec::new();
        for check in checks.collect::<Vec<_>>() {
            verdicts.push(check.await.unwrap());
        }
        let expected: Vec<bool> = (0..200).map(|i| i != 17).collect();
        assert_eq!(verdicts, expected);
        let sizes = sizes.lock().unwrap();
        assert_eq!(sizes.iter().sum::<usize>(), 200);
        assert!(sizes.iter().all(|&n| (1..=MAX_BATCH).contains(&n)));
        assert!(
            sizes.len() < 200,
            "200 requests at once share batches: {sizes:?}"
        );
    }
}
