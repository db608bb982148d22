-- Which goals get a chart of their own, as data an administrator changes (survey goals chart …), not a list in code:
-- another region's instrument and goals chart what they choose. place: 'start' (the start page's charts, each with
-- its figures as text) or 'board' (the board report's chart sheet, beside the bars per administration and the
-- trend that every goal gets there). breakdown: the groups a start-page chart shows ('administration' or
-- 'municipality'); on the board, 'municipality' (bars per home municipality) or 'distribution' (the share of
-- respondents per answer of the one question the goal reads). title: the chart's title; when empty, one made of the
-- goal's title. sort orders the charts of a place.
CREATE TABLE goal_chart (
    goal_code text NOT NULL REFERENCES goal ON UPDATE CASCADE,
    place     text NOT NULL CHECK (place IN ('start', 'board')),
    breakdown text NOT NULL CHECK (breakdown IN ('administration', 'municipality', 'distribution')),
    title     text CHECK (title <> ''),
    sort      smallint NOT NULL,
    PRIMARY KEY (goal_code, place, breakdown),
    CHECK (place = 'start' AND breakdown IN ('administration', 'municipality')
           OR place = 'board' AND breakdown IN ('municipality', 'distribution'))
);

-- The charts the product drew before they were data (V16's goals, where they exist).
INSERT INTO goal_chart (goal_code, place, breakdown, title, sort)
SELECT c.goal_code, c.place, c.breakdown, c.title, c.sort
FROM (VALUES
    ('G_DISTANS', 'start', 'administration', 'Andel som arbetar på distans per förvaltning', 1),
    ('G_DIGITAL_INDEX', 'start', 'administration', 'Digitalt arbetsmiljöindex per förvaltning', 2),
    ('G_HUBB_INTRESSE', 'start', 'municipality', 'Intresse för arbetshubb per hemkommun', 3),
    ('G_DISTANS', 'board', 'distribution', 'Distansdagar per vecka', 1),
    ('G_HUBB_INTRESSE', 'board', 'municipality', NULL, 2)
) AS c (goal_code, place, breakdown, title, sort)
WHERE EXISTS (SELECT 1 FROM goal g WHERE g.code = c.goal_code);
