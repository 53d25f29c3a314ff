/** Small builders for JSON schemas: objects refuse unknown fields, strings are bounded. */
type Schema = Record<string, unknown>;

export const str = (max = 200, extra: Schema = {}): Schema => ({ type: 'string', maxLength: max, ...extra });
export const text = (max = 20_000): Schema => ({ type: 'string', maxLength: max });
export const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
export const num = (extra: Schema = {}): Schema => ({ type: 'number', ...extra });
export const bool = (): Schema => ({ type: 'boolean' });
export const date = (): Schema => ({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
export const arr = (items: Schema, maxItems = 1000): Schema => ({ type: 'array', items, maxItems });
/** Also accepts null; an enum gets null among its values (ajv checks `enum` even when nullable). */
export const nullable = (s: Schema): Schema =>
  Array.isArray(s.enum) ? { ...s, nullable: true, enum: [...(s.enum as unknown[]), null] } : { ...s, nullable: true };
export const anyObject = (): Schema => ({ type: 'object', additionalProperties: true });

export function obj(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The body of a change to a record under optimistic locking: its `version` (required) and `props`. */
export const versioned = (props: Record<string, Schema>, required: string[] = []): Schema => obj({ version: int({ minimum: 1 }), ...props }, ['version', ...required]);

/** Standard paging/sorting query of list routes. */
export const pageQuery = (extra: Record<string, Schema> = {}) =>
  obj({
    page: int({ minimum: 1, default: 1 }),
    pageSize: int({ minimum: 1, maximum: 500, default: 20 }),
    sort: str(64),
    order: oneOf(['asc', 'desc']),
    q: str(200),
    ...extra,
  });

export const idParam = obj({ id: int({ minimum: 1 }) }, ['id']);

export interface PageQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
  q?: string;
}
