/** The client's copy of the ticket state table must match src/domain/ticket.rs. */
import { describe, expect, it } from 'vitest';
import { TICKET_STATES, nextTicketStates, ticketsUrl } from './tickets';

describe('nextTicketStates', () => {
  it('follows the server transition table', () => {
    expect(nextTicketStates('open', false)).toEqual(['in_progress', 'pending', 'closed']);
    expect(nextTicketStates('in_progress', false)).toEqual(['pending', 'closed']);
    expect(nextTicketStates('pending', false)).toEqual(['in_progress', 'closed']);
    expect(nextTicketStates('closed', true)).toEqual(['open']);
  });

  it('never offers staying put, and only office roles reopen', () => {
    for (const s of TICKET_STATES) expect(nextTicketStates(s, true)).not.toContain(s);
    expect(nextTicketStates('closed', false)).toEqual([]);
  });
});

describe('ticketsUrl', () => {
  it('leaves out empty filters', () => {
    expect(ticketsUrl({ state: 'open', priority: undefined, q: '' })).toBe('/api/v1/tickets?state=open');
    expect(ticketsUrl({})).toBe('/api/v1/tickets');
  });
});
