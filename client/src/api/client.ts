/**
 * A small `fetch` wrapper for the Faena JSON API.
 *
 * Every request is same-origin and carries the session cookie. A non-2xx
 * response is turned into an {@link ApiError} that keeps the HTTP status and
 * the RFC 9457 problem document the server sends (`application/problem+json`),
 * most importantly its snake_case `code`, which the UI translates via the
 * `errors.<code>` i18n keys. A request that never reaches the server becomes an
 * `ApiError` with status 0 and code `network_error`.
 */

/** The problem document the server returns on errors. All fields optional: never trust an error body. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  /** The input a `validation_failed` (or similar) problem is about. */
  field?: string;
}

/** Code used when the server's reply carries no usable `code`. */
function fallbackCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'server_error';
  return 'unknown';
}

export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** The problem's snake_case `code` (or a fallback derived from the status). */
  readonly code: string;
  /** The parsed problem document, if the body was one. */
  readonly problem: Problem | null;

  constructor(status: number, code: string, problem: Problem | null = null, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problem = problem;
  }

  /** Builds an error from a non-2xx response, reading its problem document if it has one. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let problem: Problem | null = null;
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('json')) {
      try {
        const body: unknown = await response.json();
        if (body !== null && typeof body === 'object') problem = body as Problem;
      } catch {
        // A malformed error body still leaves us the status; fall through.
      }
    }
    const code =
      typeof problem?.code === 'string' && problem.code !== ''
        ? problem.code
        : fallbackCode(response.status);
    return new ApiError(response.status, code, problem, problem?.detail ?? problem?.title ?? (response.statusText || code));
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialized as JSON when present. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Performs a request and returns the parsed JSON body, or `undefined` for an
 * empty body (204, or 202 without content).
 */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    // Cancellation is not a failure; let TanStack Query see the AbortError.
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', null, err instanceof Error ? err.message : String(err));
  }

  if (!response.ok) throw await ApiError.fromResponse(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Shorthands for the verbs the client uses. */
export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiFetch<T>(path, { signal }),
  post: <T = void>(path: string, body?: unknown) => apiFetch<T>(path, { method: 'POST', body }),
};

/** True when `err` means "no valid session" (the server's `unauthenticated` problem). */
export function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401 && err.code === 'unauthenticated';
}

/** The input field a problem names (`field` of the problem document), if any. */
export function problemField(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const field: unknown = error.problem?.field;
  return typeof field === 'string' && field !== '' ? field : null;
}
