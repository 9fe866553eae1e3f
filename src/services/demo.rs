//! The demo data set (`faena demo`) and the first master user
//! (`faena create-master`). Loading the demo twice changes nothing.

use anyhow::Context;

use super::Services;
use super::auth::hash_password;
use crate::domain::role::CustomerScope;
use crate::domain::tax_id::demo_ids;
use crate::domain::{CustomerId, Email, Money, Role, TaxId, TaxIdCountry, Timestamp, UserId};
use crate::store::accounts::{NewUser, User};
use crate::store::customers::{CustomerData, EquipmentData};

/// The demo accounts: (e-mail, password, name, role). Listed in the README.
pub const DEMO_USERS: [(&str, &str, &str, Role); 6] = [
    (
        "master@master.com",
        "master2023",
        "Usuario Maestro",
        Role::Master,
    ),
    (
        "admin@faena.demo",
        "admin2023",
        "Ana Administradora",
        Role::Admin,
    ),
    (
        "tecnico@faena.demo",
        "tecnico2023",
        "Tomás Técnico",
        Role::Technician,
    ),
    (
        "operador@faena.demo",
        "operador2023",
        "Olga Operadora",
        Role::Operator,
    ),
    (
        "vendedor@faena.demo",
        "vendedor2023",
        "Víctor Vendedor",
        Role::Seller,
    ),
    (
        "cliente@faena.demo",
        "cliente2023",
        "Carla Cliente",
        Role::Customer,
    ),
];

/// The demo payment methods.
pub const DEMO_PAYMENT_METHODS: [&str; 4] = ["Efectivo", "Transferencia", "Tarjeta", "Zelle"];

async fn ensure_user(
    services: &Services,
    email: &str,
    password: &str,
    name: &str,
    role: Role,
    customer: Option<CustomerId>,
) -> anyhow::Result<User> {
    let email = Email::parse(email)?;
    if let Some((user, _)) = services
        .store
        .conn()
        .await?
        .user_credentials(&email)
        .await?
    {
        return Ok(user);
    }
    insert_with_password(services, &email, name, role, customer, password.to_string()).await
}

async fn insert_with_password(
    services: &Services,
    email: &Email,
    name: &str,
    role: Role,
    customer: Option<CustomerId>,
    password: String,
) -> anyhow::Result<User> {
    let hash = hash_password(password)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(services
        .store
        .conn()
        .await?
        .insert_user(NewUser {
            id: UserId::new(),
            email,
            name,
            phone: "",
            role,
            customer_id: customer,
            password_hash: Some(&hash),
            now: Timestamp::now(),
        })
        .await?)
}

/// Creates a master user with the given password.
pub async fn create_master(
    services: &Services,
    email: &str,
    name: &str,
    password: String,
) -> anyhow::Result<User> {
    services
        .check_password_strength(&password)
        .map_err(|e| anyhow::anyhow!("{}", e.detail))?;
    let email = Email::parse(email)?;
    let taken = services
        .store
        .conn()
        .await?
        .user_credentials(&email)
        .await?
        .is_some();
    anyhow::ensure!(!taken, "a user with e-mail {email} already exists");
    insert_with_password(services, &email, name, Role::Master, None, password).await
}

/// Loads the demo users, customers, contacts, equipment and payment methods.
pub async fn load(services: &Services) -> anyhow::Result<()> {
    let mut staff = Vec::new();
    for (email, password, name, role) in DEMO_USERS.iter().filter(|u| u.3 != Role::Customer) {
        staff.push(ensure_user(services, email, password, name, *role, None).await?);
    }
    let seller = staff.iter().find(|u| u.role == Role::Seller).map(|u| u.id);

    let country = TaxIdCountry::Venezuela;
    let companies = [
        (
            "Constructora Los Andes C.A.",
            "Construcción",
            seller,
            "Caterpillar",
            "320D",
            "CAT0320DKJ8",
        ),
        (
            "Minera El Callao S.A.",
            "Minería",
            seller,
            "Komatsu",
            "WA470",
            "KMTWA470A6",
        ),
        (
            "Transportes Orinoco C.A.",
            "Transporte",
            None,
            "Volvo",
            "FMX 460",
            "YV2XTY0G4AB",
        ),
    ];
    let now = Timestamp::now();
    let mut first_customer = None;
    for ((name, category, owner, brand, model, serial), tax) in
        companies.into_iter().zip(demo_ids(country))
    {
        let tax_id = TaxId::parse(country, tax).context("demo tax id")?;
        let mut tx = services.store.begin().await?;
        let id = match tx.customer_id_by_tax_id(&tax_id).await? {
            Some(id) => id,
            None => {
                let number = format!("CLI-{:06}", tx.next_number("customer").await?);
                let data = CustomerData {
                    name: name.into(),
                    tax_id,
                    tax_id_country: country,
                    category: category.into(),
                    owner_id: owner,
                    credit_limit: Money::parse("5000.00", 2)?,
                    email: None,
                    phone: "+58 212 555 0100".into(),
                    address: "Caracas, Venezuela".into(),
                    city: "Caracas".into(),
                    notes: String::new(),
                };
                let customer = tx
                    .insert_customer(CustomerId::new(), &number, &data, now)
                    .await?;
                tx.insert_contact(
                    customer.id,
                    "Carla Cliente",
                    None,
                    "+58 414 555 0101",
                    "Jefa de flota",
                    now,
                )
                .await?;
                let machine = EquipmentData {
                    brand: brand.into(),
                    model: model.into(),
                    serial: serial.into(),
                    year: Some(2019),
                    warranty_ends_on: chrono::NaiveDate::from_ymd_opt(2027, 6, 30),
                    notes: String::new(),
                };
                let eq = tx.insert_equipment(customer.id, &machine, 0, now).await?;
                tx.record_engine_hours(eq.id, 4200, staff[0].id, now)
                    .await?;
                customer.id
            }
        };
        tx.commit().await?;
        first_customer.get_or_insert(id);
    }

    // The portal user belongs to the first demo company.
    let company = first_customer.context("demo customers")?;
    let (email, password, name, role) = DEMO_USERS[5];
    let portal = ensure_user(services, email, password, name, role, Some(company)).await?;
    let mut conn = services.store.conn().await?;
    let contacts = conn.contacts(CustomerScope::All, company).await?;
    if let Some(contact) = contacts.iter().find(|c| c.user_id.is_none())
        && !contacts.iter().any(|c| c.user_id == Some(portal.id))
    {
        conn.link_contact_user(contact.id, portal.id).await?;
    }

    // The payment methods catalog ("formas de cobro").
    for method in DEMO_PAYMENT_METHODS {
        conn.ensure_payment_method(method, Timestamp::now()).await?;
    }

    // The default status catalogs of service orders.
    services
        .ensure_demo_order_statuses()
        .await
        .map_err(|e| anyhow::anyhow!("demo order statuses: {e:?}"))?;
    services.ensure_demo_opportunities().await?;
    super::stock::demo::load(services, staff[0].id).await?;
    super::purchasing::demo::load(services, staff[0].id).await?;
    super::invoices::demo::load(services).await?;
    Ok(())
}
