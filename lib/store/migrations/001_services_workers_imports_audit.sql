-- services, workers, imports, audit log

CREATE SEQUENCE seq_id START 1;

CREATE TABLE services (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    name VARCHAR NOT NULL,
    municipality VARCHAR,
    inhabitants INTEGER,
    territory_type VARCHAR,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE TABLE workers (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR,
    position VARCHAR,
    specialisation VARCHAR,
    territory VARCHAR,
    fte DOUBLE,
    social_work_share DOUBLE,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    UNIQUE (service_id, code)
);

CREATE TABLE imports (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    row_count INTEGER NOT NULL,
    imported_by VARCHAR,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (service_id, sha256)
);

CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT,
    logged_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    actor VARCHAR,
    action VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id BIGINT,
    detail VARCHAR
);
