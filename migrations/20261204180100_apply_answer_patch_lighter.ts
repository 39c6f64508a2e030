import { sql, type Kysely } from 'kysely'
import { up as previousApplyAnswerPatch } from './20261203180200_apply_answer_patch'

// sonde_apply_answer_patch (migration 20261203180200) with the same rules and results, for less
// of the database's time on each autosave (issue 13):
// - a save id already applied is found by containment (`@>`) instead of a scan of the last 20;
// - the browser's own unanswered saves are looked up only when it names some;
// - past 20 remembered saves, the oldest goes (`- 0`) instead of rebuilding the list;
// - when the save starts from the last revision — nearly always — the answers changed after it
//   are the save's own: no scan of every answer's revision.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function sonde_apply_answer_patch(
      p_id uuid, p_base integer, p_patch jsonb, p_save_id text, p_unacknowledged jsonb, p_whole boolean
    ) returns jsonb
    language plpgsql as $$
    declare
      current_row record;
      own integer[] := '{}';
      conflicts jsonb := '[]'::jsonb;
      changed text[] := '{}';
      name text;
      value jsonb;
      stored jsonb;
      changed_in integer;
      next_revision integer;
      new_answers jsonb;
      new_revisions jsonb;
      saves jsonb;
      changes jsonb;
    begin
      select r.revision, r.answers, r.answer_revisions, r.recent_saves into current_row
      from responses r where r.id = p_id for update;
      if not found then
        return null;
      end if;
      if p_base > current_row.revision then
        return jsonb_build_object('kind', 'revision_ahead', 'revision', current_row.revision);
      end if;

      new_answers := current_row.answers;
      new_revisions := current_row.answer_revisions;
      next_revision := current_row.revision;
      if p_save_id is null or not current_row.recent_saves @> jsonb_build_array(jsonb_build_object('id', p_save_id)) then
        if jsonb_array_length(coalesce(p_unacknowledged, '[]'::jsonb)) > 0 then
          select coalesce(array_agg((s ->> 'revision')::integer), '{}') into own
          from jsonb_array_elements(current_row.recent_saves) s
          where s ->> 'id' in (select jsonb_array_elements_text(p_unacknowledged));
        end if;

        for name, value in select e.key, e.value from jsonb_each(p_patch) e loop
          stored := coalesce(current_row.answers -> name, 'null'::jsonb);
          continue when stored = value;
          changed_in := coalesce((current_row.answer_revisions ->> name)::integer, 0);
          if changed_in > p_base and not (changed_in = any(own)) then
            conflicts := conflicts || jsonb_build_array(jsonb_build_object('name', name, 'yours', value, 'theirs', stored));
          else
            changed := changed || name;
          end if;
        end loop;
        if jsonb_array_length(conflicts) > 0 then
          return jsonb_build_object('kind', 'conflict', 'revision', current_row.revision, 'conflicts', conflicts);
        end if;

        if cardinality(changed) > 0 then
          next_revision := current_row.revision + 1;
          foreach name in array changed loop
            value := p_patch -> name;
            if value = 'null'::jsonb then
              new_answers := new_answers - name;
            else
              new_answers := new_answers || jsonb_build_object(name, value);
            end if;
            new_revisions := new_revisions || jsonb_build_object(name, next_revision);
          end loop;
          saves := current_row.recent_saves;
          if p_save_id is not null then
            saves := saves || jsonb_build_array(jsonb_build_object('id', p_save_id, 'revision', next_revision));
            while jsonb_array_length(saves) > 20 loop
              saves := saves - 0;
            end loop;
          end if;
          update responses set
            answers = new_answers,
            answer_revisions = new_revisions,
            revision = next_revision,
            recent_saves = saves,
            status = case when status = 'not_started' then 'in_progress' else status end,
            updated_at = now()
          where id = p_id;
        end if;
      end if;

      if p_base = current_row.revision then
        -- Only this save can have changed an answer after its base: its own changes.
        select coalesce(jsonb_object_agg(c.name, coalesce(new_answers -> c.name, 'null'::jsonb)), '{}'::jsonb) into changes
        from unnest(changed) as c(name);
      else
        select coalesce(jsonb_object_agg(c.key, coalesce(new_answers -> c.key, 'null'::jsonb)), '{}'::jsonb) into changes
        from jsonb_each_text(new_revisions) c
        where c.value::integer > p_base;
      end if;
      return jsonb_build_object('kind', 'saved', 'revision', next_revision, 'changes', changes)
        || case when p_whole then jsonb_build_object('answers', new_answers) else '{}'::jsonb end;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function sonde_apply_answer_patch(uuid, integer, jsonb, text, jsonb, boolean)`.execute(db)
  await previousApplyAnswerPatch(db)
}
