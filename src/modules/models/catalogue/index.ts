/** The model catalogue (监督模型库) M01–M15 of /work/shared/spec/MODELS.md. */
import type { ModelDef } from '../definition.ts';
import { M13, M14, M15 } from './hotline.ts';
import { M04, M05, M06 } from './procurement.ts';
import { M11, M12 } from './receptions-grain.ts';
import { M09, M10 } from './vehicles.ts';
import { M07, M08 } from './vouchers.ts';
import { M01, M02, M03 } from './welfare.ts';

export const CATALOGUE: readonly ModelDef[] = [M01, M02, M03, M04, M05, M06, M07, M08, M09, M10, M11, M12, M13, M14, M15];

const BY_ID = new Map(CATALOGUE.map((m) => [m.id, m]));

export function catalogueModel(id: string): ModelDef | undefined {
  return BY_ID.get(id);
}
