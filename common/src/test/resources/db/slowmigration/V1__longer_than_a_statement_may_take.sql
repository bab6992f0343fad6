-- Runs longer than the statement timeout the test gives the service's connections (1 s).
SELECT pg_sleep(1.5);
CREATE TABLE slow_migration_done (id int);
