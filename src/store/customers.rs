//! Customers, their contacts, equipment and engine-hour readings.
//!
//! Every read and write takes a [`CustomerScope`] and applies it in SQL
//! (`scope_sql`), so a seller only ever touches customers they own and a
//! customer contact only their own company, whatever the caller asks for.

use super::{Conn, on_conn};
use crate::domain::role::CustomerScope;
use crate::domain::{
    ContactId, CustomerId, Email, EquipmentId, Money, ReadingId, TaxId, TaxIdCountry, Timestamp,
    UserId,
};
use chrono::NaiveDate;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Customer {
    pub id: CustomerId,
    /// Human number, e.g. `CLI-000042`.
    pub number: String,
    pub name: String,
    pub tax_id: TaxId,
    pub tax_id_country: TaxIdCountry,
    pub category: String,
    /// The seller who owns this customer.
    pub owner_id: Option<UserId>,
    pub credit_limit: Money,
    pub email: Option<String>,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub notes: String,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const CONTACT_COLUMNS: &str =
    "k.id, k.customer_id, k.name, k.email, k.phone, k.position, k.user_id, k.created_at";
const EQUIPMENT_COLUMNS: &str =
    "e.id, e.customer_id, e.brand, e.model, e.serial, e.year, e.engine_hours,
    e.warranty_ends_on, e.notes, e.created_at";

const CUSTOMER_COLUMNS: &str = "id, number, name, tax_id, tax_id_country, category, owner_id,
    credit_limit, email, phone, address, city, notes, active, created_at, updated_at";

/// The customer fields people edit (validated by the service).
#[derive(Debug, Clone)]
pub struct CustomerData {
    pub name: String,
    pub tax_id: TaxId,
    pub tax_id_country: TaxIdCountry,
    pub category: String,
    pub owner_id: Option<UserId>,
    pub credit_limit: Money,
    pub email: Option<Email>,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub notes: String,
}

impl CustomerData {
    fn search_text(&self) -> String {
        format!(
            "{} {} {} {}",
            self.name.to_lowercase(),
            self.tax_id.as_str().to_lowercase(),
            self.email.as_ref().map(Email::as_str).unwrap_or(""),
            self.phone
        )
    }
}

#[derive(Debug, Default, Clone)]
pub struct CustomerFilter {
    /// Matches name, tax id, e-mail or phone (case-insensitive substring).
    pub q: Option<String>,
    pub category: Option<String>,
    pub owner_id: Option<UserId>,
    pub active: Option<bool>,
    /// The city, case-insensitive, whole (`Mérida` matches `mérida`).
    pub city: Option<String>,
    /// `true`: with at least one open order (active, not closed);
    /// `false`: with none.
    pub has_open_orders: Option<bool>,
    /// Only customers whose account balance (see [`BALANCE_HUNDREDTHS_SQL`])
    /// is above this amount.
    pub balance_above: Option<Money>,
}

/// A customer's account balance — what they owe, the closing balance of
/// their statement (`store::billing::statement`, `domain::billing::statement`):
/// issued invoices not voided, minus credit notes, minus payments not
/// reversed (a voided invoice's charge and its void cancel out, as do a
/// payment and its reversal). Negative when the company holds their money.
///
/// In hundredths of the currency, as an integer, so both backends compare
/// it exactly: money is TEXT on SQLite, and each amount (at most 12 integer
/// digits and 2 decimals) converted through a double and rounded to
/// hundredths is exact before the integer sum. `cu` is the customer row.
pub const BALANCE_HUNDREDTHS_SQL: &str = "(
    COALESCE((SELECT SUM(CAST(ROUND(CAST(i.total AS NUMERIC) * 100) AS BIGINT)) FROM invoices i
               WHERE i.customer_id = cu.id AND i.number IS NOT NULL AND i.voided_on IS NULL), 0)
  - COALESCE((SELECT SUM(CAST(ROUND(CAST(n.total AS NUMERIC) * 100) AS BIGINT)) FROM credit_notes n
               WHERE n.customer_id = cu.id), 0)
  - COALESCE((SELECT SUM(CAST(ROUND(CAST(p.amount AS NUMERIC) * 100) AS BIGINT))
                FROM service_orders o JOIN payments p ON p.order_id = o.id
               WHERE o.customer_id = cu.id AND p.deleted_at IS NULL), 0))";

/// An amount in whole hundredths (the unit of [`BALANCE_HUNDREDTHS_SQL`]),
/// rounded down: `balance > floor(x * 100)` in hundredths is `balance > x`
/// for any balance in whole hundredths.
pub fn hundredths(m: Money) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (m.0 * rust_decimal::Decimal::ONE_HUNDRED)
        .floor()
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// Position after the last row of a page (keyset pagination on (sort_name, id)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomerCursor {
    pub sort_name: String,
    pub id: CustomerId,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Contact {
    pub id: ContactId,
    pub customer_id: CustomerId,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub position: String,
    /// The portal account of this contact, once invited.
    pub user_id: Option<UserId>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Equipment {
    pub id: EquipmentId,
    pub customer_id: CustomerId,
    pub brand: String,
    pub model: String,
    pub serial: String,
    pub year: Option<i32>,
    /// The latest engine-hour reading.
    pub engine_hours: i64,
    pub warranty_ends_on: Option<NaiveDate>,
    pub notes: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct EquipmentData {
    pub brand: String,
    pub model: String,
    pub serial: String,
    pub year: Option<i32>,
    pub warranty_ends_on: Option<NaiveDate>,
    pub notes: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EngineHourReading {
    pub id: ReadingId,
    pub equipment_id: EquipmentId,
    pub hours: i64,
    pub read_at: Timestamp,
    pub recorded_by: Option<UserId>,
}

/// The three bind values of a scope, used as `($1 OR owner_id = $2 OR id = $3)`.
/// `Nothing` binds (false, NULL, NULL), which matches no row.
pub(super) fn scope_binds(scope: CustomerScope) -> (bool, Option<UserId>, Option<CustomerId>) {
    match scope {
        CustomerScope::All => (true, None, None),
        CustomerScope::OwnedBy(user) => (false, Some(user), None),
        CustomerScope::Company(id) => (false, None, Some(id)),
        CustomerScope::Nothing => (false, None, None),
    }
}

/// Escapes `%`, `_` and `\` so a search term is matched literally.
pub(super) fn like_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_customer(
        &mut self,
        id: CustomerId,
        number: &str,
        d: &CustomerData,
        now: Timestamp,
    ) -> Result<Customer, sqlx::Error> {
        let sql = format!(
            "INSERT INTO customers (id, number, name, sort_name, search_text, tax_id, tax_id_country,
                category, owner_id, credit_limit, email, phone, address, notes, active, created_at, updated_at,
                city, city_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, TRUE, $15, $15, $16, $17)
             RETURNING {CUSTOMER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).bind(number).bind(&d.name).bind(d.name.to_lowercase()).bind(d.search_text())
            .bind(&d.tax_id).bind(d.tax_id_country).bind(&d.category).bind(d.owner_id)
            .bind(d.credit_limit).bind(d.email.as_ref()).bind(&d.phone).bind(&d.address)
            .bind(&d.notes).bind(now).bind(&d.city).bind(d.city.to_lowercase())
            .fetch_one(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn customer(
        &mut self,
        scope: CustomerScope,
        id: CustomerId,
    ) -> Result<Option<Customer>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers
             WHERE ($1 OR owner_id = $2 OR id = $3) AND id = $4"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(id).fetch_optional(c).await)
    }

    /// One page of customers in name order, `limit` rows after `after`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn customers_page(
        &mut self,
        scope: CustomerScope,
        filter: &CustomerFilter,
        after: Option<&CustomerCursor>,
        limit: i64,
    ) -> Result<Vec<Customer>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        // The filters that need other tables are written in only when asked
        // for, so the plain directory stays one indexed scan of `customers`.
        let open_orders = match filter.has_open_orders {
            None => "",
            Some(true) => {
                "AND EXISTS (SELECT 1 FROM service_orders o WHERE o.customer_id = cu.id
                              AND o.active = TRUE AND o.closed_at IS NULL)"
            }
            Some(false) => {
                "AND NOT EXISTS (SELECT 1 FROM service_orders o WHERE o.customer_id = cu.id
                              AND o.active = TRUE AND o.closed_at IS NULL)"
            }
        };
        let balance = if filter.balance_above.is_some() {
            format!("AND {BALANCE_HUNDREDTHS_SQL} > $12")
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers cu
             WHERE ($1 OR owner_id = $2 OR id = $3)
               AND ($4 IS NULL OR search_text LIKE $4 ESCAPE '\\')
               AND ($5 IS NULL OR category = $5)
               AND ($6 IS NULL OR owner_id = $6)
               AND ($7 IS NULL OR active = $7)
               AND ($8 IS NULL OR sort_name > $8 OR (sort_name = $8 AND id > $9))
               AND ($11 IS NULL OR city_key = $11)
               {open_orders} {balance}
             ORDER BY sort_name, id LIMIT $10"
        );
        let q = filter.q.as_deref().map(like_pattern);
        let city = filter.city.as_deref().map(str::to_lowercase);
        let above = filter.balance_above.map(hundredths);
        on_conn!(self, c => {
            let query = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(all).bind(owner).bind(company)
                .bind(q.as_deref()).bind(filter.category.as_deref()).bind(filter.owner_id).bind(filter.active)
                .bind(after.map(|a| a.sort_name.as_str())).bind(after.map(|a| a.id)).bind(limit)
                .bind(city.as_deref());
            match above {
                Some(above) => query.bind(above),
                None => query,
            }
            .fetch_all(c).await
        })
    }

    /// Updates within scope; `None` when the customer is not visible.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_customer(
        &mut self,
        scope: CustomerScope,
        id: CustomerId,
        d: &CustomerData,
        now: Timestamp,
    ) -> Result<Option<Customer>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "UPDATE customers SET name = $5, sort_name = $6, search_text = $7, tax_id = $8,
                tax_id_country = $9, category = $10, owner_id = $11, credit_limit = $12, email = $13,
                phone = $14, address = $15, notes = $16, updated_at = $17, city = $18, city_key = $19
             WHERE ($1 OR owner_id = $2 OR id = $3) AND id = $4
             RETURNING {CUSTOMER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(id)
            .bind(&d.name).bind(d.name.to_lowercase()).bind(d.search_text()).bind(&d.tax_id)
            .bind(d.tax_id_country).bind(&d.category).bind(d.owner_id).bind(d.credit_limit)
            .bind(d.email.as_ref()).bind(&d.phone).bind(&d.address).bind(&d.notes).bind(now)
            .bind(&d.city).bind(d.city.to_lowercase())
            .fetch_optional(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_customer_active(
        &mut self,
        scope: CustomerScope,
        id: CustomerId,
        active: bool,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        on_conn!(self, c => sqlx::query(
            "UPDATE customers SET active = $5, updated_at = $6
             WHERE ($1 OR owner_id = $2 OR id = $3) AND id = $4")
            .bind(all).bind(owner).bind(company).bind(id).bind(active).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))
        .map(|n| n == 1)
    }

    // --- contacts ---------------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn contacts(
        &mut self,
        scope: CustomerScope,
        customer: CustomerId,
    ) -> Result<Vec<Contact>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts k JOIN customers cu ON cu.id = k.customer_id
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND k.customer_id = $4
             ORDER BY k.name, k.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(customer).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn contact(
        &mut self,
        scope: CustomerScope,
        id: ContactId,
    ) -> Result<Option<Contact>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts k JOIN customers cu ON cu.id = k.customer_id
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND k.id = $4"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(id).fetch_optional(c).await)
    }

    /// Inserts a contact of a customer the caller may see (checked by the
    /// caller with [`Conn::customer`] in the same transaction).
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_contact(
        &mut self,
        customer: CustomerId,
        name: &str,
        email: Option<&Email>,
        phone: &str,
        position: &str,
        now: Timestamp,
    ) -> Result<Contact, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "INSERT INTO contacts (id, customer_id, name, email, phone, position, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             RETURNING id, customer_id, name, email, phone, position, user_id, created_at")
            .bind(ContactId::new()).bind(customer).bind(name).bind(email).bind(phone).bind(position).bind(now)
            .fetch_one(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_contact(
        &mut self,
        id: ContactId,
        name: &str,
        email: Option<&Email>,
        phone: &str,
        position: &str,
    ) -> Result<Contact, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "UPDATE contacts SET name = $2, email = $3, phone = $4, position = $5 WHERE id = $1
             RETURNING id, customer_id, name, email, phone, position, user_id, created_at")
            .bind(id).bind(name).bind(email).bind(phone).bind(position).fetch_one(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn link_contact_user(
        &mut self,
        id: ContactId,
        user: UserId,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE contacts SET user_id = $2 WHERE id = $1")
            .bind(id).bind(user).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    // --- equipment --------------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn equipment_of(
        &mut self,
        scope: CustomerScope,
        customer: CustomerId,
    ) -> Result<Vec<Equipment>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {EQUIPMENT_COLUMNS} FROM equipment e JOIN customers cu ON cu.id = e.customer_id
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND e.customer_id = $4
             ORDER BY e.brand, e.model, e.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(customer).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn equipment(
        &mut self,
        scope: CustomerScope,
        id: EquipmentId,
    ) -> Result<Option<Equipment>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {EQUIPMENT_COLUMNS} FROM equipment e JOIN customers cu ON cu.id = e.customer_id
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND e.id = $4"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(id).fetch_optional(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_equipment(
        &mut self,
        customer: CustomerId,
        d: &EquipmentData,
        engine_hours: i64,
        now: Timestamp,
    ) -> Result<Equipment, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "INSERT INTO equipment (id, customer_id, brand, model, serial, year, engine_hours,
                                    warranty_ends_on, notes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             RETURNING id, customer_id, brand, model, serial, year, engine_hours, warranty_ends_on, notes, created_at")
            .bind(EquipmentId::new()).bind(customer).bind(&d.brand).bind(&d.model).bind(&d.serial)
            .bind(d.year).bind(engine_hours).bind(d.warranty_ends_on).bind(&d.notes).bind(now)
            .fetch_one(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_equipment(
        &mut self,
        id: EquipmentId,
        d: &EquipmentData,
    ) -> Result<Equipment, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "UPDATE equipment SET brand = $2, model = $3, serial = $4, year = $5,
                    warranty_ends_on = $6, notes = $7 WHERE id = $1
             RETURNING id, customer_id, brand, model, serial, year, engine_hours, warranty_ends_on, notes, created_at")
            .bind(id).bind(&d.brand).bind(&d.model).bind(&d.serial).bind(d.year)
            .bind(d.warranty_ends_on).bind(&d.notes)
            .fetch_one(c).await)
    }

    /// Records a reading; returns `false` (and changes nothing) when it is
    /// lower than the current engine hours: meters never run backwards.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_engine_hours(
        &mut self,
        id: EquipmentId,
        hours: i64,
        by: UserId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let moved = on_conn!(self, c => sqlx::query(
            "UPDATE equipment SET engine_hours = $2 WHERE id = $1 AND engine_hours <= $2")
            .bind(id).bind(hours).execute(c).await.map(|r| r.rows_affected()))?;
        if moved == 0 {
            return Ok(false);
        }
        on_conn!(self, c => sqlx::query(
            "INSERT INTO engine_hour_readings (id, equipment_id, hours, read_at, recorded_by)
             VALUES ($1, $2, $3, $4, $5)")
            .bind(ReadingId::new()).bind(id).bind(hours).bind(now).bind(by).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(true)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn engine_hour_readings(
        &mut self,
        id: EquipmentId,
    ) -> Result<Vec<EngineHourReading>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, equipment_id, hours, read_at, recorded_by FROM engine_hour_readings
             WHERE equipment_id = $1 ORDER BY read_at DESC, id DESC")
            .bind(id).fetch_all(c).await)
    }
}

impl Conn {
    /// Unscoped lookup by tax id, for the demo loader and imports.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn customer_id_by_tax_id(
        &mut self,
        tax_id: &TaxId,
    ) -> Result<Option<CustomerId>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar("SELECT id FROM customers WHERE tax_id = $1")
            .bind(tax_id).fetch_optional(c).await)
    }
}
