-- Privacy: the wave's one protection decision over its linked tables (src/Reports/Privacy/WaveProtection.cs), made
-- from the goal tally and replaced with it in the same transaction, so that every output selects from one decision
-- and none is made again while the wave has not changed.
--
-- A row is a hidden group, or a part, of one table: the wave's background groups themselves (kind 'group', code
-- ''), a goal's breakdown ('goal', goal code) or a question sheet's row ('sheet', question code). Dimension is the
-- breakdown (gender, administration, municipality, ageBand, manager); '' with no group is the whole table, which is
-- then not published. group_key is the answer code or administration id, null for "not given".
CREATE TABLE wave_protection (
    wave_id   smallint NOT NULL REFERENCES wave ON DELETE CASCADE,
    kind      text NOT NULL CHECK (kind IN ('group', 'goal', 'sheet')),
    code      text NOT NULL,
    dimension text NOT NULL,
    group_key smallint,
    hidden    boolean NOT NULL,
    part      integer NOT NULL DEFAULT 0
);
CREATE INDEX wave_protection_wave ON wave_protection (wave_id);
