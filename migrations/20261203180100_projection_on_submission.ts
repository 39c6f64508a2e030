import { sql, type Kysely } from 'kysely'

// The analysis projection (20261128221000_response_values) was kept by a statement-level trigger on
// every UPDATE of `responses`: PostgreSQL then builds the old and new transition tables — whole
// rows, answers included — for each autosave of a draft, only for the function to find nothing to
// do (2.3 ms of each save, issue 13). The UPDATE trigger becomes a row trigger whose WHEN clause
// lets through only the rows that enter, leave or change inside `submitted`: a draft save never
// calls it. The INSERT trigger stays per statement (a bulk insert is projected in one pass).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger responses_index_updated on responses`.execute(db)
  await sql`
    create function sonde_response_index_row_trigger() returns trigger
    language plpgsql as $$
    begin
      perform sonde_index_responses(array[new.id]);
      return null;
    end
    $$`.execute(db)
  await sql`
    create trigger responses_index_updated after update on responses
    for each row
    when ((new.status = 'submitted' and (old.status <> 'submitted' or old.answers is distinct from new.answers or old.wave_id <> new.wave_id))
       or (old.status = 'submitted' and new.status <> 'submitted'))
    execute function sonde_response_index_row_trigger()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger responses_index_updated on responses`.execute(db)
  await sql`drop function sonde_response_index_row_trigger()`.execute(db)
  await sql`
    create trigger responses_index_updated after update on responses
    referencing old table as old_rows new table as new_rows
    for each statement execute function sonde_responses_index_trigger()`.execute(db)
}
