/** Normalisers per column type. Each takes one non-blank cell value; see common.ts. */
import type { ColumnType } from '../catalog.ts';
import { normalizeAmount } from './amount.ts';
import { normalizeBool } from './bool.ts';
import type { Normalizer } from './common.ts';
import { normalizeDate, normalizeDateTime } from './date.ts';
import { normalizeIdNumber } from './id-number.ts';
import { normalizeIp } from './ip.ts';
import { normalizeMac } from './mac.ts';
import { normalizeInteger, normalizeNumber } from './number.ts';
import { normalizePhone } from './phone.ts';
import { normalizePlate } from './plate.ts';
import { normalizeText } from './text.ts';
import { normalizeUscc } from './uscc.ts';

export { normalizeAmount } from './amount.ts';
export { normalizeBool } from './bool.ts';
export { fail, foldWidth, type NormalizedValue, type Normalizer, type NormResult, ok, okInvalid, showValue } from './common.ts';
export {
  type DateTimeParts,
  excelSerialToParts,
  formatDate,
  formatDateTime,
  normalizeDate,
  normalizeDateTime,
  parseDateTimeParts,
  partsToExcelSerial,
} from './date.ts';
export { idCheckDigit, isValidIdNumber, normalizeIdNumber, upgradeIdNumber15 } from './id-number.ts';
export { normalizeIp } from './ip.ts';
export { normalizeMac } from './mac.ts';
export { normalizeInteger, normalizeNumber } from './number.ts';
export { normalizePhone } from './phone.ts';
export { normalizePlate } from './plate.ts';
export { normalizeText } from './text.ts';
export { isValidUscc, normalizeUscc, USCC_CHARS, usccCheckChar } from './uscc.ts';

export const NORMALIZERS: Readonly<Record<ColumnType, Normalizer>> = {
  text: normalizeText,
  enum: normalizeText,
  id_number: normalizeIdNumber,
  uscc: normalizeUscc,
  phone: normalizePhone,
  plate: normalizePlate,
  mac: normalizeMac,
  ip: normalizeIp,
  date: normalizeDate,
  datetime: normalizeDateTime,
  amount: normalizeAmount,
  number: normalizeNumber,
  integer: normalizeInteger,
  bool: normalizeBool,
};

export const normalizerFor = (type: ColumnType): Normalizer => NORMALIZERS[type];
