import { sql, type Kysely } from 'kysely'

// Two fixes to the analysis projection of 20261128221000_response_values:
// - an array is stored as U+001F then each string element followed by U+001F, so that an empty
//   array is U+001F alone and the number of elements is the number of marks minus one (it was
//   stored as two marks, counting one element too many);
// - `sonde_index_responses` joins the given ids to `responses` by primary key and looks for new
//   variables among the distinct (name, kind) pairs, so that a bulk insert of thousands of rows
//   does not scan the wave's responses once per statement.
// Every submitted response is projected again with the new functions.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function sonde_answer_text(value jsonb, kind text) returns text
    language sql immutable parallel safe as $$
      select case
        when kind = 'string' and jsonb_typeof(value) = 'string' then
          case when length(value #>> '{}') <= 100 then value #>> '{}' else chr(30) || md5(value #>> '{}') end
        when kind = 'strings' and jsonb_typeof(value) = 'array' then
          chr(31) || coalesce((
            select string_agg((e.item #>> '{}') || chr(31), '' order by e.ordinality)
            from jsonb_array_elements(value) with ordinality as e(item, ordinality)
            where jsonb_typeof(e.item) = 'string'
          ), '')
      end
    $$`.execute(db)

  await sql`
    create or replace function sonde_index_responses(ids uuid[]) returns void
    language plpgsql as $$
    declare
      wave uuid;
      new_names text[];
      new_kinds text[];
      num_names text[];
      num_kinds text[];
      txt_names text[];
      txt_kinds text[];
    begin
      delete from response_values where response_id = any(ids);
      for wave in
        select distinct r.wave_id from unnest(ids) as i(id) join responses r on r.id = i.id
        where r.status = 'submitted'
        order by r.wave_id
      loop
        select array_agg(m.name), array_agg(m.kind) into new_names, new_kinds
        from (
          select distinct a.key as name, sonde_answer_kind(a.value) as kind
          from unnest(ids) as i(id) join responses r on r.id = i.id
          cross join lateral jsonb_each(r.answers) as a
          where r.wave_id = wave and r.status = 'submitted'
        ) m
        where m.kind is not null
          and not exists (select 1 from analysis_variables v where v.wave_id = wave and v.name = m.name and v.kind = m.kind);
        if new_names is not null then
          -- New variables take the next positions under a per-wave lock: two submissions naming
          -- a new question at once would otherwise pick the same position. Read committed: the
          -- statements after the lock see what the other transaction committed.
          perform pg_advisory_xact_lock(hashtextextended('sonde.analysis_variables.' || wave::text, 0));
          insert into analysis_variables (wave_id, name, kind, store, position)
          select wave, u.name, u.kind, u.store,
            coalesce((select max(v.position) from analysis_variables v where v.wave_id = wave and v.store = u.store), 0)
              + row_number() over (partition by u.store order by u.name, u.kind)
          from (
            select n.name, n.kind, case when n.kind in ('number', 'boolean') then 'num' else 'txt' end as store
            from unnest(new_names, new_kinds) as n(name, kind)
            where not exists (select 1 from analysis_variables v where v.wave_id = wave and v.name = n.name and v.kind = n.kind)
          ) u;
        end if;

        select array_agg(v.name order by g.p), array_agg(v.kind order by g.p) into num_names, num_kinds
        from generate_series(1, (select coalesce(max(position), 0) from analysis_variables where wave_id = wave and store = 'num')) g(p)
        left join analysis_variables v on v.wave_id = wave and v.store = 'num' and v.position = g.p;
        select array_agg(v.name order by g.p), array_agg(v.kind order by g.p) into txt_names, txt_kinds
        from generate_series(1, (select coalesce(max(position), 0) from analysis_variables where wave_id = wave and store = 'txt')) g(p)
        left join analysis_variables v on v.wave_id = wave and v.store = 'txt' and v.position = g.p;

        insert into response_values (response_id, wave_id, num, txt)
        select r.id, r.wave_id,
          coalesce((
            select array_agg(coalesce(sonde_answer_number(r.answers -> u.name, u.kind), 'NaN'::float8) order by u.ordinality)
            from unnest(num_names, num_kinds) with ordinality as u(name, kind, ordinality)
          ), '{}'),
          coalesce((
            select array_agg(sonde_answer_text(r.answers -> u.name, u.kind) order by u.ordinality)
            from unnest(txt_names, txt_kinds) with ordinality as u(name, kind, ordinality)
          ), '{}')
        from unnest(ids) as i(id) join responses r on r.id = i.id
        where r.wave_id = wave and r.status = 'submitted';
      end loop;
    end
    $$`.execute(db)

  await sql`select sonde_index_responses(array(select id from responses where status = 'submitted'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function sonde_answer_text(value jsonb, kind text) returns text
    language sql immutable parallel safe as $$
      select case
        when kind = 'string' and jsonb_typeof(value) = 'string' then
          case when length(value #>> '{}') <= 100 then value #>> '{}' else chr(30) || md5(value #>> '{}') end
        when kind = 'strings' and jsonb_typeof(value) = 'array' then
          chr(31) || coalesce((
            select string_agg(e.item #>> '{}', chr(31) order by e.ordinality)
            from jsonb_array_elements(value) with ordinality as e(item, ordinality)
            where jsonb_typeof(e.item) = 'string'
          ), '') || chr(31)
      end
    $$`.execute(db)

  await sql`
    create or replace function sonde_index_responses(ids uuid[]) returns void
    language plpgsql as $$
    declare
      wave uuid;
      num_names text[];
      num_kinds text[];
      txt_names text[];
      txt_kinds text[];
    begin
      delete from response_values where response_id = any(ids);
      for wave in
        select distinct r.wave_id from responses r
        where r.id = any(ids) and r.status = 'submitted'
        order by r.wave_id
      loop
        -- New variables get the next positions under a per-wave lock: two submissions naming a
        -- new question at once would otherwise pick the same position.
        if exists (
          select 1 from responses r cross join lateral jsonb_each(r.answers) a
          where r.id = any(ids) and r.wave_id = wave and r.status = 'submitted'
            and sonde_answer_kind(a.value) is not null
            and not exists (select 1 from analysis_variables v
                            where v.wave_id = wave and v.name = a.key and v.kind = sonde_answer_kind(a.value))
        ) then
          perform pg_advisory_xact_lock(hashtextextended('sonde.analysis_variables.' || wave::text, 0));
          insert into analysis_variables (wave_id, name, kind, store, position)
          select wave, m.name, m.kind, m.store,
            coalesce((select max(v.position) from analysis_variables v where v.wave_id = wave and v.store = m.store), 0)
              + row_number() over (partition by m.store order by m.name, m.kind)
          from (
            select distinct a.key as name, sonde_answer_kind(a.value) as kind,
              case when sonde_answer_kind(a.value) in ('number', 'boolean') then 'num' else 'txt' end as store
            from responses r cross join lateral jsonb_each(r.answers) a
            where r.id = any(ids) and r.wave_id = wave and r.status = 'submitted'
              and sonde_answer_kind(a.value) is not null
              and not exists (select 1 from analysis_variables v
                              where v.wave_id = wave and v.name = a.key and v.kind = sonde_answer_kind(a.value))
          ) m;
        end if;

        select array_agg(v.name order by g.p), array_agg(v.kind order by g.p) into num_names, num_kinds
        from generate_series(1, (select coalesce(max(position), 0) from analysis_variables where wave_id = wave and store = 'num')) g(p)
        left join analysis_variables v on v.wave_id = wave and v.store = 'num' and v.position = g.p;
        select array_agg(v.name order by g.p), array_agg(v.kind order by g.p) into txt_names, txt_kinds
        from generate_series(1, (select coalesce(max(position), 0) from analysis_variables where wave_id = wave and store = 'txt')) g(p)
        left join analysis_variables v on v.wave_id = wave and v.store = 'txt' and v.position = g.p;

        insert into response_values (response_id, wave_id, num, txt)
        select r.id, r.wave_id,
          coalesce((
            select array_agg(coalesce(sonde_answer_number(r.answers -> u.name, u.kind), 'NaN'::float8) order by u.ordinality)
            from unnest(num_names, num_kinds) with ordinality as u(name, kind, ordinality)
          ), '{}'),
          coalesce((
            select array_agg(sonde_answer_text(r.answers -> u.name, u.kind) order by u.ordinality)
            from unnest(txt_names, txt_kinds) with ordinality as u(name, kind, ordinality)
          ), '{}')
        from responses r
        where r.id = any(ids) and r.wave_id = wave and r.status = 'submitted';
      end loop;
    end
    $$`.execute(db)

  await sql`select sonde_index_responses(array(select id from responses where status = 'submitted'))`.execute(db)
}
