//! The two status catalogs (public and internal labels) an order moves
//! through: list, create, rename, (de)activate and reorder them.

use serde::Deserialize;

use crate::domain::{OrderStatusId, Permission, Timestamp, Visibility};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{Lines, Principal, Services, text_field};
use crate::store::Conn;
use crate::store::orders::OrderStatus;

pub(super) const DEMO_STATUSES: [(Visibility, &str); 6] = [
    (Visibility::Public, "Recibido"),
    (Visibility::Public, "En diagnóstico"),
    (Visibility::Public, "En reparación"),
    (Visibility::Public, "Listo para retirar"),
    (Visibility::Internal, "Esperando repuesto"),
    (Visibility::Internal, "Control de calidad"),
];

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusInput {
    pub visibility: Visibility,
    #[schema(
        min_length = 1,
        max_length = 60,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub label: String,
}

/// Rename and/or (de)activate a status label; absent fields stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusUpdate {
    #[schema(
        min_length = 1,
        max_length = 60,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub label: Option<String>,
    pub active: Option<bool>,
}

/// The new order of a whole catalog: every label of it, first to last.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusPositions {
    pub visibility: Visibility,
    pub ids: Vec<OrderStatusId>,
}

impl Services {
    /// The status label of `id`, which must be active and of `visibility`.
    pub(super) async fn resolve_status(
        conn: &mut Conn,
        visibility: Visibility,
        id: Option<OrderStatusId>,
    ) -> AppResult<Option<OrderStatus>> {
        let Some(id) = id else {
            return Ok(None);
        };
        match conn.order_status(id).await? {
            Some(s) if s.active && s.visibility == visibility => Ok(Some(s)),
            _ => Err(AppError::validation(
                "status_id",
                format!("choose an active label of the {visibility} status catalog"),
            )),
        }
    }

    /// The status catalogs (staff): one visibility or both, by position.
    pub async fn list_order_statuses(
        &self,
        who: &Principal,
        visibility: Option<Visibility>,
        include_inactive: bool,
    ) -> AppResult<Vec<OrderStatus>> {
        if !who.user.role.is_staff() {
            return Err(AppError::forbidden());
        }
        Ok(self
            .store
            .conn()
            .await?
            .order_statuses(visibility, include_inactive)
            .await?)
    }

    /// Refuses a label already used in the same catalog (case-insensitive).
    pub(super) async fn check_status_label(
        conn: &mut Conn,
        visibility: Visibility,
        label: &str,
        except: Option<OrderStatusId>,
    ) -> AppResult<()> {
        let lower = label.to_lowercase();
        let taken = conn
            .order_statuses(Some(visibility), true)
            .await?
            .into_iter()
            .any(|s| Some(s.id) != except && s.label.to_lowercase() == lower);
        if taken {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("the {visibility} catalog already has the label {label:?}"),
            )
            .field("label"));
        }
        Ok(())
    }

    /// Adds a label at the end of a catalog (office roles).
    pub async fn create_order_status(
        &self,
        who: &Principal,
        input: StatusInput,
    ) -> AppResult<OrderStatus> {
        who.require(Permission::ManageOrders)?;
        let label = text_field("label", &input.label, 60, true, Lines::Single)?;
        let mut tx = self.begin().await?;
        Self::check_status_label(&mut tx, input.visibility, &label, None).await?;
        let status = tx
            .insert_order_status(input.visibility, &label, Timestamp::now())
            .await?;
        tx.commit().await?;
        Ok(status)
    }

    /// Renames and/or (de)activates a label (office roles). Past events keep
    /// the label they were posted with.
    pub async fn update_order_status(
        &self,
        who: &Principal,
        id: OrderStatusId,
        input: StatusUpdate,
    ) -> AppResult<OrderStatus> {
        who.require(Permission::ManageOrders)?;
        let mut tx = self.begin().await?;
        let current = tx
            .order_status(id)
            .await?
            .ok_or_else(|| AppError::not_found("status"))?;
        let label = match input.label {
            Some(l) => text_field("label", &l, 60, true, Lines::Single)?,
            None => current.label.clone(),
        };
        Self::check_status_label(&mut tx, current.visibility, &label, Some(id)).await?;
        tx.update_order_status(id, &label, input.active.unwrap_or(current.active))
            .await?;
        let status = tx
            .order_status(id)
            .await?
            .ok_or_else(|| AppError::not_found("status"))?;
        tx.commit().await?;
        Ok(status)
    }

    /// Reorders a whole catalog (office roles): `ids` must list every label
    /// of it exactly once, first to last.
    pub async fn reorder_order_statuses(
        &self,
        who: &Principal,
        input: StatusPositions,
    ) -> AppResult<Vec<OrderStatus>> {
        who.require(Permission::ManageOrders)?;
        let mut tx = self.begin().await?;
        let current = tx.order_statuses(Some(input.visibility), true).await?;
        let mut wanted = input.ids.clone();
        wanted.sort();
        wanted.dedup();
        let mut have: Vec<OrderStatusId> = current.iter().map(|s| s.id).collect();
        have.sort();
        if wanted != have || wanted.len() != input.ids.len() {
            return Err(AppError::validation(
                "ids",
                "list every label of the catalog exactly once",
            ));
        }
        for (i, id) in input.ids.iter().enumerate() {
            tx.set_order_status_position(*id, i as i32 + 1).await?;
        }
        let statuses = tx.order_statuses(Some(input.visibility), true).await?;
        tx.commit().await?;
        Ok(statuses)
    }

    /// Adds the default status labels that are missing (demo data; idempotent).
    pub async fn ensure_demo_order_statuses(&self) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let existing = tx.order_statuses(None, true).await?;
        for (visibility, label) in DEMO_STATUSES {
            let present = existing
                .iter()
                .any(|s| s.visibility == visibility && s.label.eq_ignore_ascii_case(label));
            if !present {
                tx.insert_order_status(visibility, label, Timestamp::now())
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
