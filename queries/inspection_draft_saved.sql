-- One row (or none): when this user's draft of the on-site inspection form for this studio was
-- last saved. Params: username (text), studio_id (text).
select saved_at
from inspection_drafts
where username = $username
  and studio_id = $studio_id
