-- co-creation workshops (seed 000 §1.3): groups with their own reference draft, round 2 assignments of a function group, the agreed draft, the version a workshop produced

CREATE TABLE workshops (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    title VARCHAR NOT NULL,
    question VARCHAR NOT NULL,
    token VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    closed_at TIMESTAMP
);

CREATE TABLE workshop_groups (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    workshop_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    draft_id BIGINT NOT NULL
);

-- a round is a row (round 2 opened = a row), never an update of the workshop row
CREATE TABLE workshop_rounds (
    workshop_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    round INTEGER NOT NULL,
    opened_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    PRIMARY KEY (workshop_id, round)
);

-- round 2: the function group each workshop group makes concrete proposals for
CREATE TABLE workshop_focus (
    workshop_group_id BIGINT PRIMARY KEY,
    service_id BIGINT NOT NULL,
    function_group_id VARCHAR
);

ALTER TABLE reference_versions ADD COLUMN workshop_id BIGINT;
