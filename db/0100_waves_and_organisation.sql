-- Follow-up over the years: every wave asks its own set of questions, and the organisation (which administration a
-- unit belongs to) is per wave. Administrations are registered by the uploads that name them, renamed, given
-- aliases and merged by administrators; stored answers keep the administration they were given.

-- The questions a wave asks: the whole instrument as it is when the wave is created, unless an administrator
-- chooses a subset (a monthly pulse). A question added to the instrument later is not added to earlier waves.
CREATE TABLE wave_question (
    wave_id       smallint NOT NULL REFERENCES wave ON DELETE CASCADE,
    question_code text NOT NULL REFERENCES question,
    PRIMARY KEY (wave_id, question_code)
);

INSERT INTO wave_question (wave_id, question_code) SELECT w.id, q.code FROM wave w CROSS JOIN question q;

CREATE FUNCTION wave_asks_instrument() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO wave_question (wave_id, question_code) SELECT NEW.id, code FROM question;
    RETURN NULL;
END
$$;

CREATE TRIGGER wave_created AFTER INSERT ON wave FOR EACH ROW EXECUTE FUNCTION wave_asks_instrument();

-- A unit's administration in a wave, as that wave's export and headcount files give it. unit.administration_id
-- stays the administration the unit was first registered under; nothing reads it as the truth for a wave.
CREATE TABLE wave_unit (
    wave_id           smallint NOT NULL REFERENCES wave ON DELETE CASCADE,
    unit_code         text NOT NULL REFERENCES unit,
    administration_id smallint NOT NULL REFERENCES administration,
    PRIMARY KEY (wave_id, unit_code)
);

INSERT INTO wave_unit (wave_id, unit_code, administration_id)
SELECT DISTINCT r.wave_id, r.unit_code, u.administration_id FROM respondent r JOIN unit u ON u.code = r.unit_code
ON CONFLICT DO NOTHING;
INSERT INTO wave_unit (wave_id, unit_code, administration_id)
SELECT wave_id, unit_code, administration_id FROM headcount
ON CONFLICT DO NOTHING;

-- A merged administration keeps its row (stored answers and upload files that name it keep meaning the same), and
-- reports count it under the administration it was merged into, in every wave, so trend rows line up.
ALTER TABLE administration ADD COLUMN merged_into smallint REFERENCES administration;
ALTER TABLE administration ADD CONSTRAINT administration_not_merged_into_itself CHECK (merged_into <> id);

-- Other spellings of an administration (the HR system's code, a short name, a former name), normalised as
-- headers and values are (lower case, trimmed, inner whitespace collapsed).
CREATE TABLE administration_alias (
    alias             text PRIMARY KEY,
    administration_id smallint NOT NULL REFERENCES administration
);

-- What an upload registered, as its result lists it: [{"name": …, "count": …}].
ALTER TABLE upload ADD COLUMN new_administrations jsonb NOT NULL DEFAULT '[]';
ALTER TABLE upload ADD COLUMN new_units jsonb NOT NULL DEFAULT '[]';
