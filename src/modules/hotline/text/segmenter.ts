/**
 * The hotline area's segmenter: jieba with the 12345 user dictionary (user-dict.txt beside
 * this file) and the stop words of hotline work orders.
 */
import { readFileSync } from 'node:fs';
import { createSegmenter, type Segmenter } from '../../../platform/text/segment.ts';

/** Path of the domain user dictionary (`word frequency [tag]` per line). */
export const USER_DICT_URL = new URL('./user-dict.txt', import.meta.url);

/**
 * Words every work order carries whatever its subject: operator phrasing and politeness.
 * They add nothing to a category or to a matter's identity.
 */
export const HOTLINE_STOP_WORDS: readonly string[] = [
  '市民', '来电', '来电人', '诉求人', '反映', '要求', '希望', '请求', '恳请', '强烈要求', '相关', '有关',
  '相关部门', '有关部门', '部门', '政府', '领导', '处理', '解决', '尽快', '及时', '帮忙', '帮助', '谢谢',
  '感谢', '您好', '你好', '尊敬', '网友', '留言', '咨询', '询问', '请问', '投诉', '举报', '市长', '书记',
  '现在', '目前', '一直', '多次', '至今', '已经', '今年', '去年', '年', '月', '日', '号', '时', '天',
];

let shared: Segmenter | undefined;

/** The process-wide hotline segmenter (created on first use, ~0.5 s). */
export function hotlineSegmenter(): Segmenter {
  shared ??= createSegmenter({
    userDict: readFileSync(USER_DICT_URL, 'utf8'),
    stopWords: HOTLINE_STOP_WORDS,
  });
  return shared;
}
