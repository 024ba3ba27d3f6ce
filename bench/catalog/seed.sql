-- 10,000 datasets for the package_search benchmark (issue 6): titles and notes from a vocabulary of municipal data
-- words, spread over the city's 課, 1–3 tags each, one or two resources, all active and public. SearchText is the
-- folded text the application writes (these words need no folding beyond lower case).
CREATE TEMP TABLE words(i int, w text);
INSERT INTO words SELECT row_number() OVER () - 1, w FROM unnest(ARRAY[
  '人口','世帯','避難所','避難場所','AED','観光','施設','イベント','子育て','保育','介護','医療','病院','文化財','公園',
  'トイレ','Wi-Fi','消防','水利','道路','橋梁','除雪','ごみ','資源','予算','決算','議会','選挙','学校','図書館',
  '農業','りんご','米','漁業','しじみ','商工','雇用','税','上水道','下水道','地価','気象','積雪','交通','バス',
  '鉄道','津軽','金木','市浦','十三湖']) AS w;

INSERT INTO opendata_datasets ("Id","Name","Title","Notes","DepartmentId","LicenseId","Private","State","Extras","SearchText","CreatedAt","ModifiedAt","Revision","UpdateFrequency")
SELECT md5('ds' || n)::uuid,
       'bench-' || n,
       a.w || 'の' || b.w || '一覧 ' || n,
       '五所川原市の' || a.w || 'と' || b.w || 'に関するデータです。' || c.w || 'も含みます。',
       d."Id",
       CASE WHEN n % 7 = 0 THEN 'pdl-1.0' ELSE 'cc-by-4.0' END,
       false, 'active', '[]',
       lower(a.w || 'の' || b.w || '一覧' || n || E'\n' || a.w || ' ' || c.w || E'\n' || d."Name" || E'\nbench-' || n || E'\n五所川原市の' || a.w || 'と' || b.w || 'に関するデータです。' || c.w || 'も含みます。'),
       now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval, 0, '年1回'
FROM generate_series(1, 10000) AS n
JOIN words a ON a.i = n % 50
JOIN words b ON b.i = (n / 50) % 50
JOIN words c ON c.i = (n * 7) % 50
JOIN (SELECT "Id", "Name", row_number() OVER (ORDER BY "Id") - 1 AS k, count(*) OVER () AS total FROM departments) d ON d.k = n % d.total;

INSERT INTO opendata_dataset_tags ("DatasetId","Name")
SELECT DISTINCT md5('ds' || n)::uuid, w FROM generate_series(1, 10000) AS n
JOIN words ON words.i IN (n % 50, (n * 3) % 50, (n * 11) % 50);

INSERT INTO opendata_resources ("Id","DatasetId","Position","Name","Format","Url","CreatedAt","LastModified")
SELECT md5('res' || n || '-' || p)::uuid, md5('ds' || n)::uuid, p, 'ファイル' || p,
       CASE WHEN p = 0 THEN 'CSV' WHEN n % 3 = 0 THEN 'XLSX' ELSE 'PDF' END,
       'https://example.jp/data/' || n || '/' || p, now(), now()
FROM generate_series(1, 10000) AS n CROSS JOIN generate_series(0, 1) AS p
WHERE p = 0 OR n % 2 = 0;

-- The bigram search index, as the application writes it.
INSERT INTO opendata_search_grams ("Gram","DatasetId")
SELECT DISTINCT substr(d."SearchText", i, 2), d."Id"
FROM opendata_datasets d, generate_series(1, length(d."SearchText") - 1) AS i
WHERE d."Name" LIKE 'bench-%' AND substr(d."SearchText", i, 2) !~ '\s';

ANALYZE;
