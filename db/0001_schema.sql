-- The V16 schema. Forward-only: never edit a migration that has landed; add a new numbered file.

-- The instrument as data. A question's position is its index (1-based) in respondent.answers; free-text
-- questions and the unit have no position (they are stored beside the array). Values are stored as
-- smallint codes; numeric questions are stored multiplied by scale (D_DAGAR in half days: 2.5 -> 5).
CREATE TABLE question (
    code       text PRIMARY KEY,
    position   smallint UNIQUE CHECK (position >= 1),
    text       text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('administration', 'unit', 'choice', 'likert', 'number', 'text')),
    min_value  numeric,
    max_value  numeric,
    step       numeric,
    scale      smallint NOT NULL DEFAULT 1 CHECK (scale >= 1),
    sort       smallint NOT NULL UNIQUE
);

-- Answer options of choice and Likert questions. counts_as_answer = false marks "Vet ej / Ej aktuellt" on the
-- A_ questions, which the goals treat as no answer.
CREATE TABLE answer_option (
    question_code    text NOT NULL REFERENCES question,
    code             smallint NOT NULL,
    label            text NOT NULL,
    counts_as_answer boolean NOT NULL DEFAULT true,
    PRIMARY KEY (question_code, code),
    UNIQUE (question_code, label)
);

-- Other spellings that real exports use: header aliases per question, value aliases per option.
CREATE TABLE question_alias (
    alias         text PRIMARY KEY,
    question_code text NOT NULL REFERENCES question
);

CREATE TABLE answer_alias (
    question_code text NOT NULL,
    alias         text NOT NULL,
    code          smallint NOT NULL,
    PRIMARY KEY (question_code, alias),
    FOREIGN KEY (question_code, code) REFERENCES answer_option
);

-- Administrations (förvaltningar) are the options of B_FORV; units belong to one administration.
CREATE TABLE administration (
    id   smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL UNIQUE
);

CREATE TABLE unit (
    code              text PRIMARY KEY,
    administration_id smallint NOT NULL REFERENCES administration
);

CREATE TABLE wave (
    id             smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    name           text NOT NULL,
    starts_on      date NOT NULL,
    ends_on        date NOT NULL,
    reference_date date NOT NULL,
    CHECK (ends_on >= starts_on)
);

-- Every upload, accepted or rejected, with what came of it. Files uploaded through the web wait in
-- upload_file until the background job has ingested them.
CREATE TABLE upload (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('survey', 'headcount', 'indicators')),
    wave_id         smallint REFERENCES wave,
    file_name       text NOT NULL,
    sha256          text NOT NULL,
    size_bytes      bigint NOT NULL,
    uploaded_by     text NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    status          text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'failed')),
    rows            integer NOT NULL DEFAULT 0,
    inserted        integer NOT NULL DEFAULT 0,
    updated         integer NOT NULL DEFAULT 0,
    unchanged       integer NOT NULL DEFAULT 0,
    ignored_columns text[] NOT NULL DEFAULT '{}',
    problems        jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX upload_uploaded_at ON upload (uploaded_at DESC);

CREATE TABLE upload_file (
    upload_id bigint PRIMARY KEY REFERENCES upload ON DELETE CASCADE,
    content   bytea NOT NULL
);

-- One row per respondent and wave: the answers in one smallint array, so a whole wave is aggregated in one
-- scan. respondent_key is the export's respondent id, or a hash of the row's answers when it has none.
CREATE TABLE respondent (
    wave_id        smallint NOT NULL REFERENCES wave,
    respondent_key text NOT NULL,
    unit_code      text,
    submitted_at   timestamptz,
    answers        smallint[] NOT NULL,
    free_text      jsonb,
    upload_id      bigint NOT NULL REFERENCES upload,
    PRIMARY KEY (wave_id, respondent_key)
);

CREATE TABLE headcount (
    wave_id           smallint NOT NULL REFERENCES wave,
    unit_code         text NOT NULL,
    administration_id smallint NOT NULL REFERENCES administration,
    employees         integer NOT NULL CHECK (employees >= 0),
    women             integer CHECK (women >= 0),
    men               integer CHECK (men >= 0),
    upload_id         bigint NOT NULL REFERENCES upload,
    PRIMARY KEY (wave_id, unit_code)
);

-- The plan's goals. Targets and baselines are data (survey goals set). measure: share (a fraction 0..1),
-- index (1..6 scale) or count. source: where the outcome comes from.
CREATE TABLE goal (
    code        text PRIMARY KEY,
    title       text NOT NULL,
    perspective text NOT NULL,
    definition  text NOT NULL,
    measure     text NOT NULL CHECK (measure IN ('share', 'index', 'count')),
    source      text NOT NULL CHECK (source IN ('survey', 'headcount', 'indicator')),
    target      numeric NOT NULL,
    baseline    numeric,
    direction   text NOT NULL CHECK (direction IN ('higher', 'lower')),
    comment     text,
    sort        smallint NOT NULL UNIQUE
);

-- Manual indicator values for goals that no survey measures; period is a month, 'YYYY-MM'.
CREATE TABLE indicator_value (
    goal_code text NOT NULL REFERENCES goal,
    period    text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    value     numeric NOT NULL,
    comment   text,
    upload_id bigint NOT NULL REFERENCES upload,
    PRIMARY KEY (goal_code, period)
);

-- Generated workbooks. Exactly one per kind, period and scope: the board report has scope '' and period
-- 'YYYY-MM'; an analyst workbook has the wave code as period and its filter as scope.
CREATE TABLE report (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('board', 'analyst')),
    period      text NOT NULL,
    scope       text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'ready' CHECK (status IN ('pending', 'ready', 'failed')),
    file_name   text NOT NULL,
    content     bytea,
    ordered_by  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    error       text,
    UNIQUE (kind, period, scope)
);

CREATE TABLE app_user (
    name          text PRIMARY KEY,
    role          text NOT NULL CHECK (role IN ('admin', 'analyst', 'board')),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
