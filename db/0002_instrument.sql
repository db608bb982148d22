-- The V16 instrument as in the domain brief: codes, export texts, kinds, answer options.

INSERT INTO question (code, position, text, kind, min_value, max_value, step, scale, sort) VALUES
    ('B_FORV',         1,    'Förvaltning', 'administration', NULL, NULL, NULL, 1, 1),
    ('B_ENHET',        NULL, 'Enhet', 'unit', NULL, NULL, NULL, 1, 2),
    ('B_KON',          2,    'Kön', 'choice', NULL, NULL, NULL, 1, 3),
    ('B_ALDER',        3,    'Åldersgrupp', 'choice', NULL, NULL, NULL, 1, 4),
    ('B_CHEF',         4,    'Är du chef?', 'choice', NULL, NULL, NULL, 1, 5),
    ('B_HEMKOMMUN',    5,    'I vilken kommun bor du?', 'choice', NULL, NULL, NULL, 1, 6),
    ('B_ARBKOMMUN',    6,    'I vilken kommun ligger din ordinarie arbetsplats?', 'choice', NULL, NULL, NULL, 1, 7),
    ('D_DAGAR',        7,    'Hur många dagar per vecka har du i genomsnitt arbetat på distans de senaste tre månaderna?', 'number', 0, 5, 0.5, 2, 8),
    ('D_PLATS',        8,    'Var arbetar du oftast när du arbetar på distans?', 'choice', NULL, NULL, NULL, 1, 9),
    ('D_AVTAL',        9,    'Har du ett skriftligt distansarbetsavtal med din chef?', 'choice', NULL, NULL, NULL, 1, 10),
    ('D_ONSKAT',       10,   'Hur många dagar per vecka skulle du vilja arbeta på distans framöver?', 'number', 0, 5, 0.5, 2, 11),
    ('D_HUBB',         11,   'Skulle du kunna tänka dig att arbeta från en arbetshubb i din hemkommun?', 'choice', NULL, NULL, NULL, 1, 12),
    ('D_UPPGIFTER',    12,   'Går dina arbetsuppgifter att utföra på distans?', 'choice', NULL, NULL, NULL, 1, 13),
    ('D_RESTID',       13,   'Hur lång är din resa till den ordinarie arbetsplatsen, enkel väg, i minuter?', 'number', 0, 300, 1, 1, 14),
    ('A_UTRUSTNING',   14,   'Jag har den tekniska utrustning jag behöver för att arbeta på distans', 'likert', 1, 6, 1, 1, 15),
    ('A_MOTEN',        15,   'Digitala möten fungerar bra i mitt arbete', 'likert', 1, 6, 1, 1, 16),
    ('A_IT_STOD',      16,   'Jag får det IT-stöd jag behöver när jag arbetar på distans', 'likert', 1, 6, 1, 1, 17),
    ('A_ERGONOMI',     17,   'Jag har en ergonomiskt bra arbetsplats när jag arbetar på distans', 'likert', 1, 6, 1, 1, 18),
    ('A_DELAKTIG',     18,   'Jag känner mig delaktig i min arbetsgrupp även när jag arbetar på distans', 'likert', 1, 6, 1, 1, 19),
    ('A_CHEFSTOD',     19,   'Min chef ger mig det stöd jag behöver när jag arbetar på distans', 'likert', 1, 6, 1, 1, 20),
    ('A_ATERHAMTNING', 20,   'Jag kan koppla bort arbetet och återhämta mig på min fritid', 'likert', 1, 6, 1, 1, 21),
    ('A_SAKERHET',     21,   'Jag vet hur jag hanterar informationssäkerhet när jag arbetar på distans', 'likert', 1, 6, 1, 1, 22),
    ('A_BELASTNING',   22,   'Min arbetsbelastning är rimlig när jag arbetar på distans', 'likert', 1, 6, 1, 1, 23),
    ('A_KOMPETENS',    23,   'Jag har den digitala kompetens jag behöver i mitt arbete', 'likert', 1, 6, 1, 1, 24),
    ('L_LEDARSKAP',    24,   'Har du genomgått utbildningen "Ledarskap på distans"? (endast chefer)', 'choice', NULL, NULL, NULL, 1, 25),
    ('L_TEAM',         25,   'Har du genomgått utbildningen "Effektiva virtuella team"? (endast chefer)', 'choice', NULL, NULL, NULL, 1, 26),
    ('F_BRA',          NULL, 'Vad fungerar bra med distansarbete?', 'text', NULL, NULL, NULL, 1, 27),
    ('F_BATTRE',       NULL, 'Vad kan förbättras?', 'text', NULL, NULL, NULL, 1, 28);

-- Likert 1-6 on every A_ question; 9 is "Vet ej / Ej aktuellt", which counts as no answer.
INSERT INTO answer_option (question_code, code, label, counts_as_answer)
SELECT q.code, o.code, o.label, o.code <> 9
FROM question q
CROSS JOIN (VALUES
    (1, 'Instämmer inte alls'),
    (2, 'Instämmer i liten grad'),
    (3, 'Instämmer delvis'),
    (4, 'Instämmer till stor del'),
    (5, 'Instämmer i mycket stor grad'),
    (6, 'Instämmer helt'),
    (9, 'Vet ej / Ej aktuellt')) AS o(code, label)
WHERE q.kind = 'likert';

INSERT INTO answer_option (question_code, code, label) VALUES
    ('B_KON', 1, 'Kvinna'), ('B_KON', 2, 'Man'), ('B_KON', 3, 'Annat'), ('B_KON', 4, 'Vill ej uppge'),
    ('B_ALDER', 1, '-29'), ('B_ALDER', 2, '30-49'), ('B_ALDER', 3, '50-'),
    ('B_CHEF', 1, 'Ja'), ('B_CHEF', 2, 'Nej'),
    ('D_PLATS', 1, 'Hemma'), ('D_PLATS', 2, 'I regionens lokaler på annan ort'),
    ('D_PLATS', 3, 'I en arbetshubb eller co-workingmiljö'), ('D_PLATS', 4, 'Annan plats'),
    ('D_PLATS', 5, 'Jag arbetar inte på distans'),
    ('D_AVTAL', 1, 'Ja'), ('D_AVTAL', 2, 'Nej'), ('D_AVTAL', 3, 'Vet ej'),
    ('D_HUBB', 1, 'Ja'), ('D_HUBB', 2, 'Nej'), ('D_HUBB', 3, 'Vet ej'),
    ('D_UPPGIFTER', 1, 'Ja, helt'), ('D_UPPGIFTER', 2, 'Delvis'), ('D_UPPGIFTER', 3, 'Nej'),
    ('L_LEDARSKAP', 1, 'Ja'), ('L_LEDARSKAP', 2, 'Nej'), ('L_LEDARSKAP', 3, 'Anmäld'),
    ('L_TEAM', 1, 'Ja'), ('L_TEAM', 2, 'Nej'), ('L_TEAM', 3, 'Anmäld');

-- The county's eight municipalities by their official municipality codes, and "Annan kommun".
INSERT INTO answer_option (question_code, code, label)
SELECT q, m.code, m.label
FROM unnest(ARRAY['B_HEMKOMMUN', 'B_ARBKOMMUN']) AS q
CROSS JOIN (VALUES
    (2326, 'Berg'), (2305, 'Bräcke'), (2361, 'Härjedalen'), (2309, 'Krokom'),
    (2303, 'Ragunda'), (2313, 'Strömsund'), (2321, 'Åre'), (2380, 'Östersund'),
    (9999, 'Annan kommun')) AS m(code, label);

-- Spellings seen in real exports. Aliases are matched after the same normalisation as headers and values
-- (lower case, trimmed, inner whitespace collapsed).
INSERT INTO question_alias (alias, question_code) VALUES
    ('förvaltning/verksamhet', 'B_FORV'), ('forvaltning', 'B_FORV'), ('förvaltningsnamn', 'B_FORV'),
    ('enhetskod', 'B_ENHET'), ('enhet (kod)', 'B_ENHET'), ('arbetsplats', 'B_ENHET'),
    ('kon', 'B_KON'), ('ålder', 'B_ALDER'), ('alder', 'B_ALDER'), ('åldersgrupp (år)', 'B_ALDER'),
    ('chef', 'B_CHEF'), ('är du chef', 'B_CHEF'),
    ('hemkommun', 'B_HEMKOMMUN'), ('bostadskommun', 'B_HEMKOMMUN'),
    ('arbetskommun', 'B_ARBKOMMUN'), ('arbetsplatskommun', 'B_ARBKOMMUN');

INSERT INTO answer_alias (question_code, alias, code) VALUES
    ('B_KON', 'k', 1), ('B_KON', 'kvinnor', 1), ('B_KON', 'm', 2), ('B_KON', 'män', 2),
    ('B_ALDER', '29 eller yngre', 1), ('B_ALDER', '-29 år', 1), ('B_ALDER', '30-49 år', 2),
    ('B_ALDER', '50 eller äldre', 3), ('B_ALDER', '50- år', 3),
    ('B_HEMKOMMUN', 'annan', 9999), ('B_ARBKOMMUN', 'annan', 9999),
    ('B_HEMKOMMUN', 'ostersund', 2380), ('B_ARBKOMMUN', 'ostersund', 2380),
    ('B_HEMKOMMUN', 'are', 2321), ('B_ARBKOMMUN', 'are', 2321);

INSERT INTO answer_alias (question_code, alias, code)
SELECT q.code, a.alias, 9
FROM question q CROSS JOIN (VALUES ('vet ej'), ('ej aktuellt'), ('vet ej/ej aktuellt')) AS a(alias)
WHERE q.kind = 'likert';

INSERT INTO administration (code, name) VALUES
    ('RS', 'Regionstab'),
    ('HSF', 'Hälso- och sjukvårdsförvaltningen'),
    ('RU', 'Regional utveckling'),
    ('FTV', 'Folktandvården');

INSERT INTO wave (code, name, starts_on, ends_on, reference_date) VALUES
    ('V16-2021', 'V16 2021 (nollmätning)', '2021-04-19', '2021-04-25', '2021-04-15');
