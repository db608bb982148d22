-- Goals: what a goal counts is data. kind says how its outcome is made; per kind:
--   share:         condition (required) and population (optional), conditions in the small language of
--                  src/Reports/Goals/Definitions (question codes, comparisons with numbers or option labels, in (…),
--                  answered, and/or/not). Counted among the population who answered the condition's questions.
--   mean:          questions = {one question}, population optional.
--   index:         questions (two or more), min_answered (a respondent counts when at least that many are answered).
--   response_rate: respondents / the wave's headcount.
--   indicator:     the monthly values uploaded (indicator_value); definition says in words what is uploaded.
-- definition is now the goal's description in the board's own words, beside the counting (for an indicator, what is
-- uploaded); the words of what a goal counts are generated from kind, condition, population and questions, and a
-- change to those clears a description that no longer fits unless a new one is given.
-- measure and source follow from kind (written together by `survey goals add|edit`). A retired goal (retired_at)
-- leaves the reports but keeps its row, definition and indicator values.
ALTER TABLE goal
    ADD COLUMN kind         text CHECK (kind IN ('share', 'mean', 'index', 'response_rate', 'indicator')),
    ADD COLUMN condition    text,
    ADD COLUMN population   text,
    ADD COLUMN questions    text[] NOT NULL DEFAULT '{}',
    ADD COLUMN min_answered smallint CHECK (min_answered >= 1),
    ADD COLUMN retired_at   timestamptz,
    ALTER COLUMN definition DROP NOT NULL;

ALTER TABLE goal DROP CONSTRAINT goal_measure_check;
ALTER TABLE goal ADD CONSTRAINT goal_measure_check CHECK (measure IN ('share', 'mean', 'index', 'count'));

UPDATE goal SET kind = 'share', condition = 'D_DAGAR >= 1' WHERE code = 'G_DISTANS';
UPDATE goal SET kind = 'share', condition = 'D_AVTAL = Ja', population = 'D_DAGAR >= 1' WHERE code = 'G_AVTAL';
UPDATE goal SET kind = 'index', min_answered = 7,
    questions = '{A_UTRUSTNING,A_MOTEN,A_IT_STOD,A_ERGONOMI,A_DELAKTIG,A_CHEFSTOD,A_ATERHAMTNING,A_SAKERHET,A_BELASTNING,A_KOMPETENS}'
    WHERE code = 'G_DIGITAL_INDEX';
UPDATE goal SET kind = 'share', condition = 'A_ATERHAMTNING >= 5' WHERE code = 'G_ATERHAMTNING';
UPDATE goal SET kind = 'share', condition = 'D_ONSKAT >= 1' WHERE code = 'G_HYBRID_VILJA';
UPDATE goal SET kind = 'share', condition = 'D_HUBB = Ja', population = 'B_HEMKOMMUN not in (Östersund, "Annan kommun")'
    WHERE code = 'G_HUBB_INTRESSE';
UPDATE goal SET kind = 'share', condition = 'L_LEDARSKAP = Ja', population = 'B_CHEF = Ja'
    WHERE code = 'G_CHEF_UTBILDNING';
UPDATE goal SET kind = 'share', condition = 'B_HEMKOMMUN not in (Östersund, Krokom)' WHERE code = 'G_SPRIDNING';
UPDATE goal SET kind = 'response_rate' WHERE code = 'G_SVARSFREKVENS';
UPDATE goal SET kind = 'indicator' WHERE source = 'indicator';
-- A survey goal added before definitions were data had no outcome: it becomes an indicator until it is defined.
UPDATE goal SET kind = 'indicator', source = 'indicator', measure = 'count' WHERE kind IS NULL;

ALTER TABLE goal
    ALTER COLUMN kind SET NOT NULL,
    ADD CONSTRAINT goal_share_condition CHECK (kind <> 'share' OR condition IS NOT NULL),
    ADD CONSTRAINT goal_questions CHECK (kind NOT IN ('mean', 'index') OR cardinality(questions) >= 1),
    ADD CONSTRAINT goal_indicator_definition CHECK (kind <> 'indicator' OR definition IS NOT NULL);
