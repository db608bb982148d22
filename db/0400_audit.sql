-- The audit log: who did what, when, to which object, from which address. Survey answers about employees are
-- personal data; the controller must be able to show who uploaded, ordered and downloaded which report, and who
-- signed in. Rows are only ever added, and pruned after the configured retention (AuditPruneJob).
CREATE TABLE audit_event (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text,          -- the account; for a failed sign-in the name that was tried; null for the system
    action  text NOT NULL, -- a stable code from Audit.Actions, e.g. sign-in, upload, report-download
    target  text,          -- the object, e.g. "upload 12", "goal G_DISTANS", "report 7", "user anna"
    detail  text,          -- what changed or what was handed out (a file name, new values, a SHA-256)
    address text           -- the client's address as the proxy forwarded it
);
CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_actor_at ON audit_event (actor, at);
CREATE INDEX audit_event_action_at ON audit_event (action, at);
