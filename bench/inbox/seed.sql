-- 100,000 road-damage cases for 土木課 over the past year, in every status, for the inbox and export benchmark.
INSERT INTO applications ("Id", "ReceiptNumber", "ProcedureId", "ProcedureVersion", "Channel", "Answers", "Status", "SubmittedAt",
                          "Department", "DueOn", "ApplicantName", "ApplicantKana", "ApplicantSearch", "Revision")
SELECT gen_random_uuid(),
       'BENCH-' || lpad(g::text, 7, '0'),
       'douro-sonshou-tsuuhou',
       (SELECT "CurrentVersion" FROM procedures WHERE "Id" = 'douro-sonshou-tsuuhou'),
       (ARRAY['web', 'web', 'web', 'api', 'counter'])[1 + g % 5],
       jsonb_build_object(
         'kind', (ARRAY['pothole', 'gutter', 'streetlight', 'sign'])[1 + g % 4],
         'location', '五所川原市字布屋町' || (g % 90 + 1) || '番地の前の市道',
         'details', '直径' || (g % 50 + 10) || 'センチほどの穴があります。車が通るたびに水がはねます',
         'noticedOn', to_char(now() - (g * interval '5 minutes') - interval '1 day', 'YYYY-MM-DD'),
         'dangerous', g % 3 = 0, 'wantsReply', 'yes', 'agree', true,
         'contact', jsonb_build_object(
           'name', (ARRAY['五所川原', '金木', '津軽', '岩木', '相内', '飯詰', '松島', '栄'])[1 + g % 8] || '　' || (ARRAY['花子', '太郎', '一郎', '次郎', '桜', '明美', '健', '優子', '翔', '陽菜'])[1 + (g / 8) % 10],
           'kana', (ARRAY['ゴショガワラ', 'カナギ', 'ツガル', 'イワキ', 'アイウチ', 'イイヅメ', 'マツシマ', 'サカエ'])[1 + g % 8] || '　' || (ARRAY['ハナコ', 'タロウ', 'イチロウ', 'ジロウ', 'サクラ', 'アケミ', 'ケン', 'ユウコ', 'ショウ', 'ヒナ'])[1 + (g / 8) % 10],
           'phone', '0173' || lpad((g % 1000000)::text, 6, '0'))),
       (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'in_review', 'submitted', 'awaiting_information', 'approved'])[1 + g % 10],
       now() - (g * interval '5 minutes'),
       'doboku',
       (now() - (g * interval '5 minutes') + interval '14 days')::date,
       (ARRAY['五所川原', '金木', '津軽', '岩木', '相内', '飯詰', '松島', '栄'])[1 + g % 8] || '　' || (ARRAY['花子', '太郎', '一郎', '次郎', '桜', '明美', '健', '優子', '翔', '陽菜'])[1 + (g / 8) % 10],
       (ARRAY['ゴショガワラ', 'カナギ', 'ツガル', 'イワキ', 'アイウチ', 'イイヅメ', 'マツシマ', 'サカエ'])[1 + g % 8] || '　' || (ARRAY['ハナコ', 'タロウ', 'イチロウ', 'ジロウ', 'サクラ', 'アケミ', 'ケン', 'ユウコ', 'ショウ', 'ヒナ'])[1 + (g / 8) % 10],
       (ARRAY['五所川原', '金木', '津軽', '岩木', '相内', '飯詰', '松島', '栄'])[1 + g % 8] || (ARRAY['花子', '太郎', '一郎', '次郎', '桜', '明美', '健', '優子', '翔', '陽菜'])[1 + (g / 8) % 10]
         || (ARRAY['ゴショガワラ', 'カナギ', 'ツガル', 'イワキ', 'アイウチ', 'イイヅメ', 'マツシマ', 'サカエ'])[1 + g % 8] || (ARRAY['ハナコ', 'タロウ', 'イチロウ', 'ジロウ', 'サクラ', 'アケミ', 'ケン', 'ユウコ', 'ショウ', 'ヒナ'])[1 + (g / 8) % 10],
       0
FROM generate_series(1, 100000) AS g;
ANALYZE applications;
