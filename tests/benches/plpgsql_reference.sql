-- The reference for the ingest benchmark: what a user would otherwise write in PL/pgSQL.
-- The same Physics-Guard field checks, run state, direction and second-law rules,
-- derived metrics, critical-band warnings and health score (curves and worst-metric
-- limit) as the mep trigger, for an asset with the default nameplate (500 t centrifugal,
-- 280 kW rated input, design ΔT 5.6 °C, ISO 10816-3 group 2 rigid). It quarantines
-- rejected readings the same way. The benchmark checks that it computes what mep does.

CREATE SCHEMA IF NOT EXISTS mep_bench;

CREATE OR REPLACE FUNCTION mep_bench.field_problem(value float8, lo float8, hi float8, non_negative boolean)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF value = 'NaN'::float8 OR value = 'Infinity'::float8 OR value = '-Infinity'::float8 THEN
        RETURN 'NON_FINITE_VALUE';
    END IF;
    IF value = ANY ('{-99,-99.4,-99.9,-999,-999.9,-9999,-99999,9999,99999,32767,-32768,65535,2147483647,-2147483648}'::float8[]) THEN
        RETURN 'SENTINEL_VALUE';
    END IF;
    IF abs(value) >= 1e6 THEN
        RETURN 'ABSURD_MAGNITUDE';
    END IF;
    IF non_negative AND value < 0 THEN
        RETURN 'NEGATIVE_VALUE';
    END IF;
    IF value < lo OR value > hi THEN
        RETURN 'OUT_OF_RANGE';
    END IF;
    RETURN NULL;
END
$$;

-- 100 at the ideal, 90/80/60/40 at the band boundaries, 0 one poor-band width past the
-- critical boundary; `better_lower` false mirrors it.
CREATE OR REPLACE FUNCTION mep_bench.band_score(value float8, ideal float8, b1 float8, b2 float8,
                                                b3 float8, b4 float8, better_lower boolean)
RETURNS float8 LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    s float8 := CASE WHEN better_lower THEN 1 ELSE -1 END;
    x float8 := s * value;
    zero float8 := b4 + (b4 - b3);
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    ELSIF x <= s * ideal THEN
        RETURN 100;
    ELSIF x <= s * b1 THEN
        RETURN 100 - 10 * (x - s * ideal) / (s * b1 - s * ideal);
    ELSIF x <= s * b2 THEN
        RETURN 90 - 10 * (x - s * b1) / (s * b2 - s * b1);
    ELSIF x <= s * b3 THEN
        RETURN 80 - 20 * (x - s * b2) / (s * b3 - s * b2);
    ELSIF x <= s * b4 THEN
        RETURN 60 - 20 * (x - s * b3) / (s * b4 - s * b3);
    ELSIF x <= s * zero THEN
        RETURN 40 - 40 * (x - s * b4) / (s * zero - s * b4);
    END IF;
    RETURN 0;
END
$$;

CREATE OR REPLACE FUNCTION mep_bench.reference_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    codes text[] := '{}';
    problem text;
    running boolean;
    run_state text;
    load float8;
    cond_heat float8;
    carnot float8;
    cop_value float8;
    imbalance float8;
    mean_current float8;
    warnings text[] := '{}';
    s_vib float8; s_app float8; s_imb float8; s_kwt float8; s_dt float8;
    w_sum float8 := 0; weighted float8 := 0; score_limit float8 := 'Infinity';
BEGIN
    IF NEW.time IS NULL THEN codes := codes || 'TIME_MISSING'::text; END IF;
    IF NEW.asset_id IS NULL OR btrim(NEW.asset_id) = '' THEN codes := codes || 'ASSET_ID_MISSING'::text; END IF;
    problem := mep_bench.field_problem(NEW.chw_supply_temp, -15, 40, false);  IF problem IS NOT NULL THEN codes := codes || problem; NEW.chw_supply_temp := NULL; END IF;
    problem := mep_bench.field_problem(NEW.chw_return_temp, -15, 40, false);  IF problem IS NOT NULL THEN codes := codes || problem; NEW.chw_return_temp := NULL; END IF;
    problem := mep_bench.field_problem(NEW.cdw_inlet_temp, 0, 60, false);     IF problem IS NOT NULL THEN codes := codes || problem; NEW.cdw_inlet_temp := NULL; END IF;
    problem := mep_bench.field_problem(NEW.cdw_outlet_temp, 0, 60, false);    IF problem IS NOT NULL THEN codes := codes || problem; NEW.cdw_outlet_temp := NULL; END IF;
    problem := mep_bench.field_problem(NEW.chw_flow, 0, 1500, true);          IF problem IS NOT NULL THEN codes := codes || problem; NEW.chw_flow := NULL; END IF;
    problem := mep_bench.field_problem(NEW.cdw_flow, 0, 1500, true);          IF problem IS NOT NULL THEN codes := codes || problem; NEW.cdw_flow := NULL; END IF;
    problem := mep_bench.field_problem(NEW.power_kw, 0, 10000, true);         IF problem IS NOT NULL THEN codes := codes || problem; NEW.power_kw := NULL; END IF;
    problem := mep_bench.field_problem(NEW.vibration_rms, 0, 100, true);      IF problem IS NOT NULL THEN codes := codes || problem; NEW.vibration_rms := NULL; END IF;
    problem := mep_bench.field_problem(NEW.current_a, 0, 5000, true);         IF problem IS NOT NULL THEN codes := codes || problem; NEW.current_a := NULL; END IF;
    problem := mep_bench.field_problem(NEW.current_b, 0, 5000, true);         IF problem IS NOT NULL THEN codes := codes || problem; NEW.current_b := NULL; END IF;
    problem := mep_bench.field_problem(NEW.current_c, 0, 5000, true);         IF problem IS NOT NULL THEN codes := codes || problem; NEW.current_c := NULL; END IF;
    problem := mep_bench.field_problem(NEW.cond_sat_temp, -10, 80, false);    IF problem IS NOT NULL THEN codes := codes || problem; NEW.cond_sat_temp := NULL; END IF;
    problem := mep_bench.field_problem(NEW.evap_sat_temp, -40, 35, false);    IF problem IS NOT NULL THEN codes := codes || problem; NEW.evap_sat_temp := NULL; END IF;

    -- Run state: power above 3 % of rated input (280 kW), else flow.
    IF NEW.power_kw IS NOT NULL THEN
        running := NEW.power_kw > greatest(1.0, 0.03 * 280.0);
        run_state := CASE WHEN running THEN 'running' ELSE 'idle' END;
    ELSIF NEW.chw_flow IS NOT NULL AND NEW.chw_flow < 0.5 THEN
        running := false; run_state := 'idle';
    ELSE
        running := true; run_state := 'unknown';
    END IF;

    NEW.delta_t := NEW.chw_return_temp - NEW.chw_supply_temp;
    load := NEW.chw_flow * 4.19 * NEW.delta_t;
    NEW.evaporator_load_kw := load;
    IF NEW.power_kw > 0 AND load > 0 THEN
        NEW.kw_per_ton := NEW.power_kw / (load / 3.51685);
        NEW.cop := load / NEW.power_kw;
    ELSE
        NEW.kw_per_ton := NULL; NEW.cop := NULL;
    END IF;
    NEW.condenser_approach := NEW.cond_sat_temp - NEW.cdw_outlet_temp;
    NEW.evaporator_approach := NEW.chw_supply_temp - NEW.evap_sat_temp;
    mean_current := (NEW.current_a + NEW.current_b + NEW.current_c) / 3;
    IF mean_current >= 1 THEN
        imbalance := 100 * greatest(abs(NEW.current_a - mean_current), abs(NEW.current_b - mean_current),
                                    abs(NEW.current_c - mean_current)) / mean_current;
    END IF;
    NEW.phase_imbalance := imbalance;
    cond_heat := NEW.cdw_flow * 4.16 * (NEW.cdw_outlet_temp - NEW.cdw_inlet_temp);
    IF cond_heat > 0 AND NEW.chw_flow IS NOT NULL THEN
        NEW.heat_balance_pct := 100 * (load + NEW.power_kw - cond_heat) / cond_heat;
    ELSE
        NEW.heat_balance_pct := NULL;
    END IF;
    NEW.flow_assumed := CASE WHEN load IS NOT NULL THEN false END;
    NEW.run_state := run_state;

    IF running THEN
        IF NEW.chw_return_temp < NEW.chw_supply_temp - 0.15 THEN codes := codes || 'CHW_RETURN_BELOW_SUPPLY'::text; END IF;
        IF NEW.cdw_outlet_temp < NEW.cdw_inlet_temp - 0.15 THEN codes := codes || 'CDW_OUTLET_BELOW_INLET'::text; END IF;
        IF NEW.cdw_outlet_temp <= NEW.chw_supply_temp THEN codes := codes || 'NO_POSITIVE_LIFT'::text; END IF;
        IF NEW.cond_sat_temp <= NEW.evap_sat_temp THEN codes := codes || 'NO_REFRIGERANT_LIFT'::text; END IF;
        IF NEW.evap_sat_temp > NEW.chw_supply_temp + 0.15 THEN codes := codes || 'EVAP_SAT_ABOVE_CHW_SUPPLY'::text; END IF;
        IF NEW.cond_sat_temp < NEW.cdw_outlet_temp - 0.15 THEN codes := codes || 'COND_SAT_BELOW_CDW_OUTLET'::text; END IF;
        IF coalesce(NEW.cdw_outlet_temp, NEW.cdw_inlet_temp) > NEW.chw_supply_temp THEN
            carnot := (NEW.chw_supply_temp + 273.15) / (coalesce(NEW.cdw_outlet_temp, NEW.cdw_inlet_temp) - NEW.chw_supply_temp);
            cop_value := NEW.cop;
            IF cop_value > carnot THEN codes := codes || 'COP_ABOVE_CARNOT'::text; END IF;
        END IF;
    END IF;

    IF cardinality(codes) > 0 THEN
        INSERT INTO mep.rejected_readings (time, asset_id, chw_supply_temp, chw_return_temp, cdw_inlet_temp,
            cdw_outlet_temp, chw_flow, cdw_flow, power_kw, vibration_rms, current_a, current_b, current_c,
            cond_sat_temp, evap_sat_temp, reason_codes, messages, recommendations)
        VALUES (NEW.time, NEW.asset_id, NEW.chw_supply_temp, NEW.chw_return_temp, NEW.cdw_inlet_temp,
            NEW.cdw_outlet_temp, NEW.chw_flow, NEW.cdw_flow, NEW.power_kw, NEW.vibration_rms, NEW.current_a,
            NEW.current_b, NEW.current_c, NEW.cond_sat_temp, NEW.evap_sat_temp, codes, codes, codes);
        RETURN NULL;
    END IF;

    IF NEW.vibration_rms >= 4.5 THEN warnings := warnings || 'VIBRATION_ZONE_D'::text; END IF;
    IF imbalance > 5 THEN warnings := warnings || 'PHASE_IMBALANCE_CRITICAL'::text; END IF;
    IF run_state = 'running' THEN
        IF NEW.power_kw >= 0.5 * 280 AND NEW.delta_t / 5.6 < 0.5 THEN warnings := warnings || 'LOW_DELTA_T'::text; END IF;
        IF NEW.power_kw >= 0.5 * 280 AND NEW.kw_per_ton > 1.0 THEN warnings := warnings || 'KW_PER_TON_CRITICAL'::text; END IF;
        IF NEW.condenser_approach > 6.0 THEN warnings := warnings || 'CONDENSER_APPROACH_CRITICAL'::text; END IF;
        IF NEW.evaporator_approach > 5.0 THEN warnings := warnings || 'EVAPORATOR_APPROACH_HIGH'::text; END IF;
    END IF;
    NEW.warnings := CASE WHEN cardinality(warnings) > 0 THEN warnings END;

    -- Health: weighted mean of the measured metrics, limited by the worst one + 20.
    IF run_state <> 'idle' THEN
        s_vib := mep_bench.band_score(NEW.vibration_rms, 0, 1.4, 2.8, 3.65, 4.5, true);
        s_app := mep_bench.band_score(NEW.condenser_approach, 0, 2.0, 3.0, 4.5, 6.0, true);
        s_imb := mep_bench.band_score(imbalance, 0, 1.0, 2.0, 3.5, 5.0, true);
        s_kwt := mep_bench.band_score(NEW.kw_per_ton, 0, 0.55, 0.70, 0.85, 1.00, true);
        IF NEW.kw_per_ton IS NOT NULL THEN
            s_dt := mep_bench.band_score(NEW.delta_t / 5.6, 1.0, 0.9, 0.8, 0.65, 0.5, false);
        END IF;
        IF s_vib IS NOT NULL THEN w_sum := w_sum + 0.35; weighted := weighted + 0.35 * s_vib; score_limit := least(score_limit, s_vib + 20); END IF;
        IF s_app IS NOT NULL THEN w_sum := w_sum + 0.25; weighted := weighted + 0.25 * s_app; score_limit := least(score_limit, s_app + 20); END IF;
        IF s_imb IS NOT NULL THEN w_sum := w_sum + 0.20; weighted := weighted + 0.20 * s_imb; score_limit := least(score_limit, s_imb + 20); END IF;
        IF s_kwt IS NOT NULL THEN w_sum := w_sum + 0.15; weighted := weighted + 0.15 * s_kwt; score_limit := least(score_limit, s_kwt + 20); END IF;
        IF s_dt IS NOT NULL THEN w_sum := w_sum + 0.05; weighted := weighted + 0.05 * s_dt; score_limit := least(score_limit, s_dt + 20); END IF;
    END IF;
    NEW.health_score := CASE WHEN w_sum > 0 THEN least(greatest(weighted / w_sum, 0), 100, score_limit) END;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION mep_bench.noop_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RETURN NEW;
END
$$;
