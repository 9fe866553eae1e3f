/** Tests for the fetch wrapper and ApiError's problem+json parsing. */
import { describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, isUnauthenticated } from './client';

const problem = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });

describe('ApiError.fromResponse', () => {
  it('reads status, code and detail from a problem+json body', async () => {
    const error = await ApiError.fromResponse(
      problem(429, {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        code: 'too_many_attempts',
        detail: 'try again in 60 seconds',
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(error.code).toBe('too_many_attempts');
    expect(error.problem?.title).toBe('Too Many Requests');
    expect(error.message).toBe('try again in 60 seconds');
  });

  it('falls back to a code derived from the status when the body is not a problem', async () => {
    const html = new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } });
    const error = await ApiError.fromResponse(html);
    expect(error.status).toBe(502);
    expect(error.code).toBe('server_error');
    expect(error.problem).toBeNull();
  });

  it('survives a malformed JSON error body', async () => {
    const broken = new Response('{not json', { status: 401, headers: { 'Content-Type': 'application/problem+json' } });
    const error = await ApiError.fromResponse(broken);
    expect(error.code).toBe('unauthenticated');
    expect(isUnauthenticated(error)).toBe(true);
  });
});

describe('apiFetch', () => {
  it('sends JSON with the session cookie and returns the parsed body', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(apiFetch('/api/v1/x', { method: 'POST', body: { a: 1 } })).resolves.toEqual({ ok: true });
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/v1/x');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"a":1}');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('returns undefined for 204 and for an empty 202', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    await expect(apiFetch('/api/v1/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 202 })));
    await expect(apiFetch('/api/v1/auth/recover', { method: 'POST', body: {} })).resolves.toBeUndefined();
  });

  it('throws an ApiError carrying the problem code', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => problem(401, { title: 'Unauthorized', status: 401, code: 'invalid_credentials' })),
    );
    const error = await apiFetch('/api/v1/auth/login', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).code).toBe('invalid_credentials');
    expect(isUnauthenticated(error)).toBe(false);
  });

  it('maps an unreachable server to network_error with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await apiFetch('/api/v1/auth/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
    expect((error as ApiError).code).toBe('network_error');
  });
});
