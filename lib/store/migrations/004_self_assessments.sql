-- self-assessments: members, scores, evidence, indicators, improvement plan

CREATE TABLE assessments (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    standard VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    title VARCHAR,
    copied_from BIGINT,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE TABLE assessment_members (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    UNIQUE (assessment_id, name)
);

CREATE TABLE practice_decisions (
    service_id BIGINT NOT NULL,
    practice_id VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,
    PRIMARY KEY (service_id, practice_id)
);

CREATE TABLE custom_practices (
    service_id BIGINT NOT NULL,
    code VARCHAR NOT NULL,
    subcriterion_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (service_id, code)
);

CREATE TABLE individual_scores (
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    score INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, member_id, kind, item_id)
);

CREATE TABLE agreed_scores (
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    score INTEGER NOT NULL,
    rationale VARCHAR,
    strengths VARCHAR,
    improvements VARCHAR,
    PRIMARY KEY (assessment_id, kind, item_id)
);

CREATE TABLE evidence (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    practice_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    link VARCHAR
);

CREATE TABLE indicator_groups (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    subcriterion_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL
);

CREATE TABLE indicators (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    group_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    unit VARCHAR,
    target DOUBLE
);

CREATE TABLE indicator_values (
    service_id BIGINT NOT NULL,
    indicator_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

CREATE TABLE plan_items (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    priority VARCHAR NOT NULL,
    goal VARCHAR,
    expected_results VARCHAR,
    indicators VARCHAR,
    measures VARCHAR,
    responsible VARCHAR,
    deadline DATE,
    resources VARCHAR,
    is_change BOOLEAN NOT NULL DEFAULT FALSE,
    status VARCHAR NOT NULL,
    source VARCHAR
);

CREATE TABLE plan_checks (
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    list VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, list, idx)
);
