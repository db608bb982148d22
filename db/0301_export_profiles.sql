-- Export profiles: the mapping a survey tool's exports need, saved once per tool (e.g. "Qualtrics, sifferkoder"),
-- beside the instrument's own aliases. A header alias names the question a heading holds (heading normalised as
-- headers are: lower case, trimmed, whitespace collapsed, no number prefix) and whether that column's values are
-- the instrument's own option codes; a value alias says what a tool's value means, written as the instrument
-- writes answers: an option code ("1"), an administration code ("HSF") or a number ("0.5").
CREATE TABLE export_profile (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE export_profile_header (
    profile_id    integer NOT NULL REFERENCES export_profile ON DELETE CASCADE,
    heading       text NOT NULL,
    question_code text NOT NULL REFERENCES question,
    codes         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (profile_id, heading)
);

CREATE TABLE export_profile_value (
    profile_id    integer NOT NULL REFERENCES export_profile ON DELETE CASCADE,
    question_code text NOT NULL REFERENCES question,
    value         text NOT NULL,
    answer        text NOT NULL,
    PRIMARY KEY (profile_id, question_code, value)
);

-- The profile a web upload is read with, for the background job.
ALTER TABLE upload ADD COLUMN profile_id integer REFERENCES export_profile;
