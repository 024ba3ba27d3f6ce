"""保険・年金, 健康 and 福祉: the refunds, grants and services residents apply for after an event (a stay in hospital, a
funeral, a birth) and the help the 福祉 課 gives. A refund asks for the account it is paid into."""
from build_templates import agree, applicant, bank, person, q, step, template


def refund(template_id, name, yomi, category, department, description, who, legal, *, event_questions, attachments=(), days=30, events=(),
           proxy=None, deadline=None, insured=True):
    steps = [step("event", "申請の内容", *event_questions)]
    if insured:
        steps.append(step("insured", "被保険者", *person("insured", "被保険者", me=False, address=False, phone=False),
                          q("insured.number", "text", "被保険者証（資格確認書）の記号・番号", max=30, hint="マイナ保険証の方は空欄で構いません", opt=True)))
    steps.append(step("applicant", "申請する人と振込先", *applicant("申請者"), bank(), agree()))
    return template(template_id, name, yomi, category, department, description, who, legal=legal, days=days, events=events, proxy=proxy,
                    deadline=deadline, attachments=attachments, steps=steps)


RECEIPTS = q("receipts", "file", "領収書の写し（まとめたPDFか写真）", size_mb=20)

TEMPLATES = [
    refund("kokuho-kougaku-ryouyouhi", "国民健康保険 高額療養費の支給申請", "こくみん けんこう ほけん こうがく りょうようひ の しきゅう しんせい", "保険・年金", "kokuho-nenkin",
           "同じ月に医療機関の窓口で支払った医療費が自己負担限度額を超えたときは、申請すると超えた分を払い戻します。対象になる方には、診療月のおよそ3か月後にお知らせを送ります。",
           "国民健康保険の世帯主", "国民健康保険法第57条の2", deadline="診療を受けた月の翌月1日から2年以内",
           event_questions=[q("month", "text", "診療を受けた年月", hint="例: 令和8年10月", max=20),
                            q("visits", "repeat", "医療機関", item="医療機関", max_items=10, min_items=1, fields=[
                                q("hospital", "text", "医療機関の名前"), q("paid", "number", "支払った額（円）", min=1, max=9999999)]),
                            RECEIPTS]),
    refund("kokuho-sousaihi", "国民健康保険 葬祭費の支給申請", "こくみん けんこう ほけん そうさいひ の しきゅう しんせい", "保険・年金", "kokuho-nenkin",
           "国民健康保険に加入していた方が亡くなったとき、葬祭を行った方に葬祭費（5万円）を支給します。",
           "葬祭を行った方（喪主）", "国民健康保険法第58条", events=["おくやみ"], deadline="葬祭を行った日の翌日から2年以内",
           event_questions=[q("deceased.name", "name", "亡くなった方の氏名"), q("deceased.diedOn", "date", "亡くなった日", past=True),
                            q("funeralOn", "date", "葬祭を行った日", past=True), q("proof", "file", "会葬礼状または葬祭費用の領収書", size_mb=10)],
           insured=False),
    refund("kouki-sousaihi", "後期高齢者医療 葬祭費の支給申請", "こうき こうれいしゃ いりょう そうさいひ の しきゅう しんせい", "保険・年金", "kokuho-nenkin",
           "後期高齢者医療制度に加入していた方が亡くなったとき、葬祭を行った方に葬祭費を支給します（額は広域連合が定めます）。",
           "葬祭を行った方（喪主）", "高齢者の医療の確保に関する法律第86条", events=["おくやみ"], deadline="葬祭を行った日の翌日から2年以内",
           event_questions=[q("deceased.name", "name", "亡くなった方の氏名"), q("deceased.diedOn", "date", "亡くなった日", past=True),
                            q("funeralOn", "date", "葬祭を行った日", past=True), q("proof", "file", "会葬礼状または葬祭費用の領収書", size_mb=10)],
           insured=False),
    refund("kokuho-shussan-ichijikin", "国民健康保険 出産育児一時金の支給申請", "こくみん けんこう ほけん しゅっさん いくじ いちじきん の しきゅう しんせい", "保険・年金", "kokuho-nenkin",
           "国民健康保険に加入している方が出産したとき、出産育児一時金（50万円）を支給します。医療機関への直接支払制度を使って、出産費用が一時金より少なかったときは、差額を申請してください。",
           "国民健康保険の世帯主", "国民健康保険法第58条", events=["出生"], deadline="出産の日の翌日から2年以内",
           event_questions=[q("bornOn", "date", "出産した日", past=True), q("children", "number", "生まれた子の数", min=1, max=5),
                            q("direct", "radios", "直接支払制度", options=[("used", "使った（差額の申請）"), ("notUsed", "使っていない")]),
                            q("statement", "file", "出産費用の明細書の写し", size_mb=10)]),
    refund("kokuho-ryouyouhi", "国民健康保険 療養費の支給申請（コルセット・はり・きゅう等）", "こくみん けんこう ほけん りょうようひ の しきゅう しんせい", "保険・年金", "kokuho-nenkin",
           "医師の指示で作ったコルセットなどの治療用装具の費用や、やむを得ず保険証を使わずに受診したときの医療費を、申請により払い戻します。",
           "国民健康保険の世帯主", "国民健康保険法第54条", deadline="支払った日の翌日から2年以内",
           event_questions=[q("kind", "radios", "申請の理由", options=[("brace", "治療用装具を作った"), ("noCard", "保険証を使わずに受診した"), ("abroad", "海外で受診した")]),
                            q("paidOn", "date", "支払った日", past=True), q("amount", "number", "支払った額（円）", min=1, max=9999999),
                            q("opinion", "file", "医師の意見書・診療明細書", size_mb=20), RECEIPTS]),
    template(
        "kokuho-gendogaku", "国民健康保険 限度額適用認定証の交付申請", "こくみん けんこう ほけん げんどがく てきよう にんていしょう の こうふ しんせい", "保険・年金", "kokuho-nenkin",
        "入院などで医療費が高額になりそうなときは、限度額適用認定証を医療機関に見せると、窓口での支払いが自己負担限度額までになります。マイナ保険証を使う方は、申請しなくても同じ扱いになります。",
        "国民健康保険の世帯主", identity="mynumber-auth", legal="国民健康保険法施行規則第27条の14の2", days=3,
        steps=[step("insured", "認定証を使う方",
                    *person("insured", "被保険者", me=False, address=False, phone=False),
                    q("reason", "radios", "必要な理由", options=[("admission", "入院の予定"), ("outpatient", "高額な外来治療"), ("other", "その他")]),
                    q("send", "radios", "受け取り方", options=[("post", "住所に郵送"), ("counter", "窓口で受け取る")])),
              step("applicant", "申請する人", *applicant("世帯主"), agree())]),
    template(
        "nenkin-menjo", "国民年金保険料の免除・納付猶予の申請", "こくみん ねんきん ほけんりょう の めんじょ のうふ ゆうよ の しんせい", "保険・年金", "kokuho-nenkin",
        "所得が少ないときや失業したときは、国民年金保険料の免除や納付猶予を申請できます。マイナポータルから電子申請できるほか、市役所の窓口でも受け付けます。",
        "国民年金の第1号被保険者", legal="国民年金法第90条", channels=["mynaportal", "counter", "post"], external="https://myna.go.jp/",
        events=["就職・退職"]),
    refund("jiritsu-shien-hoshougu", "補装具費の支給申請", "ほそうぐひ の しきゅう しんせい", "福祉", "kenko-fukushi",
           "身体に障害のある方が、車いす、補聴器、義肢などの補装具を作ったり修理したりする費用を支給します。作る前に申請してください。",
           "身体障害者手帳をお持ちの方（児童は保護者）", "障害者総合支援法第76条",
           event_questions=[q("item", "select", "補装具", options=[("wheelchair", "車いす"), ("hearing", "補聴器"), ("prosthesis", "義肢・装具"), ("cane", "盲人安全つえ"), ("other", "その他")]),
                            q("work", "radios", "作るか修理か", options=[("new", "新しく作る"), ("repair", "修理する")]),
                            q("certificate", "text", "身体障害者手帳の番号", max=30),
                            q("estimate", "file", "業者の見積書", size_mb=10)],
           insured=False),
    template(
        "nichijo-seikatsu-yougu", "日常生活用具の給付申請", "にちじょう せいかつ ようぐ の きゅうふ しんせい", "福祉", "kenko-fukushi",
        "障害のある方が暮らしやすくなる用具（特殊寝台、入浴補助用具、ストマ用装具、視覚障害者用の拡大読書器など）の購入費を給付します。購入の前に申請してください。",
        "在宅の障害のある方（児童は保護者）", legal="障害者総合支援法第77条", days=14,
        steps=[step("item", "用具",
                    q("item", "text", "用具の名前", hint="例: ストマ用装具（蓄便袋）"),
                    q("certificate", "text", "手帳の種類と番号", max=60),
                    q("estimate", "file", "業者の見積書", size_mb=10)),
               step("applicant", "申請する人", *applicant("申請者"), agree())]),
    template(
        "fukushi-taxi", "福祉タクシー利用券の交付申請", "ふくし たくしー りようけん の こうふ しんせい", "福祉", "kenko-fukushi",
        "重い障害のある方が通院などにタクシーを使うときの料金の一部を助成する利用券を交付します。年度ごとに申請してください。",
        "身体障害者手帳1・2級、療育手帳A、精神障害者保健福祉手帳1級をお持ちの在宅の方", days=7,
        steps=[step("person", "利用する方",
                    *person("user", "利用する方", me=True),
                    q("certificate", "text", "手帳の種類と等級", hint="例: 身体障害者手帳 1級", max=60),
                    q("car", "radios", "自動車税の減免や燃料費の助成", options=[("no", "受けていない"), ("yes", "受けている")]),
                    q("send", "radios", "受け取り方", options=[("post", "住所に郵送"), ("counter", "窓口で受け取る")]),
                    agree())]),
    template(
        "kinkyu-tsuhou", "緊急通報装置の設置申請", "きんきゅう つうほう そうち の せっち しんせい", "福祉", "kaigo-fukushi",
        "ひとり暮らしの高齢者などの家に、ボタンを押すと受信センターにつながる緊急通報装置を設置します。",
        "65歳以上のひとり暮らしの方、高齢者のみの世帯の方", events=["高齢"], days=14,
        steps=[step("person", "利用する方",
                    *person("user", "利用する方", me=True),
                    q("household", "radios", "世帯", options=[("alone", "ひとり暮らし"), ("elderly", "高齢者のみの世帯")]),
                    q("health", "textarea", "持病など、知らせておきたいこと（任意）", opt=True, max=500)),
               step("contacts", "協力員（近くの連絡先）",
                    q("helpers", "repeat", "協力員", item="協力員", max_items=3, min_items=1, fields=[
                        q("name", "name", "氏名"), q("relation", "text", "関係", hint="例: 長男、近所の方"), q("phone", "phone", "電話番号")]),
                    agree("協力員に、協力員になることの了承を得ています"))]),
    template(
        "haishoku-service", "配食サービスの利用申請", "はいしょく さーびす の りよう しんせい", "福祉", "kaigo-fukushi",
        "調理が難しい高齢者などに、栄養のバランスのとれた食事を届け、あわせて安否を確認します。利用料は1食あたりの自己負担額をお支払いください。",
        "65歳以上のひとり暮らしの方などで、調理が難しい方", events=["高齢", "介護"], fee={"type": "computed", "description": "1食ごとの自己負担額"}, days=14,
        steps=[step("person", "利用する方",
                    *person("user", "利用する方", me=True),
                    q("days", "repeat", "届けてほしい曜日", item="曜日", max_items=7, min_items=1, fields=[
                        q("day", "select", "曜日", options=[("mon", "月曜日"), ("tue", "火曜日"), ("wed", "水曜日"), ("thu", "木曜日"), ("fri", "金曜日")])]),
                    q("diet", "textarea", "食事の制限・アレルギー（任意）", opt=True, max=500),
                    q("care", "radios", "要介護認定", options=[("none", "受けていない"), ("support", "要支援"), ("care", "要介護")]),
                    agree())]),
    template(
        "keirou-iwaikin", "敬老祝金の受け取り口座の届出", "けいろう いわいきん の うけとり こうざ の とどけで", "福祉", "kaigo-fukushi",
        "88歳・100歳を迎える方に敬老祝金を贈ります。対象の方にはお知らせを送りますので、振込先の口座を届け出てください。",
        "その年度に88歳・100歳になる方（本人または家族）", events=["高齢"], days=30,
        steps=[step("person", "対象の方", *person("elder", "対象の方", me=False, phone=False)),
               step("applicant", "届け出る人と口座", *applicant("届出人", birth=False), q("relation", "text", "対象の方との関係", hint="本人の場合は「本人」"), bank(), agree())]),
    template(
        "yobou-sesshu-kouhi", "高齢者の予防接種の予診票の交付申請", "こうれいしゃ の よぼう せっしゅ の よしんひょう の こうふ しんせい", "健康", "kenko-suishin",
        "65歳以上の方などが定期接種（インフルエンザ、新型コロナウイルス、肺炎球菌、帯状疱疹）を受けるための予診票を送ります。なくしたときの再交付もこちらから申請できます。",
        "65歳以上の方、60〜64歳で一定の障害のある方", events=["高齢"], days=5,
        steps=[step("vaccine", "予防接種",
                    q("vaccines", "repeat", "予診票が必要な予防接種", item="予防接種", max_items=4, min_items=1, fields=[
                        q("vaccine", "select", "予防接種", options=[("flu", "インフルエンザ"), ("covid", "新型コロナウイルス"), ("pneumococcal", "高齢者肺炎球菌"), ("zoster", "帯状疱疹")])]),
                    q("reason", "radios", "申請の理由", options=[("new", "まだ届いていない"), ("lost", "なくした・汚した"), ("movedIn", "転入した")])),
               step("person", "接種を受ける方", *applicant("接種を受ける方"), agree())]),
    template(
        "funin-chiryou-josei", "不妊治療費の助成申請", "ふにん ちりょう ひ の じょせい しんせい", "健康", "kenko-suishin",
        "保険診療で行った不妊治療の自己負担額の一部を助成します。治療が終わった日の属する年度内に申請してください。",
        "市内に住所がある夫婦（事実婚を含む）", events=["妊娠"], days=30, deadline="治療が終わった日の属する年度の3月31日まで",
        steps=[step("treatment", "治療",
                    q("hospital", "text", "医療機関の名前"),
                    q("from", "date", "治療を始めた日", past=True),
                    q("to", "date", "治療が終わった日", past=True),
                    q("paid", "number", "自己負担額（円）", min=1, max=9999999),
                    q("certificate", "file", "医療機関の受診等証明書", size_mb=10),
                    RECEIPTS),
               step("applicant", "申請する人と振込先", *applicant("申請者"), q("partner.name", "name", "配偶者の氏名"), bank(), agree())]),
    template(
        "kenkou-soudan", "保健師・栄養士の健康相談の予約", "ほけんし えいようし の けんこう そうだん の よやく", "健康", "kenko-suishin",
        "保健師や管理栄養士が、健康診断の結果、食事、禁煙、こころの健康などの相談に応じます。保健センターでの面談か電話を選べます。相談は無料です。",
        "市内にお住まいの方", identity="none", days=2,
        steps=[step("consult", "相談",
                    q("topic", "radios", "相談したいこと", options=[("checkup", "健康診断の結果"), ("diet", "食事・栄養"), ("smoking", "禁煙"), ("mind", "こころの健康"), ("other", "その他")]),
                    q("how", "radios", "相談の方法", options=[("visit", "保健センターで面談"), ("phone", "電話")]),
                    q("date", "date", "希望する日", future=True),
                    q("time", "radios", "時間帯", options=[("am", "午前"), ("pm", "午後")]),
                    q("person.name", "name", "氏名"),
                    q("person.phone", "phone", "電話番号"))]),
]
