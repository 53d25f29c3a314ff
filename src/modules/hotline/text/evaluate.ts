/**
 * Measuring the classifier honestly: stratified k-fold cross-validation with accuracy,
 * macro-F1, per-class scores, the confusion matrix and the expected calibration error.
 */
import type { Segmenter } from '../../../platform/text/segment.ts';
import {
  type ClassifierOptions,
  DEFAULT_CLASSIFIER_OPTIONS,
  extractFeatures,
  type Features,
  HotlineClassifier,
  type LabelledText,
  stratifiedFolds,
} from './classifier.ts';
import { hotlineSegmenter } from './segmenter.ts';

export interface ClassScore {
  category: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassScore[];
  /** confusion[gold][predicted], in the order of `categories`. */
  confusion: number[][];
  categories: string[];
  /** Expected calibration error of the confidence (10 equal-width bins). */
  ece: number;
  /** Mean confidence, to compare with the accuracy. */
  meanConfidence: number;
}

/** Scores predictions against gold labels. */
export function score(gold: readonly string[], predicted: readonly string[], confidence?: readonly number[]): EvaluationReport {
  const categories = [...new Set(gold)].sort();
  for (const p of predicted) if (!categories.includes(p)) categories.push(p);
  const idx = new Map(categories.map((c, i) => [c, i]));
  const confusion = categories.map(() => categories.map(() => 0));
  let correct = 0;
  gold.forEach((g, i) => {
    confusion[idx.get(g) as number][idx.get(predicted[i]) as number] += 1;
    if (g === predicted[i]) correct += 1;
  });
  const perClass = categories.map((category, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedN = confusion.reduce((a, row) => a + row[c], 0);
    const precision = predictedN ? tp / predictedN : 0;
    const recall = support ? tp / support : 0;
    const f1 = tp ? (2 * tp) / (support + predictedN) : 0;
    return { category, precision, recall, f1, support };
  });
  const withSupport = perClass.filter((c) => c.support > 0);
  const macroF1 = withSupport.reduce((a, c) => a + c.f1, 0) / (withSupport.length || 1);
  let ece = 0;
  let meanConfidence = 0;
  if (confidence) {
    const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
    confidence.forEach((p, i) => {
      const b = bins[Math.min(9, Math.floor(p * 10))];
      b.n += 1;
      b.conf += p;
      b.correct += gold[i] === predicted[i] ? 1 : 0;
      meanConfidence += p;
    });
    for (const b of bins) if (b.n) ece += (b.n / gold.length) * Math.abs(b.conf / b.n - b.correct / b.n);
    meanConfidence /= gold.length || 1;
  }
  return {
    n: gold.length,
    accuracy: correct / (gold.length || 1),
    macroF1,
    perClass,
    confusion,
    categories,
    ece,
    meanConfidence,
  };
}

export interface CrossValidationInput {
  examples: readonly LabelledText[];
  /** Unlabelled orders: document frequencies only (never their labels, they have none). */
  unlabelled?: readonly string[];
  /** Category descriptions (see `TrainInput.descriptions`). */
  descriptions?: Readonly<Record<string, string>>;
  k?: number;
  options?: Partial<ClassifierOptions>;
  segmenter?: Segmenter;
}

export interface RepeatedReport {
  k: number;
  seeds: number[];
  runs: EvaluationReport[];
  accuracy: { mean: number; sd: number };
  macroF1: { mean: number; sd: number };
  ece: number;
}

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
};

/**
 * Stratified k-fold cross-validation, repeated with different fold assignments (`seeds`).
 * Every example is predicted by a model that never saw it; features are extracted once.
 */
export function crossValidate(input: CrossValidationInput & { seeds?: number[] }): RepeatedReport {
  const options = { ...DEFAULT_CLASSIFIER_OPTIONS, ...input.options };
  const seg = input.segmenter ?? hotlineSegmenter();
  const k = input.k ?? 5;
  const seeds = input.seeds ?? [1];
  const feats = input.examples.map((e) => extractFeatures(e.text, options, seg));
  const unlabelled: Features[] = (input.unlabelled ?? []).map((t) => extractFeatures(t, options, seg));
  const descriptionOptions = { ...options, leadWeight: 0, leadMaxChars: 0 };
  const descriptions = Object.entries(input.descriptions ?? {}).map(([category, text]) => ({
    features: extractFeatures(text, descriptionOptions, seg),
    category,
  }));
  const gold = input.examples.map((e) => e.category);
  const runs = seeds.map((seed) => {
    const fold = stratifiedFolds(gold, k, seed);
    const predicted = new Array<string>(gold.length);
    const confidence = new Array<number>(gold.length);
    for (let f = 0; f < k; f++) {
      const train = feats.flatMap((features, i) => (fold[i] === f ? [] : [{ features, category: gold[i] }]));
      const model = HotlineClassifier.fromFeatures(train, unlabelled, options, seg, descriptions);
      feats.forEach((features, i) => {
        if (fold[i] !== f) return;
        const p = model.predictFeatures(features, { explain: 0 });
        predicted[i] = p.category;
        confidence[i] = p.confidence;
      });
    }
    return score(gold, predicted, confidence);
  });
  return {
    k,
    seeds,
    runs,
    accuracy: meanSd(runs.map((r) => r.accuracy)),
    macroF1: meanSd(runs.map((r) => r.macroF1)),
    ece: meanSd(runs.map((r) => r.ece)).mean,
  };
}
