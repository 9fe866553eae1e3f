//! Roles and the permission table.
//!
//! Authorization is two questions, answered in two places:
//! 1. *May this role do this kind of thing at all?* — [`Role::allows`], the
//!    table below, checked by services before any work.
//! 2. *Which rows may this person touch?* — [`CustomerScope`], which store
//!    queries turn into a `WHERE` clause, so a seller or a customer contact
//!    can never read another's data even through a bug in a route.

use serde::{Deserialize, Serialize};

use super::{CustomerId, UserId};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// Usuario Maestro: owns the installation, creates staff users.
    Master,
    /// Administrador: runs the office.
    Admin,
    /// Técnico: works assigned orders from a phone.
    Technician,
    /// Operador: front desk.
    Operator,
    /// Vendedor: CRM, only their own customers.
    Seller,
    /// Cliente: a customer contact using the portal, only their own company.
    Customer,
}
crate::text_enum_sql!(Role);

impl Role {
    /// Roles a master may give to staff users (customers are invited from
    /// their company's contacts instead).
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Customer)
    }
}

/// Kinds of action, each granted to a set of roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Permission {
    /// Create staff users, change roles, activate/deactivate.
    ManageUsers,
    /// List staff users (to assign technicians, owners). Sellers too: they
    /// book appointments and create orders, and pick the technician.
    ReadUsers,
    ReadAuditLog,
    EditSettings,
    /// Read customers and their equipment (scoped by [`CustomerScope`]).
    ReadCustomers,
    CreateCustomers,
    /// Edit customer data, contacts and equipment (scoped).
    EditCustomers,
    /// Deactivate or reassign a customer to another seller.
    AdministerCustomers,
    /// Set or change a customer's credit limit: the office (master,
    /// administrator, front desk), never the seller who owns the customer.
    SetCreditLimits,
    /// Give a customer contact access to the portal.
    InviteContacts,
    /// Read support tickets (scoped by [`super::TicketScope`]).
    ReadTickets,
    /// Raise a ticket for a customer in scope (a contact: their own company).
    CreateTickets,
    /// Move a ticket through its states and change its priority (scoped).
    WorkTickets,
    /// Assign tickets and reopen closed ones.
    ManageTickets,
    /// Read service orders (scoped by [`super::OrderScope`]); internal
    /// events and statuses only for staff.
    ReadOrders,
    /// Create service orders, edit their data and assign technicians
    /// (scoped: a seller for the customers they own).
    CreateOrders,
    /// Post timeline events (with photos) and add parts on orders in scope
    /// (a technician: those assigned to them).
    WorkOrders,
    /// The office: deactivate orders, rotate QR links, the status catalogs,
    /// the parts view across orders, and editing or deleting anyone's
    /// events and parts.
    ManageOrders,
    /// Read, create, rename, deactivate and delete payment methods.
    ManagePaymentMethods,
    /// Register payments and advances against a service order.
    RegisterPayments,
    /// Search payments across all orders (by reference or customer).
    SearchPayments,
    /// Delete (reverse) a payment, returning its amount to the balance.
    DeletePayments,
    /// Close a fully paid service order.
    CloseOrders,
    /// Reopen a closed service order, with a reason (audit-logged).
    ReopenOrders,
    /// See appointments (scoped like tickets).
    ReadAppointments,
    /// Book, move and cancel appointments (scoped: a seller for the
    /// customers they own).
    ScheduleAppointments,
    /// A customer contact confirms, asks to reschedule or cancels.
    RespondAppointments,
    /// Mark a visit done (a technician: those assigned to them).
    CompleteAppointments,
    /// See maintenance requests (scoped like tickets).
    ReadMaintenanceRequests,
    /// File a maintenance request (a contact: for their own company).
    CreateMaintenanceRequests,
    /// Triage maintenance requests and convert them (scoped).
    TriageMaintenanceRequests,
    /// See quotes (scoped by [`CustomerScope`]: a seller their own
    /// customers', a contact their company's sent ones).
    ReadQuotes,
    /// Create, edit and send quotes (scoped: a seller for the customers they own).
    EditQuotes,
    /// Approve, reject or ask for changes to a quote sent to one's company.
    AnswerQuotes,
    /// The CRM: opportunities, the pipeline board, metrics (scoped by
    /// [`super::crm::OpportunityScope`]: a seller their own).
    UseCrm,
    /// Upload and delete documents on a customer's file: the office.
    ManageCustomerDocuments,
    /// See the parts catalog with availability and prices (technicians
    /// pick parts for their orders, sellers quote); customers never.
    ReadStock,
    /// Edit the catalog, count and adjust stock, the reorder list and its
    /// draft purchase orders: the office.
    ManageStock,
    /// Suppliers, purchase orders, receiving and supplier performance
    /// (the office; technicians, sellers and customers never).
    ManagePurchasing,
    /// Set machines' preventive maintenance plans (the office).
    ManageServicePlans,
    /// Read and record a customer's interactions (the office, the
    /// customer's seller; scoped by [`CustomerScope`]).
    RecordInteractions,
}

impl Role {
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match permission {
            ManageUsers | ReadAuditLog => matches!(self, Master),
            ReadUsers => matches!(self, Master | Admin | Operator | Seller),
            EditSettings => matches!(self, Master | Admin),
            ReadCustomers | EditCustomers => {
                matches!(self, Master | Admin | Operator | Seller | Customer)
            }
            CreateCustomers | InviteContacts | RecordInteractions => {
                matches!(self, Master | Admin | Operator | Seller)
            }
            AdministerCustomers => matches!(self, Master | Admin),
            SetCreditLimits | ManageServicePlans => matches!(self, Master | Admin | Operator),
            ReadTickets => true,
            CreateTickets => matches!(self, Master | Admin | Operator | Seller | Customer),
            WorkTickets => self.is_staff(),
            ManageTickets => matches!(self, Master | Admin | Operator),
            ReadOrders => true,
            CreateOrders => matches!(self, Master | Admin | Operator | Seller),
            WorkOrders => matches!(self, Master | Admin | Operator | Technician),
            ManageOrders => matches!(self, Master | Admin | Operator),
            ManagePaymentMethods | RegisterPayments | SearchPayments | CloseOrders => {
                matches!(self, Master | Admin | Operator)
            }
            DeletePayments | ReopenOrders => matches!(self, Master),
            ReadAppointments => true,
            ScheduleAppointments => matches!(self, Master | Admin | Operator | Seller),
            RespondAppointments => matches!(self, Customer),
            CompleteAppointments => matches!(self, Master | Admin | Operator | Technician),
            ReadMaintenanceRequests => true,
            CreateMaintenanceRequests => {
                matches!(self, Master | Admin | Operator | Seller | Customer)
            }
            TriageMaintenanceRequests => matches!(self, Master | Admin | Operator | Seller),
            ReadQuotes => matches!(self, Master | Admin | Operator | Seller | Customer),
            EditQuotes => matches!(self, Master | Admin | Operator | Seller),
            AnswerQuotes => matches!(self, Customer),
            UseCrm => matches!(self, Master | Admin | Operator | Seller),
            ManageCustomerDocuments => matches!(self, Master | Admin | Operator),
            ReadStock => self.is_staff(),
            ManageStock => matches!(self, Master | Admin | Operator),
            ManagePurchasing => matches!(self, Master | Admin | Operator),
        }
    }
}

/// Which customers a signed-in person may see; applied inside store queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerScope {
    /// Office roles.
    All,
    /// A seller: customers whose owner is this user.
    OwnedBy(UserId),
    /// A customer contact: their own company only.
    Company(CustomerId),
    /// Roles with no access to the customer directory.
    Nothing,
}

impl CustomerScope {
    pub fn for_user(role: Role, user: UserId, company: Option<CustomerId>) -> CustomerScope {
        match role {
            Role::Master | Role::Admin | Role::Operator => CustomerScope::All,
            Role::Seller => CustomerScope::OwnedBy(user),
            Role::Customer => company.map_or(CustomerScope::Nothing, CustomerScope::Company),
            Role::Technician => CustomerScope::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn only_master_manages_users_and_reads_the_audit_log() {
        for role in Role::iter() {
            assert_eq!(role.allows(Permission::ManageUsers), role == Role::Master);
            assert_eq!(role.allows(Permission::ReadAuditLog), role == Role::Master);
        }
    }

    #[test]
    fn only_master_deletes_payments_and_the_office_registers_them() {
        for role in Role::iter() {
            assert_eq!(
                role.allows(Permission::DeletePayments),
                role == Role::Master
            );
            assert_eq!(
                role.allows(Permission::RegisterPayments),
                matches!(role, Role::Master | Role::Admin | Role::Operator)
            );
        }
    }

    #[test]
    fn technicians_have_no_customer_directory() {
        assert!(!Role::Technician.allows(Permission::CreateCustomers));
        assert_eq!(
            CustomerScope::for_user(Role::Technician, UserId::new(), None),
            CustomerScope::Nothing
        );
    }

    #[test]
    fn customer_without_company_sees_nothing() {
        assert_eq!(
            CustomerScope::for_user(Role::Customer, UserId::new(), None),
            CustomerScope::Nothing
        );
    }
}
