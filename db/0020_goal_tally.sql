-- Reports: goal counts kept per wave so that the goals of a large wave are served without scanning it again.
--
-- respondent_change gets one row per statement that changes respondents (ingest's upsert, corrections, deletes).
-- Its row count, read in the same snapshot as the data, says which state of the respondents a tally was counted
-- from: it grows with every commit that touches respondents, in whatever order transactions commit.
CREATE TABLE respondent_change (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION note_respondent_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO respondent_change DEFAULT VALUES;
    RETURN NULL;
END
$$;

CREATE TRIGGER respondent_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON respondent
    FOR EACH STATEMENT EXECUTE FUNCTION note_respondent_change();

-- One row per wave: the respondent state (count of respondent_change rows) and the goal definitions (a hash of
-- the counting SQL) the tally was made from. Anything else is stale and counted again.
CREATE TABLE goal_tally_state (
    wave_id     smallint PRIMARY KEY REFERENCES wave,
    changes     bigint NOT NULL,
    definition  text NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now()
);

-- Denominators and numerators of every survey measure per combination of the breakdowns' background answers
-- (keys in the order of the goal JSON's breakdowns: gender, administration, municipality, age band, manager).
CREATE TABLE goal_tally (
    wave_id     smallint NOT NULL REFERENCES wave,
    keys        smallint[] NOT NULL,
    respondents bigint NOT NULL,
    answered    bigint[] NOT NULL,
    sums        float8[] NOT NULL
);
CREATE INDEX goal_tally_wave ON goal_tally (wave_id);
