-- reference activations: "make active" appends a row and the latest row is the active version, so two facilitators saving at once never update the same row

CREATE TABLE reference_activations (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    version_id BIGINT NOT NULL,
    activated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

INSERT INTO reference_activations (service_id, version_id)
SELECT service_id, id FROM reference_versions WHERE is_active;

ALTER TABLE reference_versions DROP COLUMN is_active;
