/**
 * What a supervision model is: a versioned definition (id, name, Chinese description, datasets,
 * typed parameters with defaults, severity, how a hit becomes a clue) that compiles to one
 * parameterised SQL query. Every compiled query returns the same five columns:
 *
 *   subject  jsonb   exactly the fields the catalogue names (e.g. {"tender_id": "…"})
 *   hit_key  jsonb   the hit's identity across runs (usually = subject; see M14)
 *   reasons  jsonb   array of Chinese sentences
 *   evidence jsonb   array of source rows: {"dataset": "…", "_id", "_batch_id", "_row", …columns}
 *   score    float8  0…1
 *
 * Values are always bound parameters (`${value}` in Kysely's `sql`), never concatenated.
 */
import type { RawBuilder } from 'kysely';
import { badInput } from '../../platform/errors.ts';
import type { Severity } from './schema.ts';

export type ParamType = 'integer' | 'number' | 'amount' | 'days' | 'hour' | 'ratio' | 'text_list';
export type ParamValue = number | string[];

export interface ParamDef {
  key: string;
  /** Chinese label. */
  label: string;
  type: ParamType;
  default: ParamValue;
  min?: number;
  max?: number;
  /** Unit shown next to the value (元, 天, 斤/亩 …). */
  unit?: string;
}

export type Params = Record<string, ParamValue>;

export interface CompileContext {
  params: Params;
  /** The run's "today", YYYY-MM-DD (Asia/Shanghai). */
  asOf: string;
}

export interface HitColumns {
  subject: Record<string, unknown>;
  hit_key: Record<string, unknown>;
  reasons: string[];
  evidence: Record<string, unknown>[];
  score: number;
}

/** A hit as stored, as far as turning it into a clue needs. */
export interface StoredHit {
  id: number;
  model_id: string;
  subject: Record<string, unknown>;
  reasons: string[];
  evidence: Record<string, unknown>[];
  score: number;
}

export interface CluePersonDraft {
  name: string;
  idNumber?: string | null;
  orgName?: string | null;
  position?: string | null;
}

export interface ClueDraft {
  title: string;
  summary: string;
  domainTags: string[];
  persons: CluePersonDraft[];
}

export interface ModelDef {
  id: string;
  name: string;
  title: string;
  description: string;
  datasets: readonly string[];
  params: readonly ParamDef[];
  severity: Severity;
  /** Field names of `subject`, as the catalogue names them. */
  subject: readonly string[];
  /** Dictionary `domain_tag` values given to a clue made from a hit. */
  domainTags: readonly string[];
  compile(ctx: CompileContext): RawBuilder<HitColumns>;
  /** How a hit becomes a problem clue (title, summary, reported persons). */
  clue(hit: StoredHit): ClueDraft;
}

export const SEVERITY_LABELS: Record<Severity, string> = { high: '高', medium: '中', low: '低' };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The effective parameters of a model: defaults overlaid by the stored/edited values, each
 * checked against its definition. Unknown keys are refused.
 */
export function resolveParams(defs: readonly ParamDef[], values: Record<string, unknown> = {}): Params {
  const out: Params = {};
  const known = new Set(defs.map((d) => d.key));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length) throw badInput(`未知参数：${unknown.join('、')}`, `Unknown parameters: ${unknown.join(', ')}`);
  for (const d of defs) {
    const v = values[d.key] === undefined ? d.default : values[d.key];
    out[d.key] = checkParam(d, v);
  }
  return out;
}

function checkParam(d: ParamDef, v: unknown): ParamValue {
  const bad = (why: string, whyEn: string) => badInput(`参数“${d.label}”（${d.key}）${why}`, `Parameter ${d.key} ${whyEn}`);
  if (d.type === 'text_list') {
    if (!Array.isArray(v) || !v.length || v.length > 100 || !v.every((s) => typeof s === 'string' && s.trim() && s.length <= 100)) {
      throw bad('须为 1–100 个非空文本', 'must be a list of 1–100 non-empty strings');
    }
    return [...new Set(v.map((s: string) => s.trim()))];
  }
  if (!isNum(v)) throw bad('须为数字', 'must be a number');
  if ((d.type === 'integer' || d.type === 'days' || d.type === 'hour') && !Number.isInteger(v)) throw bad('须为整数', 'must be an integer');
  const min = d.min ?? (d.type === 'hour' ? 0 : d.type === 'ratio' ? 0 : 0);
  const max = d.max ?? (d.type === 'hour' ? 24 : d.type === 'days' ? 3660 : Number.MAX_SAFE_INTEGER);
  if (v < min || v > max) throw bad(`须在 ${min} 与 ${max} 之间`, `must be between ${min} and ${max}`);
  return v;
}

export const num = (p: Params, k: string): number => p[k] as number;
export const list = (p: Params, k: string): string[] => p[k] as string[];
