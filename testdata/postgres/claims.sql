-- The helpers of the claim files (MC*.sql here), put in the template their databases are
-- made from by scripts/test-postgres. A claim file stops at the first claim() that fails.

CREATE EXTENSION dblink;

-- Says what was proven, or stops the file: PostgreSQL disagrees with the page.
CREATE FUNCTION claim(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'PostgreSQL disagrees: %', what;
    END IF;
    RAISE NOTICE 'proven: %', what;
END $$;

-- A second connection to this database, by name: the application's other processes. It
-- gives up waiting for a lock after a fifth of a second (any wait means the lock blocks it).
CREATE FUNCTION open_session(name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dblink_connect(name, current_setting('claims.conninfo'));
    PERFORM dblink_exec(name, 'SET lock_timeout = ''200ms''');
END $$;

-- The process id of a session opened by open_session().
CREATE FUNCTION pid_of(session text) RETURNS int LANGUAGE sql AS $$
    SELECT pid FROM dblink(session, 'SELECT pg_backend_pid()') AS t(pid int)
$$;

-- Whether a statement run in another session waits for a lock (and gives up) instead of
-- running; one that runs is committed.
CREATE FUNCTION waits(session text, statement text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF statement ~* '^\s*SELECT' THEN
        PERFORM * FROM dblink(session, format('SELECT count(*) FROM (%s) AS q', statement))
            AS t(n bigint);
    ELSE
        PERFORM dblink_exec(session, statement);
    END IF;
    RETURN false;
EXCEPTION WHEN lock_not_available THEN
    RETURN true;
END $$;

-- The error a statement raises, here (in a subtransaction, rolled back) or in another
-- session; null if it raises none.
CREATE FUNCTION error_of(statement text, session text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    message text;
BEGIN
    IF session IS NULL THEN
        EXECUTE statement;
    ELSE
        PERFORM dblink_exec(session, statement);
    END IF;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT;
    RETURN message;
END $$;

-- The strongest lock a session (this one by default) holds on a table or index.
CREATE FUNCTION strongest_lock(rel regclass, backend int DEFAULT pg_backend_pid()) RETURNS text
LANGUAGE sql AS $$
    SELECT mode FROM pg_locks
    WHERE locktype = 'relation' AND granted AND pid = backend AND relation = rel
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY array_position(ARRAY['AccessShareLock', 'RowShareLock', 'RowExclusiveLock',
        'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
        'AccessExclusiveLock'], mode) DESC
    LIMIT 1
$$;

-- Waits (up to ten seconds) until a session waits for a lock.
CREATE FUNCTION until_waiting(backend int) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..200 LOOP
        IF EXISTS (SELECT FROM pg_locks WHERE pid = backend AND NOT granted) THEN
            RETURN true;
        END IF;
        PERFORM pg_sleep(0.05);
    END LOOP;
    RETURN false;
END $$;

-- Waits (up to ten seconds) until a session is done with the statement sent to it
-- (dblink_send_query), committing as it waits: a statement that waits for the transactions
-- older than it (CREATE INDEX CONCURRENTLY) waits for this one too.
CREATE PROCEDURE until_done(session text) LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..200 LOOP
        IF dblink_is_busy(session) = 0 THEN
            RETURN;
        END IF;
        COMMIT;
        PERFORM pg_sleep(0.05);
    END LOOP;
    RAISE EXCEPTION 'the statement sent to % has not finished in ten seconds', session;
END $$;

-- The sequential scans of a table in this transaction.
CREATE FUNCTION scans(rel regclass) RETURNS bigint LANGUAGE sql AS $$
    SELECT pg_stat_get_xact_numscans(rel)
$$;
