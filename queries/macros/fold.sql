-- Full-width ASCII (ＡＢ１２，（）) and the ideographic space folded to half-width. Params: s (text).
-- Only cells holding such a character go through the translate, which is slow (7 s over 5M
-- Chinese cells): pure-ASCII cells (byte length = character length) and cells without one (a
-- regular-expression test, ~100× cheaper) are returned as they are.
create or replace macro fold(s) as case when strlen(s) = length(s) or not regexp_matches(s, '[！-～　]') then s
    else translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ') end
