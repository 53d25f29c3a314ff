/**
 * The conduct lexicon (作风问题词库) M13 compiles to SQL — the eight kinds of MODELS.md with their
 * terms, the words naming public staff, and the negations. It is the one source: the hotline
 * area's `hotline export` (`conduct` flag) and the demo-city checks use it too.
 */
export interface ConductKind {
  /** The spec's name of the kind, e.g. 推诿扯皮. */
  kind: string;
  terms: readonly string[];
  /** Terms that also describe private businesses: fire only when public staff are named too. */
  requiresActor?: boolean;
  /** Phrases that make the text an ordinary request for this kind. */
  exclude?: readonly string[];
}

export interface ConductLexicon {
  kinds: readonly ConductKind[];
  /** Words naming officials, public staff or public bodies. */
  actors: readonly string[];
  /** Words that, right before a term, negate it (没有推诿). */
  negations: readonly string[];
}

export const CONDUCT_LEXICON: ConductLexicon = {
  kinds: [
    { kind: '推诿扯皮', terms: ['推诿', '扯皮', '踢皮球', '互相推脱', '相互推脱', '推来推去', '来回推', '推给', '让我找', '都说不归', '不归他们管', '谁都不管', '没人管', '无人管'] },
    { kind: '不作为/慢作为', terms: ['不作为', '慢作为', '乱作为', '不办事', '拖着不办', '一拖再拖', '迟迟不办', '迟迟不处理', '迟迟未', '不予处理', '不管不问', '置之不理', '不理不睬', '敷衍', '应付了事', '石沉大海', '没有下文', '没有任何回复', '久拖不决'] },
    { kind: '吃拿卡要/索要好处', terms: ['吃拿卡要', '索要好处', '索要', '索贿', '收红包', '要红包', '送礼', '给好处', '好处费', '收受', '吃拿', '卡要', '要钱才办', '给钱才办', '不给钱就'] },
    { kind: '态度恶劣/刁难', terms: ['态度恶劣', '态度蛮横', '态度极差', '态度很差', '态度差', '恶语相向', '辱骂', '骂人', '打人', '刁难', '故意为难', '为难群众', '门难进', '脸难看', '事难办', '冷硬横推', '耍威风'] },
    {
      kind: '乱收费/乱罚款',
      terms: ['乱收费', '乱罚款', '乱摊派', '违规收费', '违规罚款', '多收费', '重复收费', '强制收费', '以罚代管', '罚款不开票', '收费不开票', '不开收据'],
      requiresActor: true,
    },
    { kind: '优亲厚友/违规分配', terms: ['优亲厚友', '厚亲', '关系户', '人情保', '关系保', '违规分配', '暗箱操作', '亲戚都有', '不符合条件却', '不符合条件也', '吃低保', '骗取低保', '骗取补贴', '虚报冒领'] },
    {
      kind: '违规吃喝/公车私用',
      terms: ['公款吃喝', '大吃大喝', '违规吃喝', '工作时间喝酒', '上班喝酒', '酒驾', '公车私用', '开公车', '公车接送', '公务车', '警车接送孩子', '用公车'],
      requiresActor: true,
    },
    { kind: '弄虚作假', terms: ['弄虚作假', '造假', '虚假', '伪造', '编造', '虚报', '假材料', '假数据', '没办说办了', '未解决就办结', '没解决就办结', '强迫好评', '逼我好评', '让我给好评', '要求满意', '被满意'] },
  ],
  actors: [
    '工作人员', '干部', '公务员', '领导', '局长', '科长', '所长', '站长', '主任', '书记', '村长', '村主任', '村干部', '村委', '居委', '社区',
    '街道', '乡镇', '镇政府', '乡政府', '政府', '部门', '局', '执法', '城管', '交警', '民警', '警察', '派出所', '税务', '市场监管', '窗口',
    '办事员', '网格员', '公车', '公款', '单位',
  ],
  negations: ['没有', '没', '未', '不存在', '并无', '无'],
};
