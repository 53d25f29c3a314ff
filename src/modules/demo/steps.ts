/** Demo-city steps contributed by each area, after organisations and users (run in this order). */
import type { DemoStep } from './demo.service.ts';

export const DEMO_STEPS: DemoStep[] = [];
