-- Issue 14: a new organization's accent is the dashboard's own teal (DEFAULT_ACCENT in
-- worker/schemas/brand-theme.ts, which the inserts in worker/db/organizations.ts now write), not
-- the blue the column defaulted to. Organizations that kept that untouched default follow.
UPDATE organizations SET accent_color = '#0f5c63' WHERE accent_color = '#2563eb';
