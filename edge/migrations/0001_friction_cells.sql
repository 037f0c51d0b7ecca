-- Friction statistics: hourly counts of families only — never an address, a user agent or an
-- identifier. An unknown site, browser or OS is ''. One text for both stores: the native edge runs it
-- as the report database's migration 3, wrangler applies it to the D1 database on Workers.
CREATE TABLE friction_cells (
    hour_ms INTEGER NOT NULL,
    code TEXT NOT NULL,
    access TEXT NOT NULL,
    site TEXT NOT NULL,
    browser TEXT NOT NULL,
    os TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (hour_ms, code, access, site, browser, os)
) WITHOUT ROWID;
