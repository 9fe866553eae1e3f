//! Staff users (created only by the master user), profiles and photos
//! (the audit log they write is read in `services::audit`).

use chrono::TimeDelta;

use super::images::{self, StoredImage};
use super::notifications::Notify;
use super::{Lines, Principal, RequestMeta, Services, text_field};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{Email, Permission, Role, Timestamp, UserId};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Message;
use crate::store::accounts::{NewUser, TokenPurpose, User, UserFilter};
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::is_unique_violation;

pub struct NewStaffUser {
    pub email: String,
    pub name: String,
    pub phone: String,
    pub role: Role,
}

pub struct UserChanges {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub role: Option<Role>,
}

impl Services {
    /// Creates a staff user with no password and e-mails an invitation to
    /// set one. Master only.
    pub async fn create_staff_user(
        &self,
        who: &Principal,
        input: NewStaffUser,
        meta: &RequestMeta,
    ) -> AppResult<User> {
        who.require(Permission::ManageUsers)?;
        if !input.role.is_staff() {
            return Err(AppError::validation(
                "role",
                "customer accounts are created by inviting a customer contact",
            ));
        }
        let email = Email::parse(&input.email)
            .map_err(|e| AppError::new(ErrorCode::InvalidEmail, e.to_string()).field("email"))?;
        let name = text_field("name", &input.name, 120, true, Lines::Single)?;
        let phone = text_field("phone", &input.phone, 40, false, Lines::Single)?;
        let user = self
            .create_invited_user(who, &email, &name, &phone, input.role, None, meta)
            .await?;
        Ok(user)
    }

    /// Inserts a user without password, audits it and sends the invitation.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn create_invited_user(
        &self,
        who: &Principal,
        email: &Email,
        name: &str,
        phone: &str,
        role: Role,
        contact: Option<(crate::domain::CustomerId, crate::domain::ContactId)>,
        meta: &RequestMeta,
    ) -> AppResult<User> {
        let customer = contact.map(|(customer, _)| customer);
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let user = tx
            .insert_user(NewUser {
                id: UserId::new(),
                email,
                name,
                phone,
                role,
                customer_id: customer,
                password_hash: None,
                now,
            })
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    AppError::new(
                        ErrorCode::EmailTaken,
                        "a user with this e-mail already exists",
                    )
                    .field("email")
                } else {
                    e.into()
                }
            })?;
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: if customer.is_some() {
                AuditAction::PortalInvited
            } else {
                AuditAction::UserCreated
            },
            subject_type: "user",
            subject_id: user.id.to_string(),
            detail: format!("{} as {}", user.email, user.role),
            ip: &meta.ip,
            now,
        })
        .await?;
        if let Some((_, contact)) = contact {
            // Same transaction: the account exists only if the contact points at it.
            tx.link_contact_user(contact, user.id).await?;
        }
        let hours = self.settings.auth.invitation_link_hours;
        let link = self
            .issue_one_time_link(
                &mut tx,
                user.id,
                TokenPurpose::Invitation,
                TimeDelta::hours(hours),
            )
            .await?;
        // The account, its token and the e-mail carrying it commit together.
        self.notify(
            &mut tx,
            Notify {
                kind: NotificationKind::Invitation,
                key: format!("invitation:{}", uuid::Uuid::now_v7()),
                user: Some(user.id),
                email: Some(user.email.as_str()),
                message: Message::Invitation {
                    name: name.to_string(),
                    link,
                    hours,
                },
                subject_type: SubjectType::User,
                subject_id: user.id.to_string(),
                in_app: false,
                attachments: Vec::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn list_users(&self, who: &Principal, filter: UserFilter) -> AppResult<Vec<User>> {
        who.require(Permission::ReadUsers)?;
        Ok(self.store.conn().await?.list_users(&filter).await?)
    }

    /// A user's own profile, or any staff user for roles that list users.
    pub async fn get_user(&self, who: &Principal, id: UserId) -> AppResult<User> {
        if id != who.user.id {
            who.require(Permission::ReadUsers)?;
        }
        let user = self
            .store
            .conn()
            .await?
            .user(id)
            .await?
            .ok_or_else(|| AppError::not_found("user"))?;
        if id != who.user.id && !user.role.is_staff() {
            return Err(AppError::not_found("user"));
        }
        Ok(user)
    }

    /// Name and phone: the user themself or master. Role: master only, and
    /// never their own.
    pub async fn update_user(
        &self,
        who: &Principal,
        id: UserId,
        changes: UserChanges,
        meta: &RequestMeta,
    ) -> AppResult<User> {
        if id != who.user.id || changes.role.is_some() {
            who.require(Permission::ManageUsers)?;
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .user(id)
            .await?
            .ok_or_else(|| AppError::not_found("user"))?;
        let name = match &changes.name {
            Some(n) => text_field("name", n, 120, true, Lines::Single)?,
            None => current.name.clone(),
        };
        let phone = match &changes.phone {
            Some(p) => text_field("phone", p, 40, false, Lines::Single)?,
            None => current.phone.clone(),
        };
        if let Some(role) = changes.role
            && role != current.role
        {
            if !role.is_staff() || !current.role.is_staff() {
                return Err(AppError::validation(
                    "role",
                    "customer accounts keep the customer role",
                ));
            }
            // Nobody changes their own role: another master does it (a
            // master cannot demote themself by mistake and lose the
            // session they are using).
            if id == who.user.id {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "you cannot change your own role; another master can",
                ));
            }
            if current.role == Role::Master && tx.count_users_with_role(Role::Master).await? <= 1 {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "the last master user keeps the master role",
                ));
            }
            tx.set_user_role(id, role, now).await?;
            // Permissions changed: make the user sign in again with the new role.
            tx.revoke_user_sessions(id, None, now).await?;
            tx.audit(NewAudit {
                actor: Some(who.user.id),
                action: AuditAction::RoleChanged,
                subject_type: "user",
                subject_id: id.to_string(),
                detail: format!("{} -> {role}", current.role),
                ip: &meta.ip,
                now,
            })
            .await?;
        }
        let user = tx
            .update_user_profile(id, &name, &phone, now)
            .await?
            .ok_or_else(|| AppError::not_found("user"))?;
        tx.commit().await?;
        if changes.role.is_some_and(|r| r != current.role) {
            self.hub.kick_user(id);
        }
        Ok(user)
    }

    /// Activates or deactivates a user; deactivation signs them out everywhere.
    pub async fn set_user_active(
        &self,
        who: &Principal,
        id: UserId,
        active: bool,
        meta: &RequestMeta,
    ) -> AppResult<User> {
        who.require(Permission::ManageUsers)?;
        if id == who.user.id && !active {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "you cannot deactivate yourself",
            ));
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let user = tx
            .user(id)
            .await?
            .ok_or_else(|| AppError::not_found("user"))?;
        if user.active != active {
            tx.set_user_active(id, active, now).await?;
            if !active {
                tx.revoke_user_sessions(id, None, now).await?;
            }
            tx.audit(NewAudit {
                actor: Some(who.user.id),
                action: if active {
                    AuditAction::UserActivated
                } else {
                    AuditAction::UserDeactivated
                },
                subject_type: "user",
                subject_id: id.to_string(),
                detail: user.email.to_string(),
                ip: &meta.ip,
                now,
            })
            .await?;
        }
        let user = tx
            .user(id)
            .await?
            .ok_or_else(|| AppError::not_found("user"))?;
        tx.commit().await?;
        if !active {
            self.hub.kick_user(id);
        }
        Ok(user)
    }

    /// Replaces a profile photo (own, or anyone's for master).
    pub async fn set_user_photo(
        &self,
        who: &Principal,
        id: UserId,
        bytes: Vec<u8>,
    ) -> AppResult<User> {
        if id != who.user.id {
            who.require(Permission::ManageUsers)?;
        }
        let up = &self.settings.uploads;
        let clean = images::reencode(
            bytes,
            up.max_image_bytes,
            up.max_image_side,
            StoredImage::Jpeg,
        )
        .await?;
        let mut conn = self.store.conn().await?;
        conn.user(id)
            .await?
            .ok_or_else(|| AppError::not_found("user"))?;
        let name = images::save(&up.dir, &clean, StoredImage::Jpeg).await?;
        conn.set_user_photo(id, &name, Timestamp::now()).await?;
        conn.user(id)
            .await?
            .ok_or_else(|| AppError::not_found("user"))
    }

    /// Path of a user's photo on disk, for any signed-in person who may see the user.
    pub async fn user_photo_path(
        &self,
        who: &Principal,
        id: UserId,
    ) -> AppResult<std::path::PathBuf> {
        let user = self.get_user(who, id).await?;
        let name = user
            .photo_path
            .ok_or_else(|| AppError::not_found("photo"))?;
        Ok(self.settings.uploads.dir.join(name))
    }
}
