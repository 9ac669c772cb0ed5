-- For the rest of this session: resolve mep's own objects first, then the extension's
-- functions wherever the extension was installed.
DO $$
BEGIN
    PERFORM pg_catalog.set_config('search_path',
        pg_catalog.format('mep, %I, public, pg_catalog', n.nspname), false)
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'mep';
END
$$;
