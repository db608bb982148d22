-- Which earlier wave a wave's goals are compared with: a yearly wave with the previous yearly wave, a pulse with the
-- latest earlier wave of either kind (see src/Reports/Goals/Comparison). A wave is a pulse when it asks fewer
-- questions than the instrument held when its questions were set; the flag is kept, so a question added to the
-- instrument later does not turn earlier yearly waves into pulses.
ALTER TABLE wave ADD COLUMN pulse boolean NOT NULL DEFAULT false;
UPDATE wave w SET pulse = (SELECT count(*) FROM wave_question q WHERE q.wave_id = w.id) < (SELECT count(*) FROM question);

CREATE FUNCTION wave_questions_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE wave w SET pulse = (SELECT count(*) FROM wave_question q WHERE q.wave_id = w.id) < (SELECT count(*) FROM question)
    WHERE w.id IN (SELECT wave_id FROM changed);
    RETURN NULL;
END
$$;

CREATE TRIGGER wave_questions_added AFTER INSERT ON wave_question
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION wave_questions_set();
CREATE TRIGGER wave_questions_removed AFTER DELETE ON wave_question
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION wave_questions_set();
