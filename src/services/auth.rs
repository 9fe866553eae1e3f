//! Signing in and out, sessions, password change and recovery.
//!
//! - Passwords are hashed with argon2id on the blocking pool (hashing takes
//!   tens of milliseconds on purpose).
//! - Session and one-time tokens are 256 random bits given to the client
//!   once; the database keeps only their SHA-256, so a leaked database does
//!   not let anyone sign in.
//! - Failed sign-ins are rows, counted over a window so throttling holds
//!   across restarts and nodes: per (account, client address) and per
//!   address, each refused with 429 over its limit, so an attacker locks out
//!   only their own address; and per account from everywhere, which only
//!   slows sign-ins to that account down (a growing delay), so nobody can
//!   lock the owner out.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use chrono::TimeDelta;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::notifications::Notify;
use super::{Principal, RequestMeta, Services};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{Email, SessionId, Timestamp, UserId};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::notify::templates::Message;
use crate::store::accounts::{NewSession, TokenPurpose, User};
use crate::store::audit::{AuditAction, NewAudit};

/// A fresh secret token (URL-safe) and the hash stored for it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
    })
    .await
    .context("password task")?
    .map_err(AppError::internal)
}

/// Checks `password` against a stored hash; a missing hash (unknown e-mail,
/// account without a password) checks against a dummy hash with the same
/// parameters, so both paths do exactly one argon2 verification and unknown
/// accounts take as long as known ones (no e-mail enumeration by timing).
pub async fn verify_password(password: String, hash: Option<String>) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || verify_blocking(&password, hash.as_deref()))
        .await
        .context("password task")?
        .map_err(AppError::internal)
}

/// The work of [`verify_password`]: always one argon2 verification.
fn verify_blocking(password: &str, hash: Option<&str>) -> anyhow::Result<bool> {
    let stored = match hash {
        Some(h) => h,
        None => DUMMY_HASH
            .get_or_init(|| {
                Argon2::default()
                    .hash_password(
                        b"not a password",
                        &SaltString::encode_b64(b"faena-dummy-salt").expect("static salt"),
                    )
                    .expect("hashing a constant")
                    .to_string()
            })
            .as_str(),
    };
    let parsed = PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    #[cfg(test)]
    VERIFICATIONS.with(|n| n.set(n.get() + 1));
    // Verify first, then look at whether the hash was real: never skip the work.
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    Ok(matches && hash.is_some())
}

#[cfg(test)]
thread_local! {
    /// argon2 verifications done on this thread (tests count work, not time).
    static VERIFICATIONS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// How long a sign-in to an account with `failures` recent failures (from
/// all addresses) waits before its password is checked: nothing below
/// `account_slowdown_after`, then the base delay doubled with every further
/// failure, capped.
pub fn account_slowdown(
    auth: &crate::config::AuthSettings,
    failures: i64,
) -> Option<std::time::Duration> {
    let over = failures.checked_sub(auth.account_slowdown_after)?;
    if over < 0 {
        return None;
    }
    let factor = 1u64.checked_shl(over.min(63) as u32).unwrap_or(u64::MAX);
    let millis = auth
        .account_slowdown_base_millis
        .saturating_mul(factor)
        .min(auth.account_slowdown_max_millis);
    Some(std::time::Duration::from_millis(millis))
}

/// A signed-in session as handed to the client.
pub struct NewLogin {
    pub user: User,
    pub token: String,
    pub expires_at: Timestamp,
    pub remember_me: bool,
}

impl Services {
    pub fn check_password_strength(&self, password: &str) -> AppResult<()> {
        let min = self.settings.auth.min_password_length;
        if password.chars().count() < min {
            return Err(AppError::new(
                ErrorCode::WeakPassword,
                format!("the password needs at least {min} characters"),
            )
            .field("new_password"));
        }
        if password.len() > 1024 {
            return Err(
                AppError::new(ErrorCode::WeakPassword, "the password is too long")
                    .field("new_password"),
            );
        }
        Ok(())
    }

    pub async fn login(
        &self,
        email: &str,
        password: String,
        remember_me: bool,
        meta: &RequestMeta,
    ) -> AppResult<NewLogin> {
        let auth = &self.settings.auth;
        let now = Timestamp::now();
        let key = email.trim().to_lowercase();
        let mut conn = self.store.conn().await?;

        let since = now - TimeDelta::minutes(auth.throttle_window_minutes);
        let failures = conn.login_failures_since(&key, &meta.ip, since).await?;
        if failures.account_and_ip >= auth.max_failures_per_account_and_ip
            || failures.ip >= auth.max_failures_per_ip
        {
            conn.audit(NewAudit {
                actor: None,
                action: AuditAction::LoginThrottled,
                subject_type: "email",
                subject_id: key.clone(),
                detail: format!(
                    "{} failures for the account from this address, {} from the address",
                    failures.account_and_ip, failures.ip
                ),
                ip: &meta.ip,
                now,
            })
            .await?;
            let mut err = AppError::new(
                ErrorCode::TooManyAttempts,
                "too many failed sign-in attempts; wait a few minutes and try again",
            );
            err.retry_after = Some((auth.throttle_window_minutes * 60) as u64);
            return Err(err);
        }
        // Many failures for the account from everywhere (guessing spread over
        // many addresses): slow every attempt down, never lock the owner out.
        if let Some(wait) = account_slowdown(auth, failures.account) {
            drop(conn);
            tracing::debug!(account = %key, wait_ms = wait.as_millis() as u64, "sign-in slowed down");
            tokio::time::sleep(wait).await;
            conn = self.store.conn().await?;
        }

        let found = match Email::parse(&key) {
            Ok(email) => conn.user_credentials(&email).await?,
            Err(_) => None,
        };
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), hash),
            None => (None, None),
        };
        let valid = verify_password(password, hash).await?;
        let Some(user) = user.filter(|_| valid) else {
            conn.record_login_failure(&key, &meta.ip, now).await?;
            conn.audit(NewAudit {
                actor: None,
                action: AuditAction::LoginFailed,
                subject_type: "email",
                subject_id: key,
                detail: String::new(),
                ip: &meta.ip,
                now,
            })
            .await?;
            return Err(AppError::new(
                ErrorCode::InvalidCredentials,
                "the e-mail or the password is not correct",
            ));
        };
        if !user.active {
            return Err(AppError::new(
                ErrorCode::AccountDisabled,
                "this account has been deactivated; ask your administrator",
            ));
        }

        conn.clear_login_failures(&key, &meta.ip).await?;
        let (token, token_hash) = new_token();
        let expires_at = if remember_me {
            now + TimeDelta::days(auth.remember_me_days)
        } else {
            now + TimeDelta::hours(auth.session_hours)
        };
        conn.insert_session(NewSession {
            id: SessionId::new(),
            user_id: user.id,
            token_hash: &token_hash,
            remember_me,
            now,
            expires_at,
            user_agent: &meta.user_agent,
            ip: &meta.ip,
        })
        .await?;
        tracing::info!(user = %user.id, remember_me, "signed in");
        Ok(NewLogin {
            user,
            token,
            expires_at,
            remember_me,
        })
    }

    /// The principal behind a session token, if the session is live.
    pub async fn authenticate(&self, token: &str) -> AppResult<Option<Principal>> {
        let mut conn = self.store.conn().await?;
        let found = conn
            .session_user(&hash_token(token), Timestamp::now())
            .await?;
        Ok(found.map(|(session_id, expires_at, user)| Principal {
            user,
            session_id,
            expires_at,
        }))
    }

    /// Whether `token` is a genuine session token that has expired (as
    /// opposed to an unknown or revoked one).
    pub async fn token_expired(&self, token: &str) -> AppResult<bool> {
        let mut conn = self.store.conn().await?;
        Ok(conn
            .session_ended(&hash_token(token), Timestamp::now())
            .await?)
    }

    /// Signs this session out, revokes the user's real-time connection
    /// tokens and closes their open sockets (other devices reconnect with a
    /// fresh token from their own session).
    pub async fn logout(&self, who: &Principal) -> AppResult<()> {
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.revoke_session(who.session_id, now).await?;
        tx.revoke_realtime_tokens(who.user.id, now).await?;
        tx.commit().await?;
        self.hub.kick_user(who.user.id);
        Ok(())
    }

    /// Changes the caller's password and signs out their other sessions.
    pub async fn change_password(
        &self,
        who: &Principal,
        current: String,
        new: String,
        meta: &RequestMeta,
    ) -> AppResult<()> {
        self.check_password_strength(&new)?;
        let hash = self.store.conn().await?.password_hash(who.user.id).await?;
        if !verify_password(current, hash).await? {
            return Err(AppError::new(
                ErrorCode::InvalidCredentials,
                "the current password is not correct",
            )
            .field("current_password"));
        }
        let new_hash = hash_password(new).await?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.set_password_hash(who.user.id, &new_hash, now).await?;
        tx.revoke_user_sessions(who.user.id, Some(who.session_id), now)
            .await?;
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: AuditAction::PasswordChanged,
            subject_type: "user",
            subject_id: who.user.id.to_string(),
            detail: String::new(),
            ip: &meta.ip,
            now,
        })
        .await?;
        tx.commit().await?;
        self.hub.kick_user(who.user.id);
        Ok(())
    }

    /// Sends a recovery link when the account exists and is active. Always
    /// succeeds, so the answer does not reveal which e-mails have accounts.
    pub async fn request_password_recovery(&self, email: &str) -> AppResult<()> {
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let mut conn = self.store.conn().await?;
        let Some((user, _)) = conn.user_credentials(&email).await? else {
            return Ok(());
        };
        if !user.active {
            return Ok(());
        }
        drop(conn);
        let minutes = self.settings.auth.recovery_link_minutes;
        // The token and the e-mail carrying it commit together (outbox).
        let mut tx = self.begin().await?;
        let link = self
            .issue_one_time_link(
                &mut tx,
                user.id,
                TokenPurpose::Recovery,
                TimeDelta::minutes(minutes),
            )
            .await?;
        self.notify(
            &mut tx,
            Notify {
                kind: NotificationKind::PasswordRecovery,
                // One e-mail per token: every request issues a new one.
                key: format!("password_recovery:{}", uuid::Uuid::now_v7()),
                user: Some(user.id),
                email: Some(user.email.as_str()),
                message: Message::PasswordRecovery {
                    name: user.name.clone(),
                    link,
                    minutes,
                },
                subject_type: SubjectType::User,
                subject_id: user.id.to_string(),
                in_app: false,
                attachments: Vec::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a recovery or invitation token once to set a password; signs the
    /// user out everywhere.
    pub async fn reset_password(
        &self,
        token: &str,
        new: String,
        meta: &RequestMeta,
    ) -> AppResult<()> {
        self.check_password_strength(&new)?;
        let new_hash = hash_password(new).await?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let Some((user, purpose)) = tx.consume_one_time_token(&hash_token(token), now).await?
        else {
            return Err(AppError::new(
                ErrorCode::InvalidToken,
                "this link is invalid, expired or already used; ask for a new one",
            ));
        };
        tx.set_password_hash(user, &new_hash, now).await?;
        tx.revoke_user_sessions(user, None, now).await?;
        tx.audit(NewAudit {
            actor: Some(user),
            action: AuditAction::PasswordReset,
            subject_type: "user",
            subject_id: user.to_string(),
            detail: match purpose {
                TokenPurpose::Recovery => "recovery link",
                TokenPurpose::Invitation => "invitation link",
            }
            .into(),
            ip: &meta.ip,
            now,
        })
        .await?;
        tx.commit().await?;
        self.hub.kick_user(user);
        Ok(())
    }

    /// Stores a one-time token and returns the link that carries it.
    pub(crate) async fn issue_one_time_link(
        &self,
        conn: &mut crate::store::Conn,
        user: UserId,
        purpose: TokenPurpose,
        valid_for: TimeDelta,
    ) -> AppResult<String> {
        let (token, hash) = new_token();
        let now = Timestamp::now();
        conn.insert_one_time_token(user, purpose, &hash, now, now + valid_for)
            .await?;
        let page = match purpose {
            TokenPurpose::Recovery => "reset-password",
            TokenPurpose::Invitation => "set-password",
        };
        Ok(format!("{}/{page}?token={token}", self.public_url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_account_slowdown_grows_and_is_capped() {
        let mut auth = crate::config::Settings::defaults().auth;
        auth.account_slowdown_after = 50;
        auth.account_slowdown_base_millis = 1000;
        auth.account_slowdown_max_millis = 30_000;
        assert_eq!(account_slowdown(&auth, 0), None);
        assert_eq!(account_slowdown(&auth, 49), None);
        assert_eq!(account_slowdown(&auth, 50), Some(Duration::from_secs(1)));
        assert_eq!(account_slowdown(&auth, 51), Some(Duration::from_secs(2)));
        assert_eq!(account_slowdown(&auth, 53), Some(Duration::from_secs(8)));
        assert_eq!(account_slowdown(&auth, 55), Some(Duration::from_secs(30)));
        assert_eq!(
            account_slowdown(&auth, i64::MAX),
            Some(Duration::from_secs(30))
        );
    }

    fn verifications() -> u32 {
        VERIFICATIONS.with(|n| n.get())
    }

    /// Issue 12 §5: an unknown e-mail used to skip the hash (2 ms against
    /// 113 ms). Both paths must do the same work: one verification each.
    #[test]
    fn unknown_and_known_accounts_do_the_same_hashing_work() {
        let salt = SaltString::encode_b64(b"a-test-salt-1234").unwrap();
        let real = Argon2::default()
            .hash_password(b"correct horse", &salt)
            .unwrap()
            .to_string();

        let before = verifications();
        assert!(!verify_blocking("anything", None).unwrap());
        let unknown = verifications() - before;

        let before = verifications();
        assert!(!verify_blocking("wrong", Some(&real)).unwrap());
        let known_wrong = verifications() - before;

        let before = verifications();
        assert!(verify_blocking("correct horse", Some(&real)).unwrap());
        let known_right = verifications() - before;

        assert_eq!((unknown, known_wrong, known_right), (1, 1, 1));
        // The dummy matches its own password, which still is no account.
        assert!(!verify_blocking("not a password", None).unwrap());
    }
}
