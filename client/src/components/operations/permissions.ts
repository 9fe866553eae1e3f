/**
 * Which operations controls a role sees, mirroring the server's
 * `Role::allows` table (src/domain/role.rs). The server enforces the same
 * rules; hiding what a role may not use keeps screens honest and short.
 */
import type { Role } from '../../api/auth';

const has = (roles: readonly Role[]) => (role: Role) => roles.includes(role);

/** CreateOrders: create orders, edit their data, assign technicians. */
export const canCreateOrders = has(['master', 'admin', 'operator', 'seller']);
/** WorkOrders: post timeline events with photos and add parts. */
export const canWorkOrders = has(['master', 'admin', 'operator', 'technician']);
/** ManageOrders: deactivate orders, rotate QR links. */
export const canManageOrders = has(['master', 'admin', 'operator']);
/** CloseOrders. */
export const canCloseOrders = has(['master', 'admin', 'operator']);
/** ReadUsers: list staff users (to pick technicians and assignees). */
export const canListUsers = has(['master', 'admin', 'operator', 'seller']);
/** CreateTickets. */
export const canCreateTickets = has(['master', 'admin', 'operator', 'seller', 'customer']);
/** WorkTickets: move state and priority. */
export const canWorkTickets = has(['master', 'admin', 'technician', 'operator', 'seller']);
/** ManageTickets: assign tickets and reopen closed ones. */
export const canManageTickets = has(['master', 'admin', 'operator']);
