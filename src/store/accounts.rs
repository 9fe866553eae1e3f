//! Users, sessions, one-time tokens (recovery, invitation) and login failures.
//!
//! Secrets never reach this module in clear: session and one-time tokens
//! arrive as SHA-256 hashes, passwords as argon2id PHC strings.

use super::{Conn, on_conn};
use crate::domain::{CustomerId, Email, Role, SessionId, Timestamp, UserId};

/// The `user_agent` of the session rows that are real-time connection tokens.
pub const REALTIME_TOKEN_AGENT: &str = "realtime";

/// A person who can sign in (staff or a customer contact).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: String,
    pub phone: String,
    pub role: Role,
    pub active: bool,
    /// The company of a customer contact; `None` for staff.
    pub customer_id: Option<CustomerId>,
    /// Stored file name of the profile photo (served at /api/v1/users/{id}/photo).
    pub photo_path: Option<String>,
    /// False until an invited user sets a password.
    pub has_password: bool,
    /// Whether a profile photo is set (so clients skip a request that 404s).
    pub has_photo: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const USER_COLUMNS: &str = "id, email, name, phone, role, active, customer_id, photo_path,
    (password_hash IS NOT NULL) AS has_password, (photo_path IS NOT NULL) AS has_photo,
    created_at, updated_at";

pub struct NewUser<'a> {
    pub id: UserId,
    pub email: &'a Email,
    pub name: &'a str,
    pub phone: &'a str,
    pub role: Role,
    pub customer_id: Option<CustomerId>,
    pub password_hash: Option<&'a str>,
    pub now: Timestamp,
}

/// Filters for the staff user list.
#[derive(Debug, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum TokenPurpose {
    Recovery,
    Invitation,
}
crate::text_enum_sql!(TokenPurpose);

pub struct NewSession<'a> {
    pub id: SessionId,
    pub user_id: UserId,
    pub token_hash: &'a str,
    pub remember_me: bool,
    pub now: Timestamp,
    pub expires_at: Timestamp,
    pub user_agent: &'a str,
    pub ip: &'a str,
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_user(&mut self, u: NewUser<'_>) -> Result<User, sqlx::Error> {
        let sql = format!(
            "INSERT INTO users (id, email, name, phone, role, active, password_hash, customer_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7, $8, $8) RETURNING {USER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(u.id).bind(u.email).bind(u.name).bind(u.phone).bind(u.role)
            .bind(u.password_hash).bind(u.customer_id).bind(u.now)
            .fetch_one(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn user(&mut self, id: UserId) -> Result<Option<User>, sqlx::Error> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    /// The user and their password hash, for signing in.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn user_credentials(
        &mut self,
        email: &Email,
    ) -> Result<Option<(User, Option<String>)>, sqlx::Error> {
        let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1");
        let row: Option<UserWithHash> = on_conn!(self, c =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(email).fetch_optional(c).await)?;
        Ok(row.map(|r| (r.user, r.password_hash)))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn password_hash(&mut self, id: UserId) -> Result<Option<String>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(id).fetch_optional(c).await)
        .map(Option::flatten)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn list_users(&mut self, filter: &UserFilter) -> Result<Vec<User>, sqlx::Error> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users
             WHERE ($1 IS NULL OR role = $1) AND ($2 IS NULL OR active = $2) AND role <> 'customer'
             ORDER BY name, id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(filter.role).bind(filter.active).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_user_profile(
        &mut self,
        id: UserId,
        name: &str,
        phone: &str,
        now: Timestamp,
    ) -> Result<Option<User>, sqlx::Error> {
        let sql = format!(
            "UPDATE users SET name = $2, phone = $3, updated_at = $4 WHERE id = $1 RETURNING {USER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).bind(name).bind(phone).bind(now).fetch_optional(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_user_role(
        &mut self,
        id: UserId,
        role: Role,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE users SET role = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(role).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_user_active(
        &mut self,
        id: UserId,
        active: bool,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(active).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_password_hash(
        &mut self,
        id: UserId,
        hash: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(hash).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_user_photo(
        &mut self,
        id: UserId,
        path: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE users SET photo_path = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(path).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn count_users_with_role(&mut self, role: Role) -> Result<i64, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1 AND active = TRUE")
            .bind(role).fetch_one(c).await)
    }

    // --- sessions ---------------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_session(&mut self, s: NewSession<'_>) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO sessions (id, user_id, token_hash, remember_me, created_at, expires_at, user_agent, ip)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(s.id).bind(s.user_id).bind(s.token_hash).bind(s.remember_me)
            .bind(s.now).bind(s.expires_at).bind(s.user_agent).bind(s.ip)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The live session for a token hash and its (active) user.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn session_user(
        &mut self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(SessionId, Timestamp, User)>, sqlx::Error> {
        let sql = format!(
            "SELECT live.session_id, live.session_expires_at, {USER_COLUMNS} FROM users
             JOIN (SELECT id AS session_id, expires_at AS session_expires_at, user_id FROM sessions
                   WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2) live
               ON live.user_id = users.id
             WHERE users.active = TRUE"
        );
        let row: Option<SessionRow> = on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash).bind(now).fetch_optional(c).await)?;
        Ok(row.map(|r| (r.session_id, r.session_expires_at, r.user)))
    }

    /// True when the token belongs to a session that has ended (run out or
    /// revoked) of a user who is still active: the client should get a new
    /// token, and will be refused one if it is no longer signed in.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn session_ended(
        &mut self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = on_conn!(self, c => sqlx::query_scalar(
            "SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND (s.revoked_at IS NOT NULL OR s.expires_at <= $2) AND u.active = TRUE")
            .bind(token_hash).bind(now).fetch_optional(c).await)?;
        Ok(found.is_some())
    }

    /// Revokes every real-time connection token of a user (they are session
    /// rows marked with [`REALTIME_TOKEN_AGENT`]).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn revoke_realtime_tokens(
        &mut self,
        user: UserId,
        now: Timestamp,
    ) -> Result<u64, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE sessions SET revoked_at = $3
             WHERE user_id = $1 AND user_agent = $2 AND revoked_at IS NULL")
            .bind(user).bind(REALTIME_TOKEN_AGENT).bind(now).execute(c).await
            .map(|r| r.rows_affected()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn revoke_session(
        &mut self,
        id: SessionId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Signs a user out everywhere, optionally keeping the current session.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn revoke_user_sessions(
        &mut self,
        user: UserId,
        keep: Option<SessionId>,
        now: Timestamp,
    ) -> Result<u64, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE sessions SET revoked_at = $3
             WHERE user_id = $1 AND revoked_at IS NULL AND ($2 IS NULL OR id <> $2)")
            .bind(user).bind(keep).bind(now).execute(c).await.map(|r| r.rows_affected()))
    }

    // --- one-time tokens --------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_one_time_token(
        &mut self,
        user: UserId,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(uuid::Uuid::now_v7()).bind(user).bind(purpose).bind(token_hash).bind(now).bind(expires_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Marks a token used and returns its user, or `None` when it is unknown,
    /// expired or already used. One statement, so two concurrent uses cannot
    /// both succeed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn consume_one_time_token(
        &mut self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(UserId, TokenPurpose)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "UPDATE one_time_tokens SET used_at = $2
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
             RETURNING user_id, purpose")
            .bind(token_hash).bind(now).fetch_optional(c).await)
    }

    // --- login throttling -------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_login_failure(
        &mut self,
        email: &str,
        ip: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("INSERT INTO login_failures (id, email, ip, at) VALUES ($1, $2, $3, $4)")
            .bind(uuid::Uuid::now_v7()).bind(email).bind(ip).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Failures since `since`: for this account from this address, from
    /// this address (any account), and for this account (any address).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn login_failures_since(
        &mut self,
        email: &str,
        ip: &str,
        since: Timestamp,
    ) -> Result<LoginFailures, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND ip = $2 AND at > $3),
                    (SELECT COUNT(*) FROM login_failures WHERE ip = $2 AND at > $3),
                    (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at > $3)")
            .bind(email).bind(ip).bind(since).fetch_one(c).await)
        .map(|(account_and_ip, ip, account)| LoginFailures {
            account_and_ip,
            ip,
            account,
        })
    }

    /// A successful sign-in forgives the account's earlier failures from
    /// the same address (not those from elsewhere: the owner signing in must
    /// not reset an attacker's count).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn clear_login_failures(&mut self, email: &str, ip: &str) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("DELETE FROM login_failures WHERE email = $1 AND ip = $2")
            .bind(email).bind(ip).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}

/// Failed sign-ins within the throttling window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailures {
    pub account_and_ip: i64,
    pub ip: i64,
    pub account: i64,
}

#[derive(sqlx::FromRow)]
struct UserWithHash {
    #[sqlx(flatten)]
    user: User,
    password_hash: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_id: SessionId,
    session_expires_at: Timestamp,
    #[sqlx(flatten)]
    user: User,
}
