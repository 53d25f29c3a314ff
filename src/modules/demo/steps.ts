/** Demo-city steps contributed by each area, after organisations and users (run in this order). */
import type { DemoStep } from './demo.service.ts';
import { datasetsDemoStep } from './datasets.ts';
import { modelsDemoStep } from '../models/demo.ts';
import { hotlineDemoStep } from '../hotline/demo.ts';
import { rectificationDemoStep } from '../rectification/demo.ts';
import { accountabilityDemoStep } from '../accountability/demo.ts';
import { cluesDemoStep } from '../clues/demo.ts';
import { collaborationDemoStep } from '../collaboration/demo.ts';
import { inspectionsDemoStep } from '../inspections/demo.ts';

export const DEMO_STEPS: DemoStep[] = [datasetsDemoStep, modelsDemoStep, collaborationDemoStep, hotlineDemoStep, rectificationDemoStep, accountabilityDemoStep, cluesDemoStep, inspectionsDemoStep];
