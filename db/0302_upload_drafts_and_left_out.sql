-- Rows an export itself marks as no respondent (a tool's previews, spam, unfinished responses): how many were left
-- out of an upload, and why, as [{"reason": "...", "rows": 2}].
ALTER TABLE upload ADD COLUMN left_out jsonb NOT NULL DEFAULT '[]';

-- A survey export waiting in the upload page's mapping step: kept until the administrator uploads it (then it
-- becomes an upload) or leaves it (drafts older than a day are dropped when the next one is made).
CREATE TABLE upload_draft (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id                 smallint NOT NULL REFERENCES wave ON DELETE CASCADE,
    file_name               text NOT NULL,
    content                 bytea NOT NULL,
    created_by              text NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    skip_invalid_rows       boolean NOT NULL DEFAULT false,
    allow_missing_questions boolean NOT NULL DEFAULT false
);
