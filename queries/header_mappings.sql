-- One row per remembered layout among the given ones. Params: $fingerprints (list of text).
select fingerprint, mapping
from header_mappings
where list_contains($fingerprints, fingerprint)
