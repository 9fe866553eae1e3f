//! Web Push (RFC 8030) with payloads encrypted for the browser (RFC 8291,
//! `aes128gcm`) and signed with the server's VAPID key (RFC 8292), in pure
//! Rust (web-push-native); requests go out with reqwest over rustls.
//!
//! The VAPID key pair is generated on the first start and kept in the
//! database, so every node (and every restart) signs with the same key and
//! browsers' subscriptions stay valid.

use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use web_push_native::jwt_simple::algorithms::{ECDSAP256PublicKeyLike, ES256KeyPair};
use web_push_native::p256::PublicKey;
use web_push_native::{Auth, WebPushBuilder};

use crate::domain::Timestamp;
use crate::store::Store;
use crate::store::outbox::PushSubscription;

/// What the push service said about one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// Accepted (2xx).
    Delivered,
    /// 404 or 410: the subscription expired; remove it.
    Gone,
}

/// Signs and sends pushes; cheap to share behind an `Arc`.
pub struct PushSender {
    key_pair: ES256KeyPair,
    /// base64url of the uncompressed public key (the browser's
    /// `applicationServerKey`).
    public_key: String,
    /// The VAPID `sub` claim: how a push service may contact the sender.
    contact: String,
    client: reqwest::Client,
}

impl PushSender {
    /// Loads the VAPID keys from the database, generating them on first use.
    pub async fn load(store: &Store, contact: &str) -> anyhow::Result<PushSender> {
        let fresh = ES256KeyPair::generate();
        let generated = (
            URL_SAFE_NO_PAD.encode(fresh.to_bytes()),
            URL_SAFE_NO_PAD.encode(fresh.public_key().public_key().to_bytes_uncompressed()),
        );
        let (private, public_key) = store
            .conn()
            .await
            .context("loading the VAPID keys")?
            .vapid_keys(generated, Timestamp::now())
            .await
            .context("loading the VAPID keys")?;
        let key_pair = ES256KeyPair::from_bytes(
            &URL_SAFE_NO_PAD
                .decode(&private)
                .context("the stored VAPID key is not base64url")?,
        )
        .map_err(|e| anyhow::anyhow!("the stored VAPID key is invalid: {e}"))?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .context("building the push HTTP client")?;
        Ok(PushSender {
            key_pair,
            public_key,
            contact: contact.to_string(),
            client,
        })
    }

    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// Encrypts `payload` for `sub` and posts it to its push service.
    pub async fn send(
        &self,
        sub: &PushSubscription,
        payload: &[u8],
    ) -> anyhow::Result<PushOutcome> {
        let (ua_public, ua_auth) = browser_keys(&sub.p256dh, &sub.auth)?;
        let request = WebPushBuilder::new(
            sub.endpoint
                .parse()
                .context("the endpoint is not a valid URI")?,
            ua_public,
            ua_auth,
        )
        .with_valid_duration(Duration::from_secs(24 * 3600))
        .with_vapid(&self.key_pair, &self.contact)
        .build(payload.to_vec())
        .map_err(|e| anyhow::anyhow!("encrypting the push message: {e}"))?;
        let request = reqwest::Request::try_from(request).context("building the push request")?;
        let response = self
            .client
            .execute(request)
            .await
            .context("sending to the push service")?;
        let status = response.status();
        if status.is_success() {
            Ok(PushOutcome::Delivered)
        } else if status.as_u16() == 404 || status.as_u16() == 410 {
            Ok(PushOutcome::Gone)
        } else {
            anyhow::bail!("the push service answered {status}")
        }
    }
}

/// Decodes and checks a browser's keys: a P-256 public point and a 16-byte
/// authentication secret, both base64url (padding tolerated).
pub fn browser_keys(p256dh: &str, auth: &str) -> anyhow::Result<(PublicKey, Auth)> {
    let decode = |s: &str| URL_SAFE_NO_PAD.decode(s.trim_end_matches('='));
    let point = decode(p256dh).context("p256dh is not base64url")?;
    anyhow::ensure!(
        point.len() == 65,
        "p256dh must be an uncompressed P-256 point (65 bytes)"
    );
    let public = PublicKey::from_sec1_bytes(&point)
        .map_err(|_| anyhow::anyhow!("p256dh is not a point on P-256"))?;
    let secret = decode(auth).context("auth is not base64url")?;
    anyhow::ensure!(secret.len() == 16, "auth must be 16 bytes");
    Ok((public, Auth::clone_from_slice(&secret)))
}
