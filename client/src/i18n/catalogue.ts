/**
 * The full translation catalogue per language: the core `es.json`/`en.json`
 * deep-merged with one file pair per area (`areas/<area>.<lang>.json`). Areas
 * keep each part of the client's strings beside the team that owns them and
 * out of one ever-growing file; every area uses its own top-level keys.
 */
import coreEn from './en.json';
import coreEs from './es.json';
import accountEn from './areas/account.en.json';
import accountEs from './areas/account.es.json';
import adminEn from './areas/admin.en.json';
import adminEs from './areas/admin.es.json';
import auditEn from './areas/audit.en.json';
import auditEs from './areas/audit.es.json';
import billingEn from './areas/billing.en.json';
import billingEs from './areas/billing.es.json';
import chatEn from './areas/chat.en.json';
import chatEs from './areas/chat.es.json';
import crmEn from './areas/crm.en.json';
import crmEs from './areas/crm.es.json';
import customersEn from './areas/customers.en.json';
import customersEs from './areas/customers.es.json';
import customerMetricsEn from './areas/customerMetrics.en.json';
import customerMetricsEs from './areas/customerMetrics.es.json';
import interactionsEn from './areas/interactions.en.json';
import interactionsEs from './areas/interactions.es.json';
import onboardingEn from './areas/onboarding.en.json';
import onboardingEs from './areas/onboarding.es.json';
import maintenanceEn from './areas/maintenance.en.json';
import maintenanceEs from './areas/maintenance.es.json';
import operationsEn from './areas/operations.en.json';
import operationsEs from './areas/operations.es.json';
import quotesEn from './areas/quotes.en.json';
import quotesEs from './areas/quotes.es.json';
import purchasingEn from './areas/purchasing.en.json';
import purchasingEs from './areas/purchasing.es.json';
import recordsEn from './areas/records.en.json';
import recordsEs from './areas/records.es.json';
import reportsEn from './areas/reports.en.json';
import reportsEs from './areas/reports.es.json';
import subscriptionsEn from './areas/subscriptions.en.json';
import subscriptionsEs from './areas/subscriptions.es.json';
import scheduleEn from './areas/schedule.en.json';
import scheduleEs from './areas/schedule.es.json';
import slaEn from './areas/sla.en.json';
import slaEs from './areas/sla.es.json';
import stockEn from './areas/stock.en.json';
import stockEs from './areas/stock.es.json';

type Tree = { [key: string]: string | Tree };

function deepMerge<T extends object>(...trees: object[]): T {
  const out: Tree = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree as Tree)) {
      const prev = out[key];
      out[key] =
        typeof value === 'object' && typeof prev === 'object' ? deepMerge<Tree>(prev, value) : value;
    }
  }
  return out as T;
}

export type Catalogue = typeof coreEs &
  typeof accountEs &
  typeof adminEs &
  typeof auditEs &
  typeof billingEs &
  typeof chatEs &
  typeof crmEs &
  typeof customersEs &
  typeof customerMetricsEs &
  typeof interactionsEs &
  typeof maintenanceEs &
  typeof onboardingEs &
  typeof operationsEs &
  typeof quotesEs &
  typeof purchasingEs &
  typeof recordsEs &
  typeof reportsEs &
  typeof scheduleEs &
  typeof slaEs &
  typeof stockEs &
  typeof subscriptionsEs;

export const es: Catalogue = deepMerge(coreEs, accountEs, adminEs, auditEs, billingEs, chatEs, crmEs, customersEs, customerMetricsEs, interactionsEs, maintenanceEs, onboardingEs, operationsEs, purchasingEs, quotesEs, recordsEs, reportsEs, scheduleEs, slaEs, stockEs, subscriptionsEs);
export const en: Catalogue = deepMerge(coreEn, accountEn, adminEn, auditEn, billingEn, chatEn, crmEn, customersEn, customerMetricsEn, interactionsEn, maintenanceEn, onboardingEn, operationsEn, purchasingEn, quotesEn, recordsEn, reportsEn, scheduleEn, slaEn, stockEn, subscriptionsEn);
