//! Demo opportunities (`faena demo`): a few deals at different stages, so
//! the board, the list and the dashboard show something on a fresh
//! install. Idempotent: nothing is added once any opportunity exists.

use anyhow::Context;

use crate::domain::crm::{OpportunityScope, Stage};
use crate::domain::role::CustomerScope;
use crate::domain::{Money, OpportunityId, Role, Timestamp};
use crate::services::Services;
use crate::store::accounts::UserFilter;
use crate::store::crm::opportunities::OpportunityData;
use crate::store::customers::CustomerFilter;

impl Services {
    pub async fn ensure_demo_opportunities(&self) -> anyhow::Result<()> {
        let mut tx = self.store.begin().await?;
        if !tx
            .pipeline_values(OpportunityScope::All, None)
            .await?
            .is_empty()
        {
            return Ok(());
        }
        let customers = tx
            .customers_page(CustomerScope::All, &CustomerFilter::default(), None, 10)
            .await?;
        let users = tx
            .list_users(&UserFilter {
                role: Some(Role::Admin),
                active: None,
            })
            .await?;
        let admin = users
            .iter()
            .find(|u| u.role == Role::Admin)
            .context("the demo administrator")?;
        let now = Timestamp::now();
        // (title, customer index, stage, value, source, equipment)
        let deals = [
            (
                "Overhaul de motor C7",
                0,
                Stage::Prospect,
                "18500.00",
                "Visita",
                "Caterpillar 320D",
            ),
            (
                "Contrato de mantenimiento de flota",
                1,
                Stage::Qualified,
                "64000.00",
                "Referido",
                "Komatsu WA470",
            ),
            (
                "Tren de rodaje completo",
                0,
                Stage::Proposal,
                "27300.00",
                "Llamada",
                "Caterpillar 320D",
            ),
            (
                "Reparación de transmisión",
                2,
                Stage::Negotiation,
                "12900.00",
                "Web",
                "Volvo FMX 460",
            ),
        ];
        for (title, index, stage, value, source, equipment) in deals {
            let Some(customer) = customers.get(index) else {
                continue;
            };
            // The customer's seller owns the deal; the office the others.
            let owner = customer.owner_id.unwrap_or(admin.id);
            let data = OpportunityData {
                title: title.into(),
                customer_id: customer.id,
                contact_id: None,
                value: Money::parse(value, 2)?,
                probability: stage.default_probability(),
                expected_close: Some(now.as_datetime().date_naive() + chrono::TimeDelta::days(30)),
                owner_id: owner,
                source: source.into(),
                equipment_interest: equipment.into(),
                notes: String::new(),
                next_step: String::new(),
                next_step_due: None,
            };
            let id = OpportunityId::new();
            tx.insert_opportunity(id, &data, Stage::Prospect, owner, now)
                .await?;
            if stage != Stage::Prospect {
                tx.set_opportunity_stage(id, stage, stage.default_probability(), None, now)
                    .await?;
                tx.insert_stage_change(id, Some(Stage::Prospect), stage, None, owner, now)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
