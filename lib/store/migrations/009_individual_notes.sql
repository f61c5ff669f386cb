-- a member's note beside an individual score (typed in the scoring grid), read by the group in the consensus discussion

ALTER TABLE individual_scores ADD COLUMN note VARCHAR DEFAULT '';
