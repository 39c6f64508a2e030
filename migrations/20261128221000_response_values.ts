import { sql, type Kysely } from 'kysely'

// A typed projection of every submitted response, kept by the database itself so that it can
// never drift from `responses`: indicators read float8 and short text arrays instead of
// decompressing `answers` and casting jsonb numbers (numeric → float8 goes through text) for
// every question of every response.
//
// - analysis_variables: per wave, a stable 1-based position for each (question name, JSON kind)
//   ever submitted: `number` and `boolean` (1/0) in the `num` store, `string` and `strings` (an
//   array's string elements) in the `txt` store. Positions only grow, so old rows stay valid.
// - response_values: per submitted response, `num` float8[] (NaN where the answer is absent or of
//   another kind: no NULL, so a subscript is O(1)) and `txt` text[] (NULL where absent). A string
//   over 100 characters is stored as U+001E followed by its md5, so that equality still holds
//   without copying free text; an array is stored as U+001F then each string element followed
//   by U+001F (an empty array is U+001F alone: the number of elements is the number of marks
//   minus one).
//
// Statement-level triggers on `responses` call `sonde_index_responses(ids)`: a response entering
// or staying in `submitted` (status or answers changed) is projected again, one leaving it loses
// its row, a deleted one cascades. It joins the given ids to `responses` by primary key and looks
// for new variables among the distinct (name, kind) pairs, so that a bulk insert of thousands of
// rows does not scan the wave's responses once per statement. The same function back-fills the
// rows at the end of `up`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analysis_variables')
    .addColumn('wave_id', 'uuid', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('number', 'boolean', 'string', 'strings')`))
    .addColumn('store', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addPrimaryKeyConstraint('analysis_variables_pkey', ['wave_id', 'name', 'kind'])
    .addUniqueConstraint('analysis_variables_position_key', ['wave_id', 'store', 'position'])
    .addCheckConstraint('analysis_variables_store_check', sql`store = case when kind in ('number', 'boolean') then 'num' else 'txt' end`)
    .execute()

  await db.schema
    .createTable('response_values')
    .addColumn('response_id', 'uuid', (c) => c.primaryKey().references('responses.id').onDelete('cascade'))
    .addColumn('wave_id', 'uuid', (c) => c.notNull())
    .addColumn('num', sql`float8[]`, (c) => c.notNull())
    .addColumn('txt', sql`text[]`, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('response_values_wave_idx').on('response_values').column('wave_id').execute()

  await sql`
    create function sonde_answer_kind(value jsonb) returns text
    language sql immutable parallel safe as $$
      select case jsonb_typeof(value)
        when 'number' then 'number' when 'boolean' then 'boolean'
        when 'string' then 'string' when 'array' then 'strings' end
    $$`.execute(db)

  await sql`
    create function sonde_answer_number(value jsonb, kind text) returns float8
    language sql immutable parallel safe as $$
      select case
        when kind = 'number' and jsonb_typeof(value) = 'number' then cast(value as float8)
        when kind = 'boolean' and jsonb_typeof(value) = 'boolean' then case when value = 'true'::jsonb then 1 else 0 end
      end
    $$`.execute(db)

  await sql`
    create function sonde_answer_text(value jsonb, kind text) returns text
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
    create function sonde_index_responses(ids uuid[]) returns void
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

  await sql`
    create function sonde_responses_index_trigger() returns trigger
    language plpgsql as $$
    declare
      ids uuid[];
    begin
      if tg_op = 'INSERT' then
        select array_agg(n.id) into ids from new_rows n where n.status = 'submitted';
      else
        select array_agg(n.id) into ids
        from new_rows n join old_rows o on o.id = n.id
        where (n.status = 'submitted' and (o.status <> 'submitted' or o.answers is distinct from n.answers or o.wave_id <> n.wave_id))
           or (o.status = 'submitted' and n.status <> 'submitted');
      end if;
      if ids is not null then
        perform sonde_index_responses(ids);
      end if;
      return null;
    end
    $$`.execute(db)

  await sql`
    create trigger responses_index_inserted after insert on responses
    referencing new table as new_rows
    for each statement execute function sonde_responses_index_trigger()`.execute(db)
  await sql`
    create trigger responses_index_updated after update on responses
    referencing old table as old_rows new table as new_rows
    for each statement execute function sonde_responses_index_trigger()`.execute(db)

  await sql`select sonde_index_responses(array(select id from responses where status = 'submitted'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger responses_index_updated on responses`.execute(db)
  await sql`drop trigger responses_index_inserted on responses`.execute(db)
  await sql`drop function sonde_responses_index_trigger()`.execute(db)
  await sql`drop function sonde_index_responses(uuid[])`.execute(db)
  await sql`drop function sonde_answer_text(jsonb, text)`.execute(db)
  await sql`drop function sonde_answer_number(jsonb, text)`.execute(db)
  await sql`drop function sonde_answer_kind(jsonb)`.execute(db)
  await db.schema.dropTable('response_values').execute()
  await db.schema.dropTable('analysis_variables').execute()
}
