-- Full-width ASCII (ＡＢ１２，（）) and the ideographic space folded to half-width. Params: s (text).
-- Pure-ASCII cells (byte length = character length) skip the translate, which is the slow part.
create or replace macro fold(s) as case when strlen(s) = length(s) then s
    else translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ') end
