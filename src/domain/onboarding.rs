//! A new customer's onboarding (issue 16): seed 004's "Proceso de Inducción
//! de Cliente Nuevo", five steps, each a task with an owner and a due day
//! counted from the customer's creation. The steps are a post-sale setting.

use serde::{Deserialize, Serialize};

/// One step of the checklist a new customer starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OnboardingStep {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub title: String,
    /// Days after the customer's creation the step is due.
    #[schema(minimum = 0, maximum = 365)]
    pub due_after_days: i64,
}

/// Most steps in the checklist.
pub const MAX_STEPS: usize = 20;
/// Latest a step may be due.
pub const MAX_DUE_AFTER_DAYS: i64 = 365;

/// The seed's five steps (Spanish: the product's first language).
pub fn seed_steps() -> Vec<OnboardingStep> {
    [
        ("Entrega de equipo y documentación", 0),
        (
            "Capacitación inicial en operación y mantenimiento básico",
            7,
        ),
        ("Presentación del equipo de soporte asignado", 7),
        ("Configuración de accesos al portal de clientes", 3),
        ("Programación del primer seguimiento", 30),
    ]
    .into_iter()
    .map(|(title, due_after_days)| OnboardingStep {
        title: title.to_string(),
        due_after_days,
    })
    .collect()
}
