import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ApiTokenEndReason, ResponseStatus, Role, WaveSettings, WaveStatus } from '@sonde/contracts'

/** JSON stored in a jsonb column: written as a value, read back parsed. */
export type Json = ColumnType<JsonValue, JsonValue, JsonValue>
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export type { ApiTokenEndReason, ResponseStatus, Role, WaveStatus } from '@sonde/contracts'

export interface UsersTable {
  id: Generated<string>
  email: string
  password_hash: string
  role: Role
  disabled_at: NullableTimestamp
  /** A researcher may download protected microdata (granted by an admin). */
  microdata_access: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
}

export interface SessionsTable {
  id_hash: string
  user_id: string
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
}

// The settings' shape is the API's (one definition, in @sonde/contracts); the column stores only
// what was set, and `waveSettings` fills in the defaults.
export type { MessageTemplate, WaveSettings } from '@sonde/contracts'

export interface WavesTable {
  id: Generated<string>
  slug: string
  title: string
  status: ColumnType<WaveStatus, WaveStatus | undefined, WaveStatus>
  opens_at: NullableTimestamp
  closes_at: NullableTimestamp
  settings: ColumnType<Partial<WaveSettings>, Partial<WaveSettings> | undefined, Partial<WaveSettings>>
  is_demo: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
}

export interface FamiliesTable {
  wave_id: string
  key: string
  label_fr: string
  label_en: string
  position: ColumnType<number, number | undefined, number>
}

export interface QuestionnairesTable {
  id: Generated<string>
  wave_id: string
  version: number
  definition: Json
  created_at: Timestamp
  /** Who saved this version; null for versions made by the system (a new wave, a copy) or whose author was deleted. */
  author_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The change note staff wrote when saving. */
  note: ColumnType<string | null, string | null | undefined, string | null>
}

export interface IndicatorsTable {
  wave_id: string
  key: string
  position: ColumnType<number, number | undefined, number>
  definition: Json
}

export interface OrganisationsTable {
  id: Generated<string>
  name: string
  siren: string | null
  region: string | null
  email: string | null
  family_keys: ColumnType<string[], string[] | undefined, string[]>
  created_at: Timestamp
  /** When retention removed its name, e-mail, SIREN and region (the row stays for its responses). */
  anonymised_at: NullableTimestamp
}

export interface InvitationsTable {
  id: Generated<string>
  wave_id: string
  organisation_id: string
  token_nonce: string
  token_hash: string
  created_at: Timestamp
  opened_at: NullableTimestamp
  revoked_at: NullableTimestamp
}

export interface RecentSave {
  id: string
  revision: number
}

export interface ResponsesTable {
  id: Generated<string>
  wave_id: string
  organisation_id: string
  status: ColumnType<ResponseStatus, ResponseStatus | undefined, ResponseStatus>
  revision: ColumnType<number, number | undefined, number>
  answers: ColumnType<Record<string, JsonValue>, Record<string, JsonValue> | undefined, Record<string, JsonValue>>
  answer_revisions: ColumnType<Record<string, number>, Record<string, number> | undefined, Record<string, number>>
  /** The last saves that changed the response (at most 20): the browser's save id and the revision it made. */
  recent_saves: ColumnType<RecentSave[], RecentSave[] | undefined, RecentSave[]>
  questionnaire_version: number | null
  applicable_questions: ColumnType<string[] | null, string[] | null | undefined, string[] | null>
  created_at: Timestamp
  updated_at: Timestamp
  submitted_at: NullableTimestamp
}

export interface ResponsePresenceTable {
  response_id: string
  client_id: string
  browser_id: string | null
  page: string | null
  seen_at: Timestamp
}

export interface SubmissionsTable {
  id: Generated<string>
  response_id: string
  idempotency_key: string
  revision: number
  answers: ColumnType<Record<string, JsonValue>, Record<string, JsonValue>, never>
  submitted_at: Timestamp
}

export interface AuditEventsTable {
  id: Generated<string>
  at: Timestamp
  actor_type: 'user' | 'respondent' | 'system'
  actor_id: string | null
  wave_id: string | null
  action: string
  details: ColumnType<Record<string, JsonValue>, Record<string, JsonValue> | undefined, never>
}

export type OutboxKind = 'invitation' | 'reminder' | 'password_reset'
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed'

export interface OutboxTable {
  id: Generated<string>
  kind: OutboxKind
  wave_id: string | null
  invitation_id: string | null
  password_reset_id: ColumnType<string | null, string | null | undefined, string | null>
  to_address: string
  subject: string
  body: string
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>
  attempts: ColumnType<number, number | undefined, number>
  next_attempt_at: Timestamp
  last_error: string | null
  created_at: Timestamp
  sent_at: NullableTimestamp
}

export interface PasswordResetsTable {
  id: Generated<string>
  user_id: string
  token_nonce: string
  token_hash: string
  created_at: Timestamp
  expires_at: Timestamp
  used_at: NullableTimestamp
}

export interface ApiTokensTable {
  id: Generated<string>
  user_id: string
  name: string
  token_hash: string
  created_at: Timestamp
  last_used_at: NullableTimestamp
  revoked_at: NullableTimestamp
  /** Why the token ended: `revoked` (by its owner), `revoked_by_admin`, `password_changed`, `user_disabled`. */
  revoked_reason: ApiTokenEndReason | null
  expires_at: Timestamp
}

export interface ReleasesTable {
  id: Generated<string>
  wave_id: string
  number: number
  published_at: Timestamp
  published_by: string | null
  note: ColumnType<string, string | undefined, never>
  min_cell_size: number
  p_percent: number
  questionnaire_version: number | null
  /** The indicator definitions the release was computed with. */
  definitions: Json
  /** Their published descriptions (labels, units, categories). */
  indicators: Json
  responses: number
}

export interface ReleaseCellsTable {
  release_id: string
  /** '' for the table by family, else the dimension key. */
  dimension: string
  dimension_values: Json
  /** Staff cells (reasons kept); everyone else reads them through the public view. */
  cells: Json
}

export interface ReleaseResponsesTable {
  release_id: string
  response_id: string
  submission_id: string | null
  revision: number
  submitted_at: Date | null
}

export type OpenLinkClaimStatus = 'pending' | 'accepted' | 'rejected'

/** A request through the open link naming a SIREN held under another address: staff decide. */
export interface OpenLinkClaimsTable {
  id: Generated<string>
  wave_id: string
  /** The organisation that holds the SIREN. */
  organisation_id: string
  siren: string
  /** What the claimant typed; cleared once staff decide. */
  name: string | null
  email: string | null
  family_keys: ColumnType<string[], string[] | undefined, string[]>
  status: ColumnType<OpenLinkClaimStatus, OpenLinkClaimStatus | undefined, OpenLinkClaimStatus>
  created_at: Timestamp
  decided_at: NullableTimestamp
  decided_by: string | null
}

/** A scheduled reminder of a wave, handled once per closing date (migrations/20261203190000_wave_schedule.ts). */
export interface ScheduledRemindersTable {
  wave_id: string
  closes_at: Timestamp
  days_before: number
  sent_at: Timestamp
  recipients: ColumnType<number, number | undefined, number>
  superseded: ColumnType<boolean, boolean | undefined, boolean>
}

/** A wave's public page (migrations/20261203210000_public_pages.ts): the release it shows, under which licence. */
export interface PublicPagesTable {
  wave_id: string
  release_id: string
  licence: 'etalab-2.0' | 'cc-by-4.0'
  published_at: Timestamp
  published_by: string | null
}

export interface InstanceSettingsTable {
  key: string
  value: string
  created_at: Timestamp
}

export interface Database {
  instance_settings: InstanceSettingsTable
  outbox: OutboxTable
  password_resets: PasswordResetsTable
  api_tokens: ApiTokensTable
  users: UsersTable
  sessions: SessionsTable
  waves: WavesTable
  families: FamiliesTable
  questionnaires: QuestionnairesTable
  indicators: IndicatorsTable
  organisations: OrganisationsTable
  invitations: InvitationsTable
  responses: ResponsesTable
  response_presence: ResponsePresenceTable
  submissions: SubmissionsTable
  audit_events: AuditEventsTable
  releases: ReleasesTable
  release_cells: ReleaseCellsTable
  release_responses: ReleaseResponsesTable
  open_link_claims: OpenLinkClaimsTable
  scheduled_reminders: ScheduledRemindersTable
  public_pages: PublicPagesTable
}

// A row as the database returns it (snake_case columns). Only packages/db reads their columns:
// the app gets them through the mappers beside the queries (`toWave`, `toUser`…) in the API's shapes.
export type UserRow = Selectable<UsersTable>
export type WaveRow = Selectable<WavesTable>
export type OrganisationRow = Selectable<OrganisationsTable>
export type InvitationRow = Selectable<InvitationsTable>
export type ResponseRow = Selectable<ResponsesTable>
export type FamilyRow = Selectable<FamiliesTable>
export type OutboxRow = Selectable<OutboxTable>
export type ApiTokenRow = Selectable<ApiTokensTable>
export type ReleaseRow = Selectable<ReleasesTable>
