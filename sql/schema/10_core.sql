-- mep schema, part 1: the extension, the asset register, readings and the quarantine.
-- Applied by sql/install.sql (psql) or `mep init`; safe to apply again.
-- Units: temperatures °C (differences too), flows L/s, power kW, vibration mm/s RMS,
-- currents A. The schema is not owned by the extension: DROP EXTENSION never drops data.

CREATE EXTENSION IF NOT EXISTS mep WITH SCHEMA public;
CREATE SCHEMA IF NOT EXISTS mep;
COMMENT ON SCHEMA mep IS 'mep: chiller readings checked by Physics-Guard, their quarantine, aggregates and health views';

CREATE TABLE IF NOT EXISTS mep.assets (
    asset_id                  text PRIMARY KEY CHECK (btrim(asset_id) <> ''),
    name                      text,
    site                      text,
    chiller_type              text CHECK (chiller_type IN ('centrifugal', 'screw', 'scroll', 'reciprocating')),
    rated_capacity_kw         double precision CHECK (rated_capacity_kw > 0 AND rated_capacity_kw <= 50000),
    design_chw_flow           double precision CHECK (design_chw_flow > 0 AND design_chw_flow <= 1500),
    design_cdw_flow           double precision CHECK (design_cdw_flow > 0 AND design_cdw_flow <= 1500),
    design_delta_t            double precision CHECK (design_delta_t > 0 AND design_delta_t <= 20),
    design_kw_per_ton         double precision CHECK (design_kw_per_ton > 0 AND design_kw_per_ton <= 3),
    machine_group             text CHECK (machine_group IN ('group1', 'group2')),
    foundation                text CHECK (foundation IN ('rigid', 'flexible')),
    weight_vibration          double precision CHECK (weight_vibration >= 0 AND weight_vibration <= 1000),
    weight_condenser_approach double precision CHECK (weight_condenser_approach >= 0 AND weight_condenser_approach <= 1000),
    weight_phase_imbalance    double precision CHECK (weight_phase_imbalance >= 0 AND weight_phase_imbalance <= 1000),
    weight_kw_per_ton         double precision CHECK (weight_kw_per_ton >= 0 AND weight_kw_per_ton <= 1000),
    weight_delta_t            double precision CHECK (weight_delta_t >= 0 AND weight_delta_t <= 1000),
    registered                boolean NOT NULL DEFAULT true,
    first_seen                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT assets_weights_not_all_zero CHECK (
        coalesce(weight_vibration, 0.35) + coalesce(weight_condenser_approach, 0.25)
        + coalesce(weight_phase_imbalance, 0.20) + coalesce(weight_kw_per_ton, 0.15)
        + coalesce(weight_delta_t, 0.05) > 0)
);
COMMENT ON TABLE mep.assets IS 'Chiller nameplates. NULL columns take the documented defaults; an asset first seen in readings is added with registered = false.';
COMMENT ON COLUMN mep.assets.rated_capacity_kw IS 'Rated cooling capacity, kW thermal (tons × 3.51685). Default 1758.4 (500 t).';
COMMENT ON COLUMN mep.assets.design_chw_flow IS 'Design chilled-water flow, L/s (gpm × 0.0630902). Used for load when a reading has no chw_flow. No default: never assumed.';
COMMENT ON COLUMN mep.assets.design_cdw_flow IS 'Design condenser-water flow, L/s. No default.';
COMMENT ON COLUMN mep.assets.design_delta_t IS 'Design chilled-water ΔT, °C. Default 5.6 (10 °F).';
COMMENT ON COLUMN mep.assets.design_kw_per_ton IS 'Design full-load efficiency, kW/ton. Default: ASHRAE 90.1-2019 path A minimum for the type and size.';
COMMENT ON COLUMN mep.assets.machine_group IS 'ISO 10816-3 group: group1 (> 300 kW motor) or group2 (15–300 kW). Default from rated input power.';
COMMENT ON COLUMN mep.assets.foundation IS 'ISO 10816-3 foundation: rigid (default) or flexible.';
COMMENT ON COLUMN mep.assets.registered IS 'false for an asset added automatically because readings arrived before its nameplate.';

CREATE TABLE IF NOT EXISTS mep.sensor_data (
    time                timestamptz NOT NULL,
    asset_id            text NOT NULL,
    chw_supply_temp     double precision,
    chw_return_temp     double precision,
    cdw_inlet_temp      double precision,
    cdw_outlet_temp     double precision,
    chw_flow            double precision,
    cdw_flow            double precision,
    power_kw            double precision,
    vibration_rms       double precision,
    current_a           double precision,
    current_b           double precision,
    current_c           double precision,
    cond_sat_temp       double precision,
    evap_sat_temp       double precision,
    -- Filled by the validation trigger; whatever is sent here is replaced.
    delta_t             double precision,
    evaporator_load_kw  double precision,
    kw_per_ton          double precision,
    cop                 double precision,
    condenser_approach  double precision,
    evaporator_approach double precision,
    phase_imbalance     double precision,
    heat_balance_pct    double precision,
    flow_assumed        boolean,
    run_state           text,
    health_score        double precision,
    warnings            text[]
);
COMMENT ON TABLE mep.sensor_data IS 'Chiller readings that passed Physics-Guard, with derived metrics and health score filled in at insert time.';
COMMENT ON COLUMN mep.sensor_data.chw_supply_temp IS 'Chilled water leaving the evaporator, °C';
COMMENT ON COLUMN mep.sensor_data.chw_return_temp IS 'Chilled water entering the evaporator, °C';
COMMENT ON COLUMN mep.sensor_data.cdw_inlet_temp IS 'Condenser water entering, °C';
COMMENT ON COLUMN mep.sensor_data.cdw_outlet_temp IS 'Condenser water leaving, °C';
COMMENT ON COLUMN mep.sensor_data.chw_flow IS 'Chilled-water flow, L/s';
COMMENT ON COLUMN mep.sensor_data.cdw_flow IS 'Condenser-water flow, L/s';
COMMENT ON COLUMN mep.sensor_data.power_kw IS 'Compressor input power, kW';
COMMENT ON COLUMN mep.sensor_data.vibration_rms IS 'Vibration velocity, mm/s RMS (10–1000 Hz)';
COMMENT ON COLUMN mep.sensor_data.current_a IS 'Motor current phase A, A';
COMMENT ON COLUMN mep.sensor_data.current_b IS 'Motor current phase B, A';
COMMENT ON COLUMN mep.sensor_data.current_c IS 'Motor current phase C, A';
COMMENT ON COLUMN mep.sensor_data.cond_sat_temp IS 'Refrigerant condensing saturation temperature, °C';
COMMENT ON COLUMN mep.sensor_data.evap_sat_temp IS 'Refrigerant evaporating saturation temperature, °C';
COMMENT ON COLUMN mep.sensor_data.delta_t IS 'Derived: chilled-water ΔT (return − supply), °C';
COMMENT ON COLUMN mep.sensor_data.evaporator_load_kw IS 'Derived: evaporator load, kW thermal (flow × 4.19 × ΔT)';
COMMENT ON COLUMN mep.sensor_data.kw_per_ton IS 'Derived: compressor kW per ton of refrigeration';
COMMENT ON COLUMN mep.sensor_data.cop IS 'Derived: coefficient of performance (kW/kW)';
COMMENT ON COLUMN mep.sensor_data.condenser_approach IS 'Derived: condensing saturation − condenser water leaving, °C';
COMMENT ON COLUMN mep.sensor_data.evaporator_approach IS 'Derived: chilled water leaving − evaporating saturation, °C';
COMMENT ON COLUMN mep.sensor_data.phase_imbalance IS 'Derived: phase current imbalance, % (NEMA MG-1)';
COMMENT ON COLUMN mep.sensor_data.heat_balance_pct IS 'Derived: AHRI 550/590 heat balance, % (both flows measured)';
COMMENT ON COLUMN mep.sensor_data.flow_assumed IS 'Derived: true when load, kW/ton and COP used the asset''s design flow';
COMMENT ON COLUMN mep.sensor_data.run_state IS 'Derived: running, idle or unknown (from power, else flow)';
COMMENT ON COLUMN mep.sensor_data.health_score IS 'Derived: 0–100 health score of this reading (NULL when idle or nothing scorable)';
COMMENT ON COLUMN mep.sensor_data.warnings IS 'Derived: Physics-Guard warning codes (NULL when none); see mep_rules()';

CREATE INDEX IF NOT EXISTS sensor_data_asset_time_idx ON mep.sensor_data (asset_id, time DESC);

CREATE TABLE IF NOT EXISTS mep.rejected_readings (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at       timestamptz NOT NULL DEFAULT now(),
    received_by       text NOT NULL DEFAULT session_user,
    operation         text NOT NULL DEFAULT 'INSERT',
    time              timestamptz,
    asset_id          text,
    chw_supply_temp   double precision,
    chw_return_temp   double precision,
    cdw_inlet_temp    double precision,
    cdw_outlet_temp   double precision,
    chw_flow          double precision,
    cdw_flow          double precision,
    power_kw          double precision,
    vibration_rms     double precision,
    current_a         double precision,
    current_b         double precision,
    current_c         double precision,
    cond_sat_temp     double precision,
    evap_sat_temp     double precision,
    raw_input         jsonb,
    reason_codes      text[] NOT NULL,
    messages          text[] NOT NULL,
    recommendations   text[] NOT NULL
);
COMMENT ON TABLE mep.rejected_readings IS 'Readings Physics-Guard rejected, every raw value as sent (NaN and ±Infinity included), with reason codes, messages and recommendations.';
COMMENT ON COLUMN mep.rejected_readings.operation IS 'INSERT or UPDATE (the trigger), or PARSE (a row a loader could not read, e.g. mep ingest)';
COMMENT ON COLUMN mep.rejected_readings.raw_input IS 'For PARSE rejections: the fields as text, exactly as they arrived';
CREATE INDEX IF NOT EXISTS rejected_readings_asset_received_idx ON mep.rejected_readings (asset_id, received_at DESC);
CREATE INDEX IF NOT EXISTS rejected_readings_received_idx ON mep.rejected_readings (received_at DESC);

-- The validation trigger, from wherever the extension was installed.
DO $$
DECLARE
    extension_schema name;
BEGIN
    SELECT n.nspname INTO STRICT extension_schema
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'mep';
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'mep.sensor_data'::regclass AND tgname = 'mep_validate') THEN
        EXECUTE format('CREATE TRIGGER mep_validate BEFORE INSERT OR UPDATE ON mep.sensor_data '
                       'FOR EACH ROW EXECUTE FUNCTION %I.mep_sensor_data_trigger()', extension_schema);
    END IF;
END
$$;

-- A row a loader could not even parse (a number that is not a number, a time that is not
-- a time) cannot reach the typed columns. Loaders report it here so it is kept with its
-- reason instead of lost; mep_ingest may call this, and it can write nothing else.
CREATE OR REPLACE FUNCTION mep.quarantine_unparsed(reading_time timestamptz, asset_id text,
                                                   raw_input jsonb, reason_codes text[],
                                                   messages text[], recommendations text[])
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF coalesce(cardinality(reason_codes), 0) = 0
       OR cardinality(messages) IS DISTINCT FROM cardinality(reason_codes)
       OR cardinality(recommendations) IS DISTINCT FROM cardinality(reason_codes) THEN
        RAISE EXCEPTION 'mep.quarantine_unparsed: give one message and one recommendation per reason code'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT reason_codes <@ ARRAY['NOT_NUMERIC', 'TIME_MISSING', 'TIME_NOT_FINITE', 'TIME_UNREADABLE',
                                 'ROW_MALFORMED', 'ASSET_ID_MISSING'] THEN
        RAISE EXCEPTION 'mep.quarantine_unparsed takes parse-level codes only, got %', reason_codes
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Physics-Guard codes come from the trigger: insert the reading instead.';
    END IF;
    INSERT INTO mep.rejected_readings (time, asset_id, raw_input, reason_codes, messages,
                                       recommendations, operation)
    VALUES (reading_time, asset_id, raw_input, reason_codes, messages, recommendations, 'PARSE');
END
$$;
REVOKE ALL ON FUNCTION mep.quarantine_unparsed(timestamptz, text, jsonb, text[], text[], text[]) FROM PUBLIC;
COMMENT ON FUNCTION mep.quarantine_unparsed(timestamptz, text, jsonb, text[], text[], text[]) IS
    'Quarantine a row a loader could not parse, with its fields as text and parse-level reason codes (NOT_NUMERIC, TIME_MISSING, TIME_NOT_FINITE, TIME_UNREADABLE, ROW_MALFORMED, ASSET_ID_MISSING).';
