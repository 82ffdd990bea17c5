DROP TRIGGER audit_no_delete;
DROP TRIGGER audit_no_update;
DROP TABLE audit;
DROP TABLE tokens;
DROP TABLE reviews;
DROP TABLE proposals;
DROP TABLE release_history;
DROP TABLE releases;
