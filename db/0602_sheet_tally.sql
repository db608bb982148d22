-- Privacy: the n of every question sheet's row (src/Reports/Privacy/SheetCounts.cs) kept per wave beside the goal
-- tally and in its transaction, so that an upload adds its change to them as it does to the tally, instead of a
-- pass over the whole wave before the protection is decided again. One row per administration and unit
-- (field 'unit', group_key the administration, unit_code the unit or null) and per group of each other background
-- field (field the dimension's key, group_key the answer; null: not given): its respondents and, per question with
-- a sheet, in the instrument's order, how many answered it. Valid exactly while goal_tally_state is.
CREATE TABLE sheet_tally (
    wave_id     smallint NOT NULL REFERENCES wave ON DELETE CASCADE,
    field       text NOT NULL,
    group_key   smallint,
    unit_code   text,
    respondents bigint NOT NULL,
    answered    bigint[] NOT NULL
);
CREATE INDEX sheet_tally_wave ON sheet_tally (wave_id);

-- Kept tallies were made without their sheets: counted again, once, per wave.
DELETE FROM goal_tally;
DELETE FROM goal_tally_state;
