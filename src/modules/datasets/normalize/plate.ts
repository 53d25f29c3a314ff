/**
 * 车牌号 (vehicle plates): drop `·` (and its look-alikes `•・‧`), `-`, `.` and spaces, fold
 * full-width letters/digits, upper-case: `鲁A·12345` → `鲁A12345`. A result that is not a
 * civilian plate (province + letter + 5 or 6 characters, or + 4 characters and 挂/学/警/港/澳/
 * 使/领/试/超) is kept but marked invalid — plates are not among the typed values that reject a row.
 */
import { codeText, type NormResult, ok, okInvalid } from './common.ts';

const PLATE =
  /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z](?:[A-Z0-9]{5,6}|[A-Z0-9]{4}[挂学警港澳使领试超])$/;

export function normalizePlate(raw: unknown): NormResult<string> {
  const s = codeText(raw)
    .replace(/[\s·•・‧.-]+/g, '')
    .toUpperCase();
  return PLATE.test(s) ? ok(s) : okInvalid(s);
}
