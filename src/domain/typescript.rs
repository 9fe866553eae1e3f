//! The client's TypeScript types, generated from the Rust contract types
//! with `ts-rs` into `client/src/api/generated/` (checked in).
//!
//! Why ts-rs rather than the OpenAPI document: the real-time contract
//! ([`ChannelEvent`], [`RpcMethod`]) is not HTTP, so utoipa never sees it;
//! ts-rs reads the same serde attributes the server serializes with, so the
//! generated union is exactly what goes over the socket.
//!
//! The test below regenerates the files into a temporary folder and fails
//! when the checked-in ones differ, naming the command that refreshes them:
//!
//! ```sh
//! FAENA_UPDATE_TS=1 cargo test --lib generated_typescript
//! ```

#[cfg(test)]
use super::events::{ChannelEvent, ChatPost, RpcMethod, RpcRoomData};
#[cfg(test)]
use super::notification::{NotificationKind, SubjectType};
#[cfg(test)]
use crate::domain::audit::AuditEntry;

/// Where the generated files live, relative to the package root.
pub const GENERATED_DIR: &str = "client/src/api/generated";

/// The command that refreshes the generated files.
pub const REFRESH_COMMAND: &str = "FAENA_UPDATE_TS=1 cargo test --lib generated_typescript";

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use ts_rs::{Config, TS};

    use super::*;

    /// Exports every contract type (and what it refers to) into `dir`, plus
    /// an `index.ts` re-exporting them all.
    fn export_into(dir: &Path) {
        // Offsets and sizes are JavaScript numbers on the wire, not bigints.
        let cfg = Config::new().with_out_dir(dir).with_large_int("number");
        ChannelEvent::export_all(&cfg).expect("exporting ChannelEvent");
        RpcMethod::export_all(&cfg).expect("exporting RpcMethod");
        RpcRoomData::export_all(&cfg).expect("exporting RpcRoomData");
        ChatPost::export_all(&cfg).expect("exporting ChatPost");
        NotificationKind::export_all(&cfg).expect("exporting NotificationKind");
        SubjectType::export_all(&cfg).expect("exporting SubjectType");
        AuditEntry::export_all(&cfg).expect("exporting AuditEntry");
        // Customer metrics and risk (issue 16).
        crate::services::customer_risk::CustomerMetrics::export_all(&cfg)
            .expect("exporting CustomerMetrics");
        crate::services::customer_risk::AtRiskCustomer::export_all(&cfg)
            .expect("exporting AtRiskCustomer");
        crate::services::customer_risk::SegmentMetrics::export_all(&cfg)
            .expect("exporting SegmentMetrics");
        crate::services::customer_risk::RiskRun::export_all(&cfg).expect("exporting RiskRun");
        // Onboarding (issue 16).
        crate::services::onboarding::OnboardingTask::export_all(&cfg)
            .expect("exporting OnboardingTask");
        // Post-sale settings (issue 16).
        crate::services::warranty::PostSaleSettings::export_all(&cfg)
            .expect("exporting PostSaleSettings");
        // Reports (issue 17).
        crate::services::reports::revenue::RevenueReport::export_all(&cfg)
            .expect("exporting RevenueReport");
        crate::services::reports::operations::OperationsReport::export_all(&cfg)
            .expect("exporting OperationsReport");
        crate::services::reports::parts::PartsReport::export_all(&cfg)
            .expect("exporting PartsReport");
        crate::services::reports::sales::SalesReport::export_all(&cfg)
            .expect("exporting SalesReport");
        crate::services::reports::quality::QualityReport::export_all(&cfg)
            .expect("exporting QualityReport");
        crate::services::reports::subscriptions::ReportSubscription::export_all(&cfg)
            .expect("exporting ReportSubscription");
        crate::services::reports::records::ReportRecords::export_all(&cfg)
            .expect("exporting ReportRecords");
        crate::services::reports::operations::OperationsFigure::export_all(&cfg)
            .expect("exporting OperationsFigure");
        crate::services::reports::parts::PartsFigure::export_all(&cfg)
            .expect("exporting PartsFigure");
        crate::services::reports::sales::SalesFigure::export_all(&cfg)
            .expect("exporting SalesFigure");
        crate::services::reports::quality::QualityFigure::export_all(&cfg)
            .expect("exporting QualityFigure");
        // Ticket SLA (issue 16).
        crate::services::sla::SlaSettings::export_all(&cfg).expect("exporting SlaSettings");
        crate::services::sla::SlaCompliance::export_all(&cfg).expect("exporting SlaCompliance");
        // Interactions (issue 16).
        crate::services::interactions::InteractionPage::export_all(&cfg)
            .expect("exporting InteractionPage");
        // Maintenance plans (issue 16).
        crate::services::service_plans::EquipmentPlan::export_all(&cfg)
            .expect("exporting EquipmentPlan");
        crate::services::service_plans::DueSoonMachine::export_all(&cfg)
            .expect("exporting DueSoonMachine");
        // CRM (issue 14): what the board, list, detail and dashboard read.
        crate::domain::crm::view::Board::export_all(&cfg).expect("exporting Board");
        crate::domain::crm::view::OpportunityDetail::export_all(&cfg)
            .expect("exporting OpportunityDetail");
        crate::domain::crm::LostReason::export_all(&cfg).expect("exporting LostReason");
        crate::domain::crm::metrics::Metrics::export_all(&cfg).expect("exporting Metrics");
        crate::services::crm::opportunities::OpportunityPage::export_all(&cfg)
            .expect("exporting OpportunityPage");
        crate::services::crm::metrics::CrmDashboard::export_all(&cfg)
            .expect("exporting CrmDashboard");
        crate::services::crm::documents::CustomerDocument::export_all(&cfg)
            .expect("exporting CustomerDocument");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("reading the export folder")
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".ts")
                    .map(String::from)
            })
            .collect();
        names.sort();
        let mut index = String::from(
            "// Generated from the Rust types (src/domain/typescript.rs); do not edit.\n",
        );
        for name in names {
            index.push_str(&format!("export type {{ {name} }} from './{name}';\n"));
        }
        std::fs::write(dir.join("index.ts"), index).expect("writing index.ts");
    }

    fn read_all(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                        (name, text)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn generated_typescript_is_fresh() {
        let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED_DIR);
        let fresh = tempfile::tempdir().expect("a temporary folder");
        export_into(fresh.path());
        if std::env::var_os("FAENA_UPDATE_TS").is_some() {
            // Replace the folder, so a removed type leaves no stale file.
            let _ = std::fs::remove_dir_all(&checked_in);
            std::fs::create_dir_all(&checked_in).expect("creating the generated folder");
            for (name, text) in read_all(fresh.path()) {
                std::fs::write(checked_in.join(name), text).expect("writing a generated file");
            }
            return;
        }
        let expected = read_all(fresh.path());
        let actual = read_all(&checked_in);
        let stale: Vec<&String> = expected
            .keys()
            .chain(actual.keys())
            .filter(|name| expected.get(*name) != actual.get(*name))
            .collect();
        assert!(
            stale.is_empty(),
            "{GENERATED_DIR} is stale ({stale:?} differ from the Rust types); \
             refresh it with `{REFRESH_COMMAND}` and commit the result"
        );
    }
}
