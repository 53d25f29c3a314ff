/** Helpers shared by the catalogue models' clue drafts. */
import type { StoredHit } from '../definition.ts';

export type Row = Record<string, unknown>;

/** Evidence rows of one dataset. */
export function rowsOf(hit: StoredHit, dataset: string): Row[] {
  return (hit.evidence ?? []).filter((r) => r.dataset === dataset);
}

export function firstOf(hit: StoredHit, dataset: string): Row | undefined {
  return rowsOf(hit, dataset)[0];
}

export const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Summary text: the reasons as numbered sentences, then the model's note. */
export function summaryOf(hit: StoredHit, lead: string): string {
  const reasons = (hit.reasons ?? []).map((r, i) => `${i + 1}. ${r}`).join('\n');
  return `${lead}\n${reasons}\n（监督模型 ${hit.model_id} 命中 #${hit.id}，评分 ${hit.score}；证据 ${hit.evidence?.length ?? 0} 条，详见模型命中记录。）`;
}
