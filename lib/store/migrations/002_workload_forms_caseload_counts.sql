-- workload forms and entries, caseload counts

ALTER TABLE workers ADD COLUMN created_by_import BIGINT;

CREATE TABLE workload_forms (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    worker_id BIGINT NOT NULL,
    worker_code VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    position VARCHAR,
    specialisation VARCHAR,
    territory VARCHAR,
    fte DOUBLE NOT NULL,
    social_work_share DOUBLE NOT NULL,
    total_month_hours DOUBLE NOT NULL
);

CREATE TABLE workload_entries (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    form_id BIGINT NOT NULL,
    function_id VARCHAR NOT NULL,
    hours DOUBLE,
    unit VARCHAR,
    month_hours DOUBLE,
    hours_raw VARCHAR,
    unit_raw VARCHAR,
    result_indicator VARCHAR,
    result_count DOUBLE,
    crisis_clients DOUBLE,
    other_parties VARCHAR,
    comment VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER
);

CREATE TABLE caseload_counts (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
    service_id BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    worker_id BIGINT NOT NULL,
    worker_code VARCHAR NOT NULL,
    count_date DATE NOT NULL,
    active INTEGER,
    in_assessment INTEGER,
    inactive INTEGER,
    social_service INTEGER,
    children_under_12 INTEGER,
    crisis INTEGER,
    fte DOUBLE NOT NULL,
    experience_months INTEGER,
    position VARCHAR,
    territory VARCHAR,
    raw VARCHAR,
    source_sheet VARCHAR,
    source_row INTEGER
);

CREATE INDEX workload_forms_service ON workload_forms (service_id, worker_code);

CREATE INDEX workload_entries_form ON workload_entries (form_id);
