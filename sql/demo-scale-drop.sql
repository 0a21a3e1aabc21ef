-- Drops what sql/demo-scale.sql defined, once the generator has run.
DROP PROCEDURE IF EXISTS scale_run;
DROP PROCEDURE IF EXISTS scale_special;
DROP PROCEDURE IF EXISTS scale_chunk;
DROP PROCEDURE IF EXISTS scale_tables;
DROP PROCEDURE IF EXISTS scale_load_events;
DROP PROCEDURE IF EXISTS scale_load_users;
DROP PROCEDURE IF EXISTS scale_cameras_of_users;
DROP FUNCTION IF EXISTS scale_camera_base;
