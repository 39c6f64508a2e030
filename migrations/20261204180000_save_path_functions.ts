import { sql, type Kysely } from 'kysely'

// The respondent's save path (issue 13), in two functions whose plans PostgreSQL keeps per
// connection (PL/pgSQL):
// - sonde_respondent_context: what a respondent link reaches, looked up on every request of the
//   respondent's page. As a plain query it cost 0,55 ms of planning for 0,16 ms of execution, every
//   time (EXPLAIN ANALYZE on PostgreSQL 15, a wave of 1 000 organisations). Same joins and columns
//   as the query it replaces (packages/db/src/queries/organisations.ts, findRespondentByTokenHash);
//   the answers only when asked (a save merges in the database and leaves them there).
// - sonde_save_answers_by_link: an autosave in one round trip, for a link the server has already
//   looked up (packages/db/src/queries/responses.ts, saveAnswersByLink): the link must still be
//   valid, its wave open to respondents, its response not submitted and the wave's current
//   questionnaire the one the server checked the answers against; then the save is
//   sonde_apply_answer_patch's. Otherwise nothing is written and the answer is
//   { kind: 'recheck' }: the server looks the link up again and answers as for a first save.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function sonde_respondent_context(p_token_hash text, p_answers boolean)
    returns table (
      invitation_id uuid, opened_at timestamptz, revoked_at timestamptz, wave jsonb, organisation jsonb,
      response_id uuid, response_status text, response_revision integer, response_submitted_at timestamptz,
      response_answers jsonb, questionnaire_id uuid
    )
    language plpgsql stable as $$
    begin
      return query
        select i.id, i.opened_at, i.revoked_at, to_jsonb(w), to_jsonb(o),
          r.id, r.status, r.revision, r.submitted_at,
          case when p_answers then r.answers else '{}'::jsonb end,
          (select q.id from questionnaires q where q.wave_id = i.wave_id order by q.version desc limit 1)
        from invitations i
        join waves w on w.id = i.wave_id
        join organisations o on o.id = i.organisation_id
        join responses r on r.wave_id = i.wave_id and r.organisation_id = i.organisation_id
        where i.token_hash = p_token_hash;
    end
    $$`.execute(db)
  await sql`
    create function sonde_save_answers_by_link(
      p_token_hash text, p_questionnaire uuid, p_base integer, p_patch jsonb, p_save_id text, p_unacknowledged jsonb, p_whole boolean
    ) returns jsonb
    language plpgsql as $$
    declare
      response uuid;
    begin
      select r.id into response
      from invitations i
      join waves w on w.id = i.wave_id
      join responses r on r.wave_id = i.wave_id and r.organisation_id = i.organisation_id
      where i.token_hash = p_token_hash and i.revoked_at is null
        and w.status = 'open' and (w.closes_at is null or w.closes_at > now())
        and r.status <> 'submitted'
        and (select q.id from questionnaires q where q.wave_id = i.wave_id order by q.version desc limit 1) = p_questionnaire;
      if not found then
        return jsonb_build_object('kind', 'recheck');
      end if;
      return sonde_apply_answer_patch(response, p_base, p_patch, p_save_id, p_unacknowledged, p_whole);
    end
    $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function sonde_save_answers_by_link(text, uuid, integer, jsonb, text, jsonb, boolean)`.execute(db)
  await sql`drop function sonde_respondent_context(text, boolean)`.execute(db)
}
