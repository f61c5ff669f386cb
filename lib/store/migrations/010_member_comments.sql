-- a member's own strengths, improvement areas and comments with improvement proposals for each subcriterion (seed 004 lines 7088-7102, 4736-4740), one row per member, subcriterion and field so members never write the same row

CREATE TABLE member_comments (
    service_id BIGINT NOT NULL,
    assessment_id BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    subcriterion_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (assessment_id, member_id, subcriterion_id, field)
);
