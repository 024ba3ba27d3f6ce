"""住民・戸籍 and 税: certificates by post or online, and the tax notices residents file most."""
from build_templates import agree, applicant, person, q, step, template

PURPOSES = [("work", "勤務先・就職先への提出"), ("pension", "年金の手続"), ("bank", "金融機関の手続"), ("court", "裁判所・法務局への提出"), ("other", "その他")]


def certificate(template_id, name, yomi, what, legal, fee, *, who="本人、または同じ世帯の方", identity="mynumber-signature", extra=(), days=3,
                attachments=(), intro=None):
    """A certificate requested online and sent by post to the address on the register; paid online before it is made."""
    return template(
        template_id, name, yomi, "住民・戸籍", "shimin",
        f"{what}をオンラインで請求できます。マイナンバーカードの署名用電子証明書で電子署名をして請求してください。証明書は住民登録の住所に郵送します。手数料（1通{fee:,}円）は、申請のあとにオンラインでお支払いください。",
        who, identity=identity, legal=legal, days=days, fee={"type": "per-copy", "amount": fee}, attachments=attachments,
        channels=["online", "post", "counter"],
        steps=[
            step("request", "請求の内容",
                 *extra,
                 q("copies", "number", "通数", min=1, max=5, hint=f"1通{fee:,}円です（5通まで）"),
                 q("purpose", "radios", "使い道", options=PURPOSES),
                 q("purposeDetail", "text", "その他の使い道", when=("purpose", "other")), intro=intro),
            step("requester", "請求する人", *applicant("請求者"),
                 agree(f"証明書は住民登録の住所に郵送されること、手数料（1通{fee:,}円）を申請のあと7日以内にオンラインで支払うことを了承します")),
        ])


TEMPLATES = [
    certificate("juminhyo-kisai-jiko", "住民票記載事項証明書のオンライン請求", "じゅうみんひょう きさい じこう しょうめいしょ の おんらいん せいきゅう",
                "勤務先や年金の手続で求められる住民票記載事項証明書", "住民基本台帳法第12条", 300,
                extra=[q("items", "textarea", "証明してほしい事項", hint="提出先の様式がある場合は、その項目を書いてください。例: 氏名、生年月日、住所", max=500),
                       q("form", "file", "提出先の様式（ある場合）", opt=True, size_mb=10)]),
    certificate("fuhyo-yuusou", "戸籍の附票の写しの請求", "こせき の ふひょう の うつし の せいきゅう",
                "住所の移り変わりを証明する戸籍の附票の写し", "住民基本台帳法第20条", 300, who="本人、配偶者、直系の親族",
                extra=[q("honseki", "text", "本籍", hint="例: 〇〇市〇〇町1丁目1番地", max=200), q("hittosha", "name", "筆頭者の氏名"),
                       q("scope", "radios", "載せる人", options=[("self", "請求者本人だけ"), ("all", "戸籍に載っている全員")])]),
    certificate("mibun-shoumei", "身分証明書の請求", "みぶん しょうめいしょ の せいきゅう",
                "破産の通知や後見の登記がないことなどを証明する身分証明書（本籍地で発行）", "市区町村の事務（戸籍事務）", 300, who="本人",
                extra=[q("honseki", "text", "本籍", max=200), q("hittosha", "name", "筆頭者の氏名")]),
    certificate("dokushin-shoumei", "独身証明書の請求", "どくしん しょうめいしょ の せいきゅう",
                "結婚相談所への登録などで求められる独身証明書（本籍地で発行）", "市区町村の事務（戸籍事務）", 300, who="本人",
                extra=[q("honseki", "text", "本籍", max=200), q("hittosha", "name", "筆頭者の氏名")]),
    certificate("jokyo-shoumei", "住民票の除票の写しの請求", "じゅうみんひょう の じょひょう の うつし の せいきゅう",
                "市外へ転出した方や亡くなった方の住民票の除票の写し", "住民基本台帳法第15条の4", 300, who="本人、同じ世帯だった方、相続人",
                extra=[q("subject.name", "name", "除票の方の氏名"), q("subject.birthDate", "date", "除票の方の生年月日", past=True),
                       q("subject.lastAddress", "text", "除票の方の最後の住所", max=200),
                       q("relation", "radios", "除票の方との関係", options=[("self", "本人"), ("household", "同じ世帯だった方"), ("heir", "相続人"), ("other", "その他")])]),
    template(
        "juminhyo-code", "住民票コードの通知の再発行", "じゅうみんひょう こーど の つうち の さいはっこう", "住民・戸籍", "shimin",
        "住民票コードがわからないときは、住民票コードを記載した通知を、本人限定受取郵便で住民登録の住所に送ります。",
        "本人", identity="mynumber-auth", legal="住民基本台帳法第30条の3", days=5,
        steps=[step("person", "本人", *applicant("本人"), q("reason", "text", "必要な理由", hint="例: 年金の手続に必要なため"), agree())]),
    template(
        "inkan-boushitsu", "印鑑登録証（カード）の亡失の届出", "いんかん とうろく しょう の ぼうしつ の とどけで", "住民・戸籍", "shimin",
        "印鑑登録証（カード）をなくしたときは、すぐに届け出てください。届け出た時点で印鑑登録は廃止になります。新しく登録するには、窓口で登録の申請をしてください。",
        "印鑑登録をしている本人", identity="mynumber-auth", legal="印鑑条例", days=0,
        steps=[step("lost", "なくしたカード",
                    q("lostOn", "date", "なくしたことに気づいた日", past=True),
                    q("where", "text", "なくした場所の心当たり（任意）", opt=True),
                    q("police", "radios", "警察への届出", options=[("yes", "届け出た"), ("no", "まだ届け出ていない")]),
                    *applicant("登録者"),
                    agree("印鑑登録が廃止になることを承知しました"))]),
    template(
        "tenseki-todoke", "転籍届", "てんせき とどけ", "住民・戸籍", "shimin",
        "本籍を移すときの届出です。届出人の署名が必要なため、窓口か郵送で届け出てください（令和6年3月から、戸籍謄本の添付は原則不要になりました）。",
        "戸籍の筆頭者とその配偶者", legal="戸籍法第108条", days=0, channels=["counter", "post"],
        bring=["届出人の本人確認書類"]),
    template(
        "mynumber-card-yoyaku", "マイナンバーカードの受け取りの予約", "まいなんばー かーど の うけとり の よやく", "住民・戸籍", "shimin",
        "交付通知書（はがき）が届いた方は、マイナンバーカードを受け取る日時を予約できます。予約した日時に、交付通知書と本人確認書類を持って窓口にお越しください。",
        "交付通知書が届いた方（15歳未満の方と成年被後見人は法定代理人と一緒に）", identity="none", days=1,
        steps=[step("reserve", "予約",
                    q("noticeNumber", "text", "交付通知書の番号（任意）", opt=True, max=20),
                    q("date", "date", "受け取る日", future=True),
                    q("time", "radios", "時間帯", options=[("am", "午前（9時〜12時）"), ("pm", "午後（13時〜17時）"), ("late", "延長窓口（17時〜19時）")]),
                    q("people", "number", "受け取る人数（家族で来る場合）", min=1, max=10),
                    q("person.name", "name", "代表者の氏名"),
                    q("person.phone", "phone", "電話番号"),
                    q("person.email", "email", "メールアドレス"))]),
    template(
        "keijidousha-genmen", "軽自動車税（種別割）の減免申請", "けいじどうしゃぜい しゅべつわり の げんめん しんせい", "税", "zeimu",
        "身体障害者手帳などをお持ちの方や、その方のために使う軽自動車は、軽自動車税（種別割）の減免を受けられる場合があります。納期限の7日前までに申請してください。",
        "障害のある方本人、または生計を同じくする方", legal="地方税法第463条の23、市税条例", days=10, deadline="毎年、納期限の7日前まで",
        attachments=[("身体障害者手帳・療育手帳・精神障害者保健福祉手帳", True), ("運転する方の運転免許証", True), ("車検証", True)],
        steps=[
            step("car", "車両",
                 q("plate", "text", "ナンバー（標識番号）", hint="例: 〇〇 480 あ 12-34", max=30),
                 q("use", "radios", "使う人", options=[("self", "障害のある方本人が運転"), ("family", "生計を同じくする方が、障害のある方のために運転")]),
                 q("handicap.name", "name", "障害のある方の氏名"),
                 q("handicap.certificate", "text", "手帳の種類と番号", max=60),
                 q("documents", "file", "手帳・免許証・車検証の写し（まとめたPDFか写真）", size_mb=20)),
            step("applicant", "申請する人", *applicant("納税義務者"), agree()),
        ]),
    template(
        "soufusaki-henkou", "市税の送付先の変更届", "しぜい の そうふさき の へんこう とどけ", "税", "zeimu",
        "市税の納税通知書や督促状を、住所とは別の場所（入院先、家族の住所など）に送ってほしいときに届け出てください。",
        "納税義務者、またはその家族", days=5,
        steps=[
            step("taxpayer", "納税義務者", *person("taxpayer", "納税義務者", birth=True),
                 q("taxes", "repeat", "対象の税", item="税", max_items=5, min_items=1, fields=[
                     q("tax", "select", "税", options=[("resident", "市県民税"), ("property", "固定資産税・都市計画税"), ("car", "軽自動車税"), ("health", "国民健康保険税")])])),
            step("send", "送付先",
                 q("send.name", "text", "送付先の宛名"),
                 q("send.postalCode", "postal-code", "送付先の郵便番号"),
                 q("send.address", "text", "送付先の住所", max=200),
                 q("reason", "text", "変更の理由", hint="例: 施設に入所したため"),
                 agree()),
        ]),
    template(
        "nayose-shoumei", "名寄帳（固定資産課税台帳）の写しの請求", "なよせちょう の うつし の せいきゅう", "税", "zeimu",
        "本人が市内に持っている土地・家屋の一覧（名寄帳）の写しを請求できます。手数料は1通300円です。",
        "固定資産の所有者本人、相続人", identity="mynumber-signature", legal="地方税法第382条の2", days=3, fee={"type": "per-copy", "amount": 300},
        proxy="相続人は、所有者が亡くなったことと相続人であることのわかる戸籍の写しが必要です",
        steps=[
            step("request", "請求の内容",
                 q("owner", "radios", "所有者", options=[("self", "請求者本人"), ("deceased", "亡くなった方（請求者は相続人）")]),
                 q("deceased.name", "name", "亡くなった方の氏名", when=("owner", "deceased")),
                 q("deceased.proof", "file", "相続人であることのわかる戸籍の写し", when=("owner", "deceased"), size_mb=20),
                 q("year", "radios", "年度", options=[("current", "今年度"), ("previous", "前年度")]),
                 q("copies", "number", "通数", min=1, max=5, hint="1通300円です")),
            step("requester", "請求する人", *applicant("請求者"), agree("写しは住民登録の住所に郵送されること、手数料を申請のあとオンラインで支払うことを了承します")),
        ],
        channels=["online", "post", "counter"]),
    template(
        "shiminzei-shinkoku", "市民税・県民税の申告", "しみんぜい けんみんぜい の しんこく", "税", "zeimu",
        "所得税の確定申告をしない方で、前年に所得があった方や、国民健康保険・児童手当などの手続に所得の証明が必要な方は、毎年3月15日までに市民税・県民税の申告をしてください。申告会場のほか、郵送でも受け付けます。",
        "1月1日に市内に住所がある方", legal="地方税法第317条の2", channels=["counter", "post"], deadline="毎年3月15日まで",
        bring=["源泉徴収票など収入のわかるもの", "国民健康保険税・国民年金保険料などの支払いのわかるもの", "本人確認書類"]),
]
