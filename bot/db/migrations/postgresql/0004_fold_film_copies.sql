-- ../0004 folded server copies of shared films left by an older import. No PostgreSQL store predates
-- that import, so there is nothing to fold: the version is recorded and nothing else is done.
SELECT 1;
