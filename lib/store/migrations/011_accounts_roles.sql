-- sign-in on a shared server (docs/ACCESS.md): accounts (local with a scrypt hash, or signing in through the municipality's identity provider by e-mail), one role per account and service, every sign-in attempt (rate limit), and the account an assessment member scores as

CREATE TABLE accounts (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    username VARCHAR NOT NULL UNIQUE,
    email VARCHAR,
    password_hash VARCHAR,
    is_admin BOOLEAN NOT NULL DEFAULT false,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE memberships (
    account_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    role VARCHAR NOT NULL,
    PRIMARY KEY (account_id, service_id)
);

CREATE TABLE sign_in_attempts (
    username VARCHAR NOT NULL,
    attempted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    ok BOOLEAN NOT NULL
);

CREATE INDEX sign_in_attempts_user ON sign_in_attempts (username, attempted_at);

ALTER TABLE assessment_members ADD COLUMN account_id BIGINT;
