/**
 * M13 in SQL: the conduct lexicon (作风问题词库) turned into regular expressions that the database
 * evaluates per work order (PostgreSQL ARE syntax; terms are escaped, and every pattern is a
 * bound parameter).
 */
import { type RawBuilder, sql } from 'kysely';
import { CONDUCT_LEXICON, type ConductLexicon } from './conduct-lexicon.ts';

/** Escape a literal term for a PostgreSQL regular expression. */
export function escapeRegex(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const alternation = (terms: readonly string[]): string => terms.map(escapeRegex).join('|');

export const CONDUCT_KINDS: string[] = CONDUCT_LEXICON.kinds.map((k) => k.kind);

/**
 * `text[]` of the misconduct kinds the text reports (empty when none): a kind fires when one of
 * its terms occurs and is not negated right before it (没有/未/不存在…), and — for kinds whose
 * words also describe private businesses (乱收费 by a shop) — when the text also names public
 * staff or a public body.
 */
export function conductSql(text: RawBuilder<unknown>, lex: ConductLexicon = CONDUCT_LEXICON): RawBuilder<string[]> {
  const actor = alternation(lex.actors);
  const neg = alternation(lex.negations);
  const arms = lex.kinds.map((k) => {
    const terms = alternation(k.terms);
    const hit = sql`(${text} ~ ${`(${terms})`}::text AND regexp_replace(${text}, ${`(${neg})(${terms})`}::text, '', 'g') ~ ${`(${terms})`}::text)`;
    const excluded = k.exclude?.length ? sql` AND NOT (${text} ~ ${`(${alternation(k.exclude)})`}::text)` : sql``;
    const needsActor = k.requiresActor ? sql` AND ${text} ~ ${`(${actor})`}::text` : sql``;
    return sql`CASE WHEN ${hit}${needsActor}${excluded} THEN ${`反映${k.kind}`}::text END`;
  });
  // One combined pattern first: most orders are ordinary requests and stop after one regex.
  const any = alternation(lex.kinds.flatMap((k) => k.terms));
  return sql<string[]>`CASE WHEN ${text} ~ ${`(${any})`}::text THEN array_remove(ARRAY[${sql.join(arms)}]::text[], NULL) ELSE '{}'::text[] END`;
}
