/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie, the
 * CSRF token on every mutating request, and errors turned into `ApiError` carrying the server's
 * Chinese message. A 401 meaning "signed out" or "second factor pending" is reported to the
 * session (auth/session.tsx), which sends the user back to the login page.
 */

export interface ErrorBody {
  code: string;
  message: string;
  message_en?: string;
  request_id?: string;
  details?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string;
  readonly requestId: string | undefined;
  readonly details: unknown;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.messageEn = body.message_en ?? body.message;
    this.requestId = body.request_id;
    this.details = body.details;
  }

  /** The route does not exist (yet): a module not deployed in this build. */
  get isMissingEndpoint(): boolean {
    return this.status === 404 && (this.code === 'not_found' || this.code === 'bad_request') && /接口不存在|No such endpoint/.test(`${this.message}${this.messageEn}`);
  }
}

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

type AuthListener = (err: ApiError) => void;

let csrfToken = '';
let authListener: AuthListener | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called with 401 `unauthenticated` and `mfa_required` errors (session ended / second factor pending). */
export function onAuthProblem(listener: AuthListener | null): void {
  authListener = listener;
}

/** Time of the last successful exchange with the server (the server's idle clock restarts with it). */
export let lastServerContact = Date.now();

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** `?a=1&b=x` from an object, skipping empty values. */
export function qs(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) sp.append(k, String(x));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Do not report 401s to the session listener (login steps handle them themselves). */
  quietAuth?: boolean;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  if (body && typeof body.message === 'string') {
    return new ApiError(res.status, { code: body.code ?? 'error', message: body.message, message_en: body.message_en, request_id: body.request_id ?? res.headers.get('x-request-id') ?? undefined, details: body.details });
  }
  const gateway = res.status === 502 || res.status === 503 || res.status === 504;
  return new ApiError(res.status, {
    code: gateway ? 'unavailable' : 'http_error',
    message: gateway ? `服务暂不可用（HTTP ${res.status}），请稍后重试` : `服务器响应异常（HTTP ${res.status}）`,
    message_en: `Unexpected server response (HTTP ${res.status})`,
    request_id: res.headers.get('x-request-id') ?? undefined,
  });
}

export async function request(method: string, url: string, body?: unknown, opts: RequestOptions = {}): Promise<Response> {
  const mutating = method !== 'GET' && method !== 'HEAD';
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: string | FormData | undefined;
  if (body instanceof FormData) payload = body;
  else if (mutating && method !== 'DELETE') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body ?? {});
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (mutating && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url + qs(opts.query), { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal, cache: 'no-store' });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'network', message: '网络连接失败，请检查网络后重试', message_en: 'Network error' });
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && !opts.quietAuth && (err.code === 'unauthenticated' || err.code === 'mfa_required')) authListener?.(err);
    throw err;
  }
  lastServerContact = Date.now();
  return res;
}

async function json<T>(method: string, url: string, body?: unknown, opts?: RequestOptions): Promise<T> {
  const res = await request(method, url, body, opts);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(url: string, opts?: RequestOptions) => json<T>('GET', url, undefined, opts),
  post: <T>(url: string, body?: unknown, opts?: RequestOptions) => json<T>('POST', url, body, opts),
  put: <T>(url: string, body?: unknown, opts?: RequestOptions) => json<T>('PUT', url, body, opts),
  patch: <T>(url: string, body?: unknown, opts?: RequestOptions) => json<T>('PATCH', url, body, opts),
  del: <T>(url: string, opts?: RequestOptions) => json<T>('DELETE', url, undefined, opts),
};

/** Fetch a file (e.g. a CSV export) with the session and hand it to the browser as a download. */
export async function download(url: string, query?: Record<string, QueryValue>, fallbackName = 'download'): Promise<string> {
  const res = await request('GET', url, undefined, { query });
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  // The UTF-8 name (filename*=) wins over the ASCII fallback, wherever it stands in the header.
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(cd)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : (plain ?? fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
