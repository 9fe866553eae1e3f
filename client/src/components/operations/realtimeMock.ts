/**
 * Test-only stand-in for `realtime/client`: no socket, always disconnected,
 * so pages with live channels render in jsdom without a server. Use with
 * `vi.mock('../realtime/client', () => import('../components/operations/realtimeMock'))`.
 */
export const useCentrifuge = () => null;
export const useConnectionState = () => 'disconnected' as const;
export const useSubscription = () => null;
export const createCentrifuge = () => null;
export const websocketUrl = () => 'ws://localhost/connection/websocket';
export const SessionRealtimeProvider = ({ children }: { children: import('react').ReactNode }) => children;
