-- service reference versions

CREATE TABLE reference_versions (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    author VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    is_active BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE reference_values (
    version_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    slot_id VARCHAR NOT NULL,
    pct DOUBLE NOT NULL,
    justification VARCHAR,
    PRIMARY KEY (version_id, slot_id)
);
