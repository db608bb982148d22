-- Privacy: the units each question sheet hides, part of the wave's one protection decision (wave_protection,
-- src/Reports/Privacy/WaveProtection.cs), decided with the sheet's administration rows and stored with them in the
-- goal tally's transaction, so that no workbook decides its units itself. One row per hidden unit: code is the
-- question, unit_code the unit (null: the respondents without a unit).
CREATE TABLE wave_protection_unit (
    wave_id   smallint NOT NULL REFERENCES wave ON DELETE CASCADE,
    code      text NOT NULL,
    unit_code text
);
CREATE INDEX wave_protection_unit_wave ON wave_protection_unit (wave_id, code);
