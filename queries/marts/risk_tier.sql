-- The tier of a risk score: 高 at or above p.tier_high, 中 at or above p.tier_medium, else 低.
-- Params: score (int), p (struct: see marts/risk_reasons.sql).
create or replace macro risk_tier(score, p) as case
    when score >= struct_extract(p, 'tier_high') then '高'
    when score >= struct_extract(p, 'tier_medium') then '中'
    else '低'
end
