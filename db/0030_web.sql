-- ASP.NET Core data-protection keys, shared by every serve process so that cookies and anti-forgery tokens issued
-- by one are accepted by the others.
CREATE TABLE data_protection_key (
    name       text PRIMARY KEY,
    xml        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
