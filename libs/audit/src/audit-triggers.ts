import type { QueryRunner } from 'typeorm';

/**
 * The database side of the trail, for PostgreSQL. `audit_event` only grows:
 * the insert trigger links each row into its company's chain under a
 * per-chain advisory lock (so concurrent writers cannot fork a chain), and
 * UPDATE and DELETE are refused, except the DELETE of rows a retention
 * checkpoint already vouches for. A superuser can still disable triggers;
 * `audit:verify` then finds the edit.
 */
export const POSTGRES_AUDIT_TRIGGER_NAMES = ['trg_audit_event_chain', 'trg_audit_event_append_only'] as const;

export const POSTGRES_AUDIT_UP = [
  `CREATE OR REPLACE FUNCTION rail_audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash varchar(64);
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('rail.audit_event'), hashtext(coalesce(NEW.company_id, '')));
  IF NEW.company_id IS NULL THEN
    SELECT seq, hash INTO last_seq, last_hash FROM audit_event
      WHERE company_id IS NULL ORDER BY seq DESC LIMIT 1;
  ELSE
    SELECT seq, hash INTO last_seq, last_hash FROM audit_event
      WHERE company_id = NEW.company_id ORDER BY seq DESC LIMIT 1;
  END IF;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := encode(sha256(convert_to(NEW.seq::text || ':' || NEW.prev_hash || ':' || NEW.content_hash, 'UTF8')), 'hex');
  RETURN NEW;
END
$$`,
  `CREATE OR REPLACE FUNCTION rail_audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (
      SELECT 1 FROM audit_event checkpoint
      WHERE checkpoint.event_type = 'audit.checkpoint'
        AND checkpoint.company_id IS NOT DISTINCT FROM OLD.company_id
        AND (checkpoint.details ->> 'throughSeq')::bigint >= OLD.seq
    ) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$`,
  `CREATE TRIGGER trg_audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION rail_audit_event_chain()`,
  `CREATE TRIGGER trg_audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION rail_audit_event_append_only()`,
  `CREATE TRIGGER trg_audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION rail_audit_event_append_only()`,
];

export const POSTGRES_AUDIT_DOWN = [
  `DROP TRIGGER IF EXISTS trg_audit_event_no_truncate ON audit_event`,
  `DROP TRIGGER IF EXISTS trg_audit_event_append_only ON audit_event`,
  `DROP TRIGGER IF EXISTS trg_audit_event_chain ON audit_event`,
  `DROP FUNCTION IF EXISTS rail_audit_event_append_only()`,
  `DROP FUNCTION IF EXISTS rail_audit_event_chain()`,
];

/** The embedded database's equivalent: SQLite triggers refuse UPDATE and unvouched DELETE (the chain is linked in Node). */
export const SQLITE_AUDIT_TRIGGERS = [
  `CREATE TRIGGER IF NOT EXISTS trg_audit_event_no_update BEFORE UPDATE ON audit_event
   BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END`,
  `CREATE TRIGGER IF NOT EXISTS trg_audit_event_no_delete BEFORE DELETE ON audit_event
   WHEN NOT EXISTS (
     SELECT 1 FROM audit_event checkpoint
     WHERE checkpoint.event_type = 'audit.checkpoint'
       AND checkpoint.company_id IS OLD.company_id
       AND CAST(json_extract(checkpoint.details, '$.throughSeq') AS INTEGER) >= OLD.seq
   )
   BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END`,
];

/**
 * Call from a hand-written migration that creates `audit_event` (PostgreSQL); a
 * migration from `generateMigration` has them already (the entity's `@DatabaseObjects`).
 *
 * @example
 * public async up(queryRunner: QueryRunner): Promise<void> {
 *   await queryRunner.query(`CREATE TABLE "audit_event" (...)`);
 *   await createAuditTriggers(queryRunner);
 * }
 */
export async function createAuditTriggers(queryRunner: QueryRunner): Promise<void> {
  for (const statement of POSTGRES_AUDIT_UP) await queryRunner.query(statement);
}

export async function dropAuditTriggers(queryRunner: QueryRunner): Promise<void> {
  for (const statement of POSTGRES_AUDIT_DOWN) await queryRunner.query(statement);
}
