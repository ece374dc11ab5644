-- One row when the studio is named as of as_of and in the unit scope (none otherwise): its
-- score, tier and fired rules with their evidence (a list of structs in rule order). Risk is
-- computed over the studio's own unit only, which gives the same result faster (or read from
-- the copy stored at import when memo is true, memos/risk_scores.sql).
-- Params: studio_id (text), as_of (date), unit (text or null), p (struct: see
-- marts/risk_reasons.sql), memo (bool).
with final as (
    select studio_id, score, tier, reasons
    from risk_scores(
        $as_of, coalesce($unit, (select unit from stg_studios where studio_id = $studio_id)), $p,
        $memo)
    where studio_id = $studio_id
)

select * from final
