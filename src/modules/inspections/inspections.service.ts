/**
 * Use cases of the inspection area (巡视巡察), gathered: rounds and their counts, the briefing
 * (巡前“画像”), findings, clue transfer (边巡边查), 立行立改, feedback and the ledger (巡后),
 * special audits (巡审联动), and recommendation letters (巡察建议书 / 纪检监察建议书).
 */
export * from './rounds.service.ts';
export * from './briefing.service.ts';
export * from './findings.service.ts';
export * from './letters.service.ts';
