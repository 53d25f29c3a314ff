/**
 * Use cases of the collaboration area (协作配合机制), gathered. Other areas import from here:
 * - `assertTransferAllowed(db, fromOrgId, toOrgId, objectType)` — the transfers area calls it
 *   before sending (throws AppError 'transfer_not_allowed', 403, reason in Chinese + English);
 * - `transferDecision(...)` (same answer without throwing), `mayViewResult(...)` (成果共享),
 *   `sendableFrom(db, orgId)` (what a body may send to whom, for the UI).
 */
export * from './mechanisms.service.ts';
export * from './meetings.service.ts';
export * from './priorities.service.ts';
export * from './experts.service.ts';
export * from './campaigns.service.ts';
export * from './wenzheng.service.ts';
