-- Privacy: a wave's hidden units stored as one row per question sheet (and per filter verdict) with its units in an
-- array, not one row per hidden unit: 180,000 rows at a million respondents took most of the time an upload spends
-- storing its protection (README, Benchmarks), where 27 rows of arrays carry the same. unit_codes holds null for the
-- respondents without a unit, as unit_code did.
ALTER TABLE wave_protection_unit RENAME TO wave_protection_unit_rows;
ALTER INDEX wave_protection_unit_wave RENAME TO wave_protection_unit_rows_wave;

CREATE TABLE wave_protection_unit (
    wave_id    smallint NOT NULL,
    code       text NOT NULL,
    unit_codes text[] NOT NULL,
    PRIMARY KEY (wave_id, code)
);
COMMENT ON TABLE wave_protection_unit IS
    'Units hidden per question sheet (code: the question), and the units a filter may (code filter) or may not (code filter-hidden) pick.';

INSERT INTO wave_protection_unit (wave_id, code, unit_codes)
SELECT wave_id, code, array_agg(unit_code ORDER BY unit_code) FROM wave_protection_unit_rows GROUP BY wave_id, code;
DROP TABLE wave_protection_unit_rows;
