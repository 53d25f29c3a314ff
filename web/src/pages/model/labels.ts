/** Labels of the supervision models area (mirrors src/modules/models). */
export const REVIEW_RESULTS = ['属实', '部分属实', '不属实', '无法核实'] as const;

export const REVIEW_COLORS: Record<string, string> = { 属实: 'red', 部分属实: 'orange', 不属实: 'default', 无法核实: 'purple' };

export const SEVERITY_COLORS: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' };

export const SEVERITY_LABELS: Record<string, string> = { high: '高', medium: '中', low: '低' };

export const PARAM_UNITS: Record<string, string> = { days: '天', hour: '时', ratio: '', amount: '元' };

/** A subject (who/what the hit is about) as short text: name first, then keys. */
export function subjectText(s: Record<string, unknown> | null | undefined): string {
  if (!s) return '—';
  const preferred = ['name', 'person_name', 'enterprise_name', 'org', 'plate', 'tender_id', 'id_number', 'uscc'];
  const parts: string[] = [];
  for (const k of preferred) if (s[k] !== undefined && s[k] !== null && s[k] !== '') parts.push(String(s[k]));
  for (const [k, v] of Object.entries(s)) if (!preferred.includes(k) && v !== null && v !== undefined && v !== '' && parts.length < 4) parts.push(String(v));
  return parts.join(' · ') || '—';
}
