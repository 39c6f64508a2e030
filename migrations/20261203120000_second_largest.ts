import { sql, type Kysely } from 'kysely'

// The p % rule needs, for every total of every cell, its two largest contributions; PostgreSQL's
// aggregates give the largest only. `sonde_second_largest(float8)` keeps the two largest values
// seen as a point (largest, second) — a fixed-size state, no array to allocate per row — and
// returns the second, NULL with fewer than two values. Strict: NULL inputs are skipped without a
// call. The combine function makes it usable by parallel aggregation.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function sonde_top_two_step(state point, value float8) returns point
    language plpgsql immutable strict parallel safe as $$
    begin
      if value > state[0] then return point(value, state[0]); end if;
      if value > state[1] then return point(state[0], value); end if;
      return state;
    end
    $$`.execute(db)
  await sql`
    create function sonde_top_two_combine(a point, b point) returns point
    language sql immutable strict parallel safe as $$
      select case
        when a[0] >= b[0] then point(a[0], greatest(a[1], b[0]))
        else point(b[0], greatest(b[1], a[0]))
      end
    $$`.execute(db)
  await sql`
    create function sonde_top_two_second(state point) returns float8
    language sql immutable strict parallel safe as $$
      select nullif(state[1], '-Infinity'::float8)
    $$`.execute(db)
  await sql`
    create aggregate sonde_second_largest(float8) (
      sfunc = sonde_top_two_step,
      stype = point,
      combinefunc = sonde_top_two_combine,
      finalfunc = sonde_top_two_second,
      initcond = '(-Infinity,-Infinity)',
      parallel = safe
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop aggregate sonde_second_largest(float8)`.execute(db)
  await sql`drop function sonde_top_two_second(point)`.execute(db)
  await sql`drop function sonde_top_two_combine(point, point)`.execute(db)
  await sql`drop function sonde_top_two_step(point, float8)`.execute(db)
}
