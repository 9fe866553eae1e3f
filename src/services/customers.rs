//! Customers & equipment (capability 2): the directory with validated,
//! unique tax ids, contacts (who may be invited to the portal), equipment and
//! engine-hour readings. Scoping (a seller's own customers, a contact's own
//! company) is applied by the store; this module decides who may write what.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Lines, Principal, RequestMeta, Services, decode_cursor, next_page, text_field, views};
use crate::domain::money::currency_scale;
use crate::domain::role::CustomerScope;
use crate::domain::{
    ContactId, CustomerId, Email, EquipmentId, Money, Permission, Role, TaxId, TaxIdCountry,
    Timestamp, UserId,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::customers::{
    Contact, Customer, CustomerCursor, CustomerData, CustomerFilter, EngineHourReading, Equipment,
    EquipmentData,
};
use crate::store::{Conn, is_unique_violation};

/// Customer fields as sent by clients.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CustomerInput {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: String,
    /// Tax id (RIF, RUT or NIT) in any usual notation (letters, digits,
    /// dots, dashes, spaces); normalized on save. Its check digit must be
    /// right for the country (422 `invalid_tax_id`).
    #[schema(
        min_length = 1,
        max_length = 30,
        pattern = r"^[0-9A-Za-z .\-]*[0-9][0-9A-Za-z .\-]*$"
    )]
    pub tax_id: String,
    /// Defaults to the company's tax-id country from settings.
    pub tax_id_country: Option<TaxIdCountry>,
    #[serde(default)]
    #[schema(max_length = 60)]
    pub category: String,
    /// Owner seller; a seller creating a customer becomes its owner.
    pub owner_id: Option<UserId>,
    /// Decimal string in the company currency, default "0".
    #[schema(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub credit_limit: Option<Money>,
    #[schema(
        max_length = 254,
        pattern = r"^[^\s@\x00-\x1f\x7f-\x9f]{1,64}@[^\s@.\x00-\x1f\x7f-\x9f]+(\.[^\s@.\x00-\x1f\x7f-\x9f]+)+$"
    )]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 40)]
    pub phone: String,
    #[serde(default)]
    #[schema(max_length = 400)]
    pub address: String,
    /// The city (searched whole, case-insensitive, in the directory).
    #[serde(default)]
    #[schema(max_length = 120)]
    pub city: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub notes: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CustomerPage {
    pub items: Vec<views::customers::Customer>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ContactInput {
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: String,
    #[schema(
        max_length = 254,
        pattern = r"^[^\s@\x00-\x1f\x7f-\x9f]{1,64}@[^\s@.\x00-\x1f\x7f-\x9f]+(\.[^\s@.\x00-\x1f\x7f-\x9f]+)+$"
    )]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 40)]
    pub phone: String,
    #[serde(default)]
    #[schema(max_length = 80)]
    pub position: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EquipmentInput {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub brand: String,
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub model: String,
    #[serde(default)]
    #[schema(max_length = 80)]
    pub serial: String,
    #[schema(minimum = 1900, maximum = 2100)]
    pub year: Option<i32>,
    /// Initial engine-hour reading (default 0).
    #[schema(minimum = 0)]
    pub engine_hours: Option<i64>,
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub warranty_ends_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub notes: String,
}

fn optional_email(field: &'static str, value: Option<&str>) -> AppResult<Option<Email>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => Email::parse(v)
            .map(Some)
            .map_err(|e| AppError::new(ErrorCode::InvalidEmail, e.to_string()).field(field)),
    }
}

fn tax_id_taken(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::new(
            ErrorCode::TaxIdTaken,
            "a customer with this tax id already exists",
        )
        .field("tax_id")
    } else {
        e.into()
    }
}

/// Refuses a directory search the API document does not allow (each text
/// filter within its stated length, `balance_above` a valid amount), so bad
/// input is a typed problem naming the field, never a silent no-match.
pub(crate) fn check_directory_filter(filter: &CustomerFilter) -> AppResult<()> {
    for (field, value, max) in [
        ("q", &filter.q, 200),
        ("category", &filter.category, 60),
        ("city", &filter.city, 120),
    ] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            return Err(AppError::validation(
                field,
                format!("{field} is longer than {max} characters"),
            ));
        }
    }
    if let Some(m) = filter.balance_above {
        m.check(2).map_err(|e| {
            AppError::new(ErrorCode::InvalidMoney, e.to_string()).field("balance_above")
        })?;
    }
    Ok(())
}

impl Services {
    /// Validates customer input into the stored form. `current` is the
    /// customer being edited (`None` when creating).
    async fn customer_data(
        &self,
        who: &Principal,
        input: CustomerInput,
        current: Option<&Customer>,
        conn: &mut Conn,
    ) -> AppResult<CustomerData> {
        let settings = conn.company_settings().await?;
        let country = input.tax_id_country.unwrap_or(settings.tax_id_country);
        let tax_id = TaxId::parse(country, &input.tax_id)
            .map_err(|e| AppError::new(ErrorCode::InvalidTaxId, e.to_string()).field("tax_id"))?;
        let credit_limit = input
            .credit_limit
            .map(|m| m.check(currency_scale(&settings.currency)))
            .transpose()
            .map_err(|e| {
                AppError::new(ErrorCode::InvalidMoney, e.to_string()).field("credit_limit")
            })?;
        let current_limit = current.map_or(Money::ZERO, |c| c.credit_limit);
        let credit_limit = match credit_limit {
            // Office roles set the limit; leaving it out keeps it.
            Some(limit) if who.user.role.allows(Permission::SetCreditLimits) => limit,
            None => current_limit,
            // Sending the same amount back (a full edit form) is no change.
            Some(limit) if limit.0 == current_limit.0 => current_limit,
            // The portal never changes commercial terms (kept below).
            Some(_) if who.user.role == Role::Customer => current_limit,
            Some(_) => {
                return Err(AppError::new(
                    ErrorCode::Forbidden,
                    "only the office may change a customer's credit limit",
                )
                .field("credit_limit"));
            }
        };
        let current_owner = current.and_then(|c| c.owner_id);
        let owner_id = match (who.user.role, current) {
            // A seller's customers are always their own.
            (Role::Seller, None) => Some(who.user.id),
            // Sellers and portal users never move a customer to another owner.
            (Role::Seller | Role::Customer, Some(_)) => current_owner,
            _ => input.owner_id,
        };
        // Only a new owner must be an active seller: a deactivated seller's
        // customers stay editable until someone reassigns them.
        if let Some(owner) = owner_id.filter(|o| current.is_none() || Some(*o) != current_owner) {
            let ok = conn
                .user(owner)
                .await?
                .is_some_and(|u| u.role == Role::Seller && u.active);
            if !ok {
                return Err(AppError::validation(
                    "owner_id",
                    "the owner must be an active seller",
                ));
            }
        }
        Ok(CustomerData {
            name: text_field("name", &input.name, 200, true, Lines::Single)?,
            tax_id,
            tax_id_country: country,
            category: text_field("category", &input.category, 60, false, Lines::Single)?,
            owner_id,
            credit_limit,
            email: optional_email("email", input.email.as_deref())?,
            phone: text_field("phone", &input.phone, 40, false, Lines::Single)?,
            address: text_field("address", &input.address, 400, false, Lines::Multi)?,
            city: text_field("city", &input.city, 120, false, Lines::Single)?,
            notes: text_field("notes", &input.notes, 4000, false, Lines::Multi)?,
        })
    }

    pub async fn create_customer(
        &self,
        who: &Principal,
        input: CustomerInput,
    ) -> AppResult<Customer> {
        let mut tx = self.begin().await?;
        let customer = self.insert_customer_in(who, input, &mut tx).await?;
        tx.commit().await?;
        Ok(customer)
    }

    /// Creates a customer inside the caller's transaction — also used when a
    /// service order creates its customer inline. Same rules as
    /// [`Services::create_customer`]: permission, validated and unique tax
    /// id, a seller becomes the owner; the caller commits.
    pub(crate) async fn insert_customer_in(
        &self,
        who: &Principal,
        input: CustomerInput,
        tx: &mut Conn,
    ) -> AppResult<Customer> {
        who.require(Permission::CreateCustomers)?;
        let data = self.customer_data(who, input, None, tx).await?;
        let number = format!("CLI-{:06}", tx.next_number("customer").await?);
        let customer = tx
            .insert_customer(CustomerId::new(), &number, &data, Timestamp::now())
            .await
            .map_err(tax_id_taken)?;
        // The onboarding checklist comes with the customer (seed 004).
        self.start_onboarding_in(tx, customer.id, customer.owner_id.or(Some(who.user.id)))
            .await?;
        Ok(customer)
    }

    pub async fn get_customer(&self, who: &Principal, id: CustomerId) -> AppResult<Customer> {
        who.require(Permission::ReadCustomers)?;
        self.store
            .conn()
            .await?
            .customer(who.customer_scope(), id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))
    }

    pub async fn list_customers(
        &self,
        who: &Principal,
        filter: CustomerFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<CustomerPage> {
        who.require(Permission::ReadCustomers)?;
        check_directory_filter(&filter)?;
        let after = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        let mut items = self
            .store
            .conn()
            .await?
            .customers_page(who.customer_scope(), &filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = next_page(&mut items, limit, |c| CustomerCursor {
            sort_name: c.name.to_lowercase(),
            id: c.id,
        });
        Ok(CustomerPage {
            items: items.into_iter().map(Into::into).collect(),
            next_cursor,
        })
    }

    /// Edits a customer. Sellers and contacts edit within their scope; only
    /// office administrators reassign the owner seller.
    pub async fn update_customer(
        &self,
        who: &Principal,
        id: CustomerId,
        input: CustomerInput,
        meta: &RequestMeta,
    ) -> AppResult<Customer> {
        who.require(Permission::EditCustomers)?;
        let scope = who.customer_scope();
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .customer(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let mut data = self
            .customer_data(who, input, Some(&current), &mut tx)
            .await?;
        if who.user.role == Role::Customer {
            // The portal may correct contact details, not the commercial terms.
            data.credit_limit = current.credit_limit;
            data.category = current.category.clone();
            data.notes = current.notes.clone();
            data.tax_id = current.tax_id.clone();
            data.tax_id_country = current.tax_id_country;
        }
        if data.owner_id != current.owner_id {
            if !who.user.role.allows(Permission::AdministerCustomers) {
                return Err(AppError::forbidden());
            }
            tx.audit(NewAudit {
                actor: Some(who.user.id),
                action: AuditAction::CustomerOwnerChanged,
                subject_type: "customer",
                subject_id: id.to_string(),
                detail: format!("{:?} -> {:?}", current.owner_id, data.owner_id),
                ip: &meta.ip,
                now,
            })
            .await?;
        }
        let customer = tx
            .update_customer(scope, id, &data, now)
            .await
            .map_err(tax_id_taken)?
            .ok_or_else(|| AppError::not_found("customer"))?;
        tx.commit().await?;
        Ok(customer)
    }

    pub async fn set_customer_active(
        &self,
        who: &Principal,
        id: CustomerId,
        active: bool,
        meta: &RequestMeta,
    ) -> AppResult<Customer> {
        who.require(Permission::AdministerCustomers)?;
        let scope = who.customer_scope();
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        if !tx.set_customer_active(scope, id, active, now).await? {
            return Err(AppError::not_found("customer"));
        }
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: if active {
                AuditAction::CustomerActivated
            } else {
                AuditAction::CustomerDeactivated
            },
            subject_type: "customer",
            subject_id: id.to_string(),
            detail: String::new(),
            ip: &meta.ip,
            now,
        })
        .await?;
        let customer = tx
            .customer(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        tx.commit().await?;
        Ok(customer)
    }

    // --- contacts ---------------------------------------------------------

    pub async fn list_contacts(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<Vec<Contact>> {
        self.get_customer(who, customer).await?;
        Ok(self
            .store
            .conn()
            .await?
            .contacts(who.customer_scope(), customer)
            .await?)
    }

    pub async fn add_contact(
        &self,
        who: &Principal,
        customer: CustomerId,
        input: ContactInput,
    ) -> AppResult<Contact> {
        who.require(Permission::EditCustomers)?;
        let mut tx = self.begin().await?;
        tx.customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let email = optional_email("email", input.email.as_deref())?;
        let contact = tx
            .insert_contact(
                customer,
                &text_field("name", &input.name, 120, true, Lines::Single)?,
                email.as_ref(),
                &text_field("phone", &input.phone, 40, false, Lines::Single)?,
                &text_field("position", &input.position, 80, false, Lines::Single)?,
                Timestamp::now(),
            )
            .await?;
        tx.commit().await?;
        Ok(contact)
    }

    pub async fn update_contact(
        &self,
        who: &Principal,
        id: ContactId,
        input: ContactInput,
    ) -> AppResult<Contact> {
        who.require(Permission::EditCustomers)?;
        let mut tx = self.begin().await?;
        tx.contact(who.customer_scope(), id)
            .await?
            .ok_or_else(|| AppError::not_found("contact"))?;
        let email = optional_email("email", input.email.as_deref())?;
        let contact = tx
            .update_contact(
                id,
                &text_field("name", &input.name, 120, true, Lines::Single)?,
                email.as_ref(),
                &text_field("phone", &input.phone, 40, false, Lines::Single)?,
                &text_field("position", &input.position, 80, false, Lines::Single)?,
            )
            .await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// Gives a contact a portal account (role customer) and e-mails them an
    /// invitation to set their password.
    pub async fn invite_contact(
        &self,
        who: &Principal,
        id: ContactId,
        meta: &RequestMeta,
    ) -> AppResult<Contact> {
        who.require(Permission::InviteContacts)?;
        let contact = self
            .store
            .conn()
            .await?
            .contact(who.customer_scope(), id)
            .await?
            .ok_or_else(|| AppError::not_found("contact"))?;
        if contact.user_id.is_some() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "this contact already has portal access",
            ));
        }
        let email = optional_email("email", contact.email.as_deref())?.ok_or_else(|| {
            AppError::validation("email", "the contact needs an e-mail address to be invited")
        })?;
        self.create_invited_user(
            who,
            &email,
            &contact.name,
            &contact.phone,
            Role::Customer,
            Some((contact.customer_id, id)),
            meta,
        )
        .await?;
        let mut conn = self.store.conn().await?;
        conn.contact(who.customer_scope(), id)
            .await?
            .ok_or_else(|| AppError::not_found("contact"))
    }

    // --- equipment --------------------------------------------------------

    fn equipment_data(input: &EquipmentInput) -> AppResult<EquipmentData> {
        if let Some(year) = input.year
            && !(1900..=2100).contains(&year)
        {
            return Err(AppError::validation(
                "year",
                "the year must be between 1900 and 2100",
            ));
        }
        Ok(EquipmentData {
            brand: text_field("brand", &input.brand, 80, true, Lines::Single)?,
            model: text_field("model", &input.model, 80, true, Lines::Single)?,
            serial: text_field("serial", &input.serial, 80, false, Lines::Single)?,
            year: input.year,
            warranty_ends_on: input.warranty_ends_on,
            notes: text_field("notes", &input.notes, 4000, false, Lines::Multi)?,
        })
    }

    pub async fn list_equipment(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<Vec<Equipment>> {
        self.get_customer(who, customer).await?;
        Ok(self
            .store
            .conn()
            .await?
            .equipment_of(who.customer_scope(), customer)
            .await?)
    }

    pub async fn get_equipment(&self, who: &Principal, id: EquipmentId) -> AppResult<Equipment> {
        who.require(Permission::ReadCustomers)?;
        self.store
            .conn()
            .await?
            .equipment(who.customer_scope(), id)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))
    }

    pub async fn add_equipment(
        &self,
        who: &Principal,
        customer: CustomerId,
        input: EquipmentInput,
    ) -> AppResult<Equipment> {
        let mut tx = self.begin().await?;
        let equipment = self
            .insert_equipment_in(who, customer, input, &mut tx)
            .await?;
        tx.commit().await?;
        Ok(equipment)
    }

    /// Adds a machine to a customer inside the caller's transaction — also
    /// used when a service order creates its equipment inline. Same rules as
    /// [`Services::add_equipment`]; the caller commits.
    pub(crate) async fn insert_equipment_in(
        &self,
        who: &Principal,
        customer: CustomerId,
        input: EquipmentInput,
        tx: &mut Conn,
    ) -> AppResult<Equipment> {
        who.require(Permission::EditCustomers)?;
        let data = Self::equipment_data(&input)?;
        let hours = input.engine_hours.unwrap_or(0);
        if hours < 0 {
            return Err(AppError::validation(
                "engine_hours",
                "engine hours cannot be negative",
            ));
        }
        let now = Timestamp::now();
        tx.customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let equipment = tx.insert_equipment(customer, &data, 0, now).await?;
        self.plan_warranty_alert(tx, equipment.id, data.warranty_ends_on)
            .await?;
        if hours > 0 {
            tx.record_engine_hours(equipment.id, hours, who.user.id, now)
                .await?;
        }
        tx.equipment(who.customer_scope(), equipment.id)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))
    }

    pub async fn update_equipment(
        &self,
        who: &Principal,
        id: EquipmentId,
        input: EquipmentInput,
    ) -> AppResult<Equipment> {
        who.require(Permission::EditCustomers)?;
        let data = Self::equipment_data(&input)?;
        // Readings are recorded on their own (they never go down); a
        // reading sent here is ignored, but it is still checked.
        if input.engine_hours.is_some_and(|h| h < 0) {
            return Err(AppError::validation(
                "engine_hours",
                "engine hours cannot be negative",
            ));
        }
        let mut tx = self.begin().await?;
        tx.equipment(who.customer_scope(), id)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))?;
        let equipment = tx.update_equipment(id, &data).await?;
        self.plan_warranty_alert(&mut tx, id, data.warranty_ends_on)
            .await?;
        tx.commit().await?;
        Ok(equipment)
    }

    /// Records an engine-hour reading; a reading below the current value is
    /// refused with `engine_hours_decreased`.
    pub async fn record_engine_hours(
        &self,
        who: &Principal,
        id: EquipmentId,
        hours: i64,
    ) -> AppResult<Equipment> {
        // A technician reads the meter of a machine on an open order
        // assigned to them (their phone, at the machine); others need to
        // edit the customer.
        let technician = who.user.role == Role::Technician;
        if !technician {
            who.require(Permission::EditCustomers)?;
        }
        if hours < 0 {
            return Err(AppError::validation(
                "hours",
                "engine hours cannot be negative",
            ));
        }
        let mut tx = self.begin().await?;
        let scope = if technician {
            if !tx.technician_works_on_equipment(who.user.id, id).await? {
                return Err(AppError::not_found("equipment"));
            }
            CustomerScope::All
        } else {
            who.customer_scope()
        };
        let current = tx
            .equipment(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))?;
        if !tx
            .record_engine_hours(id, hours, who.user.id, Timestamp::now())
            .await?
        {
            return Err(AppError::new(
                ErrorCode::EngineHoursDecreased,
                format!(
                    "the meter already reads {} hours; readings never decrease",
                    current.engine_hours
                ),
            )
            .field("hours"));
        }
        // The forecast of the machine's maintenance plan follows the reading.
        self.refresh_forecast(&mut tx, id, Some(who.actor()))
            .await?;
        let equipment = tx
            .equipment(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))?;
        tx.commit().await?;
        Ok(equipment)
    }

    pub async fn engine_hour_readings(
        &self,
        who: &Principal,
        id: EquipmentId,
    ) -> AppResult<Vec<EngineHourReading>> {
        self.get_equipment(who, id).await?;
        Ok(self.store.conn().await?.engine_hour_readings(id).await?)
    }
}
