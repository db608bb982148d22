-- Reports: each survey measure's sum of squares per combination, kept beside its count and sum, for the Welch
-- interval of a change in a mean or index between waves (and a mean's own t interval). Tallies kept before lack
-- it and are counted again (the counting SQL's hash changes too).
ALTER TABLE goal_tally ADD COLUMN squares float8[] NOT NULL DEFAULT '{}';
DELETE FROM goal_tally;
DELETE FROM goal_tally_state;
