-- Reports: respondent_change per wave. A tally (goal_tally_state.changes) was the count of every respondent_change
-- row, so an upload to one wave made every other wave's tally stale, and a wave's own tally was counted in full
-- inside its next upload when another wave had changed meanwhile. Each row now names the wave its statement wrote,
-- where the writer says so: a transaction that writes one wave's respondents only (Ingest, under that wave's lock)
-- sets survey.respondent_wave for the transaction. A statement that does not say (a correction, TRUNCATE, a move
-- of units) leaves wave_id null, which stales every wave's tally, as before. A wave's state is the count of its own
-- rows and the null ones, read in the same snapshot as the data.
ALTER TABLE respondent_change ADD COLUMN wave_id smallint;
CREATE INDEX respondent_change_wave ON respondent_change (wave_id);

CREATE OR REPLACE FUNCTION note_respondent_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO respondent_change (wave_id)
    VALUES (nullif(current_setting('survey.respondent_wave', true), '')::smallint);
    RETURN NULL;
END
$$;

-- How the tally of goal_tally_state was last made: 'full' (every respondent of the wave counted) or 'upload' (an
-- upload's change added to the tally that was current before it).
ALTER TABLE goal_tally_state ADD COLUMN counted text NOT NULL DEFAULT 'full' CHECK (counted IN ('full', 'upload'));

-- The states kept were global counts: counted again, once, per wave.
DELETE FROM goal_tally;
DELETE FROM goal_tally_state;
