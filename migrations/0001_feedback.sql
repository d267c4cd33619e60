-- Feedback and translation memory (issue 15). Applied with `wrangler d1 migrations apply`
-- (npm run dev does it locally first; tests apply it in tests/worker/apply-migrations.ts).
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- The English source as submitted, and its normalised form (src/feedback/normalise.ts): the memory key.
  source TEXT NOT NULL,
  source_key TEXT NOT NULL,
  -- Optional disambiguating context (msgctxt-like), normalised; '' when none.
  context TEXT NOT NULL DEFAULT '',
  -- What the model answered, and the human correction.
  translation TEXT NOT NULL,
  correction TEXT NOT NULL,
  model TEXT,
  -- 1 once a token holder accepted it (POST /feedback/:id/accept): only then the memory serves it.
  accepted INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
  accepted_at TEXT,
  created_at TEXT NOT NULL,
  -- sha256 of the bearer token or of the client IP (rate limit); never the token itself.
  submitter TEXT NOT NULL,
  UNIQUE (source_key, context, correction)
);
-- The memory lookup: accepted rows by (source_key, context).
CREATE INDEX feedback_memory ON feedback (source_key, context, accepted);
-- Export (?since=) and the rate limit (rows per submitter in a window).
CREATE INDEX feedback_created ON feedback (created_at);
CREATE INDEX feedback_submitter ON feedback (submitter, created_at);
