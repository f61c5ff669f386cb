-- reference drafts: the editor's state per service (later one per workshop group), a row per slot and per undo step, so it survives page switches, reloads and restarts

CREATE TABLE reference_drafts (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    target VARCHAR,
    source VARCHAR,
    UNIQUE (service_id, name)
);

CREATE TABLE reference_draft_slots (
    draft_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    slot_id VARCHAR NOT NULL,
    pct DOUBLE NOT NULL,
    justification VARCHAR,
    locked BOOLEAN NOT NULL,
    PRIMARY KEY (draft_id, slot_id)
);

CREATE TABLE reference_draft_steps (
    draft_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    step BIGINT NOT NULL,
    previous VARCHAR NOT NULL,
    PRIMARY KEY (draft_id, step)
);
