-- Accounts the users page manages: deactivated rather than deleted (the audit log names them), locked for a while
-- after repeated failed sign-ins, a one-time password that must be changed, and accounts that single sign-on
-- created (no local password; their role comes from the identity provider at each sign-in).
ALTER TABLE app_user
    ALTER COLUMN password_hash DROP NOT NULL,
    ADD COLUMN source               text NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc')),
    ADD COLUMN active               boolean NOT NULL DEFAULT true,
    ADD COLUMN last_sign_in         timestamptz,
    ADD COLUMN failed_sign_ins      integer NOT NULL DEFAULT 0,
    ADD COLUMN locked_until         timestamptz,
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD CONSTRAINT app_user_local_has_password CHECK (source <> 'local' OR password_hash IS NOT NULL);
