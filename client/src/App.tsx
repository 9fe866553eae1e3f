/**
 * The route table. Signed-out pages share `AuthLayout`; everything else sits
 * behind `RequireAuth` inside the `AppLayout` shell. The router itself
 * (Browser or Memory) is supplied by the caller.
 */
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { AuthLayout } from './components/AuthLayout';
import { RequireAuth } from './components/RequireAuth';
import { SessionRealtimeProvider } from './realtime/client';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { PublicOrderPage } from './pages/PublicOrderPage';
import { CustomersAtRiskPage } from './pages/CustomersAtRiskPage';
import { TicketsPage } from './pages/TicketsPage';
import { TicketDetailPage } from './pages/TicketDetailPage';
import { SlaCompliancePage } from './pages/SlaCompliancePage';
import { OrdersPage } from './pages/OrdersPage';
import { CashPage } from './pages/CashPage';
import { InvoiceDetailPage } from './pages/billing/InvoiceDetailPage';
import { InvoicesPage } from './pages/billing/InvoicesPage';
import { ReceivablesPage } from './pages/billing/ReceivablesPage';
import { StatementPage } from './pages/billing/StatementPage';
import { OperationsReportPage } from './pages/reports/OperationsReportPage';
import { PartsReportPage } from './pages/reports/PartsReportPage';
import { QualityReportPage } from './pages/reports/QualityReportPage';
import { ReportRecordsPage } from './pages/reports/ReportRecordsPage';
import { RevenueReportPage } from './pages/reports/RevenueReportPage';
import { SalesReportPage } from './pages/reports/SalesReportPage';
import { PartsPage } from './pages/PartsPage';
import { OrderDetailPage } from './pages/OrderDetailPage';
import { CompanyPage } from './pages/CompanyPage';
import { MyDocumentsPage } from './pages/MyDocumentsPage';
import { CatalogsPage, SettingsPage } from './pages/AdminPages';
import { AuditPage } from './pages/AuditPage';
import { CustomersPage } from './pages/CustomersPage';
import { CustomerDetailPage } from './pages/CustomerDetailPage';
import { UsersPage } from './pages/UsersPage';
import { NewOrderPage } from './pages/NewOrderPage';
import { AppointmentsPage } from './pages/AppointmentsPage';
import { AppointmentDetailPage } from './pages/AppointmentDetailPage';
import { MaintenanceRequestsPage } from './pages/MaintenanceRequestsPage';
import { DueSoonPage } from './pages/DueSoonPage';
import { SurveysPage } from './pages/SurveysPage';
import { PublicSurveyPage } from './pages/PublicSurveyPage';
import { ProfilePage } from './pages/ProfilePage';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage';
import { DeadLettersPage } from './pages/DeadLettersPage';
import { QuotesPage } from './pages/quotes/QuotesPage';
import { QuoteDetailPage } from './pages/quotes/QuoteDetailPage';
import { QuoteEditorPage } from './pages/quotes/QuoteEditorPage';
import { PublicQuotePage } from './pages/quotes/PublicQuotePage';
import { CrmDashboardPage } from './pages/crm/CrmDashboardPage';
import { OpportunitiesPage } from './pages/crm/OpportunitiesPage';
import { OpportunityPage } from './pages/crm/OpportunityPage';
import { PipelinePage } from './pages/crm/PipelinePage';
import { StockCatalogPage } from './pages/stock/StockCatalogPage';
import { StockItemPage } from './pages/stock/StockItemPage';
import { ReorderPage } from './pages/stock/ReorderPage';
import { PerformancePage } from './pages/purchasing/PerformancePage';
import { PurchaseOrderPage } from './pages/purchasing/PurchaseOrderPage';
import { PurchaseOrdersPage } from './pages/purchasing/PurchaseOrdersPage';
import { SupplierDetailPage } from './pages/purchasing/SupplierDetailPage';
import { SuppliersPage } from './pages/purchasing/SuppliersPage';

export function App() {
  return (
    <Routes>
      <Route path="/o/:token" element={<PublicOrderPage />} />
      <Route path="/s/:token" element={<PublicSurveyPage />} />
      <Route path="/q/:token" element={<PublicQuotePage />} />
      <Route element={<AuthLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage mode="reset" />} />
        <Route path="/set-password" element={<ResetPasswordPage mode="invitation" />} />
      </Route>
      <Route
        element={
          <RequireAuth>
            <SessionRealtimeProvider>
              <AppLayout />
            </SessionRealtimeProvider>
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="/account/password" element={<ChangePasswordPage />} />
        <Route path="/account/profile" element={<ProfilePage />} />
        <Route path="/account/notifications" element={<NotificationSettingsPage />} />
        <Route path="/orders" element={<OrdersPage />} />
        <Route path="/my-orders" element={<OrdersPage mine />} />
        <Route path="/orders/new" element={<NewOrderPage />} />
        <Route path="/orders/:id" element={<OrderDetailPage />} />
        <Route path="/parts" element={<PartsPage />} />
        <Route path="/cash" element={<CashPage />} />
        <Route path="/billing/invoices" element={<InvoicesPage />} />
        <Route path="/billing/invoices/:id" element={<InvoiceDetailPage />} />
        <Route path="/billing/receivables" element={<ReceivablesPage />} />
        <Route path="/billing/statement" element={<StatementPage />} />
        <Route path="/billing/statement/:customerId" element={<StatementPage />} />
        <Route path="/reports/revenue" element={<RevenueReportPage />} />
        <Route path="/reports/operations" element={<OperationsReportPage />} />
        <Route path="/reports/parts" element={<PartsReportPage />} />
        <Route path="/reports/sales" element={<SalesReportPage />} />
        <Route path="/reports/quality" element={<QualityReportPage />} />
        <Route path="/reports/:report/records" element={<ReportRecordsPage />} />
        <Route path="/tickets" element={<TicketsPage />} />
        <Route path="/tickets/sla" element={<SlaCompliancePage />} />
        <Route path="/tickets/:id" element={<TicketDetailPage />} />
        <Route path="/customers" element={<CustomersPage />} />
        <Route path="/customers/at-risk" element={<CustomersAtRiskPage />} />
        <Route path="/customers/:id" element={<CustomerDetailPage />} />
        <Route path="/crm" element={<PipelinePage />} />
        <Route path="/crm/opportunities" element={<OpportunitiesPage />} />
        <Route path="/crm/opportunities/:id" element={<OpportunityPage />} />
        <Route path="/crm/dashboard" element={<CrmDashboardPage />} />
        <Route path="/appointments" element={<AppointmentsPage />} />
        <Route path="/appointments/:id" element={<AppointmentDetailPage />} />
        <Route path="/maintenance-requests" element={<MaintenanceRequestsPage />} />
        <Route path="/maintenance/due-soon" element={<DueSoonPage />} />
        <Route path="/surveys" element={<SurveysPage />} />
        <Route path="/quotes" element={<QuotesPage />} />
        <Route path="/quotes/new" element={<QuoteEditorPage />} />
        <Route path="/quotes/:id" element={<QuoteDetailPage />} />
        <Route path="/quotes/:id/edit" element={<QuoteEditorPage />} />
        <Route path="/notifications/dead" element={<DeadLettersPage />} />
        <Route path="/catalogs" element={<CatalogsPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/company" element={<CompanyPage />} />
        <Route path="/documents" element={<MyDocumentsPage />} />
        <Route path="/users" element={<UsersPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="/stock" element={<StockCatalogPage />} />
        <Route path="/stock/items/:id" element={<StockItemPage />} />
        <Route path="/stock/reorder" element={<ReorderPage />} />
        <Route path="/purchasing/suppliers" element={<SuppliersPage />} />
        <Route path="/purchasing/suppliers/:id" element={<SupplierDetailPage />} />
        <Route path="/purchasing/orders" element={<PurchaseOrdersPage />} />
        <Route path="/purchasing/orders/:id" element={<PurchaseOrderPage />} />
        <Route path="/purchasing/performance" element={<PerformancePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
