-- Privacy: which filtered workbooks a wave allows is part of its one protection decision (WaveProtection.FilterOf),
-- no longer decided by the filter itself: wave_protection rows of kind 'filter' (dimension 'administration',
-- group_key the administration, hidden: refused) and wave_protection_unit rows with code 'filter' (the unit may be
-- picked) or 'filter-hidden' (refused), for every administration and unit of 5 or more respondents; any other is
-- refused as under 5. (WaveProtection.Version names the change, so every kept decision is made again.)
ALTER TABLE wave_protection DROP CONSTRAINT wave_protection_kind_check;
ALTER TABLE wave_protection ADD CONSTRAINT wave_protection_kind_check
    CHECK (kind IN ('group', 'goal', 'sheet', 'filter'));
COMMENT ON TABLE wave_protection_unit IS
    'Units hidden per question sheet (code: the question), and the units a filter may (code filter) or may not (code filter-hidden) pick.';
