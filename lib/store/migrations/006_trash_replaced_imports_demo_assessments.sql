-- the trash (what a delete removed, kept whole until restored or purged), replaced imports kept in the history, demo assessments marked

CREATE TABLE trash (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    deleted_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    deleted_by VARCHAR,
    payload VARCHAR NOT NULL,
    restored_at TIMESTAMP
);

ALTER TABLE imports ADD COLUMN replaced_by BIGINT;

ALTER TABLE assessments ADD COLUMN is_demo BOOLEAN DEFAULT FALSE;

UPDATE assessments SET is_demo = TRUE WHERE service_id IN (SELECT id FROM services WHERE is_demo);
