/** Tests for the role-dependent navigation table. */
import { describe, expect, it } from 'vitest';
import { ROLES } from '../api/auth';
import { navItemsFor } from './nav';

describe('navItemsFor', () => {
  it.each(ROLES)('gives %s Home and Change password', (role) => {
    expect(navItemsFor(role).map((i) => i.to)).toEqual(['/', '/account/password']);
  });
});
