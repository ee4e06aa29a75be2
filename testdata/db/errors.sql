-- Tables for the failure tests of tests/database.rs, loaded after load.sql (as the server's
-- owner, so that the grants below hold).
-- A contacts table without its event date.
DROP TABLE IF EXISTS ssd_contacts_no_date;
CREATE TABLE ssd_contacts_no_date AS SELECT cont_contact_id, cont_person_id FROM ssd_contacts;
-- A contacts table the test login may not read.
DROP TABLE IF EXISTS ssd_contacts_private;
CREATE TABLE ssd_contacts_private AS SELECT * FROM ssd_contacts LIMIT 10;
-- A contacts view that takes 5 seconds to answer a query that reads rows.
DROP VIEW IF EXISTS ssd_contacts_slow;
CREATE VIEW ssd_contacts_slow AS
    SELECT c.* FROM ssd_contacts c CROSS JOIN (SELECT pg_sleep(5)) AS pause;
