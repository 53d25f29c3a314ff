/** Labels of the collaboration area (mirror src/modules/collaboration/schema.ts and the services). */
export const EXPERT_FIELDS = ['审计', '财会', '工程建设', '法律', '信息技术', '医疗医保', '金融', '税务', '自然资源', '生态环境', '农业农村', '其他'] as const;
export const AVAILABILITY_LABELS: Record<string, string> = { available: '可选派', busy: '任务中', unavailable: '暂不可选派' };
export const AVAILABILITY_COLORS: Record<string, string> = { available: 'green', busy: 'orange', unavailable: 'default' };
export const TASK_TYPE_LABELS: Record<string, string> = { inspection_round: '巡视巡察', campaign: '专项监督', audit: '专项审计', case: '审查调查', other: '其他' };
export const TIE_KIND_LABELS: Record<string, string> = { relative: '亲属', enterprise: '关联企业', employer: '曾任职单位' };
export const ASSIGNMENT_STATUS_LABELS: Record<string, string> = { active: '选派中', completed: '已结束', withdrawn: '已撤回' };
export const CAMPAIGN_KIND_LABELS: Record<string, string> = { supervision: '专项监督', rectification: '专项整治' };
export const PRIORITY_KIND_LABELS: Record<string, string> = { priority: '监督重点', result_use: '成果运用事项' };

/** Trimmed text or null (for optional fields of a request body). */
export const orNull = (s: string | undefined | null): string | null => (s?.trim() ? s.trim() : null);
