import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Every primary key starts with workspace_id so the tables can be distributed
 * by workspace (Citus). Text ids use COLLATE "C": byte order, as events.md sorts ids.
 */
export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        workspace_id integer GENERATED ALWAYS AS IDENTITY,
        name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'UTC',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_workspaces PRIMARY KEY (workspace_id),
        CONSTRAINT uq_workspaces_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        workspace_id integer NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
        key_id integer GENERATED ALWAYS AS IDENTITY,
        name text NOT NULL DEFAULT '',
        prefix text NOT NULL,
        key_hash bytea NOT NULL,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT pk_api_keys PRIMARY KEY (workspace_id, key_id),
        CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
      )`);
    await q.query(`
      CREATE TABLE events (
        workspace_id integer NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        conversation_id text COLLATE "C" NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        channel text NOT NULL,
        sender_type text,
        sender_id text,
        campaign_id text,
        message_id text,
        agent_id text,
        team text,
        rating smallint,
        value numeric,
        currency char(3),
        tags text[],
        attributes jsonb,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_events PRIMARY KEY (workspace_id, event_id)
      )`);
    await q.query(`CREATE INDEX ix_events_conversation ON events (workspace_id, conversation_id)`);
    await q.query(`CREATE INDEX ix_events_occurred ON events (workspace_id, occurred_at)`);
    await q.query(`
      CREATE TABLE conversation_facts (
        workspace_id integer NOT NULL,
        conversation_id text COLLATE "C" NOT NULL,
        channel text NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        started_at timestamptz NOT NULL,
        last_event_at timestamptz NOT NULL,
        first_customer_at timestamptz,
        first_response_at timestamptz,
        first_response_time double precision,
        first_responder text,
        agent_first_response_at timestamptz,
        agent_first_response_time double precision,
        agent_first_responder text,
        reply_wait_starts timestamptz[] NOT NULL,
        reply_times double precision[] NOT NULL,
        agent_reply_wait_starts timestamptz[] NOT NULL,
        agent_reply_times double precision[] NOT NULL,
        has_response boolean NOT NULL,
        automated boolean NOT NULL,
        resolved_at timestamptz,
        resolution_time double precision,
        rating smallint,
        rated_at timestamptz,
        converted boolean NOT NULL,
        conversions integer NOT NULL,
        revenue jsonb NOT NULL,
        messages_in integer NOT NULL,
        messages_out integer NOT NULL,
        events integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_conversation_facts PRIMARY KEY (workspace_id, conversation_id)
      )`);
    await q.query(`CREATE INDEX ix_facts_started ON conversation_facts (workspace_id, started_at)`);
    await q.query(`CREATE INDEX ix_facts_first_customer ON conversation_facts (workspace_id, first_customer_at) WHERE first_customer_at IS NOT NULL`);
    await q.query(`CREATE INDEX ix_facts_resolved ON conversation_facts (workspace_id, resolved_at) WHERE resolved_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conversation_facts`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE workspaces`);
  }
}
