var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// apps/api/src/errors.ts
var errorTable, AppError;
var init_errors = __esm({
  "apps/api/src/errors.ts"() {
    "use strict";
    errorTable = {
      MALFORMED_JSON: { status: 400, message: "The body is not valid JSON." },
      INVALID_BODY: { status: 400, message: "The request does not match the expected shape; details name the field." },
      INVALID_QUERY: { status: 400, message: "A query parameter is missing or invalid; details name it." },
      UNKNOWN_QUESTION: { status: 400, message: "An answer names a question that is not in the questionnaire." },
      INVALID_ANSWER: { status: 400, message: "An answer has the wrong type or holds characters that cannot be stored." },
      INVALID_REVISION: { status: 400, message: "baseRevision is ahead of the server: reload the response." },
      IMPORT_INVALID: { status: 400, message: "The file cannot be read; the message says why." },
      UNKNOWN_FAMILY: { status: 400, message: "A family key is not one of this wave." },
      UNKNOWN_DIMENSION: { status: 400, message: "The dimension is not one Sonde can cross the families with; details list them." },
      RESET_TOKEN_INVALID: { status: 400, message: "This password reset link is unknown, used or expired: ask for a new one." },
      IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: "The Idempotency-Key header (1\u2013200 visible characters) is required." },
      UNAUTHENTICATED: { status: 401, message: "Log in first." },
      INVALID_CREDENTIALS: { status: 401, message: "Unknown e-mail or wrong password." },
      FORBIDDEN: { status: 403, message: "Your role does not allow this." },
      CROSS_SITE_REQUEST: { status: 403, message: "State-changing requests must come from this site." },
      NOT_FOUND: { status: 404, message: "Nothing here." },
      INVITATION_NOT_FOUND: { status: 404, message: "This invitation link is unknown or no longer valid." },
      ORGANISATION_NOT_FOUND: { status: 404, message: "No such organisation in this wave." },
      USER_NOT_FOUND: { status: 404, message: "No such user." },
      WAVE_NOT_FOUND: { status: 404, message: "No such wave." },
      ANSWER_CONFLICT: { status: 409, message: "Someone else changed these answers meanwhile; nothing was written." },
      EDIT_AFTER_SUBMIT_DISABLED: { status: 409, message: "This wave does not allow changing answers after submitting." },
      WAVE_NOT_OPEN: { status: 409, message: "The wave is not open: answers cannot be changed." },
      ALREADY_SUBMITTED: { status: 409, message: "These answers were already submitted." },
      REVISION_MISMATCH: { status: 409, message: "The answers changed since this revision: submit the current revision." },
      IDEMPOTENCY_KEY_REUSED: { status: 409, message: "This Idempotency-Key was already used for another request." },
      ORGANISATION_EXISTS: { status: 409, message: "An organisation with this SIREN or e-mail already exists." },
      USER_EXISTS: { status: 409, message: "A user with this e-mail already exists." },
      SLUG_TAKEN: { status: 409, message: "Another wave already has this slug." },
      QUESTIONNAIRE_FROZEN: { status: 409, message: "The questionnaire is frozen once the wave has opened." },
      RESULTS_NOT_PUBLISHED: { status: 409, message: "The results of this wave are not published yet." },
      INVALID_TRANSITION: { status: 409, message: "The wave cannot move to that status from its current one." },
      PAYLOAD_TOO_LARGE: { status: 413, message: "The body is larger than allowed." },
      UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Send application/json." },
      QUESTIONNAIRE_INVALID: { status: 422, message: "The questionnaire has errors; details list them." },
      VALIDATION_FAILED: { status: 422, message: "Some answers do not satisfy the questionnaire; details list them." },
      TOO_MANY_REQUESTS: { status: 429, message: "Too many requests: wait before trying again." },
      INTERNAL_ERROR: { status: 500, message: "Something went wrong on our side; it has been logged." },
      DATABASE_UNAVAILABLE: { status: 503, message: "The database is unreachable; try again in a moment." },
      SHUTTING_DOWN: { status: 503, message: "The server is restarting; try again in a moment." }
    };
    AppError = class extends Error {
      constructor(code, message, details) {
        super(message ?? errorTable[code].message);
        this.code = code;
        this.details = details;
        this.name = "AppError";
        this.statusCode = errorTable[code].status;
      }
      code;
      details;
      statusCode;
    };
  }
});

// apps/api/src/error-handler.ts
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
function isDatabaseUnavailable(error) {
  const e = error;
  return typeof e.code === "string" && unavailableCodes.has(e.code) || typeof e.message === "string" && unavailableMessages.test(e.message);
}
function send(reply, code, message, details) {
  const body = {
    code,
    message: message ?? errorTable[code].message
  };
  if (details !== void 0) body.details = details;
  return reply.code(errorTable[code].status).type("application/json; charset=utf-8").send(body);
}
function installErrorHandler(app2) {
  app2.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = error.details?.retryAfter;
      if (error.code === "TOO_MANY_REQUESTS" && typeof retryAfter === "number") reply.header("Retry-After", String(retryAfter));
      return send(reply, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => {
        const where = error.validationContext ?? "body";
        const path3 = v.instancePath.split("/").filter(Boolean);
        const field2 = [where, ...path3].join(".");
        return { field: field2, message: v.message };
      });
      const code = error.validationContext === "querystring" ? "INVALID_QUERY" : "INVALID_BODY";
      const first = issues[0];
      return send(reply, code, first ? `${first.field}: ${first.message}` : void 0, { issues });
    }
    switch (error.code) {
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return send(reply, "MALFORMED_JSON", `body: ${error.message}`);
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return send(reply, "PAYLOAD_TOO_LARGE");
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return send(reply, "UNSUPPORTED_MEDIA_TYPE");
    }
    if (error.statusCode === 400 && /prototype|__proto__|constructor/i.test(error.message)) {
      return send(reply, "MALFORMED_JSON", "body: forbidden key __proto__ or constructor.prototype");
    }
    if (error.statusCode === 429) return send(reply, "TOO_MANY_REQUESTS");
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      reply.header("Retry-After", "5");
      return send(reply, "DATABASE_UNAVAILABLE");
    }
    if (error.statusCode !== void 0 && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, "client error without a Sonde code");
      return send(reply, "INVALID_BODY", error.message);
    }
    request.log.error({ err: error }, "unexpected error");
    return send(reply, "INTERNAL_ERROR");
  });
  app2.setNotFoundHandler((request, reply) => send(reply, "NOT_FOUND", `${request.method} ${request.url.split("?")[0]}: nothing here.`));
}
var unavailableCodes, unavailableMessages;
var init_error_handler = __esm({
  "apps/api/src/error-handler.ts"() {
    "use strict";
    init_errors();
    unavailableCodes = /* @__PURE__ */ new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);
    unavailableMessages = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/;
  }
});

// packages/db/src/types.ts
var init_types = __esm({
  "packages/db/src/types.ts"() {
    "use strict";
  }
});

// packages/db/src/connection.ts
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
function poolOptions(connectionString, max = 10) {
  return {
    connectionString,
    max,
    connectionTimeoutMillis: 3e3,
    idleTimeoutMillis: 3e4,
    statement_timeout: 6e4,
    query_timeout: 65e3
  };
}
function guardPool(pool, onError) {
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  return pool;
}
function createKysely(pool) {
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}
var init_connection = __esm({
  "packages/db/src/connection.ts"() {
    "use strict";
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
    pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
  }
});

// packages/db/src/embedded.ts
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
var extendedMessages, syncMessage;
var init_embedded = __esm({
  "packages/db/src/embedded.ts"() {
    "use strict";
    extendedMessages = new Set(["P", "B", "D", "E", "C", "H", "F"].map((c) => c.charCodeAt(0)));
    syncMessage = "S".charCodeAt(0);
  }
});

// packages/db/src/migrate.ts
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Migrator } from "kysely";
var migrationsFolder;
var init_migrate = __esm({
  "packages/db/src/migrate.ts"() {
    "use strict";
    migrationsFolder = fileURLToPath(new URL("../../../migrations", import.meta.url));
  }
});

// packages/db/src/tokens.ts
import { createHash, createHmac, randomBytes } from "node:crypto";
function newToken() {
  return randomBytes(32).toString("base64url");
}
function hashToken(token) {
  return createHash("sha256").update(token).digest("hex");
}
function newTokenNonce() {
  return randomBytes(16).toString("base64url");
}
function invitationToken(linkSecret, nonce) {
  return createHmac("sha256", linkSecret).update(nonce).digest("base64url");
}
function passwordResetToken(linkSecret, nonce) {
  return invitationToken(linkSecret, `reset:${nonce}`);
}
var init_tokens = __esm({
  "packages/db/src/tokens.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/users.ts
import { sql } from "kysely";
async function findUserByEmail(db, email) {
  return db.selectFrom("users").selectAll().where("email", "=", email.toLowerCase()).executeTakeFirst();
}
async function createUser(db, user) {
  return db.insertInto("users").values({ email: user.email.toLowerCase(), password_hash: user.passwordHash, role: user.role }).returningAll().executeTakeFirstOrThrow();
}
async function createSession(db, session) {
  await db.insertInto("sessions").values({ id_hash: session.idHash, user_id: session.userId, expires_at: session.expiresAt }).execute();
}
async function findSessionUser(db, idHash, idleSince) {
  return db.selectFrom("sessions").innerJoin("users", "users.id", "sessions.user_id").select([
    "users.id",
    "users.email",
    "users.role",
    "sessions.created_at as sessionCreatedAt",
    "sessions.last_seen_at as lastSeenAt"
  ]).where("sessions.id_hash", "=", idHash).where("sessions.expires_at", ">", /* @__PURE__ */ new Date()).where("sessions.last_seen_at", ">", idleSince).where("users.disabled_at", "is", null).executeTakeFirst();
}
async function touchSession(db, idHash) {
  await db.updateTable("sessions").set({ last_seen_at: /* @__PURE__ */ new Date() }).where("id_hash", "=", idHash).execute();
}
async function deleteSession(db, idHash) {
  await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}
async function listUsers(db) {
  return db.selectFrom("users").selectAll().orderBy("email").execute();
}
async function findUserById(db, id) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return void 0;
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}
async function updateUser(db, id, changes) {
  const user = await db.updateTable("users").set({
    ...changes.role ? { role: changes.role } : {},
    ...changes.disabled !== void 0 ? { disabled_at: changes.disabled ? /* @__PURE__ */ new Date() : null } : {},
    ...changes.passwordHash ? { password_hash: changes.passwordHash } : {}
  }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
  if (changes.disabled || changes.passwordHash) await db.deleteFrom("sessions").where("user_id", "=", id).execute();
  return user;
}
var init_users = __esm({
  "packages/db/src/queries/users.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/waves.ts
import { sql as sql2 } from "kysely";
function waveSettings(wave) {
  return { ...defaultWaveSettings, ...wave.settings };
}
async function findWaveById(db, id) {
  if (!uuidPattern.test(id)) return void 0;
  return db.selectFrom("waves").selectAll().where("id", "=", id).executeTakeFirst();
}
async function findWaveBySlug(db, slug) {
  return db.selectFrom("waves").selectAll().where("slug", "=", slug).executeTakeFirst();
}
async function listWaves(db) {
  return db.selectFrom("waves").selectAll().orderBy("created_at", "desc").orderBy("slug").execute();
}
async function createWave(db, wave) {
  return db.insertInto("waves").values({
    slug: wave.slug,
    title: wave.title,
    status: wave.status ?? "draft",
    settings: mergeSettings(defaultWaveSettings, wave.settings ?? {}),
    is_demo: wave.isDemo ?? false,
    opens_at: wave.status === "open" ? /* @__PURE__ */ new Date() : null
  }).returningAll().executeTakeFirstOrThrow();
}
async function setWaveStatus(db, id, status) {
  return db.updateTable("waves").set({
    status,
    ...status === "open" ? { opens_at: /* @__PURE__ */ new Date(), closes_at: null } : {},
    ...status === "closed" ? { closes_at: /* @__PURE__ */ new Date() } : {}
  }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}
async function listFamilies(db, waveId) {
  return db.selectFrom("families").selectAll().where("wave_id", "=", waveId).orderBy("position").execute();
}
async function listFamiliesOfWaves(db, waveIds) {
  const byWave = new Map(waveIds.map((id) => [id, []]));
  if (waveIds.length === 0) return byWave;
  const rows = await db.selectFrom("families").selectAll().where("wave_id", "in", waveIds).orderBy("position").execute();
  for (const row of rows) byWave.get(row.wave_id)?.push(row);
  return byWave;
}
async function replaceFamilies(db, waveId, families) {
  await db.deleteFrom("families").where("wave_id", "=", waveId).execute();
  if (families.length === 0) return;
  await db.insertInto("families").values(
    families.map((f, position) => ({
      wave_id: waveId,
      key: f.key,
      label_fr: f.labelFr,
      label_en: f.labelEn,
      position
    }))
  ).execute();
}
async function findCurrentQuestionnaire(db, waveId) {
  return db.selectFrom("questionnaires").select(["id", "version", "definition"]).where("wave_id", "=", waveId).orderBy("version", "desc").limit(1).executeTakeFirst();
}
async function saveQuestionnaire(db, waveId, definition) {
  return db.insertInto("questionnaires").values({
    wave_id: waveId,
    definition,
    version: sql2`(select coalesce(max(version), 0) + 1 from questionnaires where wave_id = ${waveId})`
  }).returning(["id", "version", "definition"]).executeTakeFirstOrThrow();
}
async function listIndicatorDefinitions(db, waveId) {
  const rows = await db.selectFrom("indicators").select("definition").where("wave_id", "=", waveId).orderBy("position").execute();
  return rows.map((r) => r.definition);
}
async function replaceIndicatorDefinitions(db, waveId, definitions) {
  await db.deleteFrom("indicators").where("wave_id", "=", waveId).execute();
  if (definitions.length === 0) return;
  await db.insertInto("indicators").values(definitions.map((d, position) => ({ wave_id: waveId, key: d.id, position, definition: d.definition }))).execute();
}
function mergeSettings(current, changes) {
  const { templates, ...rest } = changes;
  const merged = { ...current, ...rest };
  if (templates) {
    const next = { ...current.templates };
    for (const kind of ["invitation", "reminder"]) {
      if (templates[kind] === null) delete next[kind];
      else if (templates[kind]) next[kind] = templates[kind];
    }
    merged.templates = next;
  }
  return merged;
}
async function updateWave(db, id, changes) {
  const current = await db.selectFrom("waves").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  if (changes.title === void 0 && !changes.settings) return current;
  return db.updateTable("waves").set({
    ...changes.title !== void 0 ? { title: changes.title } : {},
    ...changes.settings ? { settings: mergeSettings(waveSettings(current), changes.settings) } : {}
  }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}
async function copyWave(trx, sourceId, target) {
  const source = await trx.selectFrom("waves").selectAll().where("id", "=", sourceId).executeTakeFirstOrThrow();
  const wave = await createWave(trx, { slug: target.slug, title: target.title, settings: waveSettings(source) });
  const families = await listFamilies(trx, sourceId);
  await replaceFamilies(
    trx,
    wave.id,
    families.map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en }))
  );
  const questionnaire = await findCurrentQuestionnaire(trx, sourceId);
  if (questionnaire) await saveQuestionnaire(trx, wave.id, questionnaire.definition);
  const indicators = await trx.selectFrom("indicators").select(["key", "definition"]).where("wave_id", "=", sourceId).orderBy("position").execute();
  await replaceIndicatorDefinitions(
    trx,
    wave.id,
    indicators.map((i) => ({ id: i.key, definition: i.definition }))
  );
  return wave;
}
async function slugTaken(db, slug) {
  return await db.selectFrom("waves").select("id").where("slug", "=", slug).executeTakeFirst() !== void 0;
}
var defaultWaveSettings, uuidPattern;
var init_waves = __esm({
  "packages/db/src/queries/waves.ts"() {
    "use strict";
    defaultWaveSettings = {
      minCellSize: 5,
      editAfterSubmit: false,
      openLink: false,
      retentionUntil: null,
      resultsPublished: false,
      exportFreeText: false
    };
    uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  }
});

// packages/db/src/queries/organisations.ts
import { sql as sql3 } from "kysely";
async function createOrganisation(db, org) {
  return db.insertInto("organisations").values({
    name: org.name,
    siren: org.siren ?? null,
    region: org.region ?? null,
    email: org.email ?? null,
    family_keys: org.familyKeys ?? []
  }).returningAll().executeTakeFirstOrThrow();
}
async function createInvitation(trx, linkSecret, waveId, organisationId) {
  const nonce = newTokenNonce();
  const token = invitationToken(linkSecret, nonce);
  const invitation = await trx.insertInto("invitations").values({ wave_id: waveId, organisation_id: organisationId, token_nonce: nonce, token_hash: hashToken(token) }).returning("id").executeTakeFirstOrThrow();
  await trx.insertInto("responses").values({ wave_id: waveId, organisation_id: organisationId }).onConflict((oc) => oc.columns(["wave_id", "organisation_id"]).doNothing()).execute();
  return { token, invitationId: invitation.id };
}
async function regenerateInvitationToken(db, linkSecret, invitationId) {
  const nonce = newTokenNonce();
  const token = invitationToken(linkSecret, nonce);
  await db.updateTable("invitations").set({ token_nonce: nonce, token_hash: hashToken(token), revoked_at: null }).where("id", "=", invitationId).execute();
  return token;
}
async function findRespondentByTokenHash(db, tokenHash) {
  const row = await db.selectFrom("invitations as i").innerJoin("waves as w", "w.id", "i.wave_id").innerJoin("organisations as o", "o.id", "i.organisation_id").innerJoin(
    "responses as r",
    (join) => join.onRef("r.wave_id", "=", "i.wave_id").onRef("r.organisation_id", "=", "i.organisation_id")
  ).select([
    "i.id as invitationId",
    "i.opened_at as openedAt",
    "i.revoked_at as revokedAt",
    sql3`to_jsonb(w)`.as("wave"),
    sql3`to_jsonb(o)`.as("organisation"),
    sql3`to_jsonb(r)`.as("response")
  ]).where("i.token_hash", "=", tokenHash).executeTakeFirst();
  if (!row || row.revokedAt !== null) return void 0;
  return {
    invitationId: row.invitationId,
    openedAt: row.openedAt,
    wave: reviveDates(row.wave, ["opens_at", "closes_at", "created_at"]),
    organisation: reviveDates(row.organisation, ["created_at"]),
    response: reviveDates(row.response, ["created_at", "updated_at", "submitted_at"])
  };
}
async function markInvitationOpened(db, invitationId) {
  await db.updateTable("invitations").set({ opened_at: /* @__PURE__ */ new Date() }).where("id", "=", invitationId).where("opened_at", "is", null).execute();
}
function reviveDates(row, keys) {
  const copy = { ...row };
  for (const key of keys) {
    const value = copy[key];
    if (typeof value === "string") copy[key] = new Date(value);
  }
  return copy;
}
async function findOrganisationsBySirenOrEmail(db, sirens, emails) {
  if (sirens.length === 0 && emails.length === 0) return [];
  return db.selectFrom("organisations").selectAll().where(
    (eb) => eb.or([
      ...sirens.length ? [eb("siren", "in", sirens)] : [],
      ...emails.length ? [eb(eb.fn("lower", ["email"]), "in", emails.map((e) => e.toLowerCase()))] : []
    ])
  ).execute();
}
async function updateOrganisation(db, id, fields) {
  return db.updateTable("organisations").set({
    ...fields.name !== void 0 ? { name: fields.name } : {},
    ...fields.siren !== void 0 ? { siren: fields.siren } : {},
    ...fields.region !== void 0 ? { region: fields.region } : {},
    ...fields.email !== void 0 ? { email: fields.email } : {},
    ...fields.familyKeys !== void 0 ? { family_keys: fields.familyKeys } : {}
  }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}
async function listWaveOrganisations(db, waveId, organisationId) {
  let query = db.selectFrom("invitations as i").innerJoin("organisations as o", "o.id", "i.organisation_id").innerJoin(
    "responses as r",
    (join) => join.onRef("r.wave_id", "=", "i.wave_id").onRef("r.organisation_id", "=", "i.organisation_id")
  ).select([
    "o.id",
    "o.name",
    "o.siren",
    "o.region",
    "o.email",
    "o.family_keys as familyKeys",
    "i.id as invitationId",
    "i.token_nonce as tokenNonce",
    "i.opened_at as openedAt",
    "i.revoked_at as revokedAt",
    "r.status as responseStatus",
    "r.submitted_at as submittedAt",
    "r.updated_at as updatedAt"
  ]).where("i.wave_id", "=", waveId).orderBy("o.name").orderBy("o.id");
  if (organisationId) query = query.where("o.id", "=", organisationId);
  return query.execute();
}
async function invitedOrganisationIds(db, waveId) {
  const rows = await db.selectFrom("invitations").select("organisation_id").where("wave_id", "=", waveId).execute();
  return new Set(rows.map((r) => r.organisation_id));
}
var init_organisations = __esm({
  "packages/db/src/queries/organisations.ts"() {
    "use strict";
    init_tokens();
  }
});

// packages/db/src/queries/responses.ts
import { sql as sql4 } from "kysely";
async function lockResponse(trx, responseId) {
  return trx.selectFrom("responses").selectAll().where("id", "=", responseId).forUpdate().executeTakeFirstOrThrow();
}
async function applyAnswerPatch(trx, responseId, baseRevision, patch) {
  const current = await lockResponse(trx, responseId);
  if (baseRevision > current.revision) return { kind: "revision_ahead", revision: current.revision };
  const answers = { ...current.answers };
  const changedAt = { ...current.answer_revisions };
  const conflicts = [];
  const changed = [];
  for (const [name, value] of Object.entries(patch)) {
    const stored = answers[name] ?? null;
    if (sameJson(stored, value)) continue;
    if ((changedAt[name] ?? 0) > baseRevision) {
      conflicts.push({ name, yours: value, theirs: stored });
      continue;
    }
    changed.push(name);
  }
  if (conflicts.length > 0) return { kind: "conflict", revision: current.revision, conflicts };
  if (changed.length === 0) return { kind: "saved", revision: current.revision, answers };
  const revision = current.revision + 1;
  for (const name of changed) {
    const value = patch[name] ?? null;
    if (value === null) delete answers[name];
    else answers[name] = value;
    changedAt[name] = revision;
  }
  await trx.updateTable("responses").set({
    answers,
    answer_revisions: changedAt,
    revision,
    status: current.status === "not_started" ? "in_progress" : current.status,
    updated_at: /* @__PURE__ */ new Date()
  }).where("id", "=", responseId).execute();
  return { kind: "saved", revision, answers };
}
async function submitResponse(trx, responseId, request, validate) {
  const current = await lockResponse(trx, responseId);
  const previous = await trx.selectFrom("submissions").select(["revision", "submitted_at"]).where("response_id", "=", responseId).where("idempotency_key", "=", request.idempotencyKey).executeTakeFirst();
  if (previous) {
    return previous.revision === request.revision ? { kind: "submitted", submittedAt: previous.submitted_at, revision: previous.revision, replayed: true } : { kind: "key_reused" };
  }
  if (current.status === "submitted") return { kind: "already_submitted" };
  if (current.revision !== request.revision) return { kind: "revision_mismatch", revision: current.revision };
  const { answers, errors, applicable } = validate(current.answers);
  if (errors.length > 0) return { kind: "invalid", errors };
  const submittedAt = /* @__PURE__ */ new Date();
  await trx.insertInto("submissions").values({
    response_id: responseId,
    idempotency_key: request.idempotencyKey,
    revision: request.revision,
    answers,
    submitted_at: submittedAt
  }).execute();
  await trx.updateTable("responses").set({
    status: "submitted",
    answers,
    // pg sends a JS array as a PostgreSQL array literal: jsonb needs the JSON text.
    applicable_questions: sql4`${JSON.stringify(applicable)}::jsonb`,
    submitted_at: submittedAt,
    updated_at: submittedAt
  }).where("id", "=", responseId).execute();
  return { kind: "submitted", submittedAt, revision: request.revision, replayed: false };
}
function sameJson(a, b) {
  return canonical(a ?? null) === canonical(b ?? null);
}
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? null)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
var init_responses = __esm({
  "packages/db/src/queries/responses.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/audit.ts
async function recordAudit(db, event) {
  await db.insertInto("audit_events").values({
    actor_type: event.actorType,
    actor_id: event.actorId,
    wave_id: event.waveId,
    action: event.action,
    details: event.details ?? {}
  }).execute();
}
async function listAudit(db, filter) {
  let query = db.selectFrom("audit_events as a").leftJoin("users as u", (join) => join.on((eb) => eb(eb.cast("u.id", "text"), "=", eb.ref("a.actor_id")))).select([
    "a.id",
    "a.at",
    "a.actor_type as actorType",
    "a.actor_id as actorId",
    "u.email as actorEmail",
    "a.wave_id as waveId",
    "a.action",
    "a.details"
  ]).orderBy("a.id", "desc").limit(filter.limit);
  if (filter.waveId) query = query.where("a.wave_id", "=", filter.waveId);
  if (filter.action) query = query.where("a.action", "like", `${filter.action.replace(/[%_\\]/g, "\\$&")}%`);
  if (filter.actorId) query = query.where("a.actor_id", "=", filter.actorId);
  if (filter.before) query = query.where("a.id", "<", filter.before);
  if (filter.from) query = query.where("a.at", ">=", filter.from);
  if (filter.to) query = query.where("a.at", "<", filter.to);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}
var init_audit = __esm({
  "packages/db/src/queries/audit.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/instance.ts
import { randomBytes as randomBytes2 } from "node:crypto";
var init_instance = __esm({
  "packages/db/src/queries/instance.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/outbox.ts
import { sql as sql5 } from "kysely";
async function enqueueMessages(db, messages) {
  if (messages.length === 0) return 0;
  await db.insertInto("outbox").values(
    messages.map((m) => ({
      kind: m.kind,
      wave_id: m.waveId,
      invitation_id: m.invitationId,
      password_reset_id: m.passwordResetId ?? null,
      to_address: m.to,
      subject: m.subject,
      body: m.body
    }))
  ).execute();
  return messages.length;
}
async function claimDueMessages(db, limit, leaseSeconds = 300) {
  const { rows } = await sql5`
    with due as (
      select id from outbox
      where status in ('pending', 'sending') and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update outbox o
    set status = 'sending', next_attempt_at = now() + make_interval(secs => ${leaseSeconds}), attempts = o.attempts + 1
    from due
    where o.id = due.id
    returning o.*,
      (select token_nonce from invitations i where i.id = o.invitation_id) as token_nonce,
      (select token_nonce from password_resets p where p.id = o.password_reset_id) as reset_nonce`.execute(db);
  return rows;
}
async function markMessageSent(db, id) {
  await db.updateTable("outbox").set({ status: "sent", sent_at: /* @__PURE__ */ new Date(), last_error: null }).where("id", "=", id).execute();
}
async function markMessageFailed(db, message, error, options) {
  const giveUp = message.attempts >= options.maxAttempts;
  const delay = Math.min(options.baseDelaySeconds * 2 ** (message.attempts - 1), 6 * 3600);
  await db.updateTable("outbox").set({
    status: giveUp ? "failed" : "pending",
    last_error: error.slice(0, 1e3),
    next_attempt_at: new Date(Date.now() + delay * 1e3)
  }).where("id", "=", message.id).execute();
}
async function listOutbox(db, waveId, limit = 500) {
  return db.selectFrom("outbox").selectAll().where("wave_id", "=", waveId).orderBy("created_at", "desc").limit(limit).execute();
}
async function invitationIdsAlreadyMailed(db, waveId) {
  const rows = await db.selectFrom("outbox").select("invitation_id").where("wave_id", "=", waveId).where("kind", "=", "invitation").where("status", "!=", "failed").execute();
  return new Set(rows.flatMap((r) => r.invitation_id ? [r.invitation_id] : []));
}
var init_outbox = __esm({
  "packages/db/src/queries/outbox.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/progress.ts
async function listProgressRows(db, waveId) {
  return db.selectFrom("invitations as i").innerJoin("organisations as o", "o.id", "i.organisation_id").innerJoin(
    "responses as r",
    (join) => join.onRef("r.wave_id", "=", "i.wave_id").onRef("r.organisation_id", "=", "i.organisation_id")
  ).select([
    "o.id as organisationId",
    "r.id as responseId",
    "o.name",
    "o.email",
    "o.family_keys as familyKeys",
    "i.opened_at as openedAt",
    "r.status",
    "r.revision",
    "r.answers",
    "r.applicable_questions as applicableQuestions",
    "r.submitted_at as submittedAt"
  ]).where("i.wave_id", "=", waveId).where("i.revoked_at", "is", null).orderBy("o.name").execute();
}
var init_progress = __esm({
  "packages/db/src/queries/progress.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/password-resets.ts
async function createPasswordReset(trx, linkSecret, userId, validMinutes) {
  const nonce = newTokenNonce();
  const row = await trx.insertInto("password_resets").values({
    user_id: userId,
    token_nonce: nonce,
    token_hash: hashToken(passwordResetToken(linkSecret, nonce)),
    expires_at: new Date(Date.now() + validMinutes * 6e4)
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}
async function consumePasswordReset(db, token) {
  const row = await db.updateTable("password_resets").set({ used_at: /* @__PURE__ */ new Date() }).where("token_hash", "=", hashToken(token)).where("used_at", "is", null).where("expires_at", ">", /* @__PURE__ */ new Date()).returning("user_id").executeTakeFirst();
  return row?.user_id;
}
var init_password_resets = __esm({
  "packages/db/src/queries/password-resets.ts"() {
    "use strict";
    init_tokens();
  }
});

// packages/db/src/queries/api-tokens.ts
async function createApiToken(db, userId, name) {
  const token = `sonde_${newToken()}`;
  const row = await db.insertInto("api_tokens").values({ user_id: userId, name, token_hash: hashToken(token) }).returningAll().executeTakeFirstOrThrow();
  return { token, row };
}
async function listApiTokens(db, userId) {
  return db.selectFrom("api_tokens").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").execute();
}
async function revokeApiToken(db, userId, id) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  const result = await db.updateTable("api_tokens").set({ revoked_at: /* @__PURE__ */ new Date() }).where("id", "=", id).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
async function findApiTokenUser(db, token) {
  const tokenHash = hashToken(token);
  const user = await db.selectFrom("api_tokens as t").innerJoin("users as u", "u.id", "t.user_id").select(["u.id", "u.email", "u.role", "t.created_at as sessionCreatedAt", "t.created_at as lastSeenAt"]).where("t.token_hash", "=", tokenHash).where("t.revoked_at", "is", null).where("u.disabled_at", "is", null).executeTakeFirst();
  if (user) await db.updateTable("api_tokens").set({ last_used_at: /* @__PURE__ */ new Date() }).where("token_hash", "=", tokenHash).execute();
  return user;
}
var init_api_tokens = __esm({
  "packages/db/src/queries/api-tokens.ts"() {
    "use strict";
    init_tokens();
  }
});

// packages/db/src/queries/analysis-variables.ts
async function listAnalysisVariables(db, waveId) {
  return db.withTables().selectFrom("analysis_variables").select(["name", "kind", "store", "position"]).where("wave_id", "=", waveId).orderBy("store").orderBy("position").execute();
}
var init_analysis_variables = __esm({
  "packages/db/src/queries/analysis-variables.ts"() {
    "use strict";
  }
});

// packages/db/src/queries/analysis-exports.ts
async function* submittedAnswerPages(db, waveId, pageSize = 500) {
  const fetchPage = (after) => {
    let query = db.selectFrom("responses").select(["id", "answers"]).where("wave_id", "=", waveId).where("status", "=", "submitted").orderBy("id").limit(pageSize);
    if (after !== null) query = query.where("id", ">", after);
    return query.execute();
  };
  let pending = fetchPage(null);
  try {
    for (; ; ) {
      const page = await pending;
      if (page.length === 0) return;
      pending = page.length < pageSize ? Promise.resolve([]) : fetchPage(page[page.length - 1].id);
      yield page;
    }
  } finally {
    pending.catch(() => {
    });
  }
}
var init_analysis_exports = __esm({
  "packages/db/src/queries/analysis-exports.ts"() {
    "use strict";
  }
});

// packages/db/src/index.ts
var init_src = __esm({
  "packages/db/src/index.ts"() {
    "use strict";
    init_types();
    init_connection();
    init_embedded();
    init_migrate();
    init_tokens();
    init_users();
    init_waves();
    init_organisations();
    init_responses();
    init_audit();
    init_instance();
    init_outbox();
    init_progress();
    init_password_resets();
    init_api_tokens();
    init_analysis_variables();
    init_analysis_exports();
  }
});

// apps/api/src/mail/templates.ts
function renderTemplate(template, values) {
  const deadline = values.closesAt ? `Le questionnaire est ouvert jusqu\u2019au ${values.closesAt.toLocaleDateString("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" })}.` : "";
  const fill = (text2) => text2.replaceAll("{{organisation}}", values.organisation).replaceAll("{{vague}}", values.vague).replaceAll("{{date_limite}}", deadline);
  return { subject: fill(template.subject).replace(/[\r\n]+/g, " "), body: fill(template.body) };
}
var defaultTemplates, linkPlaceholder;
var init_templates = __esm({
  "apps/api/src/mail/templates.ts"() {
    "use strict";
    defaultTemplates = {
      invitation: {
        subject: "{{vague}} : le questionnaire de {{organisation}}",
        body: [
          "Bonjour,",
          "",
          "{{organisation}} est invit\xE9e \xE0 r\xE9pondre \xE0 l\u2019enqu\xEAte \xAB {{vague}} \xBB du r\xE9seau.",
          "",
          "Voici votre lien personnel, \xE0 garder pour vous et vos coll\xE8gues de la structure :",
          "{{lien}}",
          "",
          "Vous pouvez remplir le questionnaire en plusieurs fois et \xE0 plusieurs : chaque r\xE9ponse est enregistr\xE9e au fur et \xE0 mesure.",
          "{{date_limite}}",
          "",
          "Merci pour votre participation !"
        ].join("\n")
      },
      reminder: {
        subject: "Rappel \u2014 {{vague}} : le questionnaire de {{organisation}}",
        body: [
          "Bonjour,",
          "",
          "Le questionnaire de {{organisation}} pour l\u2019enqu\xEAte \xAB {{vague}} \xBB n\u2019est pas encore envoy\xE9.",
          "Vos r\xE9ponses d\xE9j\xE0 saisies sont conserv\xE9es ; vous pouvez reprendre o\xF9 vous en \xE9tiez :",
          "{{lien}}",
          "{{date_limite}}",
          "",
          "Merci !"
        ].join("\n")
      }
    };
    linkPlaceholder = "{{lien}}";
  }
});

// apps/api/src/mail/outbox.ts
import fp from "fastify-plugin";
import nodemailer from "nodemailer";
var outbox_default;
var init_outbox2 = __esm({
  "apps/api/src/mail/outbox.ts"() {
    "use strict";
    init_src();
    init_templates();
    outbox_default = fp(
      async function outbox(app2, options) {
        const transport = options.smtp ? nodemailer.createTransport(options.smtp.url) : null;
        const retry = { maxAttempts: options.maxAttempts ?? 8, baseDelaySeconds: options.baseDelaySeconds ?? 60 };
        let running = null;
        async function sendBatch() {
          let sent = 0;
          let failed = 0;
          if (!transport) return { sent, failed };
          for (; ; ) {
            const batch = await claimDueMessages(app2.db, 20);
            if (batch.length === 0) return { sent, failed };
            for (const message of batch) {
              try {
                const link = message.token_nonce ? `${options.baseUrl}/r/${invitationToken(options.linkSecret, message.token_nonce)}` : message.reset_nonce ? `${options.baseUrl}/admin/reset?token=${passwordResetToken(options.linkSecret, message.reset_nonce)}` : "";
                await transport.sendMail({
                  from: options.smtp.from,
                  to: message.to_address,
                  subject: message.subject,
                  text: message.body.replaceAll(linkPlaceholder, link)
                });
                await markMessageSent(app2.db, message.id);
                sent += 1;
              } catch (err) {
                failed += 1;
                app2.log.warn({ err, messageId: message.id }, "e-mail not sent; will retry");
                await markMessageFailed(app2.db, message, err.message, retry);
              }
            }
          }
        }
        const processDue = () => {
          running ??= sendBatch().finally(() => {
            running = null;
          });
          return running;
        };
        app2.decorate("outbox", { smtpConfigured: transport !== null, processDue });
        if (transport && options.intervalMs > 0) {
          const timer = setInterval(() => {
            processDue().catch((err) => app2.log.warn({ err }, "outbox pass failed"));
          }, options.intervalMs);
          timer.unref();
          app2.addHook("onClose", async () => {
            clearInterval(timer);
            await running;
            transport.close();
          });
        }
      },
      { name: "outbox", dependencies: ["database"] }
    );
  }
});

// apps/api/src/plugins/access.ts
import fp2 from "fastify-plugin";
import cookie from "@fastify/cookie";
var sessionCookie, access_default, staff, readers, anyUser;
var init_access = __esm({
  "apps/api/src/plugins/access.ts"() {
    "use strict";
    init_src();
    init_errors();
    sessionCookie = "sonde_session";
    access_default = fp2(
      async function access(app2, options) {
        await app2.register(cookie);
        app2.decorateRequest("user", null);
        const table = [];
        app2.decorate("routeAccess", table);
        app2.addHook("onRoute", (route) => {
          if (!route.url.startsWith("/api/")) return;
          const rule = route.config?.access;
          if (rule === void 0) {
            throw new Error(`route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
          }
          for (const method of [route.method].flat()) {
            if (method !== "HEAD") table.push({ method, url: route.url, access: rule });
          }
        });
        app2.addHook("onRequest", async (request) => {
          const rule = request.routeOptions.config.access;
          if (rule === void 0 || rule === "public" || rule === "respondent") return;
          const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
          if (bearer) {
            const user2 = await findApiTokenUser(app2.db, bearer);
            if (!user2) throw new AppError("UNAUTHENTICATED", "Unknown or revoked API token.");
            if (!rule.includes(user2.role)) throw new AppError("FORBIDDEN");
            request.user = user2;
            return;
          }
          const token = request.cookies[sessionCookie];
          if (!token) throw new AppError("UNAUTHENTICATED");
          const idHash = hashToken(token);
          const idleSince = new Date(Date.now() - options.sessionIdleMinutes * 6e4);
          const user = await findSessionUser(app2.db, idHash, idleSince);
          if (!user) throw new AppError("UNAUTHENTICATED");
          if (!rule.includes(user.role)) throw new AppError("FORBIDDEN");
          request.user = user;
          if (Date.now() - user.lastSeenAt.getTime() > 6e4) await touchSession(app2.db, idHash);
        });
      },
      { name: "access", dependencies: ["database"] }
    );
    staff = ["admin", "staff"];
    readers = ["admin", "staff", "researcher"];
    anyUser = ["admin", "staff", "researcher"];
  }
});

// apps/api/src/plugins/database.ts
import fastifyPostgres from "@fastify/postgres";
import fp3 from "fastify-plugin";
var database_default;
var init_database = __esm({
  "apps/api/src/plugins/database.ts"() {
    "use strict";
    init_src();
    database_default = fp3(
      async function database(app2, options) {
        await app2.register(fastifyPostgres, poolOptions(options.databaseUrl, options.poolSize ?? 10));
        guardPool(app2.pg.pool, (err) => app2.log.warn({ err }, "database connection lost"));
        app2.decorate("db", createKysely(app2.pg.pool));
      },
      { name: "database" }
    );
  }
});

// apps/api/src/plugins/rate-limit.ts
import fp4 from "fastify-plugin";
var FailureCounter, rate_limit_default;
var init_rate_limit = __esm({
  "apps/api/src/plugins/rate-limit.ts"() {
    "use strict";
    init_errors();
    FailureCounter = class {
      constructor(limit, windowMs) {
        this.limit = limit;
        this.windowMs = windowMs;
      }
      limit;
      windowMs;
      windows = /* @__PURE__ */ new Map();
      /** Throws 429 TOO_MANY_REQUESTS (with Retry-After) once `key` reached its limit this window. */
      assertAllowed(key, now = Date.now()) {
        const entry = this.windows.get(key);
        if (entry && entry.resetAt > now && entry.count >= this.limit) {
          throw new AppError("TOO_MANY_REQUESTS", void 0, { retryAfter: Math.ceil((entry.resetAt - now) / 1e3) });
        }
      }
      recordFailure(key, now = Date.now()) {
        const entry = this.windows.get(key);
        if (!entry || entry.resetAt <= now) {
          if (this.windows.size > 1e5) this.sweep(now);
          this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
        } else {
          entry.count += 1;
        }
      }
      reset(key) {
        this.windows.delete(key);
      }
      sweep(now) {
        for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
      }
    };
    rate_limit_default = fp4(
      async function rateLimit(app2, options) {
        const minute = 6e4;
        app2.decorate("rateLimits", {
          loginPerAccount: new FailureCounter(options.loginPerAccount ?? 5, minute),
          loginPerAddress: new FailureCounter(options.loginPerAddress ?? 20, minute),
          linkGuessesPerAddress: new FailureCounter(options.linkGuessesPerAddress ?? 10, minute),
          resetRequestsPerAddress: new FailureCounter(options.resetRequestsPerAddress ?? 5, minute),
          joinsPerAddress: new FailureCounter(options.joinsPerAddress ?? 5, minute)
        });
      },
      { name: "rate-limit" }
    );
  }
});

// apps/api/src/plugins/security.ts
import fp5 from "fastify-plugin";
var safeMethods, contentSecurityPolicy, security_default;
var init_security = __esm({
  "apps/api/src/plugins/security.ts"() {
    "use strict";
    init_errors();
    safeMethods = /* @__PURE__ */ new Set(["GET", "HEAD", "OPTIONS"]);
    contentSecurityPolicy = [
      "default-src 'self'",
      "script-src 'self'",
      // SurveyJS sets style attributes on its elements.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'"
    ].join("; ");
    security_default = fp5(
      async function security(app2, options) {
        const ownOrigin = new URL(options.baseUrl).origin;
        const https = ownOrigin.startsWith("https:");
        app2.addHook("onRequest", async (request) => {
          if (safeMethods.has(request.method)) return;
          const site = request.headers["sec-fetch-site"];
          if (site !== void 0 && site !== "same-origin" && site !== "none") {
            throw new AppError("CROSS_SITE_REQUEST");
          }
          const origin = request.headers.origin;
          if (origin !== void 0 && origin !== ownOrigin && origin !== `${request.protocol}://${request.host}`) {
            throw new AppError("CROSS_SITE_REQUEST");
          }
        });
        app2.addHook("onSend", async (request, reply) => {
          reply.header("Content-Security-Policy", contentSecurityPolicy);
          reply.header("X-Content-Type-Options", "nosniff");
          reply.header("Referrer-Policy", "no-referrer");
          reply.header("X-Frame-Options", "DENY");
          reply.header("Cross-Origin-Opener-Policy", "same-origin");
          if (https) reply.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
          if (request.url.startsWith("/api/") && !reply.hasHeader("Cache-Control")) {
            reply.header("Cache-Control", "no-store");
          }
        });
      },
      { name: "security" }
    );
  }
});

// packages/contracts/src/errors.ts
import { z } from "zod";
var ErrorBodySchema;
var init_errors2 = __esm({
  "packages/contracts/src/errors.ts"() {
    "use strict";
    ErrorBodySchema = z.object({
      code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
      message: z.string(),
      details: z.unknown().optional()
    });
  }
});

// packages/contracts/src/respondent.ts
import { z as z2 } from "zod";
var AnswerValueSchema, ResponseStatusSchema, WaveStatusSchema, FamilySchema, RespondentViewSchema, PatchAnswersBodySchema, PatchAnswersResultSchema, AnswerConflictSchema, AnswerConflictDetailsSchema, SubmitBodySchema, SubmitResultSchema, ValidationErrorSchema;
var init_respondent = __esm({
  "packages/contracts/src/respondent.ts"() {
    "use strict";
    AnswerValueSchema = z2.unknown();
    ResponseStatusSchema = z2.enum(["not_started", "in_progress", "submitted"]);
    WaveStatusSchema = z2.enum(["draft", "open", "closed", "archived"]);
    FamilySchema = z2.object({
      key: z2.string(),
      labelFr: z2.string(),
      labelEn: z2.string()
    });
    RespondentViewSchema = z2.object({
      wave: z2.object({
        slug: z2.string(),
        title: z2.string(),
        status: WaveStatusSchema,
        closesAt: z2.string().nullable(),
        editAfterSubmit: z2.boolean(),
        families: z2.array(FamilySchema)
      }),
      organisation: z2.object({
        name: z2.string(),
        familyKeys: z2.array(z2.string())
      }),
      questionnaire: z2.record(z2.string(), z2.unknown()),
      response: z2.object({
        status: ResponseStatusSchema,
        revision: z2.number().int(),
        answers: z2.record(z2.string(), z2.unknown()),
        submittedAt: z2.string().nullable()
      })
    });
    PatchAnswersBodySchema = z2.strictObject({
      baseRevision: z2.number().int().min(0),
      answers: z2.record(z2.string(), z2.unknown())
    });
    PatchAnswersResultSchema = z2.object({
      revision: z2.number().int(),
      answers: z2.record(z2.string(), z2.unknown())
    });
    AnswerConflictSchema = z2.object({
      name: z2.string(),
      yours: z2.unknown(),
      theirs: z2.unknown()
    });
    AnswerConflictDetailsSchema = z2.object({
      revision: z2.number().int(),
      conflicts: z2.array(AnswerConflictSchema)
    });
    SubmitBodySchema = z2.strictObject({
      revision: z2.number().int().min(0)
    });
    SubmitResultSchema = z2.object({
      status: z2.literal("submitted"),
      submittedAt: z2.string(),
      revision: z2.number().int()
    });
    ValidationErrorSchema = z2.object({ name: z2.string(), message: z2.string() });
  }
});

// packages/contracts/src/auth.ts
import { z as z3 } from "zod";
var RoleSchema, LoginBodySchema, CurrentUserSchema;
var init_auth = __esm({
  "packages/contracts/src/auth.ts"() {
    "use strict";
    RoleSchema = z3.enum(["admin", "staff", "researcher"]);
    LoginBodySchema = z3.strictObject({
      email: z3.string().trim().toLowerCase().max(254).pipe(z3.email()),
      password: z3.string().min(1).max(128)
    });
    CurrentUserSchema = z3.object({
      id: z3.string(),
      email: z3.string(),
      role: RoleSchema
    });
  }
});

// packages/contracts/src/waves.ts
import { z as z4 } from "zod";
var MessageTemplateSchema, WaveSettingsSchema, WaveSchema, WaveListSchema, slugPattern, FamilyInputSchema, WaveSettingsPatchSchema, CreateWaveBodySchema, UpdateWaveBodySchema, CopyWaveBodySchema, LintProblemSchema, QuestionnaireSchema, LintResultSchema, OrganisationInputSchema, WaveOrganisationSchema, ImportResultSchema, CountsSchema, ProgressSchema;
var init_waves2 = __esm({
  "packages/contracts/src/waves.ts"() {
    "use strict";
    init_respondent();
    MessageTemplateSchema = z4.strictObject({
      subject: z4.string().trim().min(1).max(300),
      body: z4.string().trim().min(1).max(2e4)
    });
    WaveSettingsSchema = z4.object({
      minCellSize: z4.number().int().min(3).max(100),
      editAfterSubmit: z4.boolean(),
      openLink: z4.boolean(),
      retentionUntil: z4.string().nullable(),
      resultsPublished: z4.boolean(),
      exportFreeText: z4.boolean(),
      templates: z4.object({ invitation: MessageTemplateSchema.optional(), reminder: MessageTemplateSchema.optional() }).optional()
    });
    WaveSchema = z4.object({
      id: z4.string(),
      slug: z4.string(),
      title: z4.string(),
      status: WaveStatusSchema,
      opensAt: z4.string().nullable(),
      closesAt: z4.string().nullable(),
      settings: WaveSettingsSchema,
      families: z4.array(FamilySchema),
      createdAt: z4.string()
    });
    WaveListSchema = z4.object({ waves: z4.array(WaveSchema) });
    slugPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;
    FamilyInputSchema = z4.strictObject({
      key: z4.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "snake_case key"),
      labelFr: z4.string().trim().min(1).max(200),
      labelEn: z4.string().trim().min(1).max(200)
    });
    WaveSettingsPatchSchema = z4.strictObject({
      minCellSize: z4.number().int().min(3).max(100).optional(),
      editAfterSubmit: z4.boolean().optional(),
      openLink: z4.boolean().optional(),
      retentionUntil: z4.iso.date().nullable().optional(),
      resultsPublished: z4.boolean().optional(),
      exportFreeText: z4.boolean().optional(),
      /** A template set to null goes back to the default text. */
      templates: z4.strictObject({ invitation: MessageTemplateSchema.nullable().optional(), reminder: MessageTemplateSchema.nullable().optional() }).optional()
    });
    CreateWaveBodySchema = z4.strictObject({
      slug: z4.string().regex(slugPattern, "lowercase letters, digits and dashes (2\u201363)"),
      title: z4.string().trim().min(1).max(300),
      settings: WaveSettingsPatchSchema.optional(),
      families: z4.array(FamilyInputSchema).max(50).optional()
    });
    UpdateWaveBodySchema = z4.strictObject({
      title: z4.string().trim().min(1).max(300).optional(),
      settings: WaveSettingsPatchSchema.optional(),
      families: z4.array(FamilyInputSchema).max(50).optional()
    });
    CopyWaveBodySchema = z4.strictObject({
      slug: z4.string().regex(slugPattern, "lowercase letters, digits and dashes (2\u201363)"),
      title: z4.string().trim().min(1).max(300)
    });
    LintProblemSchema = z4.object({ path: z4.string(), message: z4.string() });
    QuestionnaireSchema = z4.object({
      version: z4.number().int(),
      frozen: z4.boolean(),
      definition: z4.record(z4.string(), z4.unknown()),
      warnings: z4.array(LintProblemSchema)
    });
    LintResultSchema = z4.object({
      errors: z4.array(LintProblemSchema),
      warnings: z4.array(LintProblemSchema)
    });
    OrganisationInputSchema = z4.strictObject({
      name: z4.string().trim().min(1).max(300),
      email: z4.email().max(254).nullable().optional(),
      siren: z4.string().regex(/^\d{9}$/, "9 digits").nullable().optional(),
      region: z4.string().trim().max(100).nullable().optional(),
      familyKeys: z4.array(z4.string()).max(20).optional()
    });
    WaveOrganisationSchema = z4.object({
      id: z4.string(),
      name: z4.string(),
      email: z4.string().nullable(),
      siren: z4.string().nullable(),
      region: z4.string().nullable(),
      familyKeys: z4.array(z4.string()),
      invitation: z4.object({
        id: z4.string(),
        link: z4.string(),
        openedAt: z4.string().nullable(),
        revoked: z4.boolean()
      }),
      response: z4.object({
        status: z4.enum(["not_started", "in_progress", "submitted"]),
        submittedAt: z4.string().nullable(),
        updatedAt: z4.string()
      })
    });
    ImportResultSchema = z4.object({
      dryRun: z4.boolean(),
      written: z4.boolean(),
      created: z4.number().int(),
      updated: z4.number().int(),
      errors: z4.array(z4.object({ line: z4.number().int(), message: z4.string() })),
      rows: z4.array(
        z4.object({
          line: z4.number().int(),
          action: z4.enum(["create", "update"]),
          name: z4.string(),
          email: z4.string().nullable(),
          siren: z4.string().nullable(),
          region: z4.string().nullable(),
          familyKeys: z4.array(z4.string())
        })
      )
    });
    CountsSchema = z4.object({
      invited: z4.number().int(),
      opened: z4.number().int(),
      started: z4.number().int(),
      submitted: z4.number().int(),
      /** AAPOR RR1 = I / invited; RR2 = (I + P) / invited; null when nobody is invited. */
      rr1: z4.number().nullable(),
      rr2: z4.number().nullable()
    });
    ProgressSchema = z4.object({
      totals: CountsSchema,
      families: z4.array(CountsSchema.extend({ key: z4.string(), labelFr: z4.string(), labelEn: z4.string() })),
      itemNonResponse: z4.array(
        z4.object({ name: z4.string(), title: z4.string(), eligible: z4.number().int(), answered: z4.number().int(), rate: z4.number().nullable() })
      ),
      submissionsPerDay: z4.array(z4.object({ date: z4.string(), count: z4.number().int() })),
      notStarted: z4.array(z4.object({ id: z4.string(), name: z4.string(), email: z4.string().nullable() }))
    });
  }
});

// packages/contracts/src/indicators.ts
import { z as z5 } from "zod";
var AggregationSchema, SuppressionReasonSchema, DimensionKeySchema, DimensionValueSchema, IndicatorCellSchema, IndicatorMetaSchema, IndicatorResultsSchema, ComparedIndicatorSchema, ComparedWaveSchema, IndicatorComparisonSchema, ReportItemSchema, MemberReportSchema;
var init_indicators = __esm({
  "packages/contracts/src/indicators.ts"() {
    "use strict";
    AggregationSchema = z5.enum([
      "sum",
      "median",
      "share",
      "pooled_ratio",
      "median_ratio",
      "distribution",
      "derived_sum"
    ]);
    SuppressionReasonSchema = z5.enum(["min_count", "dominance", "secondary", "median_min_count"]);
    DimensionKeySchema = z5.enum(["region", "legal_form", "size_class"]);
    DimensionValueSchema = z5.object({ key: z5.string(), labelFr: z5.string(), labelEn: z5.string() });
    IndicatorCellSchema = z5.object({
      indicator: z5.string(),
      family: z5.string(),
      dimensionValue: z5.string().nullable(),
      category: z5.string().nullable(),
      n: z5.number().int(),
      value: z5.number().nullable(),
      ciLow: z5.number().nullable(),
      ciHigh: z5.number().nullable(),
      q1: z5.number().nullable(),
      q3: z5.number().nullable(),
      suppressed: z5.boolean(),
      reason: SuppressionReasonSchema.nullable()
    });
    IndicatorMetaSchema = z5.object({
      id: z5.string(),
      labelFr: z5.string(),
      labelEn: z5.string(),
      unit: z5.string(),
      aggregation: AggregationSchema,
      questions: z5.array(z5.string()),
      families: z5.array(z5.string()).nullable(),
      factorSource: z5.string().nullable(),
      /** A distribution's categories with the questionnaire's labels (the API adds them where it knows them). */
      categories: z5.array(z5.object({ key: z5.string(), labelFr: z5.string(), labelEn: z5.string() })).nullable().optional()
    });
    IndicatorResultsSchema = z5.object({
      waveId: z5.string(),
      by: z5.literal("family"),
      dimension: DimensionKeySchema.nullable(),
      dimensionValues: z5.array(DimensionValueSchema),
      minCellSize: z5.number().int(),
      indicators: z5.array(IndicatorMetaSchema),
      cells: z5.array(IndicatorCellSchema)
    });
    ComparedIndicatorSchema = IndicatorMetaSchema.extend({
      /** The waves it is in, in the order asked. */
      waveIds: z5.array(z5.string())
    });
    ComparedWaveSchema = z5.object({
      id: z5.string(),
      slug: z5.string(),
      title: z5.string(),
      minCellSize: z5.number().int()
    });
    IndicatorComparisonSchema = z5.object({
      waves: z5.array(ComparedWaveSchema),
      indicators: z5.array(ComparedIndicatorSchema),
      cells: z5.array(IndicatorCellSchema.extend({ waveId: z5.string() }))
    });
    ReportItemSchema = z5.object({
      indicator: IndicatorMetaSchema,
      family: z5.string(),
      own: z5.number().nullable(),
      n: z5.number().int(),
      value: z5.number().nullable(),
      q1: z5.number().nullable(),
      q3: z5.number().nullable(),
      ciLow: z5.number().nullable(),
      ciHigh: z5.number().nullable(),
      suppressed: z5.boolean(),
      reason: SuppressionReasonSchema.nullable()
    });
    MemberReportSchema = z5.object({
      wave: z5.object({ slug: z5.string(), title: z5.string() }),
      organisation: z5.object({ name: z5.string() }),
      submitted: z5.boolean(),
      families: z5.array(z5.object({ key: z5.string(), labelFr: z5.string(), labelEn: z5.string() })),
      minCellSize: z5.number().int(),
      items: z5.array(ReportItemSchema)
    });
  }
});

// packages/contracts/src/staff.ts
import { z as z6 } from "zod";
var SendInvitationsBodySchema, SendInvitationsResultSchema, OutboxMessageSchema, OutboxSchema, UserSchema, AuditEventSchema;
var init_staff = __esm({
  "packages/contracts/src/staff.ts"() {
    "use strict";
    init_auth();
    SendInvitationsBodySchema = z6.strictObject({
      kind: z6.enum(["invitation", "reminder"]),
      organisationIds: z6.array(z6.uuid()).max(2e4).optional()
    });
    SendInvitationsResultSchema = z6.object({
      queued: z6.number().int(),
      skipped: z6.array(
        z6.object({
          organisationId: z6.string(),
          name: z6.string(),
          reason: z6.enum(["no_email", "already_invited", "submitted", "revoked"])
        })
      )
    });
    OutboxMessageSchema = z6.object({
      id: z6.string(),
      kind: z6.enum(["invitation", "reminder", "password_reset"]),
      to: z6.string(),
      subject: z6.string(),
      status: z6.enum(["pending", "sending", "sent", "failed"]),
      attempts: z6.number().int(),
      lastError: z6.string().nullable(),
      createdAt: z6.string(),
      sentAt: z6.string().nullable(),
      organisationName: z6.string().nullable()
    });
    OutboxSchema = z6.object({ smtpConfigured: z6.boolean(), messages: z6.array(OutboxMessageSchema) });
    UserSchema = z6.object({
      id: z6.string(),
      email: z6.string(),
      role: RoleSchema,
      disabled: z6.boolean(),
      createdAt: z6.string()
    });
    AuditEventSchema = z6.object({
      id: z6.string(),
      at: z6.string(),
      actorType: z6.enum(["user", "respondent", "system"]),
      actorId: z6.string().nullable(),
      actorEmail: z6.string().nullable(),
      waveId: z6.string().nullable(),
      action: z6.string(),
      details: z6.record(z6.string(), z6.unknown())
    });
  }
});

// packages/contracts/src/index.ts
var init_src2 = __esm({
  "packages/contracts/src/index.ts"() {
    "use strict";
    init_errors2();
    init_respondent();
    init_auth();
    init_waves2();
    init_indicators();
    init_staff();
  }
});

// apps/api/src/routes/auth/password.ts
import { hash, verify } from "@node-rs/argon2";
function hashPassword(password) {
  return hash(password, parameters);
}
async function verifyPassword(storedHash, password) {
  if (storedHash === void 0) {
    decoyHash ??= hashPassword("decoy password that nobody has");
    await verify(await decoyHash, password);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
var parameters, decoyHash;
var init_password = __esm({
  "apps/api/src/routes/auth/password.ts"() {
    "use strict";
    parameters = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };
  }
});

// apps/api/src/routes/auth/index.ts
import { z as z7 } from "zod";
var resetValidMinutes, UserBodySchema, authRoutes, auth_default;
var init_auth2 = __esm({
  "apps/api/src/routes/auth/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_errors();
    init_access();
    init_password();
    resetValidMinutes = 30;
    UserBodySchema = z7.object({ user: CurrentUserSchema });
    authRoutes = async (app2, options) => {
      app2.post(
        "/api/auth/login",
        {
          config: { access: "public" },
          schema: { body: LoginBodySchema, response: { 200: UserBodySchema } }
        },
        async (request, reply) => {
          const { email, password } = request.body;
          const { loginPerAccount, loginPerAddress } = app2.rateLimits;
          loginPerAccount.assertAllowed(email);
          loginPerAddress.assertAllowed(request.ip);
          const user = await findUserByEmail(app2.db, email);
          const valid = await verifyPassword(user?.password_hash, password);
          if (!user || !valid || user.disabled_at !== null) {
            loginPerAccount.recordFailure(email);
            loginPerAddress.recordFailure(request.ip);
            throw new AppError("INVALID_CREDENTIALS");
          }
          loginPerAccount.reset(email);
          const previous = request.cookies[sessionCookie];
          if (previous) await deleteSession(app2.db, hashToken(previous));
          const token = newToken();
          const expiresAt = new Date(Date.now() + options.sessionMaxHours * 36e5);
          await createSession(app2.db, { idHash: hashToken(token), userId: user.id, expiresAt });
          reply.setCookie(sessionCookie, token, {
            path: "/",
            httpOnly: true,
            sameSite: "lax",
            secure: options.secureCookies,
            expires: expiresAt
          });
          return { user: { id: user.id, email: user.email, role: user.role } };
        }
      );
      app2.post(
        "/api/auth/logout",
        { config: { access: "public" }, schema: { response: { 204: z7.null() } } },
        async (request, reply) => {
          const token = request.cookies[sessionCookie];
          if (token) await deleteSession(app2.db, hashToken(token));
          reply.clearCookie(sessionCookie, { path: "/" });
          return reply.code(204).send(null);
        }
      );
      app2.post(
        "/api/auth/password-reset/request",
        {
          config: { access: "public" },
          schema: {
            body: z7.strictObject({ email: z7.string().trim().toLowerCase().max(254).pipe(z7.email()) }),
            response: { 202: z7.object({ status: z7.literal("sent_if_known") }) }
          }
        },
        async (request, reply) => {
          const counter = app2.rateLimits.resetRequestsPerAddress;
          counter.assertAllowed(request.ip);
          counter.recordFailure(request.ip);
          const user = await findUserByEmail(app2.db, request.body.email);
          if (user && user.disabled_at === null) {
            await app2.db.transaction().execute(async (trx) => {
              const resetId = await createPasswordReset(trx, options.linkSecret, user.id, resetValidMinutes);
              await enqueueMessages(trx, [
                {
                  kind: "password_reset",
                  waveId: null,
                  invitationId: null,
                  passwordResetId: resetId,
                  to: user.email,
                  subject: "Sonde : choisir un nouveau mot de passe",
                  body: [
                    "Bonjour,",
                    "",
                    "Pour choisir un nouveau mot de passe Sonde, ouvrez ce lien dans les 30 minutes :",
                    "{{lien}}",
                    "",
                    "Si vous n\u2019avez rien demand\xE9, ignorez ce message : votre mot de passe ne change pas."
                  ].join("\n")
                }
              ]);
            });
            void app2.outbox.processDue().catch((err) => app2.log.warn({ err }, "outbox pass failed"));
          }
          return reply.code(202).send({ status: "sent_if_known" });
        }
      );
      app2.post(
        "/api/auth/password-reset",
        {
          config: { access: "public" },
          schema: {
            body: z7.strictObject({ token: z7.string().min(1).max(200), password: z7.string().min(8).max(128) }),
            response: { 204: z7.null() }
          }
        },
        async (request, reply) => {
          const userId = await consumePasswordReset(app2.db, request.body.token);
          if (!userId) throw new AppError("RESET_TOKEN_INVALID");
          const passwordHash = await hashPassword(request.body.password);
          await app2.db.transaction().execute(async (trx) => {
            await updateUser(trx, userId, { passwordHash });
            await recordAudit(trx, { actorType: "user", actorId: userId, waveId: null, action: "user.password_reset" });
          });
          return reply.code(204).send(null);
        }
      );
      app2.get(
        "/api/auth/me",
        { config: { access: anyUser }, schema: { response: { 200: UserBodySchema } } },
        async (request) => {
          const user = request.user;
          return { user: { id: user.id, email: user.email, role: user.role } };
        }
      );
    };
    auth_default = authRoutes;
  }
});

// apps/api/src/routes/health/index.ts
import { sql as sql6 } from "kysely";
import { z as z8 } from "zod";
var HealthSchema, UnhealthySchema, healthRoutes, health_default;
var init_health = __esm({
  "apps/api/src/routes/health/index.ts"() {
    "use strict";
    HealthSchema = z8.object({ status: z8.literal("ok"), db: z8.literal("ok") });
    UnhealthySchema = z8.object({
      status: z8.literal("unavailable"),
      db: z8.literal("unreachable"),
      code: z8.literal("DATABASE_UNAVAILABLE"),
      message: z8.string()
    });
    healthRoutes = async (app2) => {
      app2.get(
        "/api/health",
        { config: { access: "public" }, schema: { response: { 200: HealthSchema, 503: UnhealthySchema } } },
        async (_request, reply) => {
          try {
            await sql6`select 1`.execute(app2.db);
            return { status: "ok", db: "ok" };
          } catch (err) {
            app2.log.warn({ err }, "health check: database unreachable");
            return reply.code(503).send({
              status: "unavailable",
              db: "unreachable",
              code: "DATABASE_UNAVAILABLE",
              message: "The database is unreachable."
            });
          }
        }
      );
    };
    health_default = healthRoutes;
  }
});

// packages/analysis/src/statistics/wilson.ts
function wilsonInterval(x, n, z21 = 1.96) {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(x) || x < 0 || x > n) throw new RangeError(`x must be an integer in [0, n], got ${x}`);
  if (n === 0) return null;
  const p = x / n;
  const z22 = z21 * z21;
  const denominator = 1 + z22 / n;
  const centre = (p + z22 / (2 * n)) / denominator;
  const halfWidth = z21 / denominator * Math.sqrt(p * (1 - p) / n + z22 / (4 * n * n));
  return {
    low: x === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: x === n ? 1 : Math.min(1, centre + halfWidth)
  };
}
var init_wilson = __esm({
  "packages/analysis/src/statistics/wilson.ts"() {
    "use strict";
  }
});

// packages/analysis/src/statistics/binomial.ts
function qbinom(p, size, prob) {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`);
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`prob must be in [0, 1], got ${prob}`);
  if (p === 0 || prob === 0) return 0;
  if (prob === 1) return size;
  if (prob === 0.5 && size <= QBINOM_EXACT_LIMIT) return qbinomHalfExact(p, size);
  return qbinomLogSpace(p, size, prob);
}
function qbinomHalfExact(p, n) {
  let scaled = p;
  let shift = 0n;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    shift += 1n;
  }
  const target = BigInt(scaled) << BigInt(n);
  let coefficient = 1n;
  let cumulative = 0n;
  for (let k = 0; k < n; k++) {
    cumulative += coefficient;
    if (cumulative << shift >= target) return k;
    coefficient = coefficient * BigInt(n - k) / BigInt(k + 1);
  }
  return n;
}
function qbinomLogSpace(p, size, prob) {
  const logP = Math.log(p);
  const logOdds = Math.log(prob) - Math.log1p(-prob);
  let logPmf = size * Math.log1p(-prob);
  let logCdf = logPmf;
  for (let k = 0; k < size; k++) {
    if (logCdf >= logP) return k;
    logPmf += Math.log((size - k) / (k + 1)) + logOdds;
    logCdf = logCdf > logPmf ? logCdf + Math.log1p(Math.exp(logPmf - logCdf)) : logPmf + Math.log1p(Math.exp(logCdf - logPmf));
  }
  return size;
}
var QBINOM_EXACT_LIMIT;
var init_binomial = __esm({
  "packages/analysis/src/statistics/binomial.ts"() {
    "use strict";
    QBINOM_EXACT_LIMIT = 1e3;
  }
});

// packages/analysis/src/statistics/median-interval.ts
function medianIntervalRanks(n, confidence = 0.95) {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (n === 0) return null;
  const lower = qbinom((1 - confidence) / 2, n, 0.5);
  if (lower < 1) return null;
  return { lower, upper: n - lower + 1 };
}
var init_median_interval = __esm({
  "packages/analysis/src/statistics/median-interval.ts"() {
    "use strict";
    init_binomial();
  }
});

// packages/analysis/src/statistics/special-functions.ts
function logGamma(x) {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z21 = x - 1;
  let a = LANCZOS[0];
  const t = z21 + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z21 + i);
  return 0.5 * Math.log(2 * Math.PI) + (z21 + 0.5) * Math.log(t) - t + Math.log(a);
}
function logBeta(a, b) {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}
function betaContinuedFraction(x, a, b) {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - qab * x / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1e5; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) return h;
  }
  throw new Error(`incomplete beta: no convergence for x=${x}, a=${a}, b=${b}`);
}
function regularizedIncompleteBeta(x, a, b) {
  if (!(x >= 0 && x <= 1)) throw new RangeError(`x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return front * betaContinuedFraction(x, a, b) / a;
  return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
}
var LANCZOS_G, LANCZOS;
var init_special_functions = __esm({
  "packages/analysis/src/statistics/special-functions.ts"() {
    "use strict";
    LANCZOS_G = 7;
    LANCZOS = [
      0.9999999999998099,
      676.5203681218851,
      -1259.1392167224028,
      771.3234287776531,
      -176.6150291621406,
      12.507343278686905,
      -0.13857109526572012,
      9984369578019572e-21,
      15056327351493116e-23
    ];
  }
});

// packages/analysis/src/statistics/student-t.ts
function studentTUpperTail(t, df) {
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  if (t < 0) return 1 - studentTUpperTail(-t, df);
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}
function studentTQuantile(p, df) {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const tail = 1 - p;
  let lo = 0;
  let hi = 1;
  while (studentTUpperTail(hi, df) > tail) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTUpperTail(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
var init_student_t = __esm({
  "packages/analysis/src/statistics/student-t.ts"() {
    "use strict";
    init_special_functions();
  }
});

// packages/analysis/src/statistics/mean-interval.ts
var init_mean_interval = __esm({
  "packages/analysis/src/statistics/mean-interval.ts"() {
    "use strict";
    init_student_t();
  }
});

// packages/analysis/src/statistics/ratio-interval.ts
function ratioStandardError(sums) {
  const { n, sumX, sumY, sumXX, sumYY, sumXY } = sums;
  if (n < 2 || sumX === 0) return null;
  const r = sumY / sumX;
  const residualSquares = Math.max(0, sumYY - 2 * r * sumXY + r * r * sumXX);
  const meanX = sumX / n;
  return Math.sqrt(residualSquares / ((n - 1) * n * meanX * meanX));
}
function coefficientOfVariationOfMean(n, sum, sumSquares) {
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - sum * sum / n) / (n - 1));
  return Math.sqrt(variance / n) / Math.abs(mean);
}
function ratioInterval(sums, confidence = 0.95) {
  const { n, sumX, sumY, sumXX, sumYY } = sums;
  if (n < RATIO_MIN_N || sumX === 0 || sumY === 0) return null;
  if (coefficientOfVariationOfMean(n, sumX, sumXX) >= RATIO_MAX_CV) return null;
  if (coefficientOfVariationOfMean(n, sumY, sumYY) >= RATIO_MAX_CV) return null;
  const se = ratioStandardError(sums);
  if (se === null) return null;
  const r = sumY / sumX;
  const halfWidth = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * se;
  return { low: r - halfWidth, high: r + halfWidth };
}
var RATIO_MIN_N, RATIO_MAX_CV;
var init_ratio_interval = __esm({
  "packages/analysis/src/statistics/ratio-interval.ts"() {
    "use strict";
    init_student_t();
    RATIO_MIN_N = 30;
    RATIO_MAX_CV = 0.1;
  }
});

// packages/analysis/src/statistics/quantile.ts
var init_quantile = __esm({
  "packages/analysis/src/statistics/quantile.ts"() {
    "use strict";
  }
});

// packages/analysis/src/indicators/factors.ts
var ADEME_2022, ADEME_ARCEP_2022, ademe2022Factors, ademeArcep2022Factors, fullTimeEquivalentFactor;
var init_factors = __esm({
  "packages/analysis/src/indicators/factors.ts"() {
    "use strict";
    ADEME_2022 = "ADEME 2022, \xE9valuation de l'impact environnemental des produits reconditionn\xE9s (valeur cit\xE9e par la presse)";
    ADEME_ARCEP_2022 = "ADEME\u2013Arcep 2022, \xE9valuation de l'impact environnemental du num\xE9rique en France (fabrication et distribution), via la base Impact CO2 de l'ADEME";
    ademe2022Factors = {
      smartphoneCo2e: { value: 24.6, unit: "kg CO2e / appareil / an", source: ADEME_2022, version: "ademe-2022" },
      laptopCo2e: { value: 27, unit: "kg CO2e / appareil / an", source: ADEME_2022, version: "ademe-2022" },
      smartphoneMaterials: { value: 76.9, unit: "kg / appareil / an", source: ADEME_2022, version: "ademe-2022" },
      laptopMaterials: { value: 127, unit: "kg / appareil / an", source: ADEME_2022, version: "ademe-2022" }
    };
    ademeArcep2022Factors = {
      smartphone: { value: 85.1, unit: "kg CO2e / appareil neuf", source: ADEME_ARCEP_2022, version: "ademe-arcep-2022" },
      laptop: { value: 182.6, unit: "kg CO2e / appareil neuf", source: ADEME_ARCEP_2022, version: "ademe-arcep-2022" },
      tablet: { value: 59.7, unit: "kg CO2e / appareil neuf", source: ADEME_ARCEP_2022, version: "ademe-arcep-2022" },
      desktop: { value: 204.4, unit: "kg CO2e / unit\xE9 centrale neuve (sans \xE9cran)", source: ADEME_ARCEP_2022, version: "ademe-arcep-2022" },
      screen: { value: 65.9, unit: "kg CO2e / \xE9cran 24 pouces neuf", source: ADEME_ARCEP_2022, version: "ademe-arcep-2022" }
    };
    fullTimeEquivalentFactor = {
      value: 1 / 1607,
      unit: "ETP / heure (1 ETP = 1 607 h)",
      source: "Dur\xE9e l\xE9gale annuelle du travail \xE0 temps plein en France : 1 607 heures (Code du travail)",
      version: "fr-1607h"
    };
  }
});

// packages/analysis/src/indicators/default-indicators.ts
function total(id, question, [fr, en], unit, families) {
  return { id, labelFr: fr + TOTAL_FR, labelEn: en + TOTAL_EN, unit, aggregation: "sum", question, families };
}
function median(id, question, [fr, en], unit, families) {
  return {
    id,
    labelFr: `${fr} (m\xE9diane et quartiles)`,
    labelEn: `${en} (median and quartiles)`,
    unit,
    aggregation: "median",
    question,
    families
  };
}
function ratio(id, aggregation, numerator, denominator, [fr, en], unit, families) {
  return { id, labelFr: fr, labelEn: en, unit, aggregation, numerator, denominator, families };
}
function share(id, question, when, [fr, en], families) {
  return { id, labelFr: fr, labelEn: en, unit: "proportion", aggregation: "share", question, when, families };
}
function distribution(id, question, categories, multiple, [fr, en], families) {
  return { id, labelFr: fr, labelEn: en, unit: "proportion", aggregation: "distribution", question, categories, multiple, families };
}
var DEVICES, FORMES_JURIDIQUES, ESUS_CAP_TOP_FIVE_SMIC, ESUS_CAP_HIGHEST_SMIC, TOTAL_FR, TOTAL_EN, ALL, INSERTION, REEMPLOI, INCLUSION, COMMUNS, PLATEFORMES, MESURE, governance, FREE_SOFTWARE, EQUIPPED, sovereignty, insertion, reemploi, inclusion, communs, plateformes, mesure, defaultIndicators;
var init_default_indicators = __esm({
  "packages/analysis/src/indicators/default-indicators.ts"() {
    "use strict";
    init_factors();
    DEVICES = ["ree_smartphones", "ree_portables", "ree_fixes", "ree_tablettes", "ree_ecrans"];
    FORMES_JURIDIQUES = [
      "association",
      "scop",
      "scic",
      "cae",
      "sas_ess",
      "fondation",
      "mutuelle",
      "cooperative_autre",
      "autre"
    ];
    ESUS_CAP_TOP_FIVE_SMIC = 7;
    ESUS_CAP_HIGHEST_SMIC = 10;
    TOTAL_FR = " (total d\xE9clar\xE9 par les r\xE9pondants)";
    TOTAL_EN = " (total reported by respondents)";
    ALL = null;
    INSERTION = ["insertion"];
    REEMPLOI = ["reemploi"];
    INCLUSION = ["inclusion"];
    COMMUNS = ["communs"];
    PLATEFORMES = ["plateformes"];
    MESURE = ["mesure"];
    governance = [
      distribution("forme_juridique", "forme_juridique", FORMES_JURIDIQUES, false, ["Forme juridique", "Legal form"], ALL),
      distribution("agrement_esus", "agrement_esus", ["oui", "non", "en_cours"], false, ["Agr\xE9ment ESUS", "ESUS approval"], ALL),
      share("agrement_esus_part", "agrement_esus", { equals: "oui" }, [
        "Part des organisations disposant de l'agr\xE9ment ESUS",
        "Share of organisations with the ESUS approval"
      ], ALL),
      share("gouvernance_democratique_part", "gouvernance_democratique", { equals: true }, [
        "Part des organisations \xE0 gouvernance d\xE9mocratique (une personne, une voix)",
        "Share of organisations with democratic governance (one person, one vote)"
      ], ALL),
      ratio("ca_part_femmes_mediane", "median_ratio", ["ca_femmes"], ["ca_membres"], [
        "Part des femmes au conseil d'administration (m\xE9diane des organisations)",
        "Share of women on the board (median over organisations)"
      ], "proportion", ALL),
      ratio("ca_part_femmes_globale", "pooled_ratio", ["ca_femmes"], ["ca_membres"], [
        "Part des femmes parmi l'ensemble des membres des conseils d'administration",
        "Share of women among all board members"
      ], "proportion", ALL),
      median("ecart_salaires_mediane", "ecart_salaires_ratio", [
        "\xC9cart entre la r\xE9mun\xE9ration la plus haute et la plus basse, en ETP",
        "Ratio of the highest to the lowest full-time pay"
      ], "rapport", ALL),
      share("esus_plafond_5_plus_hauts_part", "salaires_5_plus_hauts_smic", { atMost: ESUS_CAP_TOP_FIVE_SMIC }, [
        "Part des organisations dont la moyenne des 5 r\xE9mun\xE9rations les plus \xE9lev\xE9es ne d\xE9passe pas 7 SMIC (plafond ESUS)",
        "Share of organisations whose 5 highest pays average at most 7 \xD7 the minimum wage (ESUS cap)"
      ], ALL),
      share("esus_plafond_plus_haute_part", "salaire_plus_haut_smic", { atMost: ESUS_CAP_HIGHEST_SMIC }, [
        "Part des organisations dont la r\xE9mun\xE9ration la plus \xE9lev\xE9e ne d\xE9passe pas 10 SMIC (plafond ESUS)",
        "Share of organisations whose highest pay is at most 10 \xD7 the minimum wage (ESUS cap)"
      ], ALL),
      total("salaries_nombre_total", "salaries_nombre", ["Salari\xE9s au 31 d\xE9cembre", "Employees on 31 December"], "personnes", ALL),
      median("salaries_nombre_mediane", "salaries_nombre", ["Salari\xE9s par organisation", "Employees per organisation"], "personnes", ALL),
      total("salaries_etp_total", "salaries_etp", ["Salari\xE9s en \xE9quivalent temps plein", "Full-time equivalent employees"], "ETP", ALL),
      median("salaries_etp_mediane", "salaries_etp", [
        "Salari\xE9s en \xE9quivalent temps plein par organisation",
        "Full-time equivalent employees per organisation"
      ], "ETP", ALL),
      total("benevoles_total", "benevoles_nombre", ["B\xE9n\xE9voles actifs", "Active volunteers"], "personnes", ALL),
      total("benevoles_heures_total", "benevoles_heures", ["Heures de b\xE9n\xE9volat", "Volunteer hours"], "heures", ALL),
      {
        id: "benevoles_etp",
        labelFr: "B\xE9n\xE9volat en \xE9quivalent temps plein (heures \xF7 1 607, total d\xE9clar\xE9 par les r\xE9pondants)",
        labelEn: "Volunteering in full-time equivalents (hours \xF7 1,607, total reported by respondents)",
        unit: "ETP",
        aggregation: "derived_sum",
        terms: [{ question: "benevoles_heures", factor: fullTimeEquivalentFactor }],
        multiplier: null,
        families: ALL
      },
      median("budget_annuel_median", "budget_annuel", ["Budget annuel", "Annual budget"], "EUR", ALL),
      median("part_financement_public_mediane", "part_financement_public", [
        "Part des financements publics dans le budget",
        "Share of public funding in the budget"
      ], "%", ALL),
      ratio(
        "part_financement_public_globale",
        "pooled_ratio",
        [{ question: "part_financement_public", times: "budget_annuel", coefficient: 0.01 }],
        ["budget_annuel"],
        [
          "Part des financements publics dans l'ensemble des budgets des r\xE9pondants",
          "Share of public funding in the pooled budgets of respondents"
        ],
        "proportion",
        ALL
      ),
      median("part_revenus_activite_mediane", "part_revenus_activite", [
        "Part des revenus d'activit\xE9 dans le budget",
        "Share of earned income in the budget"
      ], "%", ALL),
      ratio(
        "part_revenus_activite_globale",
        "pooled_ratio",
        [{ question: "part_revenus_activite", times: "budget_annuel", coefficient: 0.01 }],
        ["budget_annuel"],
        [
          "Part des revenus d'activit\xE9 dans l'ensemble des budgets des r\xE9pondants",
          "Share of earned income in the pooled budgets of respondents"
        ],
        "proportion",
        ALL
      ),
      share("evaluation_impact_part", "evaluation_impact", { equals: true }, [
        "Part des organisations ayant une d\xE9marche d'\xE9valuation de leur impact",
        "Share of organisations with an impact-evaluation practice"
      ], ALL)
    ];
    FREE_SOFTWARE = [{ question: "nr_outils_libres", count: true, default: 0 }];
    EQUIPPED = [{ question: "nr_fonctions_equipees", count: true }];
    sovereignty = [
      ratio("nr_logiciels_libres_part_mediane", "median_ratio", FREE_SOFTWARE, EQUIPPED, [
        "Part des fonctions outill\xE9es par un logiciel libre (m\xE9diane des organisations)",
        "Share of equipped functions run on free software (median over organisations)"
      ], "proportion", ALL),
      ratio("nr_logiciels_libres_part_globale", "pooled_ratio", FREE_SOFTWARE, EQUIPPED, [
        "Part des fonctions outill\xE9es par un logiciel libre, sur l'ensemble des r\xE9pondants",
        "Share of equipped functions run on free software, over all respondents"
      ], "proportion", ALL),
      distribution("nr_hebergement_localisation", "nr_hebergement_localisation", ["france", "ue", "hors_ue", "ne_sait_pas"], false, [
        "Localisation de l'h\xE9bergement principal",
        "Location of the main hosting"
      ], ALL),
      share("nr_hebergement_hors_lois_extra_ue_part", "nr_hebergement_hors_lois_extra_ue", { equals: true }, [
        "Part des organisations dont l'h\xE9bergeur principal \xE9chappe aux lois extra-europ\xE9ennes",
        "Share of organisations whose main host is not subject to non-EU laws"
      ], ALL),
      share("nr_code_publie_part", "nr_code_publie", { equals: true }, [
        "Part des organisations publiant le code source de leurs logiciels",
        "Share of organisations publishing the source code of their software"
      ], ALL),
      distribution("nr_licence_code", "nr_licence_code", ["agpl", "gpl", "lgpl", "mpl", "apache", "mit", "bsd", "autre"], false, [
        "Licence principale du code publi\xE9",
        "Main licence of the published code"
      ], ALL),
      share("nr_empreinte_mesuree_part", "nr_empreinte_mesuree", { equals: true }, [
        "Part des organisations ayant mesur\xE9 leur empreinte num\xE9rique",
        "Share of organisations that measured their digital footprint"
      ], ALL),
      distribution(
        "nr_outil_empreinte",
        "nr_outil_empreinte",
        ["ecoindex", "greenit_analysis", "numecodiag", "fruggr", "bilan_carbone", "prestataire", "methode_interne", "autre"],
        false,
        ["Outil de mesure de l'empreinte num\xE9rique", "Tool used to measure the digital footprint"],
        ALL
      ),
      median("nr_ecoindex_mediane", "nr_ecoindex", ["Score EcoIndex du site principal", "EcoIndex score of the main website"], "points", ALL),
      median("nr_rgaa_taux_mediane", "nr_rgaa_taux", [
        "Taux de conformit\xE9 RGAA d\xE9clar\xE9 du site principal",
        "Declared RGAA conformity rate of the main website"
      ], "%", ALL)
    ];
    insertion = [
      total("ins_personnes_formees_total", "ins_personnes_formees", ["Personnes form\xE9es", "People trained"], "personnes", INSERTION),
      {
        id: "ins_personnes_formees_mediane",
        labelFr: "Personnes form\xE9es par organisation (m\xE9diane)",
        labelEn: "People trained per organisation (median)",
        unit: "personnes",
        aggregation: "median",
        question: "ins_personnes_formees",
        families: INSERTION
      },
      total("ins_heures_stagiaires_total", "ins_heures_stagiaires", ["Heures-stagiaires de formation", "Training hours \xD7 trainees"], "heures", INSERTION),
      ratio("ins_part_precarite_globale", "pooled_ratio", ["ins_beneficiaires_precarite"], ["ins_beneficiaires_total"], [
        "Part des b\xE9n\xE9ficiaires en situation de pr\xE9carit\xE9",
        "Share of beneficiaries in precarity"
      ], "proportion", INSERTION),
      ratio("ins_part_precarite_mediane", "median_ratio", ["ins_beneficiaires_precarite"], ["ins_beneficiaires_total"], [
        "Part des b\xE9n\xE9ficiaires en situation de pr\xE9carit\xE9 (m\xE9diane des organisations)",
        "Share of beneficiaries in precarity (median over organisations)"
      ], "proportion", INSERTION),
      total("ins_salaries_insertion_total", "ins_salaries_insertion", ["Salari\xE9s en parcours d'insertion", "Employees in integration"], "personnes", INSERTION),
      total("ins_etp_insertion_total", "ins_etp_insertion", [
        "Salari\xE9s en parcours d'insertion, en \xE9quivalent temps plein",
        "Employees in integration, full-time equivalent"
      ], "ETP", INSERTION),
      ratio("ins_taux_sorties_dynamiques", "pooled_ratio", ["ins_sorties_dynamiques"], ["ins_sorties_total"], [
        "Taux de sorties dynamiques",
        "Rate of positive exits"
      ], "proportion", INSERTION),
      share("ins_suivi_6_mois_part", "ins_emploi_6_mois", { equals: true }, [
        "Part des organisations suivant la situation (emploi ou formation) des personnes 6 mois apr\xE8s leur sortie",
        "Share of organisations following up on employment or training 6 months after exit"
      ], INSERTION),
      ratio("ins_budget_par_personne", "median_ratio", ["budget_annuel"], ["ins_beneficiaires_total"], [
        "Budget par personne accompagn\xE9e (m\xE9diane des organisations)",
        "Budget per person supported (median over organisations)"
      ], "EUR", INSERTION)
    ];
    reemploi = [
      total("ree_smartphones_total", "ree_smartphones", ["Smartphones reconditionn\xE9s", "Refurbished smartphones"], "appareils", REEMPLOI),
      total("ree_portables_total", "ree_portables", ["Ordinateurs portables reconditionn\xE9s", "Refurbished laptops"], "appareils", REEMPLOI),
      total("ree_fixes_total", "ree_fixes", ["Ordinateurs fixes reconditionn\xE9s", "Refurbished desktops"], "appareils", REEMPLOI),
      total("ree_tablettes_total", "ree_tablettes", ["Tablettes reconditionn\xE9es", "Refurbished tablets"], "appareils", REEMPLOI),
      total("ree_ecrans_total", "ree_ecrans", ["\xC9crans reconditionn\xE9s", "Refurbished screens"], "appareils", REEMPLOI),
      total("ree_solidaires_total", "ree_solidaires", [
        "Appareils donn\xE9s ou vendus \xE0 prix solidaire",
        "Devices given away or sold at a solidarity price"
      ], "appareils", REEMPLOI),
      ratio("ree_part_solidaire", "pooled_ratio", ["ree_solidaires"], DEVICES, [
        "Part des appareils reconditionn\xE9s donn\xE9s ou vendus \xE0 prix solidaire",
        "Share of refurbished devices given away or sold at a solidarity price"
      ], "proportion", REEMPLOI),
      total("ree_deee_collectes_total", "ree_deee_collectes_kg", ["DEEE collect\xE9s", "WEEE collected"], "kg", REEMPLOI),
      total("ree_deee_reemployes_total", "ree_deee_reemployes_kg", ["DEEE r\xE9employ\xE9s", "WEEE reused"], "kg", REEMPLOI),
      total("ree_deee_recycles_total", "ree_deee_recycles_kg", ["DEEE orient\xE9s vers le recyclage", "WEEE sent to recycling"], "kg", REEMPLOI),
      ratio("ree_taux_reemploi_deee", "pooled_ratio", ["ree_deee_reemployes_kg"], ["ree_deee_collectes_kg"], [
        "Taux de r\xE9emploi des DEEE collect\xE9s (en masse)",
        "Reuse rate of collected WEEE (by mass)"
      ], "proportion", REEMPLOI),
      total("ree_etp_insertion_total", "ree_etp_insertion", ["ETP en insertion dans l'atelier", "Integration FTE in the workshop"], "ETP", REEMPLOI),
      {
        id: "ree_co2e_evite",
        labelFr: "\xC9missions \xE9vit\xE9es par le reconditionnement de smartphones et d'ordinateurs portables",
        labelEn: "Emissions avoided by refurbishing smartphones and laptops",
        unit: "kg CO2e",
        aggregation: "derived_sum",
        terms: [
          { question: "ree_smartphones", factor: ademe2022Factors.smartphoneCo2e },
          { question: "ree_portables", factor: ademe2022Factors.laptopCo2e }
        ],
        multiplier: { question: "ree_annees_usage_supplementaires", default: 1 },
        families: REEMPLOI
      },
      {
        id: "ree_matieres_evitees",
        labelFr: "Mati\xE8res premi\xE8res \xE9vit\xE9es par le reconditionnement de smartphones et d'ordinateurs portables",
        labelEn: "Raw materials avoided by refurbishing smartphones and laptops",
        unit: "kg",
        aggregation: "derived_sum",
        terms: [
          { question: "ree_smartphones", factor: ademe2022Factors.smartphoneMaterials },
          { question: "ree_portables", factor: ademe2022Factors.laptopMaterials }
        ],
        multiplier: { question: "ree_annees_usage_supplementaires", default: 1 },
        families: REEMPLOI
      },
      {
        id: "ree_co2e_fabrication_neuf",
        labelFr: "\xC9missions de fabrication des appareils neufs que les appareils reconditionn\xE9s remplacent (borne haute : un achat neuf \xE9vit\xE9 par appareil)",
        labelEn: "Manufacturing emissions of the new devices the refurbished ones replace (upper bound: one new purchase avoided per device)",
        unit: "kg CO2e",
        aggregation: "derived_sum",
        terms: [
          { question: "ree_smartphones", factor: ademeArcep2022Factors.smartphone },
          { question: "ree_portables", factor: ademeArcep2022Factors.laptop },
          { question: "ree_tablettes", factor: ademeArcep2022Factors.tablet },
          { question: "ree_fixes", factor: ademeArcep2022Factors.desktop },
          { question: "ree_ecrans", factor: ademeArcep2022Factors.screen }
        ],
        multiplier: null,
        families: REEMPLOI
      }
    ];
    inclusion = [
      total("inc_personnes_accompagnees_total", "inc_personnes_accompagnees", ["Personnes accompagn\xE9es", "People supported"], "personnes", INCLUSION),
      median("inc_personnes_accompagnees_mediane", "inc_personnes_accompagnees", [
        "Personnes accompagn\xE9es par organisation",
        "People supported per organisation"
      ], "personnes", INCLUSION),
      total("inc_seances_total", "inc_seances", ["S\xE9ances d'accompagnement individuel", "Individual support sessions"], "s\xE9ances", INCLUSION),
      ratio("inc_seances_par_personne", "pooled_ratio", ["inc_seances"], ["inc_personnes_accompagnees"], [
        "S\xE9ances par personne accompagn\xE9e",
        "Sessions per person supported"
      ], "s\xE9ances / personne", INCLUSION),
      total("inc_heures_ateliers_total", "inc_heures_ateliers", ["Heures d'ateliers collectifs", "Collective workshop hours"], "heures", INCLUSION),
      ratio("inc_part_60_plus", "pooled_ratio", ["inc_personnes_60_plus"], ["inc_personnes_accompagnees"], [
        "Part des personnes de 60 ans et plus parmi les personnes accompagn\xE9es",
        "Share of people aged 60 and over among the people supported"
      ], "proportion", INCLUSION),
      ratio("inc_part_precarite", "pooled_ratio", ["inc_personnes_precarite"], ["inc_personnes_accompagnees"], [
        "Part des personnes en situation de pr\xE9carit\xE9 parmi les personnes accompagn\xE9es",
        "Share of people in precarity among the people supported"
      ], "proportion", INCLUSION),
      total("inc_demarches_admin_total", "inc_demarches_admin", [
        "D\xE9marches administratives accompagn\xE9es",
        "Administrative procedures supported"
      ], "d\xE9marches", INCLUSION),
      total("inc_lignes_solidaires_total", "inc_lignes_solidaires", [
        "Lignes, cartes SIM ou recharges solidaires",
        "Solidarity lines, SIM cards or top-ups"
      ], "unit\xE9s", INCLUSION),
      total("inc_membres_usagers_total", "inc_membres_usagers", ["Membres usagers", "Member-users"], "personnes", INCLUSION)
    ];
    communs = [
      total("com_contributeurs_actifs_total", "com_contributeurs_actifs", ["Contributeurs actifs sur 12 mois", "Active contributors over 12 months"], "personnes", COMMUNS),
      median("com_contributeurs_actifs_mediane", "com_contributeurs_actifs", [
        "Contributeurs actifs par organisation",
        "Active contributors per organisation"
      ], "personnes", COMMUNS),
      total("com_nouveaux_contributeurs_total", "com_nouveaux_contributeurs", ["Nouveaux contributeurs", "New contributors"], "personnes", COMMUNS),
      median("com_facteur_absence_mediane", "com_facteur_absence", [
        "Facteur d'absence des contributeurs (CHAOSS)",
        "Contributor absence factor (CHAOSS)"
      ], "personnes", COMMUNS),
      total("com_jeux_donnees_total", "com_jeux_donnees", ["Jeux de donn\xE9es publi\xE9s", "Datasets published"], "jeux de donn\xE9es", COMMUNS),
      total("com_enregistrements_total", "com_enregistrements", ["Enregistrements publi\xE9s", "Records published"], "enregistrements", COMMUNS),
      ratio("com_part_licence_ouverte", "pooled_ratio", ["com_productions_licence_ouverte"], ["com_productions_total"], [
        "Part des productions publi\xE9es sous licence ouverte ou libre",
        "Share of productions published under an open licence"
      ], "proportion", COMMUNS),
      total("com_reutilisations_total", "com_reutilisations", ["R\xE9utilisations connues", "Known reuses"], "r\xE9utilisations", COMMUNS),
      median("com_reutilisations_mediane", "com_reutilisations", [
        "R\xE9utilisations connues par organisation",
        "Known reuses per organisation"
      ], "r\xE9utilisations", COMMUNS),
      total("com_benevoles_tech_total", "com_benevoles_tech", ["B\xE9n\xE9voles techniques", "Technical volunteers"], "personnes", COMMUNS),
      total("com_heures_benevoles_tech_total", "com_heures_benevoles_tech", ["Heures de b\xE9n\xE9volat technique", "Technical volunteer hours"], "heures", COMMUNS),
      total("com_projets_interet_general_total", "com_projets_interet_general", [
        "Projets d'int\xE9r\xEAt g\xE9n\xE9ral r\xE9alis\xE9s",
        "General-interest projects delivered"
      ], "projets", COMMUNS)
    ];
    plateformes = [
      total("pla_membres_societaires_total", "pla_membres_societaires", ["Membres soci\xE9taires", "Member-owners"], "personnes", PLATEFORMES),
      total("pla_travailleurs_total", "pla_travailleurs", ["Travailleurs des plateformes", "Platform workers"], "personnes", PLATEFORMES),
      total("pla_utilisateurs_actifs_total", "pla_utilisateurs_actifs", ["Utilisateurs actifs", "Active users"], "personnes", PLATEFORMES),
      median("pla_part_valeur_redistribuee_mediane", "pla_part_valeur_redistribuee", [
        "Part de la valeur redistribu\xE9e aux travailleurs et aux membres",
        "Share of the value redistributed to workers and members"
      ], "%", PLATEFORMES)
    ];
    mesure = [
      total("mes_outils_diffuses_total", "mes_outils_diffuses", ["Outils ou m\xE9thodes de mesure diffus\xE9s", "Measurement tools or methods shared"], "outils", MESURE),
      total("mes_organisations_accompagnees_total", "mes_organisations_accompagnees", ["Organisations accompagn\xE9es", "Organisations supported"], "organisations", MESURE),
      total("mes_evaluations_realisees_total", "mes_evaluations_realisees", [
        "\xC9valuations ou diagnostics r\xE9alis\xE9s",
        "Evaluations or assessments carried out"
      ], "\xE9valuations", MESURE)
    ];
    defaultIndicators = [
      ...governance,
      ...sovereignty,
      ...insertion,
      ...reemploi,
      ...inclusion,
      ...communs,
      ...plateformes,
      ...mesure
    ];
  }
});

// packages/analysis/src/indicators/meta.ts
function normaliseTerm(term) {
  if (typeof term === "string") return { question: term, count: false, times: null, coefficient: 1, default: null };
  return {
    question: term.question,
    count: term.count ?? false,
    times: term.times ?? null,
    coefficient: term.coefficient ?? 1,
    default: term.default ?? null
  };
}
function termQuestions(terms) {
  return terms.flatMap((term) => {
    const t = normaliseTerm(term);
    return t.times ? [t.question, t.times] : [t.question];
  });
}
function indicatorQuestions(definition) {
  switch (definition.aggregation) {
    case "sum":
    case "median":
    case "share":
    case "distribution":
      return [definition.question];
    case "pooled_ratio":
    case "median_ratio":
      return [.../* @__PURE__ */ new Set([...termQuestions(definition.numerator), ...termQuestions(definition.denominator)])];
    case "derived_sum":
      return [
        .../* @__PURE__ */ new Set([
          ...definition.terms.map((term) => term.question),
          ...definition.multiplier ? [definition.multiplier.question] : []
        ])
      ];
  }
}
function indicatorFactorSource(definition) {
  if (definition.aggregation !== "derived_sum") return null;
  const terms = definition.terms.map((t) => `${t.question} \xD7 ${t.factor.value} ${t.factor.unit}`);
  const multiplier = definition.multiplier ? [`\xD7 ${definition.multiplier.question} (${definition.multiplier.default} si non renseign\xE9)`] : [];
  const sources = [...new Set(definition.terms.map((t) => `${t.factor.source} [${t.factor.version}]`))];
  return [...terms, ...multiplier].join(" ; ") + " \u2014 " + sources.join(" ; ");
}
function indicatorMeta(definition) {
  return {
    id: definition.id,
    labelFr: definition.labelFr,
    labelEn: definition.labelEn,
    unit: definition.unit,
    aggregation: definition.aggregation,
    questions: indicatorQuestions(definition),
    families: definition.families ? [...definition.families] : null,
    factorSource: indicatorFactorSource(definition)
  };
}
var init_meta = __esm({
  "packages/analysis/src/indicators/meta.ts"() {
    "use strict";
  }
});

// packages/analysis/src/indicators/validate.ts
var init_validate = __esm({
  "packages/analysis/src/indicators/validate.ts"() {
    "use strict";
    init_meta();
  }
});

// packages/analysis/src/dimensions/dimensions.ts
function dimensionFor(key, questions) {
  if (key === "size_class") return { key, question: "salaries_etp", classes: true, values: [...SIZE_CLASSES, NOT_STATED_VALUE] };
  const question = key === "region" ? "region" : "forme_juridique";
  const choices = questions.find((q) => q.name === question)?.choices ?? [];
  const values = choices.filter((choice) => choice.value !== NOT_STATED && choice.value !== ALL2).map((choice) => {
    const labelFr = choice.text ?? choice.value;
    return { key: choice.value, labelFr, labelEn: key === "legal_form" ? LEGAL_FORMS_EN[choice.value] ?? labelFr : labelFr };
  });
  return { key, question, classes: false, values: [...values, NOT_STATED_VALUE] };
}
var DIMENSION_KEYS, ALL2, NOT_STATED, SIZE_CLASSES, LEGAL_FORMS_EN, NOT_STATED_VALUE;
var init_dimensions = __esm({
  "packages/analysis/src/dimensions/dimensions.ts"() {
    "use strict";
    DIMENSION_KEYS = ["region", "legal_form", "size_class"];
    ALL2 = "_all";
    NOT_STATED = "_none";
    SIZE_CLASSES = [
      { key: "etp_0", labelFr: "Aucun salari\xE9 (0 ETP)", labelEn: "No employee (0 FTE)" },
      { key: "etp_1_9", labelFr: "Plus de 0 et moins de 10 ETP", labelEn: "More than 0 and under 10 FTE" },
      { key: "etp_10_49", labelFr: "De 10 \xE0 moins de 50 ETP", labelEn: "10 to under 50 FTE" },
      { key: "etp_50_plus", labelFr: "50 ETP ou plus", labelEn: "50 FTE or more" }
    ];
    LEGAL_FORMS_EN = {
      association: "Association",
      scop: "Worker cooperative (SCOP)",
      scic: "Multi-stakeholder cooperative (SCIC)",
      cae: "Business and employment cooperative (CAE)",
      sas_ess: "Commercial company of the social economy",
      fondation: "Foundation or endowment fund",
      mutuelle: "Mutual",
      cooperative_autre: "Other cooperative",
      autre: "Other"
    };
    NOT_STATED_VALUE = { key: NOT_STATED, labelFr: "Non renseign\xE9", labelEn: "Not stated" };
  }
});

// packages/analysis/src/disclosure/bridges.ts
function findBridges(edges) {
  const adjacency = /* @__PURE__ */ new Map();
  const link = (from, to, id) => {
    const list = adjacency.get(from);
    if (list) list.push({ to, id });
    else adjacency.set(from, [{ to, id }]);
  };
  for (const edge of edges) {
    link(edge.a, edge.b, edge.id);
    link(edge.b, edge.a, edge.id);
  }
  const order = /* @__PURE__ */ new Map();
  const low = /* @__PURE__ */ new Map();
  const bridges = [];
  let counter = 0;
  for (const root of adjacency.keys()) {
    if (order.has(root)) continue;
    const stack = [{ node: root, via: -1, next: 0 }];
    order.set(root, counter);
    low.set(root, counter++);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const neighbours = adjacency.get(frame.node) ?? [];
      if (frame.next < neighbours.length) {
        const { to, id } = neighbours[frame.next++];
        if (id === frame.via) continue;
        if (order.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node), order.get(to)));
        } else {
          order.set(to, counter);
          low.set(to, counter++);
          stack.push({ node: to, via: id, next: 0 });
        }
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) continue;
      low.set(parent.node, Math.min(low.get(parent.node), low.get(frame.node)));
      if (low.get(frame.node) > order.get(parent.node)) bridges.push(frame.via);
    }
  }
  return bridges;
}
var init_bridges = __esm({
  "packages/analysis/src/disclosure/bridges.ts"() {
    "use strict";
  }
});

// packages/analysis/src/disclosure/linear-audit.ts
function determinedUnknowns(rows) {
  const reduced = [];
  const pivotRow = /* @__PURE__ */ new Map();
  for (const original of rows) {
    const row = new Map(original);
    for (const [column, coefficient] of [...row]) {
      const pivot2 = pivotRow.get(column);
      if (!pivot2 || Math.abs(coefficient) < EPSILON) continue;
      addScaled(row, pivot2, -(row.get(column) ?? 0));
    }
    let pivot = -1;
    for (const [column, coefficient] of row) {
      if (Math.abs(coefficient) >= EPSILON && !pivotRow.has(column) && (pivot < 0 || column < pivot)) pivot = column;
    }
    if (pivot < 0) continue;
    const scale = row.get(pivot);
    for (const [column, coefficient] of row) row.set(column, coefficient / scale);
    for (const other of reduced) {
      const coefficient = other.row.get(pivot);
      if (coefficient !== void 0 && Math.abs(coefficient) >= EPSILON) addScaled(other.row, row, -coefficient);
    }
    reduced.push({ pivot, row });
    pivotRow.set(pivot, row);
  }
  return reduced.filter(({ pivot, row }) => [...row].every(([column, coefficient]) => column === pivot || Math.abs(coefficient) < EPSILON)).map(({ pivot }) => pivot);
}
function addScaled(target, source, factor) {
  for (const [column, coefficient] of source) {
    const value = (target.get(column) ?? 0) + factor * coefficient;
    if (Math.abs(value) < EPSILON) target.delete(column);
    else target.set(column, value);
  }
}
var EPSILON;
var init_linear_audit = __esm({
  "packages/analysis/src/disclosure/linear-audit.ts"() {
    "use strict";
    EPSILON = 1e-9;
  }
});

// packages/analysis/src/disclosure/disclosure.ts
function effectiveMinCellSize(minCellSize) {
  if (!Number.isFinite(minCellSize)) throw new RangeError(`minCellSize must be a finite number, got ${minCellSize}`);
  return Math.max(MIN_CELL_SIZE_FLOOR, Math.ceil(minCellSize));
}
function publishableMedianRanks(n, confidence = 0.95) {
  const ranks = medianIntervalRanks(n, confidence);
  return ranks && ranks.lower >= 2 ? ranks : null;
}
function primarySuppression(cell, minCellSize) {
  const k = effectiveMinCellSize(minCellSize);
  if (cell.n < k) return "min_count";
  if ((cell.aggregation === "median" || cell.aggregation === "median_ratio") && cell.n < MEDIAN_MIN_COUNT) {
    return "median_min_count";
  }
  if (cell.count !== null && cell.count > 0 && cell.count < k) return "min_count";
  if (cell.contributions.some((c) => c.total > 0 && c.largest > DOMINANCE_SHARE * c.total)) return "dominance";
  return null;
}
function disclosureLinks(definitions) {
  const links = [];
  for (const share2 of definitions) {
    if (share2.aggregation !== "share" || !("equals" in share2.when) || typeof share2.when.equals !== "string") continue;
    const value = share2.when.equals;
    for (const distribution2 of definitions) {
      if (distribution2.aggregation !== "distribution" || distribution2.question !== share2.question) continue;
      if (!distribution2.categories.includes(value)) continue;
      links.push({ source: share2.id, sourceCategory: null, target: distribution2.id, targetCategory: value });
      links.push({ source: distribution2.id, sourceCategory: value, target: share2.id, targetCategory: null });
    }
  }
  for (const sum of definitions) {
    if (sum.aggregation !== "sum") continue;
    for (const other of definitions) {
      if (other.aggregation !== "pooled_ratio" && other.aggregation !== "derived_sum") continue;
      if (!indicatorQuestions(other).includes(sum.question)) continue;
      links.push({ source: sum.id, sourceCategory: null, target: other.id, targetCategory: null });
    }
  }
  return links;
}
function applyDisclosureControl(candidates, options) {
  const k = effectiveMinCellSize(options.minCellSize);
  const fixed = options.fixed ?? /* @__PURE__ */ new Map();
  const reasons = candidates.map(
    (cell, i) => fixed.has(i) ? fixed.get(i) ?? null : primarySuppression(cell, k)
  );
  const tables = /* @__PURE__ */ new Map();
  const position = /* @__PURE__ */ new Map();
  candidates.forEach((cell, index) => {
    const table = tables.get(cell.indicator);
    if (table) table.push(index);
    else tables.set(cell.indicator, [index]);
    position.set(cellKey(cell.indicator, cell.family, cell.dimensionValue, cell.category), index);
  });
  const linked = /* @__PURE__ */ new Set();
  const released = /* @__PURE__ */ new Set();
  for (let changed = true; changed; ) {
    changed = false;
    for (const indices of tables.values()) {
      const aggregation = candidates[indices[0]].aggregation;
      if (!ADDITIVE.has(aggregation)) continue;
      if (protectTable(candidates, indices, reasons, k, { fixed, linked, released })) changed = true;
    }
    for (const link of options.links ?? []) {
      for (const index of tables.get(link.source) ?? []) {
        const cell = candidates[index];
        if (reasons[index] === null || cell.category !== link.sourceCategory) continue;
        const target = position.get(cellKey(link.target, cell.family, cell.dimensionValue, link.targetCategory));
        if (target !== void 0 && reasons[target] === null && !fixed.has(target)) {
          reasons[target] = "secondary";
          linked.add(target);
          released.delete(target);
          changed = true;
        }
      }
    }
  }
  return candidates.map((cell, index) => {
    const reason = reasons[index] ?? null;
    const published = {
      indicator: cell.indicator,
      family: cell.family,
      dimensionValue: cell.dimensionValue,
      category: cell.category,
      n: cell.n,
      value: cell.value,
      ciLow: cell.ciLow,
      ciHigh: cell.ciHigh,
      q1: cell.q1,
      q3: cell.q3,
      suppressed: false,
      reason: null
    };
    if (reason === null) return published;
    return { ...published, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, suppressed: true, reason };
  });
}
function sizeOf(cell) {
  return cell.count ?? cell.n;
}
function protectTable(candidates, indices, reasons, k, state) {
  const { fixed, linked, released } = state;
  const cells = indices.map((i) => candidates[i]);
  const at = new Map(indices.map((i) => [cellKey("", candidates[i].family, candidates[i].dimensionValue, candidates[i].category), i]));
  const find = (family, dimension, category) => at.get(cellKey("", family, dimension, category));
  const families = unique(cells.map((c) => c.family));
  const dimensions = unique(cells.map((c) => c.dimensionValue));
  const categories = unique(cells.map((c) => c.category));
  const familyMargin = families.includes(ALL2);
  const dimensionMargin = dimensions.includes(ALL2);
  const partition = cells[0].partition;
  const familyParts = families.filter((f) => f !== ALL2);
  const dimensionParts = dimensions.filter((d) => d !== ALL2);
  const lines = [];
  const defined = (items) => items.filter((i) => i !== void 0);
  if (familyMargin) {
    for (const d of dimensions) for (const c of categories) {
      const margin = find(ALL2, d, c);
      if (margin !== void 0) lines.push({ parts: defined(familyParts.map((f) => find(f, d, c))), margin });
    }
  }
  if (dimensionMargin) {
    for (const f of families) for (const c of categories) {
      const margin = find(f, ALL2, c);
      if (margin !== void 0) lines.push({ parts: defined(dimensionParts.map((d) => find(f, d, c))), margin });
    }
  }
  if (partition) {
    for (const f of families) for (const d of dimensions) lines.push({ parts: defined(categories.map((c) => find(f, d, c))), margin: null });
  }
  if (lines.length === 0) return false;
  const coordinate = (cell, axis) => axis === "family" ? cell.family : axis === "dimension" ? cell.dimensionValue ?? "" : cell.category ?? "";
  const faces = [];
  const constrained = { family: familyMargin, dimension: dimensionMargin, category: partition };
  const present = ["family", "dimension", "category"].filter(
    (axis) => axis === "family" ? true : axis === "dimension" ? dimensions[0] !== null : categories[0] !== null
  );
  for (let a = 0; a < present.length; a++) for (let b = a + 1; b < present.length; b++) {
    const rows = present[a];
    const columns = present[b];
    if (constrained[rows] && constrained[columns]) faces.push({ rows, columns, fixed: present.find((x) => x !== rows && x !== columns) ?? null });
  }
  const unknown = (i) => reasons[i] !== null && candidates[i].n > 0;
  const publishable = (i) => reasons[i] === null && candidates[i].n > 0 && !fixed.has(i) && !released.has(i);
  const linesOf = /* @__PURE__ */ new Map();
  for (const line of lines) {
    for (const i of line.margin === null ? line.parts : [...line.parts, line.margin]) {
      const list = linesOf.get(i);
      if (list) list.push(line);
      else linesOf.set(i, [line]);
    }
  }
  let changed = false;
  for (; ; ) {
    const problems = findProblems();
    if (problems.length === 0) return changed;
    let progress = false;
    for (const { lines: problem, recheck, cell } of problems) {
      if (recheck && problem.every((line) => !stillBroken(line))) continue;
      const chosen = pickPartner(problem);
      if (chosen !== null) {
        reasons[chosen] = "secondary";
        progress = changed = true;
      } else if (cell !== null && reasons[cell] === "secondary" && !linked.has(cell) && !fixed.has(cell)) {
        reasons[cell] = null;
        released.add(cell);
        progress = changed = true;
      } else {
        const anywhere = smallestOf(indices.filter(publishable));
        if (anywhere === null) continue;
        reasons[anywhere] = "secondary";
        progress = changed = true;
      }
    }
    if (!progress) return changed;
  }
  function hiddenIn(line) {
    const members = line.margin === null ? line.parts : [...line.parts, line.margin];
    return members.filter(unknown);
  }
  function stillBroken(line) {
    const hidden = hiddenIn(line);
    return hidden.length === 1 || unsafeUnion(line);
  }
  function unsafeUnion(line) {
    if (line.margin !== null && reasons[line.margin] !== null) return false;
    const hidden = line.parts.filter(unknown);
    if (hidden.length === 0 || !line.parts.some(publishable)) return false;
    if (!hidden.some((i) => sizeOf(candidates[i]) >= k)) return true;
    let total2 = 0;
    let largest = 0;
    for (const i of hidden) {
      const c = candidates[i].contributions[0];
      if (!c) continue;
      total2 += c.total;
      largest = Math.max(largest, c.largest);
    }
    return total2 > 0 && largest > DOMINANCE_SHARE * total2;
  }
  function findProblems() {
    const direct = lines.flatMap((line) => {
      const hidden = hiddenIn(line);
      return hidden.length === 1 ? [{ lines: [line], recheck: true, cell: hidden[0] }] : [];
    });
    if (direct.length > 0) return direct;
    const recovered = /* @__PURE__ */ new Set();
    for (let progress = true; progress; ) {
      progress = false;
      for (const line of lines) {
        const hidden = hiddenIn(line).filter((i) => !recovered.has(i));
        if (hidden.length === 1) {
          recovered.add(hidden[0]);
          progress = true;
        }
      }
    }
    if (recovered.size > 0) {
      const cell = Math.min(...recovered);
      return [{ lines: linesOf.get(cell) ?? [], recheck: false, cell }];
    }
    const bridged = [];
    for (const face of faces) {
      const slices = /* @__PURE__ */ new Map();
      for (const i of indices) {
        if (!unknown(i)) continue;
        const key = face.fixed ? coordinate(candidates[i], face.fixed) : "";
        const slice = slices.get(key);
        if (slice) slice.push(i);
        else slices.set(key, [i]);
      }
      for (const members of slices.values()) {
        const edges = members.map((i) => ({
          id: i,
          a: `r:${coordinate(candidates[i], face.rows)}`,
          b: `c:${coordinate(candidates[i], face.columns)}`
        }));
        const [bridge] = findBridges(edges).sort((a, b) => a - b);
        if (bridge !== void 0) bridged.push({ lines: linesOf.get(bridge) ?? [], recheck: false, cell: bridge });
      }
    }
    if (bridged.length > 0) return bridged;
    const unions = lines.filter(unsafeUnion).map((line) => ({ lines: [line], recheck: true, cell: null }));
    if (unions.length > 0) return unions;
    if (faces.length === 3) {
      const rows = lines.map((line) => {
        const row = /* @__PURE__ */ new Map();
        for (const i of line.parts) if (unknown(i)) row.set(i, 1);
        if (line.margin !== null && unknown(line.margin)) row.set(line.margin, -1);
        return row;
      });
      const [determined] = determinedUnknowns(rows.filter((row) => row.size > 0)).sort((a, b) => a - b);
      if (determined !== void 0) return [{ lines: linesOf.get(determined) ?? [], recheck: false, cell: determined }];
    }
    return [];
  }
  function smallestOf(options) {
    return options.sort((a, b) => sizeOf(candidates[a]) - sizeOf(candidates[b]) || a - b)[0] ?? null;
  }
  function pickPartner(problem) {
    const parts = unique(problem.flatMap((l) => l.parts)).filter(publishable);
    const large = parts.filter((i) => sizeOf(candidates[i]) >= k);
    if (large.length > 0) return smallestOf(large);
    if (parts.length > 0) return smallestOf(parts);
    return smallestOf(unique(problem.flatMap((l) => l.margin === null ? [] : [l.margin])).filter(publishable));
  }
}
function unique(items) {
  return [...new Set(items)];
}
var MIN_CELL_SIZE_FLOOR, MEDIAN_MIN_COUNT, DOMINANCE_SHARE, ADDITIVE, cellKey;
var init_disclosure = __esm({
  "packages/analysis/src/disclosure/disclosure.ts"() {
    "use strict";
    init_dimensions();
    init_meta();
    init_median_interval();
    init_bridges();
    init_linear_audit();
    MIN_CELL_SIZE_FLOOR = 3;
    MEDIAN_MIN_COUNT = 5;
    DOMINANCE_SHARE = 0.85;
    ADDITIVE = /* @__PURE__ */ new Set(["sum", "derived_sum", "share", "distribution"]);
    cellKey = (indicator, family, dimension, category) => JSON.stringify([indicator, family, dimension, category]);
  }
});

// packages/analysis/src/statistics/order-statistics.ts
function lowerBound(run, value, lo, hi) {
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (run[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function upperBound(run, value, lo, hi) {
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (run[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function kthSmallest(runs, k) {
  const total2 = runs.reduce((sum, run) => sum + run.length, 0);
  if (!Number.isInteger(k) || k < 1 || k > total2) throw new RangeError(`rank ${k} is outside 1\u2026${total2}`);
  const lo = runs.map(() => 0);
  const hi = runs.map((run) => run.length);
  let rank = k;
  for (; ; ) {
    const middles = [];
    runs.forEach((run, i) => {
      const size = hi[i] - lo[i];
      if (size > 0) middles.push({ value: run[lo[i] + hi[i] >>> 1], weight: size });
    });
    middles.sort((a, b) => a.value - b.value);
    const half = middles.reduce((sum, m) => sum + m.weight, 0) / 2;
    let seen = 0;
    let pivot = middles[middles.length - 1].value;
    for (const m of middles) {
      seen += m.weight;
      if (seen >= half) {
        pivot = m.value;
        break;
      }
    }
    let below = 0;
    let upTo = 0;
    const lower = runs.map((run, i) => lowerBound(run, pivot, lo[i], hi[i]));
    const upper = runs.map((run, i) => upperBound(run, pivot, lo[i], hi[i]));
    runs.forEach((_, i) => {
      below += lower[i] - lo[i];
      upTo += upper[i] - lo[i];
    });
    if (rank <= below) {
      runs.forEach((_, i) => hi[i] = lower[i]);
    } else if (rank <= upTo) {
      return pivot;
    } else {
      rank -= upTo;
      runs.forEach((_, i) => lo[i] = upper[i]);
    }
  }
}
function orderStatistics(runs, ranks) {
  const total2 = runs.reduce((sum, run) => sum + run.length, 0);
  if (runs.length === 1 || total2 <= 4096) {
    const all = runs.length === 1 ? runs[0] : new Float64Array(total2);
    if (runs.length > 1) {
      let at = 0;
      for (const run of runs) {
        all.set(run, at);
        at += run.length;
      }
      all.sort();
    }
    return ranks.map((rank) => {
      if (!Number.isInteger(rank) || rank < 1 || rank > total2) throw new RangeError(`rank ${rank} is outside 1\u2026${total2}`);
      return all[rank - 1];
    });
  }
  return ranks.map((rank) => kthSmallest(runs, rank));
}
function quantileRanks(n, p) {
  const h = (n - 1) * p;
  const below = Math.floor(h);
  return { below: below + 1, above: Math.min(n, below + 2), weight: h - below };
}
var init_order_statistics = __esm({
  "packages/analysis/src/statistics/order-statistics.ts"() {
    "use strict";
  }
});

// packages/analysis/src/compute/queries.ts
import { createHash as createHash2 } from "node:crypto";
import { sql as sql7 } from "kysely";
function projectedText(value) {
  return [...value].length <= SHORT_TEXT ? value : LONG_MARK + createHash2("md5").update(value, "utf8").digest("hex");
}
function termValue(term, p) {
  const t = normaliseTerm(term);
  let value = t.count ? p.listCount(t.question) : p.number(t.question);
  if (t.times) value = sql7`(${value} * ${p.number(t.times)})`;
  if (t.coefficient !== 1) value = sql7`(cast(${t.coefficient} as float8) * ${value})`;
  if (t.default !== null) value = sql7`coalesce(${value}, cast(${t.default} as float8))`;
  return value;
}
function linearSum(values) {
  if (values.length === 1) return values[0];
  return sql7`(case when num_nonnulls(${sql7.join(values)}) > 0 then ${sql7.join(
    values.map((v) => sql7`coalesce(${v}, 0)`),
    sql7` + `
  )} end)`;
}
function numericSides(definition, p) {
  switch (definition.aggregation) {
    case "sum":
    case "median":
      return { y: p.number(definition.question), x: sql7`null` };
    case "derived_sum": {
      const y = linearSum(
        definition.terms.map((t) => sql7`(cast(${t.factor.value} as float8) * ${p.number(t.question)})`)
      );
      const multiplier = definition.multiplier;
      if (!multiplier) return { y, x: sql7`null` };
      return { y: sql7`(${y} * coalesce(${p.number(multiplier.question)}, cast(${multiplier.default} as float8)))`, x: sql7`null` };
    }
    case "pooled_ratio":
    case "median_ratio":
      return {
        y: linearSum(definition.numerator.map((t) => termValue(t, p))),
        x: linearSum(definition.denominator.map((t) => termValue(t, p)))
      };
  }
}
function isValid(definition, y, x) {
  switch (definition.aggregation) {
    case "pooled_ratio":
      return sql7`(${y} is not null and ${x} is not null)`;
    case "median_ratio":
      return sql7`(${y} is not null and ${x} <> 0)`;
    default:
      return sql7`(${y} is not null)`;
  }
}
function shareFlags(definition, p) {
  const when = definition.when;
  if ("atMost" in when || "atLeast" in when) {
    const value2 = p.number(definition.question);
    const met = "atMost" in when ? sql7`${value2} <= cast(${when.atMost} as float8)` : sql7`${value2} >= cast(${when.atLeast} as float8)`;
    return { valid: sql7`${value2} is not null`, met: sql7`coalesce(${met}, false)` };
  }
  const target = when.equals;
  if (typeof target === "boolean") {
    const value2 = p.boolean(definition.question);
    return { valid: sql7`${value2} is not null`, met: sql7`coalesce(${value2} = ${target ? 1 : 0}, false)` };
  }
  if (typeof target === "number") {
    const value2 = p.number(definition.question);
    return { valid: sql7`${value2} is not null`, met: sql7`coalesce(${value2} = cast(${target} as float8), false)` };
  }
  const value = p.text(definition.question);
  return { valid: sql7`${value} is not null`, met: sql7`coalesce(${value} = ${projectedText(target)}, false)` };
}
function distributionFlags(definition, p) {
  if (definition.multiple) {
    const list = p.list(definition.question);
    const chosen = definition.categories.map(
      (category) => sql7`coalesce(strpos(${list}, ${LIST_MARK + category + LIST_MARK}) > 0, false)`
    );
    return { chosen, any: chosen.length > 0 ? sql7`(${sql7.join(chosen, sql7` or `)})` : sql7`false` };
  }
  const text2 = p.text(definition.question);
  const encoded = definition.categories.map(projectedText);
  return {
    chosen: encoded.map((category) => sql7`coalesce(${text2} = ${category}, false)`),
    any: sql7`coalesce(${text2} = any(cast(${encoded} as text[])), false)`
  };
}
function groupsQuery(waveId, variables, definitions, dimension, split = null) {
  const p = new Projection(variables);
  const computed = [];
  const aggregates = [];
  const medianColumns = [];
  const slots = [];
  const column = (expression) => {
    const name = `c${computed.length}`;
    computed.push(sql7`${expression} as ${sql7.raw(name)}`);
    return sql7.ref(`e.${name}`);
  };
  const f8 = (expression) => sql7`cast(${expression} as float8)`;
  for (const definition of definitions) {
    const offset = aggregates.length;
    switch (definition.aggregation) {
      case "sum":
      case "derived_sum":
      case "pooled_ratio": {
        const sides = numericSides(definition, p);
        const y = definition.aggregation === "sum" ? sides.y : column(sql7`case when ${isValid(definition, sides.y, sides.x)} then ${sides.y} end`);
        aggregates.push(f8(sql7`count(${y})`), sql7`sum(${y})`, sql7`max(abs(${y}))`, sql7`sum(abs(${y}))`);
        if (definition.aggregation === "pooled_ratio") {
          const x = column(sql7`case when ${isValid(definition, sides.y, sides.x)} then ${sides.x} end`);
          aggregates.push(
            sql7`sum(${x})`,
            sql7`max(abs(${x}))`,
            sql7`sum(abs(${x}))`,
            sql7`sum(${y} * ${y})`,
            sql7`sum(${x} * ${x})`,
            sql7`sum(${x} * ${y})`
          );
        }
        slots.push({ offset, median: null });
        break;
      }
      case "median":
      case "median_ratio": {
        const sides = numericSides(definition, p);
        const m = definition.aggregation === "median" ? sides.y : column(sql7`case when ${isValid(definition, sides.y, sides.x)} then ${sides.y} / ${sides.x} end`);
        slots.push({ offset, median: medianColumns.length });
        medianColumns.push(sql7`string_agg(float8send(${m}), ''::bytea) as ${sql7.raw(`m${medianColumns.length}`)}`);
        break;
      }
      case "share": {
        const flags = shareFlags(definition, p);
        aggregates.push(f8(sql7`count(*) filter (where ${flags.valid})`), f8(sql7`count(*) filter (where ${flags.met})`));
        slots.push({ offset, median: null });
        break;
      }
      case "distribution": {
        const flags = distributionFlags(definition, p);
        aggregates.push(f8(sql7`count(*) filter (where ${flags.any})`));
        for (const chosen of flags.chosen) aggregates.push(f8(sql7`count(*) filter (where ${chosen})`));
        slots.push({ offset, median: null });
        break;
      }
    }
  }
  let dimensionValue = sql7`cast(null as text)`;
  if (dimension?.classes) {
    const fte = p.number(dimension.question);
    dimensionValue = sql7`case when ${fte} is null or ${fte} < 0 then null when ${fte} = 0 then 'etp_0'
      when ${fte} < 10 then 'etp_1_9' when ${fte} < 50 then 'etp_10_49' else 'etp_50_plus' end`;
  } else if (dimension) {
    dimensionValue = p.text(dimension.question);
  }
  const families = p.list(FAMILIES_QUESTION);
  const query = sql7`
    select e.families, e.dimension, ${dimension ? sql7`grouping(e.dimension) = 1` : sql7`false`} as margin,
      cast(array[${sql7.join(aggregates.length > 0 ? aggregates : [sql7`null`])}] as float8[]) as agg
      ${medianColumns.length > 0 ? sql7`, ${sql7.join(medianColumns)}` : sql7``}
    from (
      select e.*, ${families} as families, ${dimensionValue} as dimension
        ${computed.length > 0 ? sql7`, ${sql7.join(computed)}` : sql7``}
      from (
        select ${sql7.join([sql7`1 as one`, ...p.columns()])}
        from response_values v
        where v.wave_id = ${waveId}
          ${split ? sql7`and get_byte(uuid_send(v.response_id), 15) % ${sql7.lit(split.parts)} = ${sql7.lit(split.part)}` : sql7``}
        offset 0
      ) as e
      offset 0
    ) as e
    ${dimension ? sql7`group by grouping sets ((e.families, e.dimension), (e.families))` : sql7`group by e.families, e.dimension`}`;
  return { query, slots };
}
function unpackFloat8(buffer) {
  if (!buffer) return new Float64Array(0);
  const values = new Float64Array(buffer.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = buffer.readDoubleBE(i * 8);
  return values;
}
var FAMILIES_QUESTION, LIST_MARK, LONG_MARK, SHORT_TEXT, Projection;
var init_queries = __esm({
  "packages/analysis/src/compute/queries.ts"() {
    "use strict";
    init_meta();
    FAMILIES_QUESTION = "familles";
    LIST_MARK = "";
    LONG_MARK = "";
    SHORT_TEXT = 100;
    Projection = class {
      positions = /* @__PURE__ */ new Map();
      extracted = /* @__PURE__ */ new Map();
      constructor(variables) {
        for (const v of variables) this.positions.set(`${v.kind}\0${v.name}`, v.position);
      }
      extract(key, build, nullType) {
        let column = this.extracted.get(key);
        if (!column) {
          const expression = build() ?? sql7`cast(null as ${sql7.raw(nullType)})`;
          column = { alias: `q${this.extracted.size}`, expression };
          this.extracted.set(key, column);
        }
        return sql7.ref(`e.${column.alias}`);
      }
      position(kind, name) {
        return this.positions.get(`${kind}\0${name}`);
      }
      /** The JSON number answered, as float8; NULL when absent or of another type. */
      number(name) {
        const p = this.position("number", name);
        return this.extract(`number:${name}`, () => p === void 0 ? null : sql7`nullif(v.num[${sql7.lit(p)}], 'NaN'::float8)`, "float8");
      }
      /** A JSON boolean as 1 or 0; NULL when absent or of another type. */
      boolean(name) {
        const p = this.position("boolean", name);
        return this.extract(`boolean:${name}`, () => p === void 0 ? null : sql7`nullif(v.num[${sql7.lit(p)}], 'NaN'::float8)`, "float8");
      }
      /** A JSON string (`projectedText`); NULL when absent or of another type. */
      text(name) {
        const p = this.position("string", name);
        return this.extract(`string:${name}`, () => p === void 0 ? null : sql7`v.txt[${sql7.lit(p)}]`, "text");
      }
      /** A JSON array's string elements, U+001F before and after each; NULL when not an array. */
      list(name) {
        const p = this.position("strings", name);
        return this.extract(`strings:${name}`, () => p === void 0 ? null : sql7`v.txt[${sql7.lit(p)}]`, "text");
      }
      /** How many strings a JSON array holds (ticked choices); NULL when not an array. */
      listCount(name) {
        const p = this.position("strings", name);
        return this.extract(
          `count:${name}`,
          () => p === void 0 ? null : sql7`cast(length(v.txt[${sql7.lit(p)}]) - length(replace(v.txt[${sql7.lit(p)}], chr(31), '')) - 1 as float8)`,
          "float8"
        );
      }
      /** The extraction columns registered so far, for the innermost layer. */
      columns() {
        return [...this.extracted.values()].map((c) => sql7`${c.expression} as ${sql7.raw(c.alias)}`);
      }
    };
  }
});

// packages/analysis/src/compute/compute-indicators.ts
import { sql as sql8 } from "kysely";
async function waveFamilyKeys(db, waveId) {
  const rows = await db.selectFrom("families").select("key").where("wave_id", "=", waveId).orderBy("position").orderBy("key").execute();
  return rows.map((row) => row.key);
}
async function readOnly(db, run) {
  return db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(async (trx) => {
    await sql8`set local jit = off`.execute(trx);
    await sql8`set local enable_sort = off`.execute(trx);
    await sql8`set local work_mem = '64MB'`.execute(trx);
    return run(trx);
  });
}
async function readGroups(db, waveId, definitions, dimension) {
  const { variables, workers } = await readOnly(db, async (trx) => ({
    variables: await listAnalysisVariables(trx, waveId),
    workers: Number(
      (await sql8`select current_setting('max_parallel_workers_per_gather') as workers`.execute(trx)).rows[0]?.workers ?? 0
    )
  }));
  const parts = Math.min(MAX_PARTS, Math.max(1, Number.isFinite(workers) ? workers : 1));
  const queries = Array.from(
    { length: parts },
    (_, part) => groupsQuery(waveId, variables, definitions, dimension, parts > 1 ? { part, parts } : null)
  );
  const results = await Promise.all(queries.map(({ query }) => readOnly(db, async (trx) => (await query.execute(trx)).rows)));
  return { rows: results.flat(), slots: queries[0].slots };
}
function compareText(a, b) {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
function slotShape(definition) {
  switch (definition.aggregation) {
    case "sum":
    case "derived_sum":
      return { width: 4, maxima: /* @__PURE__ */ new Set([2]) };
    case "pooled_ratio":
      return { width: 10, maxima: /* @__PURE__ */ new Set([2, 5]) };
    case "share":
      return { width: 2, maxima: /* @__PURE__ */ new Set() };
    case "distribution":
      return { width: 1 + definition.categories.length, maxima: /* @__PURE__ */ new Set() };
    case "median":
    case "median_ratio":
      return { width: 0, maxima: /* @__PURE__ */ new Set() };
  }
}
function candidatesOf(definition, family, dimensionValue, acc, k) {
  const empty = (category) => ({
    indicator: definition.id,
    family,
    dimensionValue,
    category,
    aggregation: definition.aggregation,
    n: 0,
    value: null,
    ciLow: null,
    ciHigh: null,
    q1: null,
    q3: null,
    count: category === null ? null : 0,
    contributions: [],
    partition: definition.aggregation === "distribution" && !definition.multiple
  });
  const a = acc?.agg ?? [];
  switch (definition.aggregation) {
    case "sum":
    case "derived_sum": {
      const n = a[0] ?? 0;
      if (n === 0) return [empty(null)];
      return [{ ...empty(null), n, value: a[1], contributions: [{ largest: a[2], total: a[3] }] }];
    }
    case "pooled_ratio": {
      const n = a[0] ?? 0;
      if (n === 0) return [empty(null)];
      const [, sumY, maxY, absY, sumX, maxX, absX, sumYY, sumXX, sumXY] = a;
      const ci = ratioInterval({ n, sumX, sumY, sumXX, sumYY, sumXY });
      return [
        {
          ...empty(null),
          n,
          value: sumX === 0 ? null : sumY / sumX,
          ciLow: ci?.low ?? null,
          ciHigh: ci?.high ?? null,
          contributions: [
            { largest: maxY, total: absY },
            { largest: maxX, total: absX }
          ]
        }
      ];
    }
    case "median":
    case "median_ratio": {
      const n = acc?.count ?? 0;
      if (!acc || n < Math.max(k, MEDIAN_MIN_COUNT)) return [{ ...empty(null), n }];
      const quartiles = [0.25, 0.5, 0.75].map((p) => quantileRanks(n, p));
      const interval = publishableMedianRanks(n);
      const wanted = [...quartiles.flatMap((q) => [q.below, q.above]), ...interval ? [interval.lower, interval.upper] : []];
      const values = /* @__PURE__ */ new Map();
      const found = orderStatistics(acc.runs, [...new Set(wanted)]);
      [...new Set(wanted)].forEach((rank, i) => values.set(rank, found[i]));
      const [q1, median2, q3] = quartiles.map((q) => {
        const low = values.get(q.below);
        return low + q.weight * (values.get(q.above) - low);
      });
      return [
        {
          ...empty(null),
          n,
          value: median2,
          q1,
          q3,
          ciLow: interval ? values.get(interval.lower) : null,
          ciHigh: interval ? values.get(interval.upper) : null
        }
      ];
    }
    case "share": {
      const [n = 0, x = 0] = a;
      const ci = wilsonInterval(x, n);
      return [{ ...empty(null), n, value: n === 0 ? null : x / n, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null }];
    }
    case "distribution": {
      const n = a[0] ?? 0;
      return definition.categories.map((category, c) => {
        if (n === 0) return empty(category);
        const count = a[1 + c] ?? 0;
        const ci = wilsonInterval(count, n);
        return { ...empty(category), n, count, value: count / n, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null };
      });
    }
  }
}
async function computeIndicators(db, waveId, definitions, options) {
  const k = effectiveMinCellSize(options.minCellSize);
  const families = options.families ?? await waveFamilyKeys(db, waveId);
  const dimension = options.dimension ?? null;
  if (definitions.length === 0 || families.length === 0) return [];
  const { rows, slots } = await readGroups(db, waveId, definitions, dimension);
  const familySet = new Set(families);
  const dimensionKeys = dimension ? new Set(dimension.values.map((v) => v.key)) : null;
  const applicable = definitions.map((d) => d.families === null ? [...families] : families.filter((f) => d.families.includes(f)));
  const shapes = definitions.map(slotShape);
  const accumulators = definitions.map(() => /* @__PURE__ */ new Map());
  const cellOf = (family, value) => `${family}\0${value ?? ""}`;
  const ordered = rows.map((row, index) => ({ row, index })).sort((a, b) => compareText(a.row.families, b.row.families) || compareText(a.row.dimension, b.row.dimension) || a.index - b.index);
  for (const { row } of ordered) {
    const rowFamilies = [...new Set((row.families ?? "").split(""))].filter((f) => familySet.has(f));
    if (rowFamilies.length === 0) continue;
    const values = !dimension ? [null] : row.margin ? [ALL2] : [dimensionKeys.has(row.dimension ?? "") ? row.dimension : NOT_STATED];
    const runs = /* @__PURE__ */ new Map();
    for (const slot of slots) {
      if (slot.median !== null) runs.set(slot.median, unpackFloat8(row[`m${slot.median}`] ?? null).sort());
    }
    definitions.forEach((_, d) => {
      const targets = applicable[d].filter((f) => rowFamilies.includes(f));
      if (targets.length === 0) return;
      if (applicable[d].length >= 2) targets.push(ALL2);
      const { width, maxima } = shapes[d];
      for (const family of targets) {
        for (const v of values) {
          const key = cellOf(family, v);
          let acc = accumulators[d].get(key);
          if (!acc) accumulators[d].set(key, acc = new Accumulator(width));
          acc.add(row, slots[d], width, maxima, slots[d].median === null ? null : runs.get(slots[d].median));
        }
      }
    });
  }
  const candidates = [];
  definitions.forEach((definition, d) => {
    const rowsOfTable = applicable[d].length >= 2 ? [...applicable[d], ALL2] : applicable[d];
    const columns = dimension ? [...dimension.values.map((v) => v.key), ALL2] : [null];
    for (const family of rowsOfTable) {
      for (const v of columns) {
        candidates.push(...candidatesOf(definition, family, v, accumulators[d].get(cellOf(family, v)), k));
      }
    }
  });
  const links = disclosureLinks(definitions);
  if (!dimension) return applyDisclosureControl(candidates, { minCellSize: k, links });
  const margins = candidates.flatMap((cell, i) => cell.dimensionValue === ALL2 ? [i] : []);
  const byFamily = applyDisclosureControl(
    margins.map((i) => ({ ...candidates[i], dimensionValue: null })),
    { minCellSize: k, links }
  );
  const fixed = new Map(margins.map((i, j) => [i, byFamily[j].reason]));
  return applyDisclosureControl(candidates, { minCellSize: k, links, fixed });
}
var MAX_PARTS, Accumulator;
var init_compute_indicators = __esm({
  "packages/analysis/src/compute/compute-indicators.ts"() {
    "use strict";
    init_src();
    init_dimensions();
    init_disclosure();
    init_order_statistics();
    init_ratio_interval();
    init_wilson();
    init_queries();
    MAX_PARTS = 4;
    Accumulator = class {
      agg;
      /** Values of a median, one sorted run per group. */
      runs = [];
      count = 0;
      constructor(width) {
        this.agg = new Array(width).fill(0);
      }
      add(row, slot, width, maxima, run) {
        for (let i = 0; i < width; i++) {
          const value = row.agg[slot.offset + i] ?? 0;
          this.agg[i] = maxima.has(i) ? Math.max(this.agg[i], value) : this.agg[i] + value;
        }
        if (run && run.length > 0) {
          this.runs.push(run);
          this.count += run.length;
        }
      }
    };
  }
});

// packages/analysis/src/export/csv.ts
import { Readable } from "node:stream";
function neutraliseCsvText(text2) {
  return FORMULA_STARTS.has(text2.charAt(0)) ? `'${text2}` : text2;
}
function formatCsvNumber(value, dialect) {
  if (!Number.isFinite(value)) return "";
  const text2 = String(value);
  return dialect === "excel-fr" ? text2.replace(".", ",") : text2;
}
function csvRecord(cells, dialect) {
  const delimiter = dialect === "excel-fr" ? ";" : ",";
  const needsQuotes = NEEDS_QUOTES[dialect];
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += delimiter;
    if (cell === null || cell === void 0) continue;
    if (typeof cell === "string") {
      const text2 = neutraliseCsvText(cell);
      line += needsQuotes.test(text2) ? `"${text2.replaceAll('"', '""')}"` : text2;
    } else {
      line += typeof cell === "number" ? formatCsvNumber(cell, dialect) : cell ? "true" : "false";
    }
  }
  return line + "\r\n";
}
function csvStream(header, rows, dialect) {
  async function* chunks() {
    let chunk = (dialect === "excel-fr" ? "\uFEFF" : "") + csvRecord(header, dialect);
    for await (const row of rows) {
      chunk += csvRecord(row, dialect);
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: CHUNK });
}
var FORMULA_STARTS, NEEDS_QUOTES, CHUNK;
var init_csv = __esm({
  "packages/analysis/src/export/csv.ts"() {
    "use strict";
    FORMULA_STARTS = /* @__PURE__ */ new Set(["=", "+", "-", "@", "	", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"]);
    NEEDS_QUOTES = { rfc4180: /[",\r\n]|^\s|\s$/, "excel-fr": /[";\r\n]|^\s|\s$/ };
    CHUNK = 64 * 1024;
  }
});

// packages/analysis/src/export/variables.ts
function localised(text2, locale) {
  if (text2 && typeof text2 === "object" && !Array.isArray(text2)) {
    const value = text2[locale];
    return typeof value === "string" ? value : void 0;
  }
  return void 0;
}
function englishTexts(definition) {
  const titles = /* @__PURE__ */ new Map();
  const choices = /* @__PURE__ */ new Map();
  const visit = (element) => {
    if (!element || typeof element !== "object") return;
    const e = element;
    if (typeof e.name === "string") {
      const title = localised(e.title, "en");
      if (title) titles.set(e.name, title);
      for (const key of ["choices", "columns", "rows"]) {
        const list = e[key];
        if (!Array.isArray(list)) continue;
        for (const item of list) {
          if (!item || typeof item !== "object") continue;
          const text2 = localised(item.text, "en");
          const value = item.value;
          if (text2 && (typeof value === "string" || typeof value === "number")) {
            const map = choices.get(e.name) ?? /* @__PURE__ */ new Map();
            map.set(String(value), text2);
            choices.set(e.name, map);
          }
        }
      }
    }
    for (const key of ["pages", "elements", "templateElements"]) {
      const children = e[key];
      if (Array.isArray(children)) children.forEach(visit);
    }
  };
  visit(definition);
  return { titles, choices };
}
function columnPart(value) {
  const cleaned = value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9_]+/g, "_");
  return cleaned || "x";
}
function exportVariables(questions, definition, options) {
  const english = englishTexts(definition);
  const variables = [];
  const excluded = [];
  const used = /* @__PURE__ */ new Set([ID_COLUMN]);
  const unique2 = (name) => {
    let candidate = name;
    for (let i = 2; used.has(candidate); i++) candidate = `${name}_${i}`;
    used.add(candidate);
    return candidate;
  };
  for (const q of questions) {
    const labelEn = english.titles.get(q.name) ?? q.title;
    const base = { question: q.name, page: q.page, pageIndex: q.pageIndex };
    const choiceValues = (q.choices ?? []).map((c) => ({
      value: c.value,
      labelFr: c.text,
      labelEn: english.choices.get(q.name)?.get(c.value) ?? c.text
    }));
    const add = (v) => variables.push({ ...base, ...v, name: unique2(v.name) });
    const exclude = (reason) => excluded.push({ question: q.name, labelFr: q.title, reason });
    const freeTextAllowed = () => {
      if (options.freeText) return true;
      exclude("free_text");
      return false;
    };
    if (IDENTIFYING_NAME.test(q.name) || q.inputType !== void 0 && IDENTIFYING_INPUT.has(q.inputType)) {
      exclude("identifying");
      continue;
    }
    if (q.type === "file" || q.type === "signaturepad") {
      exclude("file");
      continue;
    }
    if (q.type === "slider" && !q.numeric) {
      for (const [i, end] of ["min", "max"].entries()) {
        add({ name: `${q.name}__${end}`, labelFr: `${q.title} (${end})`, labelEn: `${labelEn} (${end})`, type: "number", kind: `${q.type}/${end}`, values: null, value: (answer) => Array.isArray(answer) ? number(answer[i]) : null });
      }
      continue;
    }
    if (q.numeric) {
      add({ name: q.name, labelFr: q.title, labelEn, type: "number", kind: q.type, values: null, value: (answer) => number(answer) });
      continue;
    }
    if (q.type === "boolean") {
      add({ name: q.name, labelFr: q.title, labelEn, type: "boolean", kind: q.type, values: null, value: (answer) => typeof answer === "boolean" ? answer : null });
      continue;
    }
    if (q.type === "matrix" && q.rows) {
      for (const row of q.rows) {
        const rowEn = english.choices.get(q.name)?.get(row.value) ?? row.text;
        add({
          name: `${q.name}__${columnPart(row.value)}`,
          labelFr: `${q.title} \u2014 ${row.text}`,
          labelEn: `${labelEn} \u2014 ${rowEn}`,
          type: "string",
          kind: `${q.type}/row`,
          values: q.multiple ? null : choiceValues,
          value: (answer) => {
            const cell = isObject(answer) ? answer[row.value] : void 0;
            return q.multiple && Array.isArray(cell) ? cell.filter((v) => typeof v === "string").join(";") : text(cell);
          }
        });
      }
      continue;
    }
    if (q.multiple && q.choices) {
      for (const choice of choiceValues) {
        add({
          name: `${q.name}__${columnPart(choice.value)}`,
          labelFr: `${q.title} \u2014 ${choice.labelFr}`,
          labelEn: `${labelEn} \u2014 ${choice.labelEn}`,
          type: "integer",
          kind: `${q.type}/choice`,
          values: [
            { value: "0", labelFr: "non coch\xE9", labelEn: "not ticked" },
            { value: "1", labelFr: "coch\xE9", labelEn: "ticked" }
          ],
          value: (answer) => Array.isArray(answer) ? answer.includes(choice.value) ? 1 : 0 : null
        });
      }
      add({
        name: q.name,
        labelFr: `${q.title} (choix s\xE9par\xE9s par ;)`,
        labelEn: `${labelEn} (choices separated by ;)`,
        type: "string",
        kind: `${q.type}/joined`,
        values: choiceValues,
        value: (answer) => Array.isArray(answer) ? answer.filter((v) => typeof v === "string").join(";") : null
      });
      continue;
    }
    if (q.type === "ranking" && q.choices) {
      add({ name: q.name, labelFr: `${q.title} (ordre, s\xE9par\xE9 par ;)`, labelEn: `${labelEn} (order, separated by ;)`, type: "string", kind: q.type, values: choiceValues, value: (answer) => Array.isArray(answer) ? answer.filter((v) => typeof v === "string").join(";") : null });
      continue;
    }
    if (q.choices) {
      add({ name: q.name, labelFr: q.title, labelEn, type: "string", kind: q.type, values: choiceValues, value: (answer) => text(answer) });
      continue;
    }
    if (q.type === "text" && q.inputType === "date") {
      add({ name: q.name, labelFr: q.title, labelEn, type: "date", kind: `${q.type}/date`, values: null, value: (answer) => text(answer) });
      continue;
    }
    if (q.type === "text" && q.inputType !== void 0 && VALUE_INPUT.has(q.inputType)) {
      add({ name: q.name, labelFr: q.title, labelEn, type: "string", kind: `${q.type}/${q.inputType}`, values: null, value: (answer) => text(answer) });
      continue;
    }
    if (q.type === "matrixdropdown" && q.rows && q.fields || q.type === "multipletext" && q.fields) {
      if (!freeTextAllowed()) continue;
      const rows = q.type === "matrixdropdown" ? q.rows : [null];
      for (const row of rows) {
        for (const field2 of q.fields) {
          const path3 = row ? `${row.value}__${field2}` : field2;
          add({
            name: `${q.name}__${columnPart(path3)}`,
            labelFr: `${q.title} \u2014 ${row ? `${row.text} \u2014 ` : ""}${field2}`,
            labelEn: `${labelEn} \u2014 ${row ? `${row.text} \u2014 ` : ""}${field2}`,
            type: "string",
            kind: `${q.type}/cell`,
            values: null,
            value: (outer) => {
              const holder = row ? isObject(outer) ? outer[row.value] : void 0 : outer;
              return isObject(holder) ? anyText(holder[field2]) : null;
            }
          });
        }
      }
      continue;
    }
    if (!freeTextAllowed()) continue;
    const structured = q.type === "matrixdynamic" || q.type === "paneldynamic";
    add({ name: q.name, labelFr: q.title, labelEn, type: "string", kind: structured ? `${q.type}/json` : q.type, values: null, value: (answer) => anyText(answer) });
  }
  return { variables, excluded };
}
var ID_COLUMN, IDENTIFYING_NAME, IDENTIFYING_INPUT, VALUE_INPUT, isObject, number, text, anyText;
var init_variables = __esm({
  "packages/analysis/src/export/variables.ts"() {
    "use strict";
    ID_COLUMN = "id";
    IDENTIFYING_NAME = /(^|_)(nom|name|prenom|email|e_mail|mail|courriel|telephone|tel|phone|adresse|address|siren|siret|contact)(_|$)/;
    IDENTIFYING_INPUT = /* @__PURE__ */ new Set(["email", "tel", "url", "password"]);
    VALUE_INPUT = /* @__PURE__ */ new Set(["date", "datetime-local", "month", "time", "week", "color"]);
    isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
    number = (value) => typeof value === "number" && Number.isFinite(value) ? value : null;
    text = (value) => typeof value === "string" ? value : null;
    anyText = (value) => value === null || value === void 0 ? null : typeof value === "string" ? value : JSON.stringify(value);
  }
});

// packages/analysis/src/export/responses-csv.ts
import { createCipheriv, randomBytes as randomBytes3 } from "node:crypto";
import { Readable as Readable2 } from "node:stream";
function pseudonymiser(key = randomBytes3(16)) {
  const cipher = createCipheriv("aes-128-ecb", key, null);
  cipher.setAutoPadding(false);
  return (responseId) => cipher.update(Buffer.from(responseId.replaceAll("-", ""), "hex")).toString("hex");
}
function rowMaker(variables, pseudonym) {
  const columns = /* @__PURE__ */ new Map();
  variables.forEach((variable, i) => {
    const list = columns.get(variable.question);
    const column = { index: i + 1, variable };
    if (list) list.push(column);
    else columns.set(variable.question, [column]);
  });
  return (response) => {
    const row = new Array(variables.length + 1).fill(null);
    row[0] = pseudonym(response.id);
    const answers = response.answers;
    for (const question in answers) {
      const list = columns.get(question);
      if (!list) continue;
      const answer = answers[question];
      for (const { index, variable } of list) row[index] = variable.value(answer);
    }
    return row;
  };
}
function responsesCsv(pages, variables, options) {
  const { dialect } = options;
  const row = rowMaker(variables, options.pseudonym ?? pseudonymiser());
  async function* chunks() {
    yield (dialect === "excel-fr" ? "\uFEFF" : "") + csvRecord([ID_COLUMN, ...variables.map((v) => v.name)], dialect);
    for await (const page of pages) {
      let text2 = "";
      for (const response of page) text2 += csvRecord(row(response), dialect);
      yield text2;
    }
  }
  return Readable2.from(chunks(), { objectMode: false });
}
var init_responses_csv = __esm({
  "packages/analysis/src/export/responses-csv.ts"() {
    "use strict";
    init_csv();
    init_variables();
  }
});

// packages/analysis/src/export/codebook-csv.ts
function* codebookRows(variables, excluded, wavesOf) {
  yield [ID_COLUMN, null, "Pseudonyme al\xE9atoire de l'organisation, stable dans cet export seulement", "Random pseudonym of the organisation, stable within this export only", "string", null, null, null, null, null, null, null, true, null];
  for (const v of variables) {
    yield [
      v.name,
      v.question,
      v.labelFr,
      v.labelEn,
      v.type,
      v.kind,
      v.values ? v.values.map((x) => x.value).join(" | ") : null,
      v.values ? v.values.map((x) => `${x.value}=${x.labelFr}`).join(" | ") : null,
      v.values ? v.values.map((x) => `${x.value}=${x.labelEn}`).join(" | ") : null,
      v.page,
      v.pageIndex,
      wavesOf(v.question).join(";"),
      true,
      null
    ];
  }
  for (const q of excluded) {
    yield [null, q.question, q.labelFr, null, null, null, null, null, null, null, null, wavesOf(q.question).join(";"), false, EXCLUSION_NOTES[q.reason]];
  }
}
function codebookCsv(variables, excluded, wavesOf, options) {
  return csvStream(CODEBOOK_COLUMNS, codebookRows(variables, excluded, wavesOf), options.dialect);
}
var CODEBOOK_COLUMNS, EXCLUSION_NOTES;
var init_codebook_csv = __esm({
  "packages/analysis/src/export/codebook-csv.ts"() {
    "use strict";
    init_csv();
    init_variables();
    CODEBOOK_COLUMNS = [
      "variable",
      "question",
      "label_fr",
      "label_en",
      "type",
      "question_type",
      "values",
      "value_labels_fr",
      "value_labels_en",
      "page",
      "page_index",
      "waves",
      "exported",
      "note"
    ];
    EXCLUSION_NOTES = {
      identifying: "identifie l'organisation ou une personne : jamais export\xE9",
      free_text: "texte libre : export\xE9 seulement si la vague le permet",
      file: "fichier : jamais export\xE9"
    };
  }
});

// packages/analysis/src/export/indicators-csv.ts
function record(row) {
  return [
    row.wave,
    row.indicator,
    row.labelFr,
    row.family,
    row.dimension,
    row.dimensionValue,
    row.category,
    row.n,
    row.value,
    row.ciLow,
    row.ciHigh,
    row.q1,
    row.q3,
    row.unit,
    row.suppressed,
    row.reason,
    row.factorSource
  ];
}
function indicatorsCsv(rows, options) {
  async function* records() {
    for await (const row of rows) yield record(row);
  }
  return csvStream(INDICATOR_CSV_COLUMNS, records(), options.dialect);
}
function* indicatorCsvRows(wave, cells, definitions, dimension = null) {
  const byId = new Map(definitions.map((d) => [d.id, d]));
  for (const cell of cells) {
    const definition = byId.get(cell.indicator);
    if (!definition) throw new Error(`no definition for indicator "${cell.indicator}"`);
    yield {
      ...cell,
      wave,
      dimension,
      labelFr: definition.labelFr,
      unit: definition.unit,
      factorSource: indicatorFactorSource(definition)
    };
  }
}
var INDICATOR_CSV_COLUMNS;
var init_indicators_csv = __esm({
  "packages/analysis/src/export/indicators-csv.ts"() {
    "use strict";
    init_csv();
    init_meta();
    init_csv();
    INDICATOR_CSV_COLUMNS = [
      "wave",
      "indicator",
      "label_fr",
      "family",
      "dimension",
      "dimension_value",
      "category",
      "n",
      "value",
      "ci_low",
      "ci_high",
      "q1",
      "q3",
      "unit",
      "suppressed",
      "reason",
      "factor_source"
    ];
  }
});

// packages/analysis/src/export/datapackage.ts
function field(name, type, extra = {}) {
  return {
    name,
    type,
    ...type === "boolean" ? { trueValues: ["true"], falseValues: ["false"] } : {},
    ...extra
  };
}
function resource(name, path3, title, fields, primaryKey) {
  return {
    name,
    path: path3,
    profile: "tabular-data-resource",
    title,
    format: "csv",
    mediatype: "text/csv",
    encoding: "utf-8",
    dialect: CSV_DIALECT,
    schema: { fields, missingValues: [""], ...primaryKey ? { primaryKey } : {} }
  };
}
function variableField(v) {
  const extra = { title: v.labelFr, description: v.labelEn };
  if (v.type === "integer" && v.values) extra.constraints = { enum: v.values.map((x) => Number(x.value)) };
  else if (v.type === "string" && v.values && !v.kind.endsWith("/joined") && v.kind !== "ranking") {
    extra.constraints = { enum: v.values.map((x) => x.value) };
  }
  if (v.type === "date") extra.format = "default";
  return field(v.name, v.type, extra);
}
function dataPackageDescriptor(wave, variables, created = /* @__PURE__ */ new Date()) {
  return {
    profile: "tabular-data-package",
    name: `sonde-${wave.slug}`.toLowerCase().replace(/[^a-z0-9._-]+/g, "-"),
    title: wave.title,
    description: "Donn\xE9es pseudonymis\xE9es d'une vague d'enqu\xEAte Sonde (r\xE9seau ESS num\xE9rique) : r\xE9ponses des organisations, dictionnaire des variables et indicateurs par famille sous secret statistique.",
    created: created.toISOString(),
    resources: [
      resource("responses", "responses.csv", "R\xE9ponses pseudonymis\xE9es (une ligne par organisation)", [
        field(ID_COLUMN, "string", { title: "Pseudonyme de l'organisation", constraints: { required: true, unique: true } }),
        ...variables.map(variableField)
      ], ID_COLUMN),
      resource("codebook", "codebook.csv", "Dictionnaire des variables", CODEBOOK_COLUMNS.map((name) => field(name, CODEBOOK_TYPES[name]))),
      resource("indicators", "indicators.csv", "Indicateurs par famille (secret statistique appliqu\xE9)", INDICATOR_CSV_COLUMNS.map((name) => field(name, INDICATOR_TYPES[name])))
    ]
  };
}
function dataPackageReadme(wave, options) {
  return `# ${wave.title} \u2014 donn\xE9es Sonde

Export de la vague \`${wave.slug}\`, au format Frictionless Data Package (\`datapackage.json\`).

| fichier | contenu |
| --- | --- |
| \`responses.csv\` | une ligne par organisation ayant envoy\xE9 ses r\xE9ponses, une colonne par question dans l'ordre du questionnaire |
| \`codebook.csv\` | le dictionnaire : chaque variable, ses libell\xE9s (fr/en), son type, ses codes et leurs libell\xE9s, sa page, les vagues o\xF9 la question existe |
| \`indicators.csv\` | les indicateurs par famille, avec n, intervalle de confiance et secret statistique (minimum ${options.minCellSize} organisations par case) |

## Protection des donn\xE9es

- Donn\xE9es **pseudonymis\xE9es**, pas anonymes : \`id\` est un pseudonyme al\xE9atoire, stable dans cet export seulement (deux exports ne se relient pas).
- Ni nom, ni e-mail, ni t\xE9l\xE9phone, ni fichier. ${options.freeText ? "Les r\xE9ponses en texte libre sont incluses (la vague le permet)." : "Les r\xE9ponses en texte libre ne sont pas incluses (la vague ne le permet pas) ; le dictionnaire les liste."}
- Choix multiples : une colonne 0/1 par choix (\`question__choix\`), plus la liste des choix s\xE9par\xE9s par \`;\`.
- S\xE9curit\xE9 des tableurs : un texte commen\xE7ant par \`= + - @\`, une tabulation ou un retour chariot est pr\xE9c\xE9d\xE9 d'une apostrophe \`'\` ; retirez-la avant analyse si besoin. Les nombres ne sont jamais modifi\xE9s.
- Les indicateurs sont sous secret statistique : une case masqu\xE9e a \`suppressed=true\`, sa raison, et aucune valeur (jamais 0).

## Lire les donn\xE9es

Python (\`pip install frictionless\`) :

\`\`\`python
from frictionless import Package
package = Package("datapackage.zip")
responses = package.get_resource("responses").to_pandas()
\`\`\`

R (\`install.packages("frictionless")\`) :

\`\`\`r
dir <- tempfile(); unzip("datapackage.zip", exdir = dir)
package <- frictionless::read_package(file.path(dir, "datapackage.json"))
responses <- frictionless::read_resource(package, "responses")
\`\`\`

Sans biblioth\xE8que : les fichiers CSV sont en UTF-8, s\xE9parateur virgule, fins de ligne CRLF, guillemets RFC 4180.
`;
}
var CSV_DIALECT, INDICATOR_TYPES, CODEBOOK_TYPES;
var init_datapackage = __esm({
  "packages/analysis/src/export/datapackage.ts"() {
    "use strict";
    init_indicators_csv();
    init_codebook_csv();
    init_variables();
    CSV_DIALECT = { delimiter: ",", lineTerminator: "\r\n", quoteChar: '"', doubleQuote: true, header: true };
    INDICATOR_TYPES = {
      wave: "string",
      indicator: "string",
      label_fr: "string",
      family: "string",
      dimension: "string",
      dimension_value: "string",
      category: "string",
      n: "integer",
      value: "number",
      ci_low: "number",
      ci_high: "number",
      q1: "number",
      q3: "number",
      unit: "string",
      suppressed: "boolean",
      reason: "string",
      factor_source: "string"
    };
    CODEBOOK_TYPES = {
      variable: "string",
      question: "string",
      label_fr: "string",
      label_en: "string",
      type: "string",
      question_type: "string",
      values: "string",
      value_labels_fr: "string",
      value_labels_en: "string",
      page: "string",
      page_index: "integer",
      waves: "string",
      exported: "boolean",
      note: "string"
    };
  }
});

// packages/analysis/src/export/zip.ts
import { Readable as Readable3 } from "node:stream";
import { createDeflateRaw, crc32 } from "node:zlib";
function dosDateTime(date) {
  return {
    time: date.getHours() << 11 | date.getMinutes() << 5 | Math.floor(date.getSeconds() / 2),
    date: date.getFullYear() - 1980 << 9 | date.getMonth() + 1 << 5 | date.getDate()
  };
}
function zipStream(entries, modified = /* @__PURE__ */ new Date()) {
  const { time, date } = dosDateTime(modified);
  async function* archive() {
    const central = [];
    let offset = 0;
    for (const entry of entries) {
      const name = Buffer.from(entry.name, "utf8");
      const header = Buffer.alloc(30);
      header.writeUInt32LE(67324752, 0);
      header.writeUInt16LE(VERSION, 4);
      header.writeUInt16LE(FLAGS, 6);
      header.writeUInt16LE(DEFLATE, 8);
      header.writeUInt16LE(time, 10);
      header.writeUInt16LE(date, 12);
      header.writeUInt16LE(name.length, 26);
      header.writeUInt16LE(0, 28);
      yield header;
      yield name;
      let crc = 0;
      let size = 0;
      let compressed = 0;
      const deflate = createDeflateRaw({ level: 6 });
      const source = typeof entry.content === "function" ? entry.content() : Readable3.from([Buffer.from(entry.content)]);
      const writable = () => new Promise((resolve) => {
        const done = () => {
          deflate.off("drain", done);
          deflate.off("close", done);
          resolve();
        };
        deflate.once("drain", done);
        deflate.once("close", done);
      });
      const input = (async () => {
        try {
          for await (const chunk of source) {
            const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
            crc = crc32(bytes, crc);
            size += bytes.length;
            if (!deflate.write(bytes)) await writable();
            if (deflate.destroyed) break;
          }
          deflate.end();
        } catch (error) {
          deflate.destroy(error);
        } finally {
          if (deflate.destroyed && source instanceof Readable3) source.destroy();
        }
      })();
      try {
        for await (const chunk of deflate) {
          compressed += chunk.length;
          yield chunk;
        }
      } finally {
        if (!deflate.writableFinished) deflate.destroy();
      }
      await input;
      if (size > 4294967295 || compressed > 4294967295) throw new Error(`${entry.name} is over 4 GiB: ZIP64 is not written`);
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(134695760, 0);
      descriptor.writeUInt32LE(crc >>> 0, 4);
      descriptor.writeUInt32LE(compressed, 8);
      descriptor.writeUInt32LE(size, 12);
      yield descriptor;
      const record2 = Buffer.alloc(46);
      record2.writeUInt32LE(33639248, 0);
      record2.writeUInt16LE(VERSION, 4);
      record2.writeUInt16LE(VERSION, 6);
      record2.writeUInt16LE(FLAGS, 8);
      record2.writeUInt16LE(DEFLATE, 10);
      record2.writeUInt16LE(time, 12);
      record2.writeUInt16LE(date, 14);
      record2.writeUInt32LE(crc >>> 0, 16);
      record2.writeUInt32LE(compressed, 20);
      record2.writeUInt32LE(size, 24);
      record2.writeUInt16LE(name.length, 28);
      record2.writeUInt32LE(offset, 42);
      central.push(record2, name);
      offset += header.length + name.length + compressed + descriptor.length;
      if (offset > 4294967295) throw new Error("the archive is over 4 GiB: ZIP64 is not written");
    }
    const directory = Buffer.concat(central);
    yield directory;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(101010256, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    yield end;
  }
  return Readable3.from(archive(), { objectMode: false });
}
var FLAGS, DEFLATE, VERSION;
var init_zip = __esm({
  "packages/analysis/src/export/zip.ts"() {
    "use strict";
    FLAGS = 2056;
    DEFLATE = 8;
    VERSION = 20;
  }
});

// packages/analysis/src/report/member-report.ts
function termValue2(term, answers) {
  const t = normaliseTerm(term);
  const raw = answers[t.question];
  let value = t.count ? Array.isArray(raw) ? raw.filter((v) => typeof v === "string").length : null : numberOf(raw);
  if (value !== null && t.times) {
    const times = numberOf(answers[t.times]);
    value = times === null ? null : value * times;
  }
  if (value !== null) value *= t.coefficient;
  return value ?? t.default;
}
function side(terms, answers) {
  const values = terms.map((t) => termValue2(t, answers)).filter((v) => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}
function meets(definition, answer) {
  const when = definition.when;
  if ("atMost" in when || "atLeast" in when) {
    const value = numberOf(answer);
    if (value === null) return null;
    return "atMost" in when ? value <= when.atMost : value >= when.atLeast;
  }
  if (answer === null || answer === void 0 || typeof answer !== typeof when.equals) return null;
  return answer === when.equals;
}
function ownValue(definition, answers) {
  switch (definition.aggregation) {
    case "median":
      return numberOf(answers[definition.question]);
    case "median_ratio": {
      const y = side(definition.numerator, answers);
      const x = side(definition.denominator, answers);
      return y === null || x === null || x === 0 ? null : y / x;
    }
    case "share": {
      const met = meets(definition, answers[definition.question]);
      return met === null ? null : met ? 1 : 0;
    }
    default:
      return null;
  }
}
function memberReportItems(definitions, cells, answers, families) {
  const byKey = new Map(cells.filter((c) => c.dimensionValue === null && c.category === null).map((c) => [`${c.indicator}\0${c.family}`, c]));
  const items = [];
  for (const definition of definitions) {
    if (definition.aggregation !== "median" && definition.aggregation !== "median_ratio" && definition.aggregation !== "share") continue;
    const own = ownValue(definition, answers);
    const mine = families.filter((f) => definition.families === null || definition.families.includes(f));
    for (const family of [...mine, ...mine.length > 0 ? [ALL2] : []]) {
      const cell = byKey.get(`${definition.id}\0${family}`);
      if (!cell) continue;
      items.push({
        indicator: indicatorMeta(definition),
        family,
        own,
        n: cell.n,
        value: cell.suppressed ? null : cell.value,
        q1: cell.suppressed ? null : cell.q1,
        q3: cell.suppressed ? null : cell.q3,
        ciLow: cell.suppressed ? null : cell.ciLow,
        ciHigh: cell.suppressed ? null : cell.ciHigh,
        suppressed: cell.suppressed,
        reason: cell.reason
      });
    }
  }
  return items;
}
var numberOf;
var init_member_report = __esm({
  "packages/analysis/src/report/member-report.ts"() {
    "use strict";
    init_dimensions();
    init_meta();
    numberOf = (value) => typeof value === "number" && Number.isFinite(value) ? value : null;
  }
});

// packages/analysis/src/index.ts
var init_src3 = __esm({
  "packages/analysis/src/index.ts"() {
    "use strict";
    init_wilson();
    init_median_interval();
    init_mean_interval();
    init_ratio_interval();
    init_quantile();
    init_binomial();
    init_student_t();
    init_default_indicators();
    init_factors();
    init_meta();
    init_validate();
    init_dimensions();
    init_compute_indicators();
    init_queries();
    init_disclosure();
    init_bridges();
    init_csv();
    init_variables();
    init_responses_csv();
    init_codebook_csv();
    init_datapackage();
    init_zip();
    init_indicators_csv();
    init_member_report();
  }
});

// apps/api/src/csv.ts
function exportFileName(slug, what, extension = "csv") {
  const safe = slug.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 60) || "vague";
  return `sonde-${safe}-${what}.${extension}`;
}
var init_csv2 = __esm({
  "apps/api/src/csv.ts"() {
    "use strict";
  }
});

// apps/api/src/routes/waves/require-wave.ts
import { z as z9 } from "zod";
async function requireWave(db, id) {
  const wave = await findWaveById(db, id);
  if (!wave) throw new AppError("WAVE_NOT_FOUND");
  return wave;
}
var WaveParamsSchema;
var init_require_wave = __esm({
  "apps/api/src/routes/waves/require-wave.ts"() {
    "use strict";
    init_src();
    init_errors();
    WaveParamsSchema = z9.object({ id: z9.string().max(100) });
  }
});

// packages/survey/questionnaires/2025.fr.json
var fr_default;
var init_fr = __esm({
  "packages/survey/questionnaires/2025.fr.json"() {
    fr_default = {
      title: "Enqu\xEAte 2025 sur l'impact des acteurs du num\xE9rique de l'ESS",
      description: "Ce questionnaire mesure l'impact de votre organisation et de sa famille d'acteurs. Vos r\xE9ponses sont enregistr\xE9es au fur et \xE0 mesure : vous pouvez le remplir en plusieurs fois et \xE0 plusieurs. Comptez environ 20 minutes.",
      showQuestionNumbers: "off",
      completedHtml: "<h3>Merci !</h3><p>Vos r\xE9ponses ont bien \xE9t\xE9 envoy\xE9es au r\xE9seau.</p>",
      pages: [
        {
          name: "identite",
          title: "Votre organisation",
          elements: [
            {
              type: "text",
              name: "nom_organisation",
              title: "Nom de l'organisation",
              isRequired: true,
              maxLength: 200
            },
            {
              type: "dropdown",
              name: "forme_juridique",
              title: "Forme juridique",
              isRequired: true,
              choices: [
                {
                  value: "association",
                  text: "Association"
                },
                {
                  value: "scop",
                  text: "SCOP (soci\xE9t\xE9 coop\xE9rative et participative)"
                },
                {
                  value: "scic",
                  text: "SCIC (soci\xE9t\xE9 coop\xE9rative d'int\xE9r\xEAt collectif)"
                },
                {
                  value: "cae",
                  text: "CAE (coop\xE9rative d'activit\xE9 et d'emploi)"
                },
                {
                  value: "sas_ess",
                  text: "Soci\xE9t\xE9 commerciale de l'ESS (SAS, SARL\u2026)"
                },
                {
                  value: "fondation",
                  text: "Fondation ou fonds de dotation"
                },
                {
                  value: "mutuelle",
                  text: "Mutuelle"
                },
                {
                  value: "cooperative_autre",
                  text: "Autre coop\xE9rative"
                },
                {
                  value: "autre",
                  text: "Autre"
                }
              ]
            },
            {
              type: "radiogroup",
              name: "agrement_esus",
              title: "Votre organisation a-t-elle l'agr\xE9ment ESUS (entreprise solidaire d'utilit\xE9 sociale) ?",
              isRequired: true,
              choices: [
                {
                  value: "oui",
                  text: "Oui"
                },
                {
                  value: "non",
                  text: "Non"
                },
                {
                  value: "en_cours",
                  text: "Demande en cours"
                }
              ]
            },
            {
              type: "dropdown",
              name: "region",
              title: "R\xE9gion du si\xE8ge",
              description: "Choisissez \xAB National \xBB si votre activit\xE9 couvre plusieurs r\xE9gions sans ancrage principal.",
              isRequired: true,
              choices: [
                {
                  value: "auvergne_rhone_alpes",
                  text: "Auvergne-Rh\xF4ne-Alpes"
                },
                {
                  value: "bourgogne_franche_comte",
                  text: "Bourgogne-Franche-Comt\xE9"
                },
                {
                  value: "bretagne",
                  text: "Bretagne"
                },
                {
                  value: "centre_val_de_loire",
                  text: "Centre-Val de Loire"
                },
                {
                  value: "corse",
                  text: "Corse"
                },
                {
                  value: "grand_est",
                  text: "Grand Est"
                },
                {
                  value: "hauts_de_france",
                  text: "Hauts-de-France"
                },
                {
                  value: "ile_de_france",
                  text: "\xCEle-de-France"
                },
                {
                  value: "normandie",
                  text: "Normandie"
                },
                {
                  value: "nouvelle_aquitaine",
                  text: "Nouvelle-Aquitaine"
                },
                {
                  value: "occitanie",
                  text: "Occitanie"
                },
                {
                  value: "pays_de_la_loire",
                  text: "Pays de la Loire"
                },
                {
                  value: "provence_alpes_cote_d_azur",
                  text: "Provence-Alpes-C\xF4te d'Azur"
                },
                {
                  value: "guadeloupe",
                  text: "Guadeloupe"
                },
                {
                  value: "martinique",
                  text: "Martinique"
                },
                {
                  value: "guyane",
                  text: "Guyane"
                },
                {
                  value: "la_reunion",
                  text: "La R\xE9union"
                },
                {
                  value: "mayotte",
                  text: "Mayotte"
                },
                {
                  value: "national",
                  text: "National (plusieurs r\xE9gions ou toute la France)"
                }
              ]
            },
            {
              type: "text",
              name: "annee_creation",
              title: "Ann\xE9e de cr\xE9ation",
              inputType: "number",
              min: 1800,
              max: 2025,
              step: 1,
              stepErrorText: "Saisissez une ann\xE9e (nombre entier)."
            },
            {
              type: "checkbox",
              name: "familles",
              title: "\xC0 quelles familles du r\xE9seau votre organisation appartient-elle ?",
              description: "Plusieurs r\xE9ponses possibles. Une page de questions sp\xE9cifiques s'affichera pour chaque famille coch\xE9e.",
              isRequired: true,
              choices: [
                {
                  value: "insertion",
                  text: "Insertion & formation num\xE9rique"
                },
                {
                  value: "reemploi",
                  text: "\xC9conomie circulaire : r\xE9emploi & reconditionnement"
                },
                {
                  value: "inclusion",
                  text: "\xC9ducation populaire & inclusion num\xE9rique"
                },
                {
                  value: "communs",
                  text: "Communs num\xE9riques & open data"
                },
                {
                  value: "plateformes",
                  text: "Plateformes coop\xE9ratives"
                },
                {
                  value: "mesure",
                  text: "Outils de mesure & num\xE9rique responsable"
                }
              ]
            }
          ]
        },
        {
          name: "economie_emplois",
          title: "\xC9conomie et emplois",
          description: "Ann\xE9e de r\xE9f\xE9rence : 2024. Indiquez les chiffres de l'exercice 2024 (ou du dernier exercice clos si votre exercice est d\xE9cal\xE9).",
          elements: [
            {
              type: "text",
              name: "budget_annuel",
              title: "Budget annuel 2024 (total des produits, en euros)",
              inputType: "number",
              isRequired: true,
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "part_financement_public",
              title: "Part des financements publics dans ce budget (%)",
              inputType: "number",
              description: "Subventions, march\xE9s et aides publiques de l'\xC9tat, des collectivit\xE9s et de l'Union europ\xE9enne.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0,
                  maxValue: 100,
                  text: "Saisissez un pourcentage entre 0 et 100."
                }
              ]
            },
            {
              type: "text",
              name: "part_revenus_activite",
              title: "Part des revenus d'activit\xE9 dans ce budget (%)",
              inputType: "number",
              description: "Ventes de biens et de services, prestations, cotisations des usagers.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0,
                  maxValue: 100,
                  text: "Saisissez un pourcentage entre 0 et 100."
                },
                {
                  type: "expression",
                  expression: "{part_financement_public} empty or {part_revenus_activite} empty or {part_financement_public} + {part_revenus_activite} <= 100",
                  text: "La part des financements publics et celle des revenus d'activit\xE9 ne peuvent pas d\xE9passer 100 % \xE0 elles deux."
                }
              ]
            },
            {
              type: "text",
              name: "salaries_nombre",
              title: "Nombre de salari\xE9s au 31 d\xE9cembre 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              isRequired: true,
              description: "Toutes les personnes salari\xE9es, quel que soit leur contrat ou leur temps de travail. Indiquez 0 si vous n'avez pas de salari\xE9.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "salaries_etp",
              title: "Nombre de salari\xE9s en \xE9quivalent temps plein (ETP) sur 2024",
              inputType: "number",
              description: "ETP (\xE9quivalent temps plein) : somme des temps de travail rapport\xE9s \xE0 un temps plein sur l'ann\xE9e. Un salari\xE9 \xE0 mi-temps toute l'ann\xE9e compte pour 0,5 ETP ; un salari\xE9 \xE0 temps plein pendant six mois, pour 0,5 ETP aussi.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "benevoles_nombre",
              title: "Nombre de b\xE9n\xE9voles actifs en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "benevoles_heures",
              title: "Nombre total d'heures de b\xE9n\xE9volat en 2024",
              inputType: "number",
              description: "Estimation accept\xE9e. \xC0 titre indicatif, 1 607 heures correspondent \xE0 un \xE9quivalent temps plein.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            }
          ]
        },
        {
          name: "gouvernance",
          title: "Gouvernance et mod\xE8le ESS",
          elements: [
            {
              type: "boolean",
              name: "gouvernance_democratique",
              title: "Votre gouvernance applique-t-elle le principe \xAB une personne, une voix \xBB ?",
              displayMode: "radio",
              labelTrue: "Oui",
              labelFalse: "Non",
              isRequired: true,
              description: "Chaque membre (adh\xE9rent, associ\xE9, soci\xE9taire) dispose d'une voix, quel que soit son apport."
            },
            {
              type: "text",
              name: "ca_membres",
              title: "Nombre de membres de l'instance de direction \xE9lue (conseil d'administration, conseil de surveillance, coll\xE8ge\u2026)",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ca_femmes",
              title: "Dont nombre de femmes",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{ca_femmes} empty or {ca_membres} empty or {ca_femmes} <= {ca_membres}",
                  text: "Le nombre de femmes ne peut pas d\xE9passer le nombre de membres de l'instance."
                }
              ]
            },
            {
              type: "text",
              name: "ecart_salaires_ratio",
              title: "\xC9cart entre la r\xE9mun\xE9ration la plus haute et la plus basse",
              inputType: "number",
              description: "Rapport entre la r\xE9mun\xE9ration la plus \xE9lev\xE9e et la plus basse, ramen\xE9es \xE0 un \xE9quivalent temps plein (par exemple 2,5 si la plus haute vaut 2,5 fois la plus basse). Indiquez 1 si tous les salaires sont \xE9gaux.",
              validators: [
                {
                  type: "numeric",
                  minValue: 1,
                  text: "L'\xE9cart de r\xE9mun\xE9ration est un rapport : il vaut au moins 1."
                }
              ]
            },
            {
              type: "text",
              name: "salaires_5_plus_hauts_smic",
              title: "Moyenne des 5 r\xE9mun\xE9rations les plus \xE9lev\xE9es, en multiple du SMIC",
              inputType: "number",
              description: "R\xE9mun\xE9rations annuelles brutes en ETP divis\xE9es par le SMIC annuel brut. L'agr\xE9ment ESUS plafonne cette moyenne \xE0 7 SMIC.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "salaire_plus_haut_smic",
              title: "R\xE9mun\xE9ration la plus \xE9lev\xE9e, en multiple du SMIC",
              inputType: "number",
              description: "R\xE9mun\xE9ration annuelle brute en ETP divis\xE9e par le SMIC annuel brut. L'agr\xE9ment ESUS la plafonne \xE0 10 SMIC.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "boolean",
              name: "evaluation_impact",
              title: "Votre organisation a-t-elle une d\xE9marche d'\xE9valuation de son impact social ou environnemental ?",
              displayMode: "radio",
              labelTrue: "Oui",
              labelFalse: "Non"
            }
          ]
        },
        {
          name: "famille_insertion",
          title: "Insertion & formation num\xE9rique",
          description: "Cette page s'affiche parce que votre organisation appartient \xE0 la famille \xAB Insertion & formation num\xE9rique \xBB. Ann\xE9e de r\xE9f\xE9rence : 2024.",
          visibleIf: "{familles} contains 'insertion'",
          elements: [
            {
              type: "text",
              name: "ins_personnes_formees",
              title: "Nombre de personnes form\xE9es en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              description: "Personnes distinctes : une personne suivant plusieurs formations ne compte qu'une fois.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ins_heures_stagiaires",
              title: "Nombre d'heures-stagiaires de formation en 2024",
              inputType: "number",
              description: "Somme, pour chaque formation, de sa dur\xE9e en heures multipli\xE9e par le nombre de stagiaires.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ins_beneficiaires_total",
              title: "Nombre total de b\xE9n\xE9ficiaires accompagn\xE9s en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ins_beneficiaires_precarite",
              title: "Dont b\xE9n\xE9ficiaires en situation de pr\xE9carit\xE9",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              description: "Demandeurs d'emploi de longue dur\xE9e, allocataires de minima sociaux, jeunes sans qualification, r\xE9sidents des quartiers prioritaires\u2026",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{ins_beneficiaires_precarite} empty or {ins_beneficiaires_total} empty or {ins_beneficiaires_precarite} <= {ins_beneficiaires_total}",
                  text: "Ce nombre ne peut pas d\xE9passer le nombre total de b\xE9n\xE9ficiaires."
                }
              ]
            },
            {
              type: "text",
              name: "ins_salaries_insertion",
              title: "Nombre de salari\xE9s en parcours d'insertion en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ins_etp_insertion",
              title: "\xC9quivalent temps plein (ETP) des salari\xE9s en insertion en 2024",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ins_sorties_total",
              title: "Nombre de sorties de parcours en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ins_sorties_dynamiques",
              title: "Dont sorties dynamiques",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              description: "Sorties dynamiques (d\xE9finition de l'insertion par l'activit\xE9 \xE9conomique) : emploi durable (CDI, CDD ou int\xE9rim de 6 mois ou plus, cr\xE9ation d'entreprise), emploi de transition (CDD ou int\xE9rim de moins de 6 mois, contrat aid\xE9) ou sortie positive (formation qualifiante, entr\xE9e dans une autre structure d'insertion\u2026).",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{ins_sorties_dynamiques} empty or {ins_sorties_total} empty or {ins_sorties_dynamiques} <= {ins_sorties_total}",
                  text: "Le nombre de sorties dynamiques ne peut pas d\xE9passer le nombre total de sorties."
                }
              ]
            },
            {
              type: "boolean",
              name: "ins_emploi_6_mois",
              title: "Suivez-vous la situation des personnes (emploi ou formation) 6 mois apr\xE8s leur sortie ?",
              displayMode: "radio",
              labelTrue: "Oui",
              labelFalse: "Non"
            }
          ]
        },
        {
          name: "famille_reemploi",
          title: "\xC9conomie circulaire : r\xE9emploi & reconditionnement",
          description: "Cette page s'affiche parce que votre organisation appartient \xE0 la famille \xAB \xC9conomie circulaire : r\xE9emploi & reconditionnement \xBB. Ann\xE9e de r\xE9f\xE9rence : 2024.",
          visibleIf: "{familles} contains 'reemploi'",
          elements: [
            {
              type: "text",
              name: "ree_smartphones",
              title: "Smartphones reconditionn\xE9s en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_portables",
              title: "Ordinateurs portables reconditionn\xE9s en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_fixes",
              title: "Ordinateurs fixes (unit\xE9s centrales) reconditionn\xE9s en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_tablettes",
              title: "Tablettes reconditionn\xE9es en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_ecrans",
              title: "\xC9crans reconditionn\xE9s en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_solidaires",
              title: "Dont appareils donn\xE9s ou vendus \xE0 prix solidaire",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{ree_solidaires} empty or ({ree_smartphones} empty and {ree_portables} empty and {ree_fixes} empty and {ree_tablettes} empty and {ree_ecrans} empty) or {ree_solidaires} <= sum({ree_smartphones}, {ree_portables}, {ree_fixes}, {ree_tablettes}, {ree_ecrans})",
                  text: "Ce nombre ne peut pas d\xE9passer le total des appareils reconditionn\xE9s."
                }
              ]
            },
            {
              type: "text",
              name: "ree_deee_collectes_kg",
              title: "D\xE9chets d'\xE9quipements \xE9lectriques et \xE9lectroniques (DEEE) collect\xE9s en 2024 (kg)",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_deee_reemployes_kg",
              title: "Dont DEEE r\xE9employ\xE9s (kg)",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{ree_deee_reemployes_kg} empty or {ree_deee_collectes_kg} empty or {ree_deee_reemployes_kg} <= {ree_deee_collectes_kg}",
                  text: "Le poids r\xE9employ\xE9 ne peut pas d\xE9passer le poids collect\xE9."
                }
              ]
            },
            {
              type: "text",
              name: "ree_deee_recycles_kg",
              title: "DEEE orient\xE9s vers le recyclage (kg)",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_etp_insertion",
              title: "\xC9quivalent temps plein (ETP) en insertion dans l'atelier en 2024",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "ree_annees_usage_supplementaires",
              title: "Dur\xE9e d'usage suppl\xE9mentaire moyenne d'un appareil reconditionn\xE9 (ann\xE9es)",
              inputType: "number",
              description: "Laissez vide si vous ne savez pas : l'analyse retiendra alors 1 an, l'hypoth\xE8se par d\xE9faut pour le calcul des \xE9missions \xE9vit\xE9es.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            }
          ]
        },
        {
          name: "famille_inclusion",
          title: "\xC9ducation populaire & inclusion num\xE9rique",
          description: "Cette page s'affiche parce que votre organisation appartient \xE0 la famille \xAB \xC9ducation populaire & inclusion num\xE9rique \xBB. Ann\xE9e de r\xE9f\xE9rence : 2024.",
          visibleIf: "{familles} contains 'inclusion'",
          elements: [
            {
              type: "text",
              name: "inc_personnes_accompagnees",
              title: "Nombre de personnes accompagn\xE9es en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              description: "Personnes distinctes.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "inc_seances",
              title: "Nombre de s\xE9ances d'accompagnement individuel en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "inc_heures_ateliers",
              title: "Nombre d'heures d'ateliers collectifs en 2024",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "inc_personnes_60_plus",
              title: "Dont personnes de 60 ans ou plus",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{inc_personnes_60_plus} empty or {inc_personnes_accompagnees} empty or {inc_personnes_60_plus} <= {inc_personnes_accompagnees}",
                  text: "Ce nombre ne peut pas d\xE9passer le nombre de personnes accompagn\xE9es."
                }
              ]
            },
            {
              type: "text",
              name: "inc_personnes_precarite",
              title: "Dont personnes en situation de pr\xE9carit\xE9",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{inc_personnes_precarite} empty or {inc_personnes_accompagnees} empty or {inc_personnes_precarite} <= {inc_personnes_accompagnees}",
                  text: "Ce nombre ne peut pas d\xE9passer le nombre de personnes accompagn\xE9es."
                }
              ]
            },
            {
              type: "text",
              name: "inc_demarches_admin",
              title: "Nombre de d\xE9marches administratives accompagn\xE9es en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "inc_lignes_solidaires",
              title: "Nombre de lignes, cartes SIM ou recharges solidaires fournies en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "inc_membres_usagers",
              title: "Nombre de membres usagers (soci\xE9taires ou adh\xE9rents utilisateurs de vos services)",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            }
          ]
        },
        {
          name: "famille_communs",
          title: "Communs num\xE9riques & open data",
          description: "Cette page s'affiche parce que votre organisation appartient \xE0 la famille \xAB Communs num\xE9riques & open data \xBB. Sauf mention contraire, comptez les 12 derniers mois.",
          visibleIf: "{familles} contains 'communs'",
          elements: [
            {
              type: "text",
              name: "com_contributeurs_actifs",
              title: "Nombre de contributeurs actifs sur les 12 derniers mois",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "com_nouveaux_contributeurs",
              title: "Dont nouveaux contributeurs",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{com_nouveaux_contributeurs} empty or {com_contributeurs_actifs} empty or {com_nouveaux_contributeurs} <= {com_contributeurs_actifs}",
                  text: "Ce nombre ne peut pas d\xE9passer le nombre de contributeurs actifs."
                }
              ]
            },
            {
              type: "text",
              name: "com_facteur_absence",
              title: "Facteur d'absence des contributeurs",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              description: "Plus petit nombre de personnes qui r\xE9alisent \xE0 elles seules 50 % des contributions (indicateur \xAB contributor absence factor \xBB de CHAOSS). Un facteur de 1 signifie que le projet d\xE9pend d'une seule personne.",
              validators: [
                {
                  type: "numeric",
                  minValue: 1,
                  text: "Le facteur d'absence vaut au moins 1."
                }
              ]
            },
            {
              type: "text",
              name: "com_jeux_donnees",
              title: "Nombre de jeux de donn\xE9es publi\xE9s",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "com_enregistrements",
              title: "Nombre d'enregistrements publi\xE9s (lignes, fiches, objets\u2026)",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "com_productions_total",
              title: "Nombre total de productions publi\xE9es (logiciels, jeux de donn\xE9es, contenus)",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "com_productions_licence_ouverte",
              title: "Dont productions sous licence ouverte ou libre",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                },
                {
                  type: "expression",
                  expression: "{com_productions_licence_ouverte} empty or {com_productions_total} empty or {com_productions_licence_ouverte} <= {com_productions_total}",
                  text: "Ce nombre ne peut pas d\xE9passer le nombre total de productions."
                }
              ]
            },
            {
              type: "text",
              name: "com_reutilisations",
              title: "Nombre de r\xE9utilisations connues de vos productions",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "com_benevoles_tech",
              title: "Nombre de b\xE9n\xE9voles techniques (d\xE9veloppement, donn\xE9es, design\u2026)",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "com_heures_benevoles_tech",
              title: "Nombre d'heures de b\xE9n\xE9volat technique",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "com_projets_interet_general",
              title: "Nombre de projets d'int\xE9r\xEAt g\xE9n\xE9ral r\xE9alis\xE9s",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            }
          ]
        },
        {
          name: "famille_plateformes",
          title: "Plateformes coop\xE9ratives",
          description: "Cette page s'affiche parce que votre organisation appartient \xE0 la famille \xAB Plateformes coop\xE9ratives \xBB. Ann\xE9e de r\xE9f\xE9rence : 2024.",
          visibleIf: "{familles} contains 'plateformes'",
          elements: [
            {
              type: "text",
              name: "pla_membres_societaires",
              title: "Nombre de membres soci\xE9taires",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "pla_travailleurs",
              title: "Nombre de travailleurs de la plateforme (salari\xE9s, entrepreneurs-salari\xE9s ou ind\xE9pendants)",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "pla_utilisateurs_actifs",
              title: "Nombre d'utilisateurs actifs en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "pla_part_valeur_redistribuee",
              title: "Part de la valeur cr\xE9\xE9e redistribu\xE9e aux travailleurs et aux membres (%)",
              inputType: "number",
              validators: [
                {
                  type: "numeric",
                  minValue: 0,
                  maxValue: 100,
                  text: "Saisissez un pourcentage entre 0 et 100."
                }
              ]
            }
          ]
        },
        {
          name: "famille_mesure",
          title: "Outils de mesure & num\xE9rique responsable",
          description: "Cette page s'affiche parce que votre organisation appartient \xE0 la famille \xAB Outils de mesure & num\xE9rique responsable \xBB. Ann\xE9e de r\xE9f\xE9rence : 2024.",
          visibleIf: "{familles} contains 'mesure'",
          elements: [
            {
              type: "text",
              name: "mes_outils_diffuses",
              title: "Nombre d'outils ou de m\xE9thodes de mesure diffus\xE9s",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "mes_organisations_accompagnees",
              title: "Nombre d'organisations accompagn\xE9es en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            },
            {
              type: "text",
              name: "mes_evaluations_realisees",
              title: "Nombre d'\xE9valuations ou de diagnostics r\xE9alis\xE9s en 2024",
              inputType: "number",
              step: 1,
              stepErrorText: "Saisissez un nombre entier.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0
                }
              ]
            }
          ]
        },
        {
          name: "numerique_responsable",
          title: "Num\xE9rique responsable et souverainet\xE9",
          elements: [
            {
              type: "checkbox",
              name: "nr_fonctions_equipees",
              title: "Quelles fonctions de votre organisation sont outill\xE9es par un logiciel ou un service en ligne ?",
              description: "Cochez toutes les fonctions concern\xE9es.",
              choices: [
                {
                  value: "bureautique",
                  text: "Bureautique (traitement de texte, tableur)"
                },
                {
                  value: "messagerie",
                  text: "Messagerie \xE9lectronique"
                },
                {
                  value: "stockage",
                  text: "Stockage et partage de fichiers"
                },
                {
                  value: "visio",
                  text: "Visioconf\xE9rence"
                },
                {
                  value: "communication_interne",
                  text: "Messagerie instantan\xE9e, communication interne"
                },
                {
                  value: "gestion_projet",
                  text: "Gestion de projet, t\xE2ches"
                },
                {
                  value: "crm",
                  text: "Gestion des contacts, adh\xE9rents ou b\xE9n\xE9ficiaires (CRM)"
                },
                {
                  value: "comptabilite",
                  text: "Comptabilit\xE9"
                },
                {
                  value: "paie",
                  text: "Paie et gestion du personnel"
                },
                {
                  value: "site_web",
                  text: "Site web (CMS)"
                }
              ]
            },
            {
              type: "checkbox",
              name: "nr_outils_libres",
              title: "Pour lesquelles de ces fonctions utilisez-vous principalement un logiciel libre ?",
              description: "Logiciel sous licence libre, install\xE9 chez vous ou h\xE9berg\xE9 (par exemple LibreOffice, Nextcloud, Jitsi, Dolibarr).",
              visibleIf: "{nr_fonctions_equipees} notempty",
              choices: [
                {
                  value: "bureautique",
                  text: "Bureautique (traitement de texte, tableur)"
                },
                {
                  value: "messagerie",
                  text: "Messagerie \xE9lectronique"
                },
                {
                  value: "stockage",
                  text: "Stockage et partage de fichiers"
                },
                {
                  value: "visio",
                  text: "Visioconf\xE9rence"
                },
                {
                  value: "communication_interne",
                  text: "Messagerie instantan\xE9e, communication interne"
                },
                {
                  value: "gestion_projet",
                  text: "Gestion de projet, t\xE2ches"
                },
                {
                  value: "crm",
                  text: "Gestion des contacts, adh\xE9rents ou b\xE9n\xE9ficiaires (CRM)"
                },
                {
                  value: "comptabilite",
                  text: "Comptabilit\xE9"
                },
                {
                  value: "paie",
                  text: "Paie et gestion du personnel"
                },
                {
                  value: "site_web",
                  text: "Site web (CMS)"
                }
              ],
              validators: [
                {
                  type: "expression",
                  expression: "{nr_outils_libres} empty or {nr_fonctions_equipees} allof {nr_outils_libres}",
                  text: "Ne cochez que des fonctions indiqu\xE9es comme outill\xE9es \xE0 la question pr\xE9c\xE9dente."
                }
              ]
            },
            {
              type: "radiogroup",
              name: "nr_hebergement_localisation",
              title: "O\xF9 sont h\xE9berg\xE9s principalement vos donn\xE9es et vos services num\xE9riques ?",
              choices: [
                {
                  value: "france",
                  text: "En France"
                },
                {
                  value: "ue",
                  text: "Dans un autre pays de l'Union europ\xE9enne"
                },
                {
                  value: "hors_ue",
                  text: "Hors de l'Union europ\xE9enne"
                },
                {
                  value: "ne_sait_pas",
                  text: "Je ne sais pas"
                }
              ]
            },
            {
              type: "boolean",
              name: "nr_hebergement_hors_lois_extra_ue",
              title: "Votre h\xE9bergeur principal est-il \xE0 l'abri des lois extra-europ\xE9ennes \xE0 port\xE9e extraterritoriale ?",
              displayMode: "radio",
              labelTrue: "Oui",
              labelFalse: "Non",
              description: "Par exemple le Cloud Act am\xE9ricain : c'est le cas si l'h\xE9bergeur et sa maison m\xE8re rel\xE8vent uniquement du droit d'un pays de l'Union europ\xE9enne."
            },
            {
              type: "boolean",
              name: "nr_code_publie",
              title: "Publiez-vous le code source des logiciels que vous d\xE9veloppez ?",
              displayMode: "radio",
              labelTrue: "Oui",
              labelFalse: "Non"
            },
            {
              type: "dropdown",
              name: "nr_licence_code",
              title: "Sous quelle licence principale ?",
              visibleIf: "{nr_code_publie} = true",
              choices: [
                {
                  value: "agpl",
                  text: "AGPL"
                },
                {
                  value: "gpl",
                  text: "GPL"
                },
                {
                  value: "lgpl",
                  text: "LGPL"
                },
                {
                  value: "mpl",
                  text: "MPL"
                },
                {
                  value: "apache",
                  text: "Apache 2.0"
                },
                {
                  value: "mit",
                  text: "MIT"
                },
                {
                  value: "bsd",
                  text: "BSD"
                },
                {
                  value: "autre",
                  text: "Autre licence"
                }
              ]
            },
            {
              type: "boolean",
              name: "nr_empreinte_mesuree",
              title: "Avez-vous mesur\xE9 l'empreinte environnementale de vos activit\xE9s num\xE9riques ?",
              displayMode: "radio",
              labelTrue: "Oui",
              labelFalse: "Non"
            },
            {
              type: "dropdown",
              name: "nr_outil_empreinte",
              title: "Avec quel outil ou quelle m\xE9thode principalement ?",
              visibleIf: "{nr_empreinte_mesuree} = true",
              choices: [
                {
                  value: "ecoindex",
                  text: "EcoIndex"
                },
                {
                  value: "greenit_analysis",
                  text: "GreenIT-Analysis"
                },
                {
                  value: "numecodiag",
                  text: "NumEcoDiag"
                },
                {
                  value: "fruggr",
                  text: "Fruggr"
                },
                {
                  value: "bilan_carbone",
                  text: "Bilan Carbone"
                },
                {
                  value: "prestataire",
                  text: "Diagnostic r\xE9alis\xE9 par un prestataire"
                },
                {
                  value: "methode_interne",
                  text: "M\xE9thode interne"
                },
                {
                  value: "autre",
                  text: "Autre"
                }
              ]
            },
            {
              type: "text",
              name: "nr_ecoindex",
              title: "Score EcoIndex de la page d'accueil de votre site principal (0 \xE0 100)",
              inputType: "number",
              description: "Mesurable gratuitement sur ecoindex.fr.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0,
                  maxValue: 100,
                  text: "Saisissez un pourcentage entre 0 et 100."
                }
              ]
            },
            {
              type: "text",
              name: "nr_rgaa_taux",
              title: "Taux de conformit\xE9 au RGAA de votre site principal (%)",
              inputType: "number",
              description: "Taux indiqu\xE9 dans la d\xE9claration d'accessibilit\xE9 du site, s'il a \xE9t\xE9 audit\xE9.",
              validators: [
                {
                  type: "numeric",
                  minValue: 0,
                  maxValue: 100,
                  text: "Saisissez un pourcentage entre 0 et 100."
                }
              ]
            }
          ]
        },
        {
          name: "besoins_attentes",
          title: "Besoins et attentes",
          elements: [
            {
              type: "checkbox",
              name: "besoins",
              title: "Sur quels sujets votre organisation a-t-elle besoin d'appui ?",
              description: "Plusieurs r\xE9ponses possibles.",
              choices: [
                {
                  value: "financement",
                  text: "Financement"
                },
                {
                  value: "mutualisation",
                  text: "Mutualisation d'outils ou de moyens"
                },
                {
                  value: "formation",
                  text: "Formation des \xE9quipes"
                },
                {
                  value: "mesure_impact",
                  text: "Mesure d'impact"
                },
                {
                  value: "numerique_responsable",
                  text: "Num\xE9rique responsable et logiciels libres"
                },
                {
                  value: "visibilite",
                  text: "Visibilit\xE9 et plaidoyer"
                },
                {
                  value: "recrutement",
                  text: "Recrutement"
                },
                {
                  value: "juridique",
                  text: "Appui juridique"
                },
                {
                  value: "mise_en_relation",
                  text: "Mise en relation avec d'autres membres du r\xE9seau"
                },
                {
                  value: "autre",
                  text: "Autre"
                }
              ]
            },
            {
              type: "comment",
              name: "attentes",
              title: "Vos attentes envers le r\xE9seau",
              description: "R\xE9ponse libre. Elle ne sera jamais publi\xE9e telle quelle.",
              maxLength: 5e3
            }
          ]
        },
        {
          name: "confidentialite",
          title: "Protection des donn\xE9es et consentement",
          elements: [
            {
              type: "html",
              name: "notice_donnees",
              html: "<h3>Notice d'information sur vos donn\xE9es</h3>\n<p><strong>Responsable du traitement :</strong> le r\xE9seau ESS num\xE9rique, qui m\xE8ne cette enqu\xEAte.</p>\n<p><strong>Finalit\xE9s :</strong> mesurer l'impact social, \xE9conomique et environnemental des acteurs du num\xE9rique de l'\xE9conomie sociale et solidaire ; produire des statistiques agr\xE9g\xE9es par famille d'acteurs ; vous remettre le rapport d'impact de votre organisation.</p>\n<p><strong>Base l\xE9gale :</strong> votre consentement (article 6.1.a du RGPD), que vous pouvez retirer \xE0 tout moment sans remettre en cause les traitements d\xE9j\xE0 r\xE9alis\xE9s.</p>\n<p><strong>Destinataires :</strong> l'\xE9quipe du r\xE9seau et, sous forme pseudonymis\xE9e, les chercheurs partenaires habilit\xE9s. Seuls des r\xE9sultats agr\xE9g\xE9s sont publi\xE9s, jamais une case regroupant moins de 3 organisations ni vos r\xE9ponses en texte libre. Vos donn\xE9es ne sont ni vendues ni utilis\xE9es \xE0 des fins commerciales.</p>\n<p><strong>Dur\xE9e de conservation :</strong> jusqu'\xE0 la date fix\xE9e par le r\xE9seau pour cette vague d'enqu\xEAte ; les donn\xE9es sont ensuite supprim\xE9es ou anonymis\xE9es.</p>\n<p><strong>Vos droits :</strong> vous disposez des droits d'acc\xE8s, de rectification, d'effacement, de limitation, d'opposition et de portabilit\xE9 (articles 15 \xE0 21 du RGPD). Vous pouvez aussi adresser une r\xE9clamation \xE0 la CNIL (cnil.fr).</p>\n<p><strong>Contact :</strong> pour exercer vos droits ou pour toute question, \xE9crivez au r\xE9seau \xE0 l'adresse indiqu\xE9e dans votre invitation.</p>"
            },
            {
              type: "boolean",
              name: "consentement",
              title: "J'ai lu la notice d'information et j'accepte que les r\xE9ponses de mon organisation soient trait\xE9es pour cette enqu\xEAte.",
              displayMode: "checkbox",
              isRequired: true,
              validators: [
                {
                  type: "expression",
                  expression: "{consentement} = true",
                  text: "Votre consentement est n\xE9cessaire pour envoyer le questionnaire."
                }
              ]
            }
          ]
        }
      ]
    };
  }
});

// packages/survey/src/default-questionnaire.ts
function deepFreeze(value) {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
var defaultQuestionnaire;
var init_default_questionnaire = __esm({
  "packages/survey/src/default-questionnaire.ts"() {
    "use strict";
    init_fr();
    defaultQuestionnaire = deepFreeze(fr_default);
  }
});

// packages/survey/src/survey-model.ts
import { Model } from "survey-core";
import "survey-core/i18n/french";
function definitionKey(definition) {
  return JSON.stringify(definition);
}
function createModel(definition, options = {}) {
  const model = new Model();
  if (options.designMode) model.setDesignMode(true);
  model.fromJSON(definition);
  model.locale = LOCALE;
  return model;
}
var LOCALE, LruCache;
var init_survey_model = __esm({
  "packages/survey/src/survey-model.ts"() {
    "use strict";
    LOCALE = "fr";
    LruCache = class {
      constructor(capacity) {
        this.capacity = capacity;
      }
      capacity;
      #entries = /* @__PURE__ */ new Map();
      get(key, create) {
        const found = this.#entries.get(key);
        if (found !== void 0) {
          this.#entries.delete(key);
          this.#entries.set(key, found);
          return found;
        }
        const value = create();
        this.#entries.set(key, value);
        if (this.#entries.size > this.capacity) {
          const oldest = this.#entries.keys().next();
          if (!oldest.done) this.#entries.delete(oldest.value);
        }
        return value;
      }
    };
  }
});

// packages/survey/src/list-questions.ts
import {
  QuestionImagePickerModel,
  QuestionMatrixDropdownModelBase,
  QuestionMatrixModel,
  QuestionMultipleTextModel,
  QuestionPanelDynamicModel,
  QuestionRatingModel,
  QuestionSelectBase,
  QuestionSliderModel,
  QuestionTextModel
} from "survey-core";
function listQuestions(definition) {
  const list = cache.get(definitionKey(definition), () => describeQuestions(createModel(definition, { designMode: true })));
  return structuredClone(list);
}
function describeQuestions(model) {
  return model.getAllQuestions(false, false, false).filter((question) => !NON_ANSWER_TYPES.has(question.getType())).map((question) => describeQuestion(model, question));
}
function describeQuestion(model, question) {
  const type = question.getType();
  const info = {
    name: question.name,
    type,
    title: question.locTitle.textOrHtml || question.name,
    page: question.page?.name ?? "",
    pageIndex: model.pages.findIndex((page) => page === question.page),
    multiple: false,
    numeric: false,
    isRequired: question.isRequired
  };
  if (question instanceof QuestionTextModel) {
    info.inputType = question.inputType;
    info.numeric = question.inputType === "number" || question.inputType === "range";
  }
  if (question instanceof QuestionSelectBase) {
    info.multiple = type === "checkbox" || type === "tagbox" || question instanceof QuestionImagePickerModel && question.multiSelect;
    if (!question.choicesFromQuestion && question.choicesByUrl.isEmpty) info.choices = selectChoices(question);
  }
  if (question instanceof QuestionRatingModel) {
    const values = question.rateValues.length > 0 ? question.rateValues.map((item) => item.value) : [0];
    info.numeric = values.every((value) => typeof value === "number");
    if (!info.numeric) info.choices = toChoices(question.rateValues);
  }
  if (question instanceof QuestionSliderModel) info.numeric = question.sliderType !== "range";
  if (question instanceof QuestionMatrixDropdownModelBase) {
    info.fields = question.columns.map((column) => column.name);
    if (type === "matrixdropdown") info.rows = toChoices(question.rows);
  }
  if (question instanceof QuestionMatrixModel) {
    info.rows = toChoices(question.rows);
    info.choices = toChoices(question.columns);
    info.multiple = question.isMultiSelect;
  }
  if (question instanceof QuestionMultipleTextModel) info.fields = question.items.map((item) => item.name);
  if (question instanceof QuestionPanelDynamicModel) {
    info.fields = question.template.questions.map((inner) => inner.getValueName());
  }
  return info;
}
function selectChoices(question) {
  const choices = toChoices(question.choices);
  const special = [
    [question.showNoneItem, question.noneItem],
    [question.showRefuseItem, question.refuseItem],
    [question.showDontKnowItem, question.dontKnowItem],
    [question.showOtherItem, question.otherItem]
  ];
  for (const [shown, item] of special) if (shown) choices.push(...toChoices([item]));
  return choices;
}
function toChoices(items) {
  return items.map((item) => ({ value: String(item.value), text: item.locText.textOrHtml || String(item.value) }));
}
var NON_ANSWER_TYPES, cache;
var init_list_questions = __esm({
  "packages/survey/src/list-questions.ts"() {
    "use strict";
    init_survey_model();
    NON_ANSWER_TYPES = /* @__PURE__ */ new Set(["html", "image", "expression", "empty"]);
    cache = new LruCache(16);
  }
});

// packages/survey/src/check-answer.ts
function checkAnswer(question, value) {
  if (value === null || value === void 0) return null;
  if (question.numeric) return isFiniteNumber(value) ? null : "Un nombre est attendu.";
  switch (question.type) {
    case "text":
    case "comment":
      return checkText(value);
    case "boolean":
      return typeof value === "boolean" ? null : "Une r\xE9ponse oui ou non (bool\xE9en) est attendue.";
    case "radiogroup":
    case "dropdown":
    case "buttongroup":
    case "rating":
      return checkChoice(question.choices, value);
    case "imagepicker":
      return question.multiple ? checkChoiceList(question.choices, value) : checkChoice(question.choices, value);
    case "checkbox":
    case "tagbox":
    case "ranking":
      return checkChoiceList(question.choices, value);
    case "matrix":
      return checkMatrix(question, value);
    case "matrixdropdown":
      return checkRowsOf(question, value);
    case "matrixdynamic":
    case "paneldynamic":
      return checkListOfObjects(question.fields, value);
    case "multipletext":
      return checkMultipleText(question.fields, value);
    case "slider":
      return Array.isArray(value) && value.length === 2 && value.every(isFiniteNumber) ? null : "Deux nombres (minimum et maximum) sont attendus.";
    case "file":
      return Array.isArray(value) && value.every(isPlainObject) ? null : "Une liste de fichiers est attendue.";
    case "signaturepad":
      return typeof value === "string" ? null : "Une signature (image encod\xE9e en texte) est attendue.";
    default:
      return null;
  }
}
function isFiniteNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}
function isPlainObject(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
function quote(value) {
  const text2 = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return `\xAB ${text2.length > 40 ? `${text2.slice(0, 40)}\u2026` : text2} \xBB`;
}
function checkText(value) {
  if (typeof value !== "string") return "Un texte est attendu.";
  if (value.length > MAX_TEXT_LENGTH) return `Le texte d\xE9passe ${MAX_TEXT_LENGTH.toLocaleString("fr-FR")} caract\xE8res.`;
  return null;
}
function checkChoice(choices, value) {
  if (typeof value !== "string") return "Un choix (texte) est attendu.";
  if (choices && !choices.some((choice) => choice.value === value)) return `Choix inconnu : ${quote(value)}.`;
  return null;
}
function checkChoiceList(choices, value) {
  if (!Array.isArray(value)) return "Une liste de choix est attendue.";
  const seen = /* @__PURE__ */ new Set();
  for (const item of value) {
    const problem = checkChoice(choices, item);
    if (problem) return problem;
    if (seen.has(item)) return `Choix en double : ${quote(item)}.`;
    seen.add(item);
  }
  return null;
}
function unknownKey(allowed, object) {
  if (!allowed) return void 0;
  const keys = new Set(allowed.map((entry) => typeof entry === "string" ? entry : entry.value));
  return Object.keys(object).find((key) => !keys.has(key));
}
function checkMatrix(question, value) {
  if (!isPlainObject(value)) return "Un tableau de r\xE9ponses (objet par ligne) est attendu.";
  const row = unknownKey(question.rows, value);
  if (row !== void 0) return `Ligne inconnue : ${quote(row)}.`;
  for (const cell of Object.values(value)) {
    const problem = question.multiple ? checkChoiceList(question.choices, cell) : checkChoice(question.choices, cell);
    if (problem) return problem;
  }
  return null;
}
function checkRowsOf(question, value) {
  if (!isPlainObject(value)) return "Un tableau de r\xE9ponses (objet par ligne) est attendu.";
  const row = unknownKey(question.rows, value);
  if (row !== void 0) return `Ligne inconnue : ${quote(row)}.`;
  for (const cells of Object.values(value)) {
    if (!isPlainObject(cells)) return "Chaque ligne doit \xEAtre un objet (une valeur par colonne).";
    const field2 = unknownKey(question.fields, cells);
    if (field2 !== void 0) return `Colonne inconnue : ${quote(field2)}.`;
  }
  return null;
}
function checkListOfObjects(fields, value) {
  if (!Array.isArray(value)) return "Une liste d\u2019\xE9l\xE9ments est attendue.";
  for (const entry of value) {
    if (!isPlainObject(entry)) return "Chaque \xE9l\xE9ment de la liste doit \xEAtre un objet.";
    const field2 = unknownKey(fields, entry);
    if (field2 !== void 0) return `Champ inconnu : ${quote(field2)}.`;
  }
  return null;
}
function checkMultipleText(fields, value) {
  if (!isPlainObject(value)) return "Un objet (une valeur par champ) est attendu.";
  const field2 = unknownKey(fields, value);
  if (field2 !== void 0) return `Champ inconnu : ${quote(field2)}.`;
  for (const entry of Object.values(value)) {
    if (entry === null || isFiniteNumber(entry)) continue;
    const problem = checkText(entry);
    if (problem) return problem;
  }
  return null;
}
var MAX_TEXT_LENGTH;
var init_check_answer = __esm({
  "packages/survey/src/check-answer.ts"() {
    "use strict";
    MAX_TEXT_LENGTH = 1e4;
  }
});

// packages/survey/src/validate-submission.ts
import { PanelModelBase, Question } from "survey-core";
function prepare(definition) {
  return prepared.get(definitionKey(definition), () => {
    const model = createModel(definition);
    model.mode = "edit";
    const questions = describeQuestions(model);
    return { model, questions, byName: new Map(questions.map((question) => [question.name, question])) };
  });
}
function validateSubmission(definition, answers) {
  const { model, questions, byName } = prepare(definition);
  const kept = /* @__PURE__ */ new Map();
  const shapeErrors = /* @__PURE__ */ new Map();
  for (const [name, value] of Object.entries(answers)) {
    const question = byName.get(name);
    if (!question || value === null || value === void 0) continue;
    const problem = checkAnswer(question, value);
    if (problem) shapeErrors.set(name, problem);
    else kept.set(name, value);
  }
  model.data = Object.fromEntries(kept);
  for (let round = 0; round <= questions.length; round++) {
    const hidden = [...kept.keys()].filter((name) => !isShown(model.getQuestionByName(name)));
    if (hidden.length === 0) break;
    for (const name of hidden) kept.delete(name);
    model.data = Object.fromEntries(kept);
  }
  model.validate(true, false);
  if (model.getAllQuestions().some((question) => question.isRunningValidators)) {
    throw new Error("validateSubmission: a validator of this questionnaire runs asynchronously");
  }
  const errors = [];
  for (const page of model.visiblePages) collectErrors(page, byName, shapeErrors, errors);
  const keptNames = questions.map(({ name }) => name).filter((name) => kept.has(name) || shapeErrors.has(name) && isShown(model.getQuestionByName(name)));
  return { answers: Object.fromEntries(keptNames.map((name) => [name, answers[name]])), errors };
}
function isShown(question) {
  return !!question && question.isVisible && question.isParentVisible;
}
function firstError(list) {
  return list.find((error) => error.isError)?.getText();
}
function collectErrors(container, byName, shapeErrors, errors) {
  for (const element of container.elements) {
    if (!element.isVisible) continue;
    if (element instanceof PanelModelBase) {
      const message = firstError(element.errors);
      if (message) errors.push({ name: element.name, message });
      collectErrors(element, byName, shapeErrors, errors);
    } else if (element instanceof Question && byName.has(element.name)) {
      const message = shapeErrors.get(element.name) ?? firstError(element.errors) ?? firstError(element.getNestedQuestions(true).flatMap((inner) => inner.errors));
      if (message) errors.push({ name: element.name, message });
    }
  }
}
function applicableQuestions(definition, answers) {
  const { model, questions, byName } = prepare(definition);
  model.data = Object.fromEntries(Object.entries(answers).filter(([name, value]) => byName.has(name) && value != null));
  return questions.map(({ name }) => name).filter((name) => isShown(model.getQuestionByName(name)));
}
var prepared;
var init_validate_submission = __esm({
  "packages/survey/src/validate-submission.ts"() {
    "use strict";
    init_check_answer();
    init_list_questions();
    init_survey_model();
    prepared = new LruCache(8);
  }
});

// packages/survey/src/html-policy.ts
function elementFate(tagName) {
  const tag = tagName.toLowerCase();
  if (DROPPED_WITH_CONTENT.has(tag)) return "drop";
  return KEPT.has(tag) ? "keep" : "unwrap";
}
function safeHref(value) {
  const compact = value.replace(/[\s\p{Cc}]+/gu, "");
  if (!/^(?:https?|mailto):/i.test(compact)) return null;
  try {
    const url = new URL(compact);
    return url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:" ? url.href : null;
  } catch {
    return null;
  }
}
function cleanAttributes(tagName, attributes) {
  const tag = tagName.toLowerCase();
  const allowed = ATTRIBUTES[tag];
  const kept = [];
  const dropped = [];
  for (const [rawName, value] of attributes) {
    const name = rawName.toLowerCase();
    if (tag === "a" && name === "rel") continue;
    const clean = allowed?.has(name) ? cleanValue(name, value) : null;
    if (clean === null) dropped.push(name);
    else kept.push([name, clean]);
  }
  if (tag === "a" && kept.some(([name]) => name === "href")) kept.push(["rel", "noopener noreferrer"]);
  return { kept, dropped };
}
function cleanValue(name, value) {
  switch (name) {
    case "href":
      return safeHref(value);
    case "title":
      return value;
    case "scope":
      return /^(?:row|col|rowgroup|colgroup)$/i.test(value) ? value.toLowerCase() : null;
    default:
      return /^\d{1,3}$/.test(value) ? value : null;
  }
}
var KEPT, VOID_ELEMENTS, ATTRIBUTES, DROPPED_WITH_CONTENT;
var init_html_policy = __esm({
  "packages/survey/src/html-policy.ts"() {
    "use strict";
    KEPT = /* @__PURE__ */ new Set([
      "p",
      "br",
      "strong",
      "em",
      "b",
      "i",
      "ul",
      "ol",
      "li",
      "a",
      "h2",
      "h3",
      "h4",
      "span",
      "div",
      "table",
      "caption",
      "thead",
      "tbody",
      "tfoot",
      "tr",
      "th",
      "td"
    ]);
    VOID_ELEMENTS = /* @__PURE__ */ new Set(["br"]);
    ATTRIBUTES = {
      a: /* @__PURE__ */ new Set(["href", "title"]),
      ol: /* @__PURE__ */ new Set(["start"]),
      th: /* @__PURE__ */ new Set(["scope", "colspan", "rowspan"]),
      td: /* @__PURE__ */ new Set(["colspan", "rowspan"])
    };
    DROPPED_WITH_CONTENT = /* @__PURE__ */ new Set([
      "script",
      "style",
      "iframe",
      "frame",
      "frameset",
      "object",
      "embed",
      "template",
      "noscript",
      "svg",
      "math",
      "img",
      "picture",
      "video",
      "audio",
      "source",
      "track",
      "canvas",
      "form",
      "input",
      "button",
      "select",
      "option",
      "textarea",
      "link",
      "meta",
      "base",
      "title",
      "head",
      "xmp",
      "noembed",
      "noframes",
      "plaintext"
    ]);
  }
});

// packages/survey/src/sanitize-html.ts
import { Parser } from "htmlparser2";
function sanitizeHtml(html) {
  let out = "";
  const removed = /* @__PURE__ */ new Set();
  const open = [];
  let droppedDepth = 0;
  let markup = false;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        markup = true;
        const fate = droppedDepth > 0 ? "drop" : elementFate(tag);
        if (droppedDepth === 0 && fate !== "keep") removed.add(`<${tag}>`);
        if (fate === "drop") droppedDepth++;
        open.push({ tag, kept: fate === "keep", dropped: fate === "drop" });
        if (fate !== "keep") return;
        const { kept, dropped } = cleanAttributes(tag, Object.entries(attributes));
        for (const name of dropped) removed.add(/^on/.test(name) ? `attribut ${name}` : `attribut ${name} de <${tag}>`);
        out += `<${tag}${kept.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join("")}>`;
      },
      onclosetag() {
        const element = open.pop();
        if (!element) return;
        if (element.dropped) droppedDepth--;
        else if (element.kept && !VOID_ELEMENTS.has(element.tag)) out += `</${element.tag}>`;
      },
      ontext(text2) {
        if (droppedDepth === 0) out += escapeText(text2);
      },
      oncomment() {
        markup = true;
        removed.add("commentaire");
      },
      onprocessinginstruction(name) {
        markup = true;
        removed.add(`<${name}>`);
      },
      oncdatastart() {
        markup = true;
        removed.add("CDATA");
      }
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeCDATA: false }
  );
  parser.write(html);
  parser.end();
  return { html: out, removed: [...removed], markup };
}
var escapeText, escapeAttribute;
var init_sanitize_html = __esm({
  "packages/survey/src/sanitize-html.ts"() {
    "use strict";
    init_html_policy();
    escapeText = (text2) => text2.replace(/[&<>]/g, (c) => c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;");
    escapeAttribute = (text2) => escapeText(text2).replaceAll('"', "&quot;");
  }
});

// packages/survey/src/sanitize-questionnaire.ts
function isCodeKey(key) {
  return CODE_KEY.test(key);
}
function ownerKey(parentKey, key, parent) {
  const localised2 = Object.entries(parent).every(([k, v]) => LOCALE_KEY.test(k) && typeof v === "string");
  return localised2 && parentKey !== "" ? parentKey : key;
}
function sanitizeQuestionnaire(definition) {
  const changes = [];
  const clean = (value, path3, key) => {
    if (typeof value === "string") {
      if (isCodeKey(key) || !value.includes("<")) return value;
      const { html, removed, markup } = sanitizeHtml(value);
      if (removed.length > 0) changes.push({ path: path3, removed });
      return markup ? html : value;
    }
    if (Array.isArray(value)) return value.map((item, index) => clean(item, `${path3}[${index}]`, key));
    if (value !== null && typeof value === "object") {
      const object = value;
      const copy = {};
      for (const [k, item] of Object.entries(object)) copy[k] = clean(item, path3 === "" ? k : `${path3}.${k}`, ownerKey(key, k, object));
      return copy;
    }
    return value;
  };
  return { definition: clean(definition, "", ""), changes };
}
var CODE_KEY, LOCALE_KEY;
var init_sanitize_questionnaire = __esm({
  "packages/survey/src/sanitize-questionnaire.ts"() {
    "use strict";
    init_sanitize_html();
    CODE_KEY = /^(?:name|value|type|expression|locale|mode|choices|rows|columns)$|(?:Name|Value|If|Expression|Url)$/;
    LOCALE_KEY = /^(?:default|[a-z]{2}(?:-[a-z]{2,4})?)$/i;
  }
});

// packages/survey/src/unsafe-html.ts
function decodeEntities(text2) {
  return text2.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (match, hex, decimal, named) => {
    if (hex !== void 0) return String.fromCodePoint(Number.parseInt(hex, 16) % 1114112);
    if (decimal !== void 0) return String.fromCodePoint(Number.parseInt(decimal, 10) % 1114112);
    return NAMED_ENTITIES[(named ?? "").toLowerCase()] ?? match;
  });
}
function findUnsafeHtml(text2) {
  const decoded = decodeEntities(text2);
  for (const [pattern, label2] of TAG_RULES) if (pattern.test(decoded)) return label2;
  const places = [...decoded.matchAll(/<[a-z][^>]*>?|\]\([^)]*\)?/gi)].map(([place]) => place.replace(/[\s\p{Cc}]+/gu, ""));
  for (const [pattern, label2] of URL_RULES) if (places.some((place) => pattern.test(place))) return label2;
  return null;
}
var NAMED_ENTITIES, TAG_RULES, URL_RULES;
var init_unsafe_html = __esm({
  "packages/survey/src/unsafe-html.ts"() {
    "use strict";
    NAMED_ENTITIES = { colon: ":", tab: "	", newline: "\n", lpar: "(", rpar: ")" };
    TAG_RULES = [
      [/<\s*script\b/i, "balise <script>"],
      [/<\s*(?:iframe|object|embed)\b/i, "contenu embarqu\xE9 (<iframe>, <object> ou <embed>)"],
      [/<[a-z][^>]*[\s"'/]on[a-z]+\s*=/i, "attribut de gestion d\u2019\xE9v\xE9nement (on\u2026=)"]
    ];
    URL_RULES = [
      [/(?:java|vb)script:/i, "adresse javascript:"],
      [/data:text\/html/i, "adresse data:text/html"]
    ];
  }
});

// packages/survey/src/lint-questionnaire.ts
import {
  ExpressionErrorType,
  ItemValue as ItemValue2,
  MatrixDropdownColumn,
  Serializer,
  SurveyValidator
} from "survey-core";
function isObject2(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function lintQuestionnaire(definition) {
  const result = { errors: [], warnings: [] };
  if (!isObject2(definition)) {
    result.errors.push({ path: "", message: "Le questionnaire doit \xEAtre un objet JSON." });
    return result;
  }
  if (!Array.isArray(definition.pages) || definition.pages.length === 0) {
    result.errors.push({ path: "pages", message: "Le questionnaire doit contenir au moins une page (\xAB pages \xBB)." });
    return result;
  }
  const walk = { result, pathsByName: /* @__PURE__ */ new Map(), pathsByObject: /* @__PURE__ */ new Map(), malformed: false };
  checkValues(definition, "", walk);
  checkHtml(definition, walk);
  checkPages(definition.pages, walk);
  if (walk.malformed) return result;
  let model;
  try {
    model = createModel(definition, { designMode: true });
  } catch (error) {
    result.errors.push({ path: "", message: `Questionnaire illisible par SurveyJS : ${error instanceof Error ? error.message : String(error)}` });
    return result;
  }
  checkLoading(model, walk);
  checkExpressions(model, walk);
  return result;
}
function checkPages(pages, walk) {
  const pageNames = /* @__PURE__ */ new Map();
  const elementNames = /* @__PURE__ */ new Map();
  pages.forEach((page, index) => {
    const path3 = `pages[${index}]`;
    if (!isObject2(page)) {
      walk.result.errors.push({ path: path3, message: "Une page doit \xEAtre un objet." });
      walk.malformed = true;
      return;
    }
    checkName(page, path3, "page", pageNames, walk);
    checkElements(page.elements, `${path3}.elements`, elementNames, walk);
  });
}
function checkName(json, path3, kind, seen, walk) {
  const { name } = json;
  if (typeof name !== "string" || name === "") {
    walk.result.errors.push({ path: `${path3}.name`, message: `Nom manquant (${kind}).` });
    return;
  }
  if (!NAME_PATTERN.test(name)) {
    walk.result.errors.push({
      path: `${path3}.name`,
      message: `Nom \xAB ${name} \xBB invalide : minuscules, chiffres et \xAB _ \xBB, en commen\xE7ant par une lettre.`
    });
  }
  const first = seen.get(name);
  if (first !== void 0) {
    walk.result.errors.push({ path: `${path3}.name`, message: `Nom \xAB ${name} \xBB d\xE9j\xE0 utilis\xE9 (${first}).` });
    return;
  }
  seen.set(name, path3);
  if (!walk.pathsByName.has(name)) walk.pathsByName.set(name, path3);
}
function checkElements(elements, path3, names, walk) {
  if (elements === void 0) return;
  if (!Array.isArray(elements)) {
    walk.result.errors.push({ path: path3, message: "\xAB elements \xBB doit \xEAtre une liste." });
    walk.malformed = true;
    return;
  }
  elements.forEach((element, index) => {
    const elementPath = `${path3}[${index}]`;
    if (!isObject2(element)) {
      walk.result.errors.push({ path: elementPath, message: "Un \xE9l\xE9ment doit \xEAtre un objet." });
      walk.malformed = true;
      return;
    }
    checkElement({ json: element, path: elementPath }, names, walk);
  });
}
function checkElement({ json, path: path3 }, names, walk) {
  const { errors, warnings } = walk.result;
  const type = typeof json.type === "string" ? json.type.toLowerCase() : void 0;
  if (type === void 0) {
    errors.push({ path: `${path3}.type`, message: "Type d\u2019\xE9l\xE9ment manquant." });
    walk.malformed = true;
    return;
  }
  const isPanel = type === "panel" || type === "flowpanel";
  if (!isPanel && !(Serializer.findClass(type) && Serializer.isDescendantOf(type, "question"))) {
    errors.push({ path: `${path3}.type`, message: `Type d\u2019\xE9l\xE9ment inconnu : \xAB ${String(json.type)} \xBB.` });
    walk.malformed = true;
    return;
  }
  checkName(json, path3, isPanel ? "panneau" : "question", names, walk);
  if (isPanel) {
    checkElements(json.elements, `${path3}.elements`, names, walk);
    return;
  }
  if (!NON_ANSWER_TYPES.has(type) && !hasFrenchText(json.title)) {
    warnings.push({ path: `${path3}.title`, message: `Question \xAB ${String(json.name)} \xBB sans titre en fran\xE7ais.` });
  }
  if (json.showOtherItem === true || json.showCommentArea === true || json.hasOther === true || json.hasComment === true) {
    warnings.push({
      path: path3,
      message: `La pr\xE9cision \xAB Autre \xBB ou le commentaire de \xAB ${String(json.name)} \xBB serait enregistr\xE9 sous une cl\xE9 \xE0 part, refus\xE9e par Sonde : pr\xE9f\xE9rez une question texte conditionnelle.`
    });
  }
  if (type === "boolean" && ("valueTrue" in json || "valueFalse" in json)) {
    errors.push({ path: path3, message: `\xAB valueTrue \xBB et \xAB valueFalse \xBB ne sont pas pris en charge : \xAB ${String(json.name)} \xBB doit enregistrer true ou false.` });
  }
  checkChoiceValues(json, path3, walk);
  if (type === "paneldynamic") checkElements(json.templateElements, `${path3}.templateElements`, /* @__PURE__ */ new Map(), walk);
}
function hasFrenchText(text2) {
  if (typeof text2 === "string") return text2.trim() !== "";
  if (!isObject2(text2)) return false;
  return [text2.default, text2.fr].some((value) => typeof value === "string" && value.trim() !== "");
}
function checkChoiceValues(json, path3, walk) {
  for (const key of ["choices", "rows", "columns"]) {
    const list = json[key];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (key === "columns" && isObject2(item) && "name" in item) return;
      const value = isObject2(item) ? item.value : item;
      if (typeof value !== "string" || value === "") {
        walk.result.errors.push({
          path: `${path3}.${key}[${index}]`,
          message: `La valeur d\u2019un choix doit \xEAtre un texte non vide (code stable), pas ${JSON.stringify(value) ?? "rien"}.`
        });
      }
    });
  }
}
function checkValues(value, path3, walk, key = "") {
  if (typeof value === "string") {
    const found = isCodeKey(key) ? findUnsafeHtml(value) : null;
    if (found) walk.result.errors.push({ path: path3, message: `Contenu actif interdit dans un nom, une valeur ou une expression (${found}).` });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item === null) {
        walk.result.errors.push({ path: `${path3}[${index}]`, message: "Valeur nulle dans une liste." });
        walk.malformed = true;
      } else {
        checkValues(item, `${path3}[${index}]`, walk, key);
      }
    });
  } else if (isObject2(value)) {
    walk.pathsByObject.set(value, path3);
    for (const [k, item] of Object.entries(value)) checkValues(item, path3 === "" ? k : `${path3}.${k}`, walk, ownerKey(key, k, value));
  }
}
function checkHtml(definition, walk) {
  for (const { path: path3, removed } of sanitizeQuestionnaire(definition).changes) {
    walk.result.warnings.push({ path: path3, message: `Balisage hors liste autoris\xE9e, retir\xE9 \xE0 l\u2019enregistrement : ${removed.join(", ")}.` });
  }
}
function checkLoading(model, walk) {
  for (const error of model.jsonErrors ?? []) {
    const path3 = walk.pathsByObject.get(error.jsonObj) ?? "";
    if (error.type === "unknownproperty") {
      const property = error.propertyName ?? "";
      walk.result.warnings.push({
        path: property ? `${path3}.${property}` : path3,
        message: `Propri\xE9t\xE9 inconnue de SurveyJS, ignor\xE9e : \xAB ${property} \xBB.`
      });
    } else if (error.type === "incorrecttypeproperty") {
      const type = isObject2(error.jsonObj) ? String(error.jsonObj.type) : "?";
      walk.result.errors.push({ path: `${path3}.type`, message: `Type inconnu : \xAB ${type} \xBB.` });
    } else {
      walk.result.errors.push({ path: path3, message: `D\xE9finition incorrecte : ${error.message}` });
    }
  }
}
function checkExpressions(model, walk) {
  for (const { obj, propertyName, errors } of model.validateExpressions()) {
    const path3 = `${objectPath(model, obj, walk)}.${propertyName}`;
    for (const error of errors) {
      switch (error.errorType) {
        case ExpressionErrorType.SyntaxError:
          walk.result.errors.push({ path: path3, message: "Expression invalide (syntaxe)." });
          break;
        case ExpressionErrorType.UnknownFunction:
          walk.result.errors.push({ path: path3, message: `Fonction inconnue dans l\u2019expression : \xAB ${error.functionName ?? ""} \xBB.` });
          break;
        case ExpressionErrorType.UnknownVariable:
          walk.result.errors.push({ path: path3, message: `L\u2019expression nomme une question inconnue : \xAB ${error.variableName ?? ""} \xBB.` });
          break;
        default:
          walk.result.warnings.push({ path: path3, message: "Expression toujours vraie ou toujours fausse." });
      }
    }
  }
}
function objectPath(model, obj, walk) {
  const byName = (owner) => {
    const name = owner?.name;
    return typeof name === "string" ? walk.pathsByName.get(name) : void 0;
  };
  if (obj === model) return "";
  if (obj instanceof SurveyValidator) {
    const owner = obj.errorOwner;
    const index = owner?.validators?.indexOf(obj) ?? -1;
    return `${byName(owner) ?? ""}.validators[${index}]`;
  }
  if (obj instanceof MatrixDropdownColumn) {
    const owner = obj.colOwner;
    return `${byName(owner) ?? ""}.columns[${owner?.columns?.indexOf(obj) ?? -1}]`;
  }
  if (obj instanceof ItemValue2) {
    const owner = obj.locOwner;
    for (const key of ["choices", "rows", "columns"]) {
      const index = owner?.[key]?.indexOf(obj) ?? -1;
      if (index >= 0) return `${byName(owner) ?? ""}.${key}[${index}]`;
    }
    return byName(owner) ?? "";
  }
  for (const key of ["triggers", "calculatedValues", "completedHtmlOnCondition"]) {
    const list = model[key];
    if (Array.isArray(list) && list.includes(obj)) return `${key}[${list.indexOf(obj)}]`;
  }
  return byName(obj) ?? obj.getType();
}
var NAME_PATTERN;
var init_lint_questionnaire = __esm({
  "packages/survey/src/lint-questionnaire.ts"() {
    "use strict";
    init_list_questions();
    init_survey_model();
    init_sanitize_questionnaire();
    init_unsafe_html();
    NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
  }
});

// packages/survey/src/index.ts
var init_src4 = __esm({
  "packages/survey/src/index.ts"() {
    "use strict";
    init_default_questionnaire();
    init_list_questions();
    init_check_answer();
    init_validate_submission();
    init_lint_questionnaire();
    init_unsafe_html();
    init_sanitize_html();
    init_sanitize_questionnaire();
  }
});

// apps/api/src/routes/indicators/wave-analysis.ts
function parseDimension(value) {
  if (value === void 0) return null;
  if (DIMENSION_KEYS.includes(value)) return value;
  throw new AppError("UNKNOWN_DIMENSION", `Unknown dimension "${value.slice(0, 40)}"; use one of ${DIMENSION_KEYS.join(", ")}.`, {
    allowed: DIMENSION_KEYS
  });
}
function describeIndicator(definition, questions) {
  const meta = indicatorMeta(definition);
  if (definition.aggregation !== "distribution") return { ...meta, categories: null };
  const choices = questions.find((q) => q.name === definition.question)?.choices ?? [];
  return {
    ...meta,
    categories: definition.categories.map((key) => {
      const text2 = choices.find((c) => c.value === key)?.text ?? key;
      return { key, labelFr: text2, labelEn: text2 };
    })
  };
}
async function waveDefinitions(db, waveId) {
  return await listIndicatorDefinitions(db, waveId);
}
async function waveQuestions(db, waveId) {
  const questionnaire = await findCurrentQuestionnaire(db, waveId);
  const definition = questionnaire?.definition;
  if (!definition || typeof definition !== "object" || Array.isArray(definition)) return [];
  return listQuestions(definition);
}
async function waveIndicators(db, wave, dimensionKey = null) {
  const definitions = await waveDefinitions(db, wave.id);
  const minCellSize = waveSettings(wave).minCellSize;
  const dimension = dimensionKey ? dimensionFor(dimensionKey, await waveQuestions(db, wave.id)) : null;
  const cells = await computeIndicators(db, wave.id, definitions, { minCellSize, dimension });
  return { definitions, minCellSize, dimension, cells };
}
var init_wave_analysis = __esm({
  "apps/api/src/routes/indicators/wave-analysis.ts"() {
    "use strict";
    init_src3();
    init_src();
    init_src4();
    init_errors();
  }
});

// apps/api/src/routes/indicators/index.ts
import { z as z10 } from "zod";
function comparisonKey(definition) {
  return JSON.stringify([definition.id, definition.aggregation, [...indicatorQuestions(definition)].sort()]);
}
var DimensionQuery, IndicatorsQuerySchema, ExportQuerySchema, ComparisonQuerySchema, indicatorRoutes, indicators_default;
var init_indicators2 = __esm({
  "apps/api/src/routes/indicators/index.ts"() {
    "use strict";
    init_src2();
    init_src3();
    init_src();
    init_csv2();
    init_access();
    init_require_wave();
    init_wave_analysis();
    DimensionQuery = z10.string().max(100).optional();
    IndicatorsQuerySchema = z10.strictObject({ by: z10.literal("family").default("family"), dimension: DimensionQuery });
    ExportQuerySchema = z10.strictObject({
      dialect: z10.enum(["rfc4180", "excel-fr"]).default("rfc4180"),
      dimension: DimensionQuery
    });
    ComparisonQuerySchema = z10.strictObject({
      waves: z10.string().max(1e3).transform((value) => [...new Set(value.split(",").map((id) => id.trim()).filter(Boolean))]).pipe(z10.array(z10.string().max(100)).min(2, "name at least two waves, separated by commas").max(10))
    });
    indicatorRoutes = async (app2) => {
      app2.get(
        "/api/waves/:id/indicators",
        {
          config: { access: readers },
          schema: {
            params: WaveParamsSchema,
            querystring: IndicatorsQuerySchema,
            response: { 200: IndicatorResultsSchema }
          }
        },
        async (request) => {
          const dimensionKey = parseDimension(request.query.dimension);
          const wave = await requireWave(app2.db, request.params.id);
          const { definitions, minCellSize, dimension, cells } = await waveIndicators(app2.db, wave, dimensionKey);
          const questions = await waveQuestions(app2.db, wave.id);
          return {
            waveId: wave.id,
            by: request.query.by,
            dimension: dimensionKey,
            dimensionValues: dimension?.values ?? [],
            minCellSize,
            indicators: definitions.map((d) => describeIndicator(d, questions)),
            cells
          };
        }
      );
      app2.get(
        "/api/waves/:id/exports/indicators.csv",
        {
          config: { access: readers },
          schema: { params: WaveParamsSchema, querystring: ExportQuerySchema }
        },
        async (request, reply) => {
          const dimensionKey = parseDimension(request.query.dimension);
          const wave = await requireWave(app2.db, request.params.id);
          const { definitions, cells } = await waveIndicators(app2.db, wave, dimensionKey);
          const csv = indicatorsCsv(indicatorCsvRows(wave.slug, cells, definitions, dimensionKey), { dialect: request.query.dialect });
          const what = dimensionKey ? `indicateurs-${dimensionKey.replace("_", "-")}` : "indicateurs";
          return reply.type("text/csv; charset=utf-8").header("Content-Disposition", `attachment; filename="${exportFileName(wave.slug, what)}"`).header("Cache-Control", "no-store").send(csv);
        }
      );
      app2.get(
        "/api/indicators/comparison",
        {
          config: { access: readers },
          schema: { querystring: ComparisonQuerySchema, response: { 200: IndicatorComparisonSchema } }
        },
        async (request) => {
          const waves = [];
          for (const id of request.query.waves) waves.push(await requireWave(app2.db, id));
          const computed = [];
          for (const wave of waves) computed.push({ wave, ...await waveIndicators(app2.db, wave) });
          const presence = /* @__PURE__ */ new Map();
          for (const { wave, definitions } of computed) {
            for (const definition of definitions) {
              const key = comparisonKey(definition);
              const entry = presence.get(key);
              if (entry) presence.set(key, { definition, waveIds: [...entry.waveIds, wave.id] });
              else presence.set(key, { definition, waveIds: [wave.id] });
            }
          }
          const shared = [...presence.values()].filter((entry) => entry.waveIds.length >= 2);
          const keys = new Set(shared.map((entry) => comparisonKey(entry.definition)));
          return {
            waves: waves.map((wave) => ({ id: wave.id, slug: wave.slug, title: wave.title, minCellSize: waveSettings(wave).minCellSize })),
            indicators: shared.map(({ definition, waveIds }) => ({ ...indicatorMeta(definition), waveIds })),
            cells: computed.flatMap(({ wave, definitions, cells }) => {
              const compared = new Set(definitions.filter((d) => keys.has(comparisonKey(d))).map((d) => d.id));
              return cells.filter((cell) => compared.has(cell.indicator)).map((cell) => ({ ...cell, waveId: wave.id }));
            })
          };
        }
      );
    };
    indicators_default = indicatorRoutes;
  }
});

// apps/api/src/routes/exports/index.ts
import { Readable as Readable4 } from "node:stream";
import { z as z11 } from "zod";
async function microdata(db, wave) {
  const questionnaire = await findCurrentQuestionnaire(db, wave.id);
  const raw = questionnaire?.definition;
  const definition = raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
  const questions = raw ? listQuestions(definition) : [];
  return exportVariables(questions, definition, { freeText: waveSettings(wave).exportFreeText });
}
async function wavesByQuestion(db) {
  const present = /* @__PURE__ */ new Map();
  const waves = (await listWaves(db)).reverse();
  for (const wave of waves) {
    const definition = (await findCurrentQuestionnaire(db, wave.id))?.definition;
    if (!definition || typeof definition !== "object" || Array.isArray(definition)) continue;
    for (const { name } of listQuestions(definition)) {
      present.set(name, [...present.get(name) ?? [], wave.slug]);
    }
  }
  return (question) => present.get(question) ?? [];
}
function attachment(reply, type, fileName) {
  return reply.type(type).header("Content-Disposition", `attachment; filename="${fileName}"`).header("Cache-Control", "no-store");
}
var DialectQuerySchema, NoQuerySchema, exportRoutes, exports_default;
var init_exports = __esm({
  "apps/api/src/routes/exports/index.ts"() {
    "use strict";
    init_src3();
    init_src();
    init_src4();
    init_csv2();
    init_access();
    init_wave_analysis();
    init_require_wave();
    DialectQuerySchema = z11.strictObject({ dialect: z11.enum(["rfc4180", "excel-fr"]).default("rfc4180") });
    NoQuerySchema = z11.strictObject({});
    exportRoutes = async (app2) => {
      app2.get(
        "/api/waves/:id/exports/responses.csv",
        { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: DialectQuerySchema } },
        async (request, reply) => {
          const wave = await requireWave(app2.db, request.params.id);
          const { variables } = await microdata(app2.db, wave);
          await recordAudit(app2.db, { actorType: "user", actorId: request.user.id, waveId: wave.id, action: "export.responses", details: { format: "csv", dialect: request.query.dialect } });
          const csv = responsesCsv(submittedAnswerPages(app2.db, wave.id), variables, { dialect: request.query.dialect });
          return attachment(reply, "text/csv; charset=utf-8", exportFileName(wave.slug, "reponses")).send(csv);
        }
      );
      app2.get(
        "/api/waves/:id/exports/codebook.csv",
        { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: DialectQuerySchema } },
        async (request, reply) => {
          const wave = await requireWave(app2.db, request.params.id);
          const { variables, excluded } = await microdata(app2.db, wave);
          const csv = codebookCsv(variables, excluded, await wavesByQuestion(app2.db), { dialect: request.query.dialect });
          return attachment(reply, "text/csv; charset=utf-8", exportFileName(wave.slug, "dictionnaire")).send(csv);
        }
      );
      app2.get(
        "/api/waves/:id/exports/datapackage.zip",
        { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: NoQuerySchema } },
        async (request, reply) => {
          const wave = await requireWave(app2.db, request.params.id);
          const { variables, excluded } = await microdata(app2.db, wave);
          const wavesOf = await wavesByQuestion(app2.db);
          const settings = waveSettings(wave);
          await recordAudit(app2.db, { actorType: "user", actorId: request.user.id, waveId: wave.id, action: "export.responses", details: { format: "datapackage" } });
          const zip = zipStream([
            { name: "datapackage.json", content: JSON.stringify(dataPackageDescriptor(wave, variables), null, 2) },
            { name: "README.md", content: dataPackageReadme(wave, { freeText: settings.exportFreeText, minCellSize: settings.minCellSize }) },
            { name: "responses.csv", content: () => responsesCsv(submittedAnswerPages(app2.db, wave.id), variables, { dialect: "rfc4180" }) },
            { name: "codebook.csv", content: () => codebookCsv(variables, excluded, wavesOf, { dialect: "rfc4180" }) },
            {
              name: "indicators.csv",
              content: () => Readable4.from(
                (async function* () {
                  const { definitions, cells } = await waveIndicators(app2.db, wave);
                  yield* indicatorsCsv(indicatorCsvRows(wave.slug, cells, definitions), { dialect: "rfc4180" });
                })()
              )
            }
          ]);
          return attachment(reply, "application/zip", exportFileName(wave.slug, "donnees", "zip")).send(zip);
        }
      );
    };
    exports_default = exportRoutes;
  }
});

// apps/api/src/routes/reports/index.ts
import { z as z12 } from "zod";
import { sql as sql9 } from "kysely";
async function dataStamp(db, wave) {
  const { rows } = await sql9`
    select count(*) as count, max(updated_at) as changed
    from responses where wave_id = ${wave.id} and status = 'submitted'`.execute(db);
  return JSON.stringify([rows[0]?.count ?? 0, rows[0]?.changed ?? null, waveSettings(wave).minCellSize]);
}
var TokenParamsSchema, CACHE_MS, reportRoutes, reports_default;
var init_reports = __esm({
  "apps/api/src/routes/reports/index.ts"() {
    "use strict";
    init_src2();
    init_src3();
    init_src();
    init_errors();
    init_wave_analysis();
    TokenParamsSchema = z12.object({ token: z12.string().min(1).max(200) });
    CACHE_MS = 10 * 6e4;
    reportRoutes = async (app2) => {
      const cache3 = /* @__PURE__ */ new Map();
      async function waveCells(wave) {
        const stamp = await dataStamp(app2.db, wave);
        const hit = cache3.get(wave.id);
        if (hit && hit.stamp === stamp && Date.now() - hit.at < CACHE_MS) return hit.result;
        const result = waveIndicators(app2.db, wave).then(({ definitions, cells, minCellSize }) => ({ definitions, cells, minCellSize }));
        cache3.set(wave.id, { stamp, at: Date.now(), result });
        result.catch(() => cache3.delete(wave.id));
        return result;
      }
      app2.get(
        "/api/r/:token/report",
        {
          config: { access: "respondent" },
          schema: { params: TokenParamsSchema, response: { 200: MemberReportSchema } }
        },
        async (request, reply) => {
          const guesses = app2.rateLimits.linkGuessesPerAddress;
          guesses.assertAllowed(request.ip);
          const context = await findRespondentByTokenHash(app2.db, hashToken(request.params.token));
          if (!context) {
            guesses.recordFailure(request.ip);
            throw new AppError("INVITATION_NOT_FOUND");
          }
          const { wave, organisation, response } = context;
          if (!waveSettings(wave).resultsPublished) throw new AppError("RESULTS_NOT_PUBLISHED");
          const waveFamilies = await listFamilies(app2.db, wave.id);
          const keys = new Set(waveFamilies.map((f) => f.key));
          const answered = Array.isArray(response.answers.familles) ? response.answers.familles.filter((f) => typeof f === "string") : [];
          const mine = [...new Set(answered.length > 0 ? answered : organisation.family_keys)].filter((f) => keys.has(f));
          const { definitions, cells, minCellSize } = await waveCells(wave);
          reply.header("Cache-Control", "no-store");
          return {
            wave: { slug: wave.slug, title: wave.title },
            organisation: { name: organisation.name },
            submitted: response.status === "submitted",
            families: waveFamilies.filter((f) => mine.includes(f.key)).map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en })),
            minCellSize,
            items: memberReportItems(definitions, cells, response.answers, mine)
          };
        }
      );
    };
    reports_default = reportRoutes;
  }
});

// apps/api/src/routes/organisations/organisation-body.ts
function invitationLink(nonce, options) {
  return `${options.baseUrl}/r/${invitationToken(options.linkSecret, nonce)}`;
}
function organisationBody(org, options) {
  return {
    id: org.id,
    name: org.name,
    email: org.email,
    siren: org.siren,
    region: org.region,
    familyKeys: org.familyKeys,
    invitation: {
      id: org.invitationId,
      link: invitationLink(org.tokenNonce, options),
      openedAt: org.openedAt?.toISOString() ?? null,
      revoked: org.revokedAt !== null
    },
    response: {
      status: org.responseStatus,
      submittedAt: org.submittedAt?.toISOString() ?? null,
      updatedAt: org.updatedAt.toISOString()
    }
  };
}
var init_organisation_body = __esm({
  "apps/api/src/routes/organisations/organisation-body.ts"() {
    "use strict";
    init_src();
  }
});

// apps/api/src/routes/invitations/index.ts
import { z as z13 } from "zod";
var OrganisationParamsSchema, invitationRoutes, invitations_default;
var init_invitations = __esm({
  "apps/api/src/routes/invitations/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_errors();
    init_templates();
    init_access();
    init_organisation_body();
    init_require_wave();
    OrganisationParamsSchema = z13.object({ id: z13.string().max(100), organisationId: z13.string().uuid() });
    invitationRoutes = async (app2, options) => {
      app2.post(
        "/api/waves/:id/invitations",
        { config: { access: staff }, schema: { params: WaveParamsSchema, body: SendInvitationsBodySchema, response: { 200: SendInvitationsResultSchema } } },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          const { kind, organisationIds } = request.body;
          const chosen = organisationIds ? new Set(organisationIds) : null;
          const organisations = (await listWaveOrganisations(app2.db, wave.id)).filter((o) => !chosen || chosen.has(o.id));
          const mailed = kind === "invitation" ? await invitationIdsAlreadyMailed(app2.db, wave.id) : /* @__PURE__ */ new Set();
          const template = wave.settings.templates?.[kind] ?? defaultTemplates[kind];
          const skipped = [];
          const messages = [];
          for (const org of organisations) {
            const skip = (reason) => skipped.push({ organisationId: org.id, name: org.name, reason });
            if (org.revokedAt) skip("revoked");
            else if (!org.email) skip("no_email");
            else if (org.responseStatus === "submitted") skip("submitted");
            else if (kind === "invitation" && !chosen && mailed.has(org.invitationId)) skip("already_invited");
            else {
              const { subject, body } = renderTemplate(template, { organisation: org.name, vague: wave.title, closesAt: wave.closes_at });
              messages.push({ kind, waveId: wave.id, invitationId: org.invitationId, to: org.email, subject, body });
            }
          }
          await app2.db.transaction().execute(async (trx) => {
            await enqueueMessages(trx, messages);
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: wave.id,
              action: kind === "invitation" ? "invitations.send" : "reminders.send",
              details: { queued: messages.length, skipped: skipped.length }
            });
          });
          void app2.outbox.processDue().catch((err) => app2.log.warn({ err }, "outbox pass failed"));
          return { queued: messages.length, skipped };
        }
      );
      app2.get(
        "/api/waves/:id/outbox",
        { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: OutboxSchema } } },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          const [messages, organisations] = await Promise.all([listOutbox(app2.db, wave.id), listWaveOrganisations(app2.db, wave.id)]);
          const nameByInvitation = new Map(organisations.map((o) => [o.invitationId, o.name]));
          return {
            smtpConfigured: app2.outbox.smtpConfigured,
            messages: messages.map((m) => ({
              id: m.id,
              kind: m.kind,
              to: m.to_address,
              subject: m.subject,
              status: m.status,
              attempts: m.attempts,
              lastError: m.last_error,
              createdAt: m.created_at.toISOString(),
              sentAt: m.sent_at?.toISOString() ?? null,
              organisationName: m.invitation_id && nameByInvitation.get(m.invitation_id) || null
            }))
          };
        }
      );
      for (const action of ["revoke", "regenerate"]) {
        app2.post(
          `/api/waves/:id/organisations/:organisationId/invitation/${action}`,
          {
            config: { access: staff },
            schema: { params: OrganisationParamsSchema, response: { 200: WaveOrganisationSchema } }
          },
          async (request) => {
            const wave = await requireWave(app2.db, request.params.id);
            const org = (await listWaveOrganisations(app2.db, wave.id, request.params.organisationId))[0];
            if (!org) throw new AppError("ORGANISATION_NOT_FOUND");
            await app2.db.transaction().execute(async (trx) => {
              if (action === "revoke") {
                await trx.updateTable("invitations").set({ revoked_at: /* @__PURE__ */ new Date() }).where("id", "=", org.invitationId).execute();
              } else {
                await regenerateInvitationToken(trx, options.linkSecret, org.invitationId);
              }
              await recordAudit(trx, {
                actorType: "user",
                actorId: request.user.id,
                waveId: wave.id,
                action: `invitation.${action}`,
                details: { organisationId: org.id }
              });
            });
            const updated = (await listWaveOrganisations(app2.db, wave.id, org.id))[0];
            return organisationBody(updated, options);
          }
        );
      }
    };
    invitations_default = invitationRoutes;
  }
});

// apps/api/src/routes/api-tokens/index.ts
import { z as z14 } from "zod";
function tokenBody(row) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null
  };
}
var TokenSchema, apiTokenRoutes, api_tokens_default;
var init_api_tokens2 = __esm({
  "apps/api/src/routes/api-tokens/index.ts"() {
    "use strict";
    init_src();
    init_errors();
    init_access();
    TokenSchema = z14.object({
      id: z14.string(),
      name: z14.string(),
      createdAt: z14.string(),
      lastUsedAt: z14.string().nullable(),
      revoked: z14.boolean()
    });
    apiTokenRoutes = async (app2) => {
      app2.get(
        "/api/tokens",
        { config: { access: anyUser }, schema: { response: { 200: z14.object({ tokens: z14.array(TokenSchema) }) } } },
        async (request) => ({ tokens: (await listApiTokens(app2.db, request.user.id)).map(tokenBody) })
      );
      app2.post(
        "/api/tokens",
        {
          config: { access: anyUser },
          schema: {
            body: z14.strictObject({ name: z14.string().trim().min(1).max(100) }),
            response: { 201: TokenSchema.extend({ token: z14.string() }) }
          }
        },
        async (request, reply) => {
          const { token, row } = await createApiToken(app2.db, request.user.id, request.body.name);
          await recordAudit(app2.db, { actorType: "user", actorId: request.user.id, waveId: null, action: "api_token.create", details: { tokenId: row.id } });
          return reply.code(201).send({ ...tokenBody(row), token });
        }
      );
      app2.delete(
        "/api/tokens/:id",
        { config: { access: anyUser }, schema: { params: z14.object({ id: z14.string().max(100) }), response: { 204: z14.null() } } },
        async (request, reply) => {
          if (!await revokeApiToken(app2.db, request.user.id, request.params.id)) throw new AppError("NOT_FOUND", "No such API token.");
          await recordAudit(app2.db, { actorType: "user", actorId: request.user.id, waveId: null, action: "api_token.revoke", details: { tokenId: request.params.id } });
          return reply.code(204).send(null);
        }
      );
    };
    api_tokens_default = apiTokenRoutes;
  }
});

// apps/api/src/routes/audit/index.ts
import { z as z15 } from "zod";
var AuditQuerySchema, AuditSchema, auditRoutes, audit_default;
var init_audit2 = __esm({
  "apps/api/src/routes/audit/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    AuditQuerySchema = z15.strictObject({
      waveId: z15.uuid().optional(),
      action: z15.string().max(100).optional(),
      actorId: z15.string().max(100).optional(),
      before: z15.string().regex(/^\d+$/).optional(),
      /** Days, inclusive, in UTC: `from=2025-03-01&to=2025-03-31`. */
      from: z15.iso.date().optional(),
      to: z15.iso.date().optional(),
      limit: z15.coerce.number().int().min(1).max(1e3).default(200)
    });
    AuditSchema = z15.object({ events: z15.array(AuditEventSchema) });
    auditRoutes = async (app2) => {
      app2.get(
        "/api/audit",
        { config: { access: ["admin"] }, schema: { querystring: AuditQuerySchema, response: { 200: AuditSchema } } },
        async (request) => {
          const { from, to, ...filter } = request.query;
          const events = await listAudit(app2.db, {
            ...filter,
            ...from ? { from: /* @__PURE__ */ new Date(`${from}T00:00:00Z`) } : {},
            ...to ? { to: new Date((/* @__PURE__ */ new Date(`${to}T00:00:00Z`)).getTime() + 864e5) } : {}
          });
          return { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
        }
      );
    };
    audit_default = auditRoutes;
  }
});

// apps/api/src/routes/organisations/import-csv.ts
import { parse } from "csv-parse/sync";
function normaliseHeader(header) {
  return header.normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim().toLowerCase();
}
function validSiren(siren) {
  if (!/^\d{9}$/.test(siren)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let digit = Number(siren[i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
function parseOrganisationsCsv(file, familyKeys) {
  let text2;
  try {
    text2 = new TextDecoder("utf-8", { fatal: true }).decode(file);
  } catch {
    throw new ImportFileError("Le fichier n\u2019est pas en UTF-8 : enregistrez-le au format \xAB CSV UTF-8 \xBB puis importez-le \xE0 nouveau.");
  }
  text2 = text2.replace(/^\uFEFF/, "");
  const firstLine = text2.split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.trim() === "") throw new ImportFileError("Le fichier est vide : la premi\xE8re ligne doit nommer les colonnes.");
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let records;
  try {
    records = parse(text2, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true
    });
  } catch (err) {
    throw new ImportFileError(`Le fichier n\u2019est pas un CSV valide : ${err.message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError("Le fichier est vide : la premi\xE8re ligne doit nommer les colonnes.");
  if (body.length > maxImportLines) {
    throw new ImportFileError(`Le fichier a ${body.length} lignes ; au plus ${maxImportLines} peuvent \xEAtre import\xE9es \xE0 la fois.`);
  }
  const columns = header.record.map((h) => columnAliases[normaliseHeader(h)] ?? null);
  if (!columns.includes("name")) {
    throw new ImportFileError(
      `Colonne \xAB nom \xBB (ou \xAB name \xBB) manquante. Colonnes trouv\xE9es : ${header.record.join(", ")}. Attendues : nom, courriel, familles, siren, r\xE9gion (ou name, email, families, siren, region).`
    );
  }
  const known = new Set(familyKeys);
  const rows = [];
  const problems = [];
  const seenSirens = /* @__PURE__ */ new Map();
  const seenEmails = /* @__PURE__ */ new Map();
  for (const { record: record2, info } of body) {
    const line = info.lines;
    const value = (column) => {
      const index = columns.indexOf(column);
      const cell = index >= 0 ? record2[index]?.trim() : "";
      return cell ? cell : null;
    };
    const lineProblems = [];
    const name = value("name");
    if (!name) lineProblems.push("le nom est vide");
    else if (name.length > 300) lineProblems.push("le nom d\xE9passe 300 caract\xE8res");
    const email = value("email")?.toLowerCase() ?? null;
    if (email && (!emailPattern.test(email) || email.length > 254)) lineProblems.push(`\xAB ${email} \xBB n\u2019est pas une adresse e-mail`);
    if (email && seenEmails.has(email)) lineProblems.push(`l\u2019adresse ${email} figure d\xE9j\xE0 ligne ${seenEmails.get(email)}`);
    const siren = value("siren")?.replace(/\s/g, "") ?? null;
    if (siren && !validSiren(siren)) lineProblems.push(`le SIREN \xAB ${siren} \xBB n\u2019est pas valide (9 chiffres dont une cl\xE9 de contr\xF4le)`);
    if (siren && seenSirens.has(siren)) lineProblems.push(`le SIREN ${siren} figure d\xE9j\xE0 ligne ${seenSirens.get(siren)}`);
    const keys = (value("familyKeys") ?? "").split("|").map((k) => k.trim()).filter(Boolean);
    const unknown = keys.filter((k) => !known.has(k));
    if (unknown.length > 0) {
      lineProblems.push(`famille inconnue ${unknown.map((k) => `\xAB ${k} \xBB`).join(", ")} (familles de la vague : ${familyKeys.join(", ")})`);
    }
    if (email && !seenEmails.has(email)) seenEmails.set(email, line);
    if (siren && !seenSirens.has(siren)) seenSirens.set(siren, line);
    if (lineProblems.length > 0) {
      problems.push({ line, message: lineProblems.join("; ") });
      continue;
    }
    rows.push({ line, name, email, siren, region: value("region"), familyKeys: [...new Set(keys)] });
  }
  return { rows, problems };
}
var ImportFileError, maxImportLines, columnAliases, emailPattern;
var init_import_csv = __esm({
  "apps/api/src/routes/organisations/import-csv.ts"() {
    "use strict";
    ImportFileError = class extends Error {
      constructor(message) {
        super(message);
        this.name = "ImportFileError";
      }
    };
    maxImportLines = 2e4;
    columnAliases = {
      name: "name",
      nom: "name",
      email: "email",
      courriel: "email",
      mail: "email",
      families: "familyKeys",
      familles: "familyKeys",
      siren: "siren",
      region: "region"
    };
    emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
  }
});

// apps/api/src/routes/open-link/index.ts
import { z as z16 } from "zod";
var SlugParamsSchema, JoinBodySchema, openLinkRoutes, open_link_default;
var init_open_link = __esm({
  "apps/api/src/routes/open-link/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_errors();
    init_templates();
    init_import_csv();
    SlugParamsSchema = z16.object({ slug: z16.string().max(100) });
    JoinBodySchema = z16.strictObject({
      organisation: z16.strictObject({
        name: z16.string().trim().min(1).max(300),
        email: z16.string().trim().toLowerCase().max(254).pipe(z16.email()).optional(),
        familyKeys: z16.array(z16.string().max(40)).max(20).optional(),
        siren: z16.string().transform((s) => s.replace(/\s/g, "")).refine(validSiren, "not a valid SIREN (9 digits with a check digit)").optional()
      })
    });
    openLinkRoutes = async (app2, options) => {
      async function openWave(slug) {
        const wave = await findWaveBySlug(app2.db, slug);
        if (!wave || wave.status !== "open" || !waveSettings(wave).openLink) throw new AppError("WAVE_NOT_FOUND");
        return wave;
      }
      app2.get(
        "/api/w/:slug",
        {
          config: { access: "public" },
          schema: {
            params: SlugParamsSchema,
            response: {
              200: z16.object({ wave: z16.object({ slug: z16.string(), title: z16.string(), status: WaveStatusSchema, families: z16.array(FamilySchema) }) })
            }
          }
        },
        async (request) => {
          const wave = await openWave(request.params.slug);
          const families = await listFamilies(app2.db, wave.id);
          return {
            wave: {
              slug: wave.slug,
              title: wave.title,
              status: wave.status,
              families: families.map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en }))
            }
          };
        }
      );
      app2.post(
        "/api/w/:slug/join",
        {
          config: { access: "public" },
          schema: {
            params: SlugParamsSchema,
            body: JoinBodySchema,
            response: {
              201: z16.object({ token: z16.string(), url: z16.string() }),
              202: z16.object({ status: z16.literal("link_sent") })
            }
          }
        },
        async (request, reply) => {
          const counter = app2.rateLimits.joinsPerAddress;
          counter.assertAllowed(request.ip);
          counter.recordFailure(request.ip);
          const wave = await openWave(request.params.slug);
          const { name, email, siren, familyKeys = [] } = request.body.organisation;
          const known = new Set((await listFamilies(app2.db, wave.id)).map((f) => f.key));
          const unknown = familyKeys.filter((k) => !known.has(k));
          if (unknown.length) throw new AppError("UNKNOWN_FAMILY", `organisation.familyKeys: unknown ${unknown.join(", ")}`);
          const template = wave.settings.templates?.invitation ?? defaultTemplates.invitation;
          const [existing] = await findOrganisationsBySirenOrEmail(app2.db, siren ? [siren] : [], email ? [email] : []);
          const outcome = await app2.db.transaction().execute(async (trx) => {
            if (existing) {
              if (!(await invitedOrganisationIds(trx, wave.id)).has(existing.id)) {
                await createInvitation(trx, options.linkSecret, wave.id, existing.id);
              }
              const invitation = (await listWaveOrganisations(trx, wave.id, existing.id))[0];
              if (existing.email && invitation.revokedAt === null) {
                const message = renderTemplate(template, { organisation: existing.name, vague: wave.title, closesAt: wave.closes_at });
                await enqueueMessages(trx, [{ kind: "invitation", waveId: wave.id, invitationId: invitation.invitationId, to: existing.email, ...message }]);
              }
              await recordAudit(trx, {
                actorType: "system",
                actorId: null,
                waveId: wave.id,
                action: "open_link.known_organisation",
                details: { organisationId: existing.id }
              });
              return { kind: "known" };
            }
            const org = await createOrganisation(trx, { name, email: email ?? null, siren: siren ?? null, familyKeys });
            const { token, invitationId } = await createInvitation(trx, options.linkSecret, wave.id, org.id);
            if (email) {
              const message = renderTemplate(template, { organisation: name, vague: wave.title, closesAt: wave.closes_at });
              await enqueueMessages(trx, [{ kind: "invitation", waveId: wave.id, invitationId, to: email, ...message }]);
            }
            await recordAudit(trx, {
              actorType: "system",
              actorId: null,
              waveId: wave.id,
              action: "open_link.registered",
              details: { organisationId: org.id }
            });
            return { kind: "created", token };
          });
          void app2.outbox.processDue().catch((err) => app2.log.warn({ err }, "outbox pass failed"));
          if (outcome.kind === "known") return reply.code(202).send({ status: "link_sent" });
          return reply.code(201).send({ token: outcome.token, url: `${options.baseUrl}/r/${outcome.token}` });
        }
      );
    };
    open_link_default = openLinkRoutes;
  }
});

// apps/api/src/routes/openapi/index.ts
var openapiRoutes, openapi_default;
var init_openapi = __esm({
  "apps/api/src/routes/openapi/index.ts"() {
    "use strict";
    openapiRoutes = async (app2) => {
      app2.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app2.swagger());
    };
    openapi_default = openapiRoutes;
  }
});

// apps/api/src/routes/users/index.ts
import { z as z17 } from "zod";
function userBody(user) {
  return { id: user.id, email: user.email, role: user.role, disabled: user.disabled_at !== null, createdAt: user.created_at.toISOString() };
}
var admin, PasswordSchema, UserParamsSchema, userRoutes, users_default;
var init_users2 = __esm({
  "apps/api/src/routes/users/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_errors();
    init_password();
    admin = ["admin"];
    PasswordSchema = z17.string().min(8).max(128);
    UserParamsSchema = z17.object({ id: z17.string().max(100) });
    userRoutes = async (app2) => {
      app2.get(
        "/api/users",
        { config: { access: admin }, schema: { response: { 200: z17.object({ users: z17.array(UserSchema) }) } } },
        async () => ({ users: (await listUsers(app2.db)).map(userBody) })
      );
      app2.post(
        "/api/users",
        {
          config: { access: admin },
          schema: {
            body: z17.strictObject({ email: z17.string().trim().toLowerCase().max(254).pipe(z17.email()), role: RoleSchema, password: PasswordSchema }),
            response: { 201: UserSchema }
          }
        },
        async (request, reply) => {
          const { email, role, password } = request.body;
          if (await findUserByEmail(app2.db, email)) throw new AppError("USER_EXISTS");
          const user = await app2.db.transaction().execute(async (trx) => {
            const created = await createUser(trx, { email, role, passwordHash: await hashPassword(password) });
            await recordAudit(trx, { actorType: "user", actorId: request.user.id, waveId: null, action: "user.create", details: { userId: created.id, role } });
            return created;
          });
          return reply.code(201).send(userBody(user));
        }
      );
      app2.patch(
        "/api/users/:id",
        {
          config: { access: admin },
          schema: {
            params: UserParamsSchema,
            body: z17.strictObject({ role: RoleSchema.optional(), disabled: z17.boolean().optional(), password: PasswordSchema.optional() }),
            response: { 200: UserSchema }
          }
        },
        async (request) => {
          const target = await findUserById(app2.db, request.params.id);
          if (!target) throw new AppError("USER_NOT_FOUND");
          const { role, disabled, password } = request.body;
          if (target.id === request.user.id && (disabled || role && role !== "admin")) {
            throw new AppError("FORBIDDEN", "Admins cannot disable themselves or give up their own admin role.");
          }
          const user = await app2.db.transaction().execute(async (trx) => {
            const updated = await updateUser(trx, target.id, {
              ...role ? { role } : {},
              ...disabled !== void 0 ? { disabled } : {},
              ...password ? { passwordHash: await hashPassword(password) } : {}
            });
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: null,
              action: "user.update",
              details: { userId: target.id, fields: Object.keys(request.body) }
            });
            return updated;
          });
          return userBody(user);
        }
      );
    };
    users_default = userRoutes;
  }
});

// apps/api/src/routes/progress/response-rates.ts
function isAnswered(value) {
  if (value === null || value === void 0) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}
function responseCounts(rows, isPartial) {
  const invited = rows.length;
  const submitted = rows.filter((r) => r.status === "submitted").length;
  const started = rows.filter((r) => r.status !== "not_started").length;
  const opened = rows.filter((r) => r.openedAt !== null || r.status !== "not_started").length;
  const partial = rows.filter((r) => r.status === "in_progress" && isPartial(r)).length;
  return {
    invited,
    opened,
    started,
    submitted,
    rr1: invited ? submitted / invited : null,
    rr2: invited ? (submitted + partial) / invited : null
  };
}
var init_response_rates = __esm({
  "apps/api/src/routes/progress/response-rates.ts"() {
    "use strict";
  }
});

// apps/api/src/routes/progress/index.ts
var partialCache, progressRoutes, progress_default;
var init_progress2 = __esm({
  "apps/api/src/routes/progress/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_src4();
    init_access();
    init_response_rates();
    init_require_wave();
    partialCache = /* @__PURE__ */ new Map();
    progressRoutes = async (app2) => {
      app2.get(
        "/api/waves/:id/progress",
        { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: ProgressSchema } } },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          const [rows, families, questionnaire] = await Promise.all([
            listProgressRows(app2.db, wave.id),
            listFamilies(app2.db, wave.id),
            findCurrentQuestionnaire(app2.db, wave.id)
          ]);
          const definition = questionnaire?.definition ?? { pages: [] };
          const isPartial = (row) => {
            const key = `${row.responseId}:${row.revision}`;
            let partial = partialCache.get(key);
            if (partial === void 0) {
              const applicable = applicableQuestions(definition, row.answers);
              const answered = applicable.filter((name) => isAnswered(row.answers[name])).length;
              partial = applicable.length > 0 && answered * 2 >= applicable.length;
              if (partialCache.size > 5e4) partialCache.clear();
              partialCache.set(key, partial);
            }
            return partial;
          };
          const submitted = rows.filter((r) => r.status === "submitted");
          const questions = questionnaire ? listQuestions(definition) : [];
          const itemNonResponse = questions.map((q) => {
            let eligible = 0;
            let answered = 0;
            for (const row of submitted) {
              if (!row.applicableQuestions?.includes(q.name)) continue;
              eligible += 1;
              if (isAnswered(row.answers[q.name])) answered += 1;
            }
            return { name: q.name, title: q.title, eligible, answered, rate: eligible ? (eligible - answered) / eligible : null };
          });
          const perDay = /* @__PURE__ */ new Map();
          for (const row of submitted) {
            if (!row.submittedAt) continue;
            const day = row.submittedAt.toISOString().slice(0, 10);
            perDay.set(day, (perDay.get(day) ?? 0) + 1);
          }
          return {
            totals: responseCounts(rows, isPartial),
            families: families.map((f) => ({
              key: f.key,
              labelFr: f.label_fr,
              labelEn: f.label_en,
              ...responseCounts(
                rows.filter((r) => r.familyKeys.includes(f.key)),
                isPartial
              )
            })),
            itemNonResponse,
            submissionsPerDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count })),
            notStarted: rows.filter((r) => r.status === "not_started").map((r) => ({ id: r.organisationId, name: r.name, email: r.email }))
          };
        }
      );
    };
    progress_default = progressRoutes;
  }
});

// apps/api/src/routes/organisations/import-organisations.ts
async function importOrganisations(db, options) {
  const { wave, dryRun } = options;
  const families = (await listFamilies(db, wave.id)).map((f) => f.key);
  const { rows, problems } = parseOrganisationsCsv(options.file, families);
  const existing = await findOrganisationsBySirenOrEmail(
    db,
    rows.flatMap((r) => r.siren ? [r.siren] : []),
    rows.flatMap((r) => r.email ? [r.email] : [])
  );
  const match = (row) => (row.siren ? existing.find((o) => o.siren === row.siren) : void 0) ?? (row.email ? existing.find((o) => o.email?.toLowerCase() === row.email) : void 0);
  const planned = rows.map((row) => ({ row, target: match(row) }));
  const preview = planned.map(({ row, target }) => ({
    line: row.line,
    action: target ? "update" : "create",
    name: row.name,
    email: row.email,
    siren: row.siren,
    region: row.region,
    familyKeys: row.familyKeys
  }));
  const created = preview.filter((p) => p.action === "create").length;
  const updated = preview.length - created;
  if (dryRun || problems.length > 0) return { dryRun, written: false, created, updated, errors: problems, rows: preview };
  await db.transaction().execute(async (trx) => {
    const invited = await invitedOrganisationIds(trx, wave.id);
    for (const { row, target } of planned) {
      const fields = { name: row.name, email: row.email, siren: row.siren, region: row.region, familyKeys: row.familyKeys };
      const org = target ? await updateOrganisation(trx, target.id, fields) : await createOrganisation(trx, fields);
      if (!invited.has(org.id)) {
        await createInvitation(trx, options.linkSecret, wave.id, org.id);
        invited.add(org.id);
      }
    }
    await recordAudit(trx, {
      actorType: options.actor.type,
      actorId: options.actor.id,
      waveId: wave.id,
      action: "organisations.import",
      details: { created, updated, lines: rows.length }
    });
  });
  return { dryRun, written: true, created, updated, errors: [], rows: preview };
}
var init_import_organisations = __esm({
  "apps/api/src/routes/organisations/import-organisations.ts"() {
    "use strict";
    init_src();
    init_import_csv();
  }
});

// apps/api/src/routes/organisations/index.ts
import { z as z18 } from "zod";
var OrganisationParamsSchema2, ImportQuerySchema, ExportQuerySchema2, organisationRoutes, organisations_default;
var init_organisations2 = __esm({
  "apps/api/src/routes/organisations/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_src3();
    init_csv2();
    init_errors();
    init_access();
    init_import_csv();
    init_import_organisations();
    init_organisation_body();
    init_require_wave();
    OrganisationParamsSchema2 = z18.object({ id: z18.string().max(100), organisationId: z18.string().uuid() });
    ImportQuerySchema = z18.strictObject({ dryRun: z18.enum(["true", "false"]).default("false") });
    ExportQuerySchema2 = z18.strictObject({ dialect: z18.enum(["rfc4180", "excel-fr"]).default("rfc4180") });
    organisationRoutes = async (app2, options) => {
      app2.addContentTypeParser(
        ["text/csv", "application/csv"],
        { parseAs: "buffer", bodyLimit: 10 * 1024 * 1024 },
        (_req, body, done) => done(null, body)
      );
      const linkOf = (nonce) => invitationLink(nonce, options);
      const bodyOf = (org) => organisationBody(org, options);
      async function assertFamilies(waveId, keys) {
        const known = new Set((await listFamilies(app2.db, waveId)).map((f) => f.key));
        const unknown = keys.filter((k) => !known.has(k));
        if (unknown.length) throw new AppError("UNKNOWN_FAMILY", `familyKeys: unknown ${unknown.join(", ")}`, { unknown });
      }
      app2.get(
        "/api/waves/:id/organisations",
        {
          config: { access: staff },
          schema: { params: WaveParamsSchema, response: { 200: z18.object({ organisations: z18.array(WaveOrganisationSchema) }) } }
        },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          return { organisations: (await listWaveOrganisations(app2.db, wave.id)).map(bodyOf) };
        }
      );
      app2.post(
        "/api/waves/:id/organisations/import",
        {
          config: { access: staff },
          schema: { params: WaveParamsSchema, querystring: ImportQuerySchema, response: { 200: ImportResultSchema } }
        },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          if (!Buffer.isBuffer(request.body)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the member file as text/csv.");
          try {
            return await importOrganisations(app2.db, {
              wave,
              file: request.body,
              dryRun: request.query.dryRun === "true",
              linkSecret: options.linkSecret,
              actor: { type: "user", id: request.user.id }
            });
          } catch (err) {
            if (err instanceof ImportFileError) throw new AppError("IMPORT_INVALID", err.message);
            throw err;
          }
        }
      );
      app2.post(
        "/api/waves/:id/organisations",
        {
          config: { access: staff },
          schema: { params: WaveParamsSchema, body: OrganisationInputSchema, response: { 201: WaveOrganisationSchema } }
        },
        async (request, reply) => {
          const wave = await requireWave(app2.db, request.params.id);
          const body = request.body;
          await assertFamilies(wave.id, body.familyKeys ?? []);
          const clash = await findOrganisationsBySirenOrEmail(app2.db, body.siren ? [body.siren] : [], body.email ? [body.email] : []);
          if (clash.length > 0) throw new AppError("ORGANISATION_EXISTS", void 0, { id: clash[0].id });
          const id = await app2.db.transaction().execute(async (trx) => {
            const org = await createOrganisation(trx, {
              name: body.name,
              email: body.email?.toLowerCase() ?? null,
              siren: body.siren ?? null,
              region: body.region ?? null,
              familyKeys: body.familyKeys ?? []
            });
            await createInvitation(trx, options.linkSecret, wave.id, org.id);
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: wave.id,
              action: "organisation.create",
              details: { organisationId: org.id }
            });
            return org.id;
          });
          const row = (await listWaveOrganisations(app2.db, wave.id, id))[0];
          return reply.code(201).send(bodyOf(row));
        }
      );
      app2.patch(
        "/api/waves/:id/organisations/:organisationId",
        {
          config: { access: staff },
          schema: {
            params: OrganisationParamsSchema2,
            body: OrganisationInputSchema.partial(),
            response: { 200: WaveOrganisationSchema }
          }
        },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          const current = (await listWaveOrganisations(app2.db, wave.id, request.params.organisationId))[0];
          if (!current) throw new AppError("ORGANISATION_NOT_FOUND");
          const body = request.body;
          if (body.familyKeys) await assertFamilies(wave.id, body.familyKeys);
          const clash = (await findOrganisationsBySirenOrEmail(app2.db, body.siren ? [body.siren] : [], body.email ? [body.email] : [])).filter((o) => o.id !== current.id);
          if (clash.length > 0) throw new AppError("ORGANISATION_EXISTS", void 0, { id: clash[0].id });
          await app2.db.transaction().execute(async (trx) => {
            await updateOrganisation(trx, current.id, {
              ...body,
              ...body.email !== void 0 ? { email: body.email?.toLowerCase() ?? null } : {}
            });
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: wave.id,
              action: "organisation.update",
              details: { organisationId: current.id, fields: Object.keys(body) }
            });
          });
          const row = (await listWaveOrganisations(app2.db, wave.id, current.id))[0];
          return bodyOf(row);
        }
      );
      app2.get(
        "/api/waves/:id/organisations.csv",
        { config: { access: staff }, schema: { params: WaveParamsSchema, querystring: ExportQuerySchema2 } },
        async (request, reply) => {
          const wave = await requireWave(app2.db, request.params.id);
          const rows = (await listWaveOrganisations(app2.db, wave.id)).map((o) => [
            o.name,
            o.email,
            o.familyKeys.join("|"),
            o.siren,
            o.region,
            o.responseStatus,
            o.submittedAt?.toISOString() ?? null
          ]);
          return reply.type("text/csv; charset=utf-8").header("Content-Disposition", `attachment; filename="${exportFileName(wave.slug, "organisations")}"`).send(csvStream(["name", "email", "families", "siren", "region", "status", "submitted_at"], rows, request.query.dialect));
        }
      );
      app2.get(
        "/api/waves/:id/invitations.csv",
        { config: { access: staff }, schema: { params: WaveParamsSchema, querystring: ExportQuerySchema2 } },
        async (request, reply) => {
          const wave = await requireWave(app2.db, request.params.id);
          const rows = (await listWaveOrganisations(app2.db, wave.id)).filter((o) => o.revokedAt === null).map((o) => [o.name, o.email, o.familyKeys.join("|"), linkOf(o.tokenNonce), o.responseStatus]);
          return reply.type("text/csv; charset=utf-8").header("Content-Disposition", `attachment; filename="${exportFileName(wave.slug, "liens")}"`).send(csvStream(["name", "email", "families", "link", "status"], rows, request.query.dialect));
        }
      );
    };
    organisations_default = organisationRoutes;
  }
});

// apps/api/src/routes/questionnaires/index.ts
import { z as z19 } from "zod";
var DefinitionSchema, questionnaireRoutes, questionnaires_default;
var init_questionnaires = __esm({
  "apps/api/src/routes/questionnaires/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_src4();
    init_errors();
    init_access();
    init_require_wave();
    DefinitionSchema = z19.record(z19.string(), z19.unknown());
    questionnaireRoutes = async (app2) => {
      app2.get(
        "/api/waves/:id/questionnaire",
        { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: QuestionnaireSchema } } },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          const current = await findCurrentQuestionnaire(app2.db, wave.id);
          const definition = current?.definition ?? {};
          return {
            version: current?.version ?? 0,
            frozen: wave.status !== "draft",
            definition,
            warnings: current ? lintQuestionnaire(definition).warnings : []
          };
        }
      );
      app2.put(
        "/api/waves/:id/questionnaire",
        {
          config: { access: staff },
          schema: { params: WaveParamsSchema, body: DefinitionSchema, response: { 200: QuestionnaireSchema } }
        },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          if (wave.status !== "draft") throw new AppError("QUESTIONNAIRE_FROZEN");
          const { errors, warnings } = lintQuestionnaire(request.body);
          if (errors.length > 0) {
            const first = errors[0];
            throw new AppError("QUESTIONNAIRE_INVALID", `${first.path}: ${first.message}`, { errors, warnings });
          }
          const { definition, changes } = sanitizeQuestionnaire(request.body);
          const saved = await app2.db.transaction().execute(async (trx) => {
            const row = await saveQuestionnaire(trx, wave.id, definition);
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: wave.id,
              action: "questionnaire.save",
              details: { version: row.version, warnings: warnings.length, htmlRemovedAt: changes.map((c) => c.path) }
            });
            return row;
          });
          return { version: saved.version, frozen: false, definition, warnings };
        }
      );
      app2.post(
        "/api/questionnaires/lint",
        { config: { access: staff }, schema: { body: DefinitionSchema, response: { 200: LintResultSchema } } },
        async (request) => lintQuestionnaire(request.body)
      );
    };
    questionnaires_default = questionnaireRoutes;
  }
});

// apps/api/src/routes/respondent/own-answers.ts
function label(question, value) {
  const choice = question.choices?.find((c) => c.value === value);
  if (choice) return choice.text;
  if (typeof value === "boolean") return value ? "Oui" : "Non";
  if (value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
function ownAnswers(questions, answers) {
  const rows = [];
  for (const question of questions) {
    const value = answers[question.name];
    if (value === void 0 || value === null) continue;
    const text2 = Array.isArray(value) ? value.map((v) => label(question, v)).join(" ; ") : label(question, value);
    rows.push({ name: question.name, title: question.title, page: question.page, value, text: text2 });
  }
  return rows;
}
var init_own_answers = __esm({
  "apps/api/src/routes/respondent/own-answers.ts"() {
    "use strict";
  }
});

// apps/api/src/routes/respondent/answer-text.ts
function unstorableText(value) {
  if (JSON.stringify(value).length > maxAnswerLength) return `answer longer than ${maxAnswerLength} characters`;
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (item.includes("\0")) return "answer contains a NUL character (\\u0000)";
      if (!item.isWellFormed()) return "answer contains an unpaired UTF-16 surrogate";
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (item !== null && typeof item === "object") {
      for (const [key, inner] of Object.entries(item)) stack.push(key, inner);
    }
  }
  return null;
}
var maxAnswerLength;
var init_answer_text = __esm({
  "apps/api/src/routes/respondent/answer-text.ts"() {
    "use strict";
    maxAnswerLength = 1e5;
  }
});

// apps/api/src/routes/respondent/questionnaire-cache.ts
function questionsOf(questionnaireId, definition) {
  let questions = cache2.get(questionnaireId);
  if (!questions) {
    questions = new Map(listQuestions(definition).map((q) => [q.name, q]));
    if (cache2.size > 100) cache2.clear();
    cache2.set(questionnaireId, questions);
  }
  return questions;
}
var cache2;
var init_questionnaire_cache = __esm({
  "apps/api/src/routes/respondent/questionnaire-cache.ts"() {
    "use strict";
    init_src4();
    cache2 = /* @__PURE__ */ new Map();
  }
});

// apps/api/src/routes/respondent/index.ts
import { z as z20 } from "zod";
var TokenParamsSchema2, idempotencyKeyPattern, respondentRoutes, respondent_default;
var init_respondent2 = __esm({
  "apps/api/src/routes/respondent/index.ts"() {
    "use strict";
    init_src2();
    init_src();
    init_src4();
    init_src3();
    init_csv2();
    init_errors();
    init_own_answers();
    init_answer_text();
    init_questionnaire_cache();
    TokenParamsSchema2 = z20.object({ token: z20.string().min(1).max(200) });
    idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;
    respondentRoutes = async (app2) => {
      async function contextOf(request, token) {
        const guesses = app2.rateLimits.linkGuessesPerAddress;
        guesses.assertAllowed(request.ip);
        const context = await findRespondentByTokenHash(app2.db, hashToken(token));
        if (!context) {
          guesses.recordFailure(request.ip);
          throw new AppError("INVITATION_NOT_FOUND");
        }
        return context;
      }
      async function questionnaireOf(waveId) {
        const questionnaire = await findCurrentQuestionnaire(app2.db, waveId);
        const definition = questionnaire?.definition;
        if (!questionnaire || definition === null || typeof definition !== "object" || Array.isArray(definition)) {
          throw new AppError("WAVE_NOT_OPEN", "This wave has no questionnaire yet.");
        }
        return { ...questionnaire, definition };
      }
      function assertOpen(context) {
        if (context.wave.status !== "open") throw new AppError("WAVE_NOT_OPEN");
      }
      app2.get(
        "/api/r/:token",
        {
          config: { access: "respondent" },
          schema: { params: TokenParamsSchema2, response: { 200: RespondentViewSchema } }
        },
        async (request) => {
          const context = await contextOf(request, request.params.token);
          const [questionnaire, families] = await Promise.all([
            findCurrentQuestionnaire(app2.db, context.wave.id),
            listFamilies(app2.db, context.wave.id)
          ]);
          if (context.openedAt === null) await markInvitationOpened(app2.db, context.invitationId);
          const { wave, organisation, response } = context;
          return {
            wave: {
              slug: wave.slug,
              title: wave.title,
              status: wave.status,
              closesAt: wave.closes_at?.toISOString() ?? null,
              editAfterSubmit: waveSettings(wave).editAfterSubmit,
              families: families.map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en }))
            },
            organisation: { name: organisation.name, familyKeys: organisation.family_keys },
            questionnaire: questionnaire?.definition ?? {},
            response: {
              status: response.status,
              revision: response.revision,
              answers: response.answers,
              submittedAt: response.submitted_at?.toISOString() ?? null
            }
          };
        }
      );
      app2.patch(
        "/api/r/:token/answers",
        {
          config: { access: "respondent" },
          schema: {
            params: TokenParamsSchema2,
            body: PatchAnswersBodySchema,
            response: { 200: PatchAnswersResultSchema }
          }
        },
        async (request) => {
          const context = await contextOf(request, request.params.token);
          assertOpen(context);
          if (context.response.status === "submitted") throw new AppError("ALREADY_SUBMITTED");
          const questionnaire = await questionnaireOf(context.wave.id);
          const questions = questionsOf(questionnaire.id, questionnaire.definition);
          const patch = {};
          for (const [name, value] of Object.entries(request.body.answers)) {
            const question = questions.get(name);
            if (!question) throw new AppError("UNKNOWN_QUESTION", `answers.${name}: no such question`, { name });
            const problem = unstorableText(value) ?? checkAnswer(question, value);
            if (problem) throw new AppError("INVALID_ANSWER", `answers.${name}: ${problem}`, { name, message: problem });
            patch[name] = value ?? null;
          }
          const outcome = await app2.db.transaction().execute((trx) => applyAnswerPatch(trx, context.response.id, request.body.baseRevision, patch));
          switch (outcome.kind) {
            case "saved":
              return { revision: outcome.revision, answers: outcome.answers };
            case "revision_ahead":
              throw new AppError("INVALID_REVISION", void 0, { revision: outcome.revision });
            case "conflict":
              throw new AppError("ANSWER_CONFLICT", void 0, {
                revision: outcome.revision,
                conflicts: outcome.conflicts
              });
          }
        }
      );
      app2.post(
        "/api/r/:token/submit",
        {
          config: { access: "respondent" },
          schema: {
            params: TokenParamsSchema2,
            body: SubmitBodySchema,
            headers: z20.object({ "idempotency-key": z20.string().optional() }),
            response: { 200: SubmitResultSchema }
          }
        },
        async (request) => {
          const key = request.headers["idempotency-key"];
          if (key === void 0 || !idempotencyKeyPattern.test(key)) throw new AppError("IDEMPOTENCY_KEY_REQUIRED");
          const context = await contextOf(request, request.params.token);
          assertOpen(context);
          const questionnaire = await questionnaireOf(context.wave.id);
          const outcome = await app2.db.transaction().execute(async (trx) => {
            const result = await submitResponse(
              trx,
              context.response.id,
              { idempotencyKey: key, revision: request.body.revision },
              (answers) => {
                const result2 = validateSubmission(questionnaire.definition, answers);
                const applicable = result2.errors.length ? [] : applicableQuestions(questionnaire.definition, result2.answers);
                return { ...result2, applicable };
              }
            );
            if (result.kind === "submitted" && !result.replayed) {
              await recordAudit(trx, {
                actorType: "respondent",
                actorId: context.organisation.id,
                waveId: context.wave.id,
                action: "response.submitted",
                details: { revision: result.revision, questionnaireVersion: questionnaire.version }
              });
            }
            return result;
          });
          switch (outcome.kind) {
            case "submitted":
              return { status: "submitted", submittedAt: outcome.submittedAt.toISOString(), revision: outcome.revision };
            case "invalid":
              throw new AppError("VALIDATION_FAILED", void 0, { errors: outcome.errors });
            case "revision_mismatch":
              throw new AppError("REVISION_MISMATCH", void 0, { revision: outcome.revision });
            case "key_reused":
              throw new AppError("IDEMPOTENCY_KEY_REUSED");
            case "already_submitted":
              throw new AppError("ALREADY_SUBMITTED");
          }
        }
      );
      app2.get(
        "/api/r/:token/answers.json",
        { config: { access: "respondent" }, schema: { params: TokenParamsSchema2 } },
        async (request, reply) => {
          const context = await contextOf(request, request.params.token);
          const questionnaire = await questionnaireOf(context.wave.id);
          const questions = questionsOf(questionnaire.id, questionnaire.definition);
          return reply.header("Content-Disposition", `attachment; filename="${exportFileName(context.wave.slug, "mes-reponses", "json")}"`).send({
            wave: { slug: context.wave.slug, title: context.wave.title },
            organisation: { name: context.organisation.name },
            status: context.response.status,
            revision: context.response.revision,
            submittedAt: context.response.submitted_at?.toISOString() ?? null,
            answers: ownAnswers(questions.values(), context.response.answers)
          });
        }
      );
      app2.get(
        "/api/r/:token/answers.csv",
        {
          config: { access: "respondent" },
          schema: { params: TokenParamsSchema2, querystring: z20.strictObject({ dialect: z20.enum(["rfc4180", "excel-fr"]).default("excel-fr") }) }
        },
        async (request, reply) => {
          const context = await contextOf(request, request.params.token);
          const questionnaire = await questionnaireOf(context.wave.id);
          const questions = questionsOf(questionnaire.id, questionnaire.definition);
          const rows = ownAnswers(questions.values(), context.response.answers).map((a) => [a.page, a.name, a.title, a.text]);
          return reply.type("text/csv; charset=utf-8").header("Content-Disposition", `attachment; filename="${exportFileName(context.wave.slug, "mes-reponses")}"`).send(csvStream(["page", "question", "intitule", "reponse"], rows, request.query.dialect));
        }
      );
      app2.post(
        "/api/r/:token/reopen",
        {
          config: { access: "respondent" },
          schema: {
            params: TokenParamsSchema2,
            response: { 200: z20.object({ status: z20.literal("in_progress"), revision: z20.number().int() }) }
          }
        },
        async (request) => {
          const context = await contextOf(request, request.params.token);
          assertOpen(context);
          if (!waveSettings(context.wave).editAfterSubmit) throw new AppError("EDIT_AFTER_SUBMIT_DISABLED");
          if (context.response.status !== "submitted") {
            return { status: "in_progress", revision: context.response.revision };
          }
          await app2.db.transaction().execute(async (trx) => {
            await trx.updateTable("responses").set({ status: "in_progress", updated_at: /* @__PURE__ */ new Date() }).where("id", "=", context.response.id).where("status", "=", "submitted").execute();
            await recordAudit(trx, {
              actorType: "respondent",
              actorId: context.organisation.id,
              waveId: context.wave.id,
              action: "response.reopened",
              details: { revision: context.response.revision }
            });
          });
          return { status: "in_progress", revision: context.response.revision };
        }
      );
    };
    respondent_default = respondentRoutes;
  }
});

// apps/api/src/demo/families.ts
var defaultFamilies;
var init_families = __esm({
  "apps/api/src/demo/families.ts"() {
    "use strict";
    defaultFamilies = [
      { key: "insertion", labelFr: "Insertion & formation num\xE9rique", labelEn: "Work integration & digital training" },
      { key: "reemploi", labelFr: "\xC9conomie circulaire : r\xE9emploi & reconditionnement", labelEn: "Circular economy: reuse & refurbishing" },
      { key: "inclusion", labelFr: "\xC9ducation populaire & inclusion num\xE9rique", labelEn: "Popular education & digital inclusion" },
      { key: "communs", labelFr: "Communs num\xE9riques & open data", labelEn: "Digital commons & open data" },
      { key: "plateformes", labelFr: "Plateformes coop\xE9ratives", labelEn: "Cooperative platforms" },
      { key: "mesure", labelFr: "Outils de mesure & num\xE9rique responsable", labelEn: "Measurement tools & responsible digital" }
    ];
  }
});

// apps/api/src/routes/waves/wave-body.ts
function waveBody(wave, families) {
  return {
    id: wave.id,
    slug: wave.slug,
    title: wave.title,
    status: wave.status,
    opensAt: wave.opens_at?.toISOString() ?? null,
    closesAt: wave.closes_at?.toISOString() ?? null,
    settings: {
      ...waveSettings(wave),
      templates: {
        invitation: wave.settings.templates?.invitation ?? defaultTemplates.invitation,
        reminder: wave.settings.templates?.reminder ?? defaultTemplates.reminder
      }
    },
    families: families.map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en })),
    createdAt: wave.created_at.toISOString()
  };
}
var init_wave_body = __esm({
  "apps/api/src/routes/waves/wave-body.ts"() {
    "use strict";
    init_src();
    init_templates();
  }
});

// apps/api/src/routes/waves/index.ts
var transitions, waveRoutes, waves_default;
var init_waves3 = __esm({
  "apps/api/src/routes/waves/index.ts"() {
    "use strict";
    init_src2();
    init_src3();
    init_src();
    init_src4();
    init_families();
    init_errors();
    init_access();
    init_wave_body();
    init_require_wave();
    transitions = {
      open: { from: ["draft", "closed"], to: "open", verb: "opened" },
      close: { from: ["open"], to: "closed", verb: "closed" },
      archive: { from: ["closed"], to: "archived", verb: "archived" }
    };
    waveRoutes = async (app2) => {
      app2.get(
        "/api/waves",
        { config: { access: readers }, schema: { response: { 200: WaveListSchema } } },
        async () => {
          const waves = await listWaves(app2.db);
          const families = await listFamiliesOfWaves(
            app2.db,
            waves.map((w) => w.id)
          );
          return { waves: waves.map((w) => waveBody(w, families.get(w.id) ?? [])) };
        }
      );
      app2.get(
        "/api/waves/:id",
        { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: WaveSchema } } },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          return waveBody(wave, await listFamilies(app2.db, wave.id));
        }
      );
      app2.post(
        "/api/waves",
        { config: { access: staff }, schema: { body: CreateWaveBodySchema, response: { 201: WaveSchema } } },
        async (request, reply) => {
          const body = request.body;
          if (await slugTaken(app2.db, body.slug)) throw new AppError("SLUG_TAKEN", void 0, { slug: body.slug });
          const families = body.families ?? [...defaultFamilies];
          const wave = await app2.db.transaction().execute(async (trx) => {
            const created = await createWave(trx, { slug: body.slug, title: body.title, settings: body.settings ?? {} });
            await replaceFamilies(trx, created.id, families);
            await saveQuestionnaire(trx, created.id, defaultQuestionnaire);
            await replaceIndicatorDefinitions(
              trx,
              created.id,
              defaultIndicators.map((d) => ({ id: d.id, definition: d }))
            );
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: created.id,
              action: "wave.create",
              details: { slug: body.slug }
            });
            return created;
          });
          return reply.code(201).send(waveBody(wave, await listFamilies(app2.db, wave.id)));
        }
      );
      app2.patch(
        "/api/waves/:id",
        {
          config: { access: staff },
          schema: { params: WaveParamsSchema, body: UpdateWaveBodySchema, response: { 200: WaveSchema } }
        },
        async (request) => {
          const wave = await requireWave(app2.db, request.params.id);
          const { families, ...changes } = request.body;
          const updated = await app2.db.transaction().execute(async (trx) => {
            const row = await updateWave(trx, wave.id, changes);
            if (families) await replaceFamilies(trx, wave.id, families);
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: wave.id,
              action: "wave.update",
              details: request.body
            });
            return row;
          });
          return waveBody(updated, await listFamilies(app2.db, wave.id));
        }
      );
      app2.post(
        "/api/waves/:id/copy",
        {
          config: { access: staff },
          schema: { params: WaveParamsSchema, body: CopyWaveBodySchema, response: { 201: WaveSchema } }
        },
        async (request, reply) => {
          const source = await requireWave(app2.db, request.params.id);
          if (await slugTaken(app2.db, request.body.slug)) throw new AppError("SLUG_TAKEN", void 0, { slug: request.body.slug });
          const wave = await app2.db.transaction().execute(async (trx) => {
            const created = await copyWave(trx, source.id, request.body);
            await recordAudit(trx, {
              actorType: "user",
              actorId: request.user.id,
              waveId: created.id,
              action: "wave.copy",
              details: { from: source.slug, slug: created.slug }
            });
            return created;
          });
          return reply.code(201).send(waveBody(wave, await listFamilies(app2.db, wave.id)));
        }
      );
      for (const [action, rule] of Object.entries(transitions)) {
        app2.post(
          `/api/waves/:id/${action}`,
          { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: WaveSchema } } },
          async (request) => {
            const wave = await requireWave(app2.db, request.params.id);
            if (!rule.from.includes(wave.status)) {
              throw new AppError("INVALID_TRANSITION", `A ${wave.status} wave cannot be ${rule.verb}.`);
            }
            const updated = await app2.db.transaction().execute(async (trx) => {
              const row = await setWaveStatus(trx, wave.id, rule.to);
              await recordAudit(trx, {
                actorType: "user",
                actorId: request.user.id,
                waveId: wave.id,
                action: `wave.${action}`,
                details: { from: wave.status, to: rule.to }
              });
              return row;
            });
            return waveBody(updated, await listFamilies(app2.db, wave.id));
          }
        );
      }
    };
    waves_default = waveRoutes;
  }
});

// apps/api/src/routes/web/index.ts
import { existsSync } from "node:fs";
import path2 from "node:path";
import fastifyStatic from "@fastify/static";
var webRoutes, web_default;
var init_web = __esm({
  "apps/api/src/routes/web/index.ts"() {
    "use strict";
    webRoutes = async (app2, { webDist }) => {
      const assets = path2.join(webDist, "assets");
      if (existsSync(assets)) {
        await app2.register(fastifyStatic, {
          root: assets,
          prefix: "/assets/",
          immutable: true,
          maxAge: "365d",
          preCompressed: true,
          index: false,
          decorateReply: true
        });
      } else {
        app2.log.warn({ webDist }, "web app not built: pages are unavailable (run pnpm build)");
      }
      const page = (file) => async (_request, reply) => {
        if (!existsSync(path2.join(webDist, file))) {
          return reply.code(503).type("text/plain; charset=utf-8").send("Sonde web app not built: run `pnpm build`.");
        }
        reply.header("Cache-Control", "no-cache");
        return reply.sendFile(file, webDist, { cacheControl: false });
      };
      app2.get("/", async (_request, reply) => reply.redirect("/admin"));
      app2.get("/r/:token", page("respondent.html"));
      app2.get("/w/:slug", page("open-link.html"));
      app2.get("/admin", page("admin.html"));
      app2.get("/admin/*", page("admin.html"));
      app2.get("/research", page("research.html"));
      app2.get("/research/*", page("research.html"));
    };
    web_default = webRoutes;
  }
});

// apps/api/src/app.ts
var app_exports = {};
__export(app_exports, {
  bodyLimit: () => bodyLimit,
  buildApp: () => buildApp
});
import Fastify from "fastify";
import compress from "@fastify/compress";
import swagger from "@fastify/swagger";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler
} from "fastify-type-provider-zod";
async function buildApp(config) {
  const app2 = Fastify({
    logger: { level: config.logLevel },
    bodyLimit,
    requestTimeout: 12e4,
    trustProxy: config.trustProxy,
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true }
  }).withTypeProvider();
  app2.removeContentTypeParser("text/plain");
  app2.setValidatorCompiler(validatorCompiler);
  app2.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app2);
  let closing = false;
  let sweeper;
  app2.addHook("preClose", async () => {
    closing = true;
    app2.server.closeIdleConnections();
    sweeper = setInterval(() => app2.server.closeIdleConnections(), 100);
    sweeper.unref();
  });
  app2.addHook("onClose", async () => clearInterval(sweeper));
  app2.addHook("onRequest", async () => {
    if (closing) throw new AppError("SHUTTING_DOWN");
  });
  app2.addHook("onSend", async (_request, reply) => {
    if (closing) reply.header("Connection", "close");
  });
  await app2.register(swagger, {
    openapi: {
      info: { title: "Sonde API", version: "1.0.0", description: "Survey and impact-study platform of the ESS num\xE9rique." }
    },
    transform: jsonSchemaTransform,
    hideUntagged: false
  });
  await app2.register(compress, { threshold: 1024, encodings: ["br", "gzip"] });
  await app2.register(database_default, { databaseUrl: config.databaseUrl });
  const secureCookies = config.baseUrl.startsWith("https:");
  await app2.register(access_default, { sessionIdleMinutes: config.sessionIdleMinutes, secureCookies });
  await app2.register(security_default, { baseUrl: config.baseUrl });
  await app2.register(rate_limit_default, config.rateLimits ?? {});
  await app2.register(outbox_default, {
    smtp: config.smtp,
    baseUrl: config.baseUrl,
    linkSecret: config.linkSecret,
    intervalMs: config.outboxIntervalMs
  });
  await app2.register(health_default);
  await app2.register(auth_default, { sessionMaxHours: config.sessionMaxHours, secureCookies, linkSecret: config.linkSecret });
  await app2.register(users_default);
  await app2.register(audit_default);
  await app2.register(api_tokens_default);
  await app2.register(respondent_default);
  await app2.register(waves_default);
  await app2.register(questionnaires_default);
  await app2.register(organisations_default, { baseUrl: config.baseUrl, linkSecret: config.linkSecret });
  await app2.register(progress_default);
  await app2.register(open_link_default, { baseUrl: config.baseUrl, linkSecret: config.linkSecret });
  await app2.register(invitations_default, { baseUrl: config.baseUrl, linkSecret: config.linkSecret });
  await app2.register(indicators_default);
  await app2.register(exports_default);
  await app2.register(reports_default);
  await app2.register(openapi_default);
  if (config.webDist) await app2.register(web_default, { webDist: config.webDist });
  await app2.ready();
  return app2;
}
var bodyLimit;
var init_app = __esm({
  "apps/api/src/app.ts"() {
    "use strict";
    init_error_handler();
    init_errors();
    init_outbox2();
    init_access();
    init_database();
    init_rate_limit();
    init_security();
    init_auth2();
    init_health();
    init_indicators2();
    init_exports();
    init_reports();
    init_invitations();
    init_api_tokens2();
    init_audit2();
    init_open_link();
    init_openapi();
    init_users2();
    init_progress2();
    init_organisations2();
    init_questionnaires();
    init_respondent2();
    init_waves3();
    init_web();
    bodyLimit = 2 * 1024 * 1024;
  }
});

// ../../tmp/idle.tmp.mts
var t0 = process.memoryUsage().rss;
var { buildApp: buildApp2 } = await Promise.resolve().then(() => (init_app(), app_exports));
var t1 = process.memoryUsage().rss;
var app = await buildApp2({ databaseUrl: "postgres://postgres@127.0.0.1:5432/test", baseUrl: "http://127.0.0.1", linkSecret: "x".repeat(64), smtp: null, outboxIntervalMs: 0, logLevel: "silent", trustProxy: false, sessionIdleMinutes: 120, sessionMaxHours: 12, webDist: null });
await app.ready();
var t2 = process.memoryUsage().rss;
globalThis.gc?.();
console.log({ start: t0 >> 20, imported: t1 >> 20, ready: t2 >> 20, heap: process.memoryUsage().heapUsed >> 20, after_gc: process.memoryUsage().rss >> 20 });
await app.close();
