-- A first load of a wave is counted as the ingest parses it (Reports' RespondentCounter): the tally's state says so.
ALTER TABLE goal_tally_state DROP CONSTRAINT goal_tally_state_counted_check;
ALTER TABLE goal_tally_state ADD CONSTRAINT goal_tally_state_counted_check CHECK (counted IN ('full', 'upload', 'rows'));
