/**
 * The request body of a decision registration (问责/处分决定) as the routes that register one
 * receive it (`/api/accountability/decisions`, 问政 issues' accountability), and its mapping to
 * the service input. Each route keeps its own JSON schema (their limits are part of the API).
 */
import type { NewDecision } from './accountability.service.ts';
import type { GovSanction, Measure, PartySanction, Responsibility } from './catalog.ts';

export interface DecisionBody {
  target_kind: 'org' | 'person';
  measure: Measure;
  target_org_id?: number;
  person_name?: string | null;
  person_title?: string | null;
  cadre_level?: string | null;
  party_member?: boolean | null;
  party_sanction?: PartySanction | null;
  gov_sanction?: GovSanction | null;
  responsibility?: Responsibility | null;
  reason: string;
  basis?: string | null;
  doc_no?: string | null;
  decided_on?: string;
}

/** The target, measure, sanctions and grounds of a decision, from the body's snake_case fields. */
export function decisionInputOf(b: DecisionBody): Omit<NewDecision, 'judicialTransfer' | 'clueId' | 'rectItemId' | 'proposalId' | 'handlingOrgId'> {
  return {
    targetKind: b.target_kind,
    measure: b.measure,
    targetOrgId: b.target_org_id,
    personName: b.person_name,
    personTitle: b.person_title,
    cadreLevel: b.cadre_level,
    partyMember: b.party_member,
    partySanction: b.party_sanction,
    govSanction: b.gov_sanction,
    responsibility: b.responsibility,
    reason: b.reason,
    basis: b.basis,
    docNo: b.doc_no,
    decidedOn: b.decided_on,
  };
}
