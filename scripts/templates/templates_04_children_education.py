"""子育て and 教育・文化: the services a family applies for between pregnancy and school (beyond the national 子育て 15,
which go through マイナポータル)."""
from build_templates import agree, applicant, bank, person, q, step, template


def child(prefix="child", who="お子さん"):
    return [q(f"{prefix}.name", "name", f"{who}の氏名"), q(f"{prefix}.kana", "kana", f"{who}のフリガナ"), q(f"{prefix}.birthDate", "date", f"{who}の生年月日", past=True)]


TEMPLATES = [
    template(
        "ichiji-azukari", "保育所の一時預かりの申込", "ほいくしょ の いちじ あずかり の もうしこみ", "子育て", "katei-fukushi",
        "保護者の仕事、通院、リフレッシュなどで一時的に家庭で保育できないとき、保育所でお子さんを預かります。利用の前日までに申し込んでください。利用料は利用した日にお支払いください。",
        "市内に住む、生後6か月から小学校入学前のお子さんの保護者", fee={"type": "computed", "description": "半日1,000円、1日2,000円（給食費を含む）"}, days=1,
        events=["出生", "入園・入学"],
        steps=[
            step("child", "お子さん", *child(), q("allergy", "textarea", "アレルギー・持病（任意）", opt=True, max=500)),
            step("use", "利用の内容",
                 q("nursery", "select", "希望する保育所", options=[("central", "中央保育所"), ("north", "北部保育所"), ("south", "南部保育所")]),
                 q("date", "date", "利用する日", future=True),
                 q("length", "radios", "時間", options=[("half", "半日（4時間まで）"), ("full", "1日")]),
                 q("reason", "radios", "理由", options=[("work", "仕事"), ("hospital", "通院・入院"), ("care", "家族の介護"), ("refresh", "リフレッシュ"), ("other", "その他")])),
            step("parent", "保護者", *applicant("保護者", birth=False), agree("利用の決まりを守り、利用料を支払います")),
        ]),
    template(
        "houkago-jidou-club", "放課後児童クラブの入会申込", "ほうかご じどう くらぶ の にゅうかい もうしこみ", "子育て", "katei-fukushi",
        "保護者が仕事などで昼間家庭にいない小学生を、放課後や長期休みに放課後児童クラブで預かります。年度の途中でも、空きがあれば入会できます。",
        "市内の小学校に通う児童の保護者", fee={"type": "computed", "description": "月額の利用料（きょうだい・ひとり親の減免あり）"}, days=14,
        events=["入園・入学", "就職・退職"],
        steps=[
            step("child", "児童", *child("child", "児童"), q("school", "text", "通っている小学校"), q("grade", "select", "学年", options=[(str(n), f"{n}年生") for n in range(1, 7)])),
            step("need", "申込の理由",
                 q("club", "text", "希望するクラブ"),
                 q("from", "date", "利用を始める日", future=True),
                 q("reason", "radios", "保護者が昼間家庭にいない理由", options=[("work", "仕事"), ("study", "就学"), ("care", "介護・看護"), ("illness", "病気"), ("other", "その他")]),
                 q("workplace", "text", "勤務先・通学先"),
                 q("proof", "file", "就労証明書など", size_mb=10)),
            step("parent", "保護者", *applicant("保護者", birth=False), agree()),
        ]),
    template(
        "family-support", "ファミリー・サポート・センターの会員登録", "ふぁみりー さぽーと せんたー の かいいん とうろく", "子育て", "katei-fukushi",
        "子育ての手助けをしてほしい方（依頼会員）と、手助けをしたい方（提供会員）が会員になって助け合う仕組みです。登録のあと、アドバイザーが面談をします。",
        "市内に住む、生後3か月から小学6年生までのお子さんの保護者、または子育てを手伝いたい20歳以上の方", days=14, events=["出生"],
        steps=[
            step("kind", "会員の種類",
                 q("kind", "radios", "登録する会員", options=[("request", "依頼会員（手助けしてほしい）"), ("provide", "提供会員（手助けしたい）"), ("both", "両方")]),
                 q("children", "repeat", "お子さん", item="お子さん", max_items=5, fields=[q("name", "name", "氏名"), q("birthDate", "date", "生年月日", past=True)], opt=True),
                 q("help", "textarea", "頼みたいこと・できること", hint="例: 保育所の送り迎え、買い物の間の預かり", max=500)),
            step("member", "会員", *applicant("会員"), q("applicant.email", "email", "メールアドレス", prefill="resident.email"), agree()),
        ]),
    template(
        "shussan-iwaikin", "出産祝金の申請", "しゅっさん いわいきん の しんせい", "子育て", "katei-fukushi",
        "お子さんが生まれた家庭に、出産祝金を贈ります。出生の日から6か月以内に申請してください。",
        "お子さんと同じ住所に住む保護者", days=30, events=["出生"], deadline="出生の日から6か月以内",
        fee=None,
        steps=[
            step("child", "生まれたお子さん", *child(), q("order", "radios", "何人目のお子さんか", options=[("1", "第1子"), ("2", "第2子"), ("3", "第3子以降")])),
            step("parent", "保護者と振込先", *applicant("保護者"), bank(), agree()),
        ]),
    template(
        "nyuyouji-kenshin", "乳幼児健康診査の日程変更の申込", "にゅうようじ けんこう しんさ の にってい へんこう の もうしこみ", "子育て", "kenko-suishin",
        "4か月児、1歳6か月児、3歳児の健康診査の案内が届いたけれど、その日に受けられない方は、別の日程に変更できます。",
        "健康診査の案内が届いたお子さんの保護者", identity="none", days=2, events=["出生"],
        steps=[
            step("checkup", "健康診査",
                 q("kind", "radios", "健康診査", options=[("4m", "4か月児健康診査"), ("18m", "1歳6か月児健康診査"), ("3y", "3歳児健康診査")]),
                 *child(),
                 q("date", "date", "希望する日", future=True, hint="案内に書いてある日程から選んでください"),
                 q("parent.name", "name", "保護者の氏名"),
                 q("parent.phone", "phone", "電話番号")),
        ]),
    template(
        "sango-care", "産後ケア事業の利用申請", "さんご けあ じぎょう の りよう しんせい", "子育て", "kenko-suishin",
        "出産後、体調や育児に不安のある母親と赤ちゃんが、助産院などで休んだり、授乳や育児の相談を受けたりできます。利用料の一部を負担していただきます。",
        "市内に住む、出産後1年未満の母親と乳児", fee={"type": "computed", "description": "利用の種類ごとの自己負担額（住民税非課税世帯は減免）"}, days=7,
        events=["出生"],
        steps=[
            step("use", "利用の内容",
                 q("kind", "radios", "利用の種類", options=[("stay", "宿泊型"), ("day", "日帰り型"), ("visit", "訪問型")]),
                 q("worries", "textarea", "困っていること・相談したいこと", max=1000),
                 q("from", "date", "利用したい日", future=True)),
            step("mother", "母親と赤ちゃん", *applicant("母親"), *child("baby", "赤ちゃん"), agree()),
        ]),
    template(
        "shitei-gakkou-henkou", "指定された学校の変更の申立て", "してい された がっこう の へんこう の もうしたて", "教育・文化", "kyoiku-somu",
        "住所で指定された小・中学校とは別の学校に通いたいとき、いじめへの対応、身体的な理由、年度途中の転居などの理由があれば、変更を申し立てることができます。",
        "小・中学生の保護者", legal="学校教育法施行令第8条", days=14, events=["入園・入学", "引越し"],
        steps=[
            step("child", "児童・生徒", *child("child", "児童・生徒"), q("grade", "text", "学年（入学前は「新1年生」）", max=20)),
            step("change", "変更の内容",
                 q("assigned", "text", "指定された学校"),
                 q("wish", "text", "通いたい学校"),
                 q("reason", "radios", "理由", options=[("moving", "年度途中の転居（卒業まで同じ学校に）"), ("bullying", "いじめ・不登校への対応"), ("health", "身体的な理由"), ("family", "家庭の事情"), ("other", "その他")]),
                 q("detail", "textarea", "理由の説明", max=1000),
                 q("commute", "text", "通学の方法", hint="例: 保護者の送迎")),
            step("parent", "保護者", *applicant("保護者", birth=False), agree()),
        ]),
    template(
        "shougakukin", "奨学金の申請", "しょうがくきん の しんせい", "教育・文化", "kyoiku-somu",
        "経済的な理由で修学が難しい高校生・大学生などに、市の奨学金を貸し付けます（無利子）。選考のうえ、結果をお知らせします。",
        "市内に住む保護者の子で、高校・大学などに在学・進学する方", days=45, events=["入園・入学"], deadline="毎年の募集期間内",
        attachments=[("在学証明書または合格通知書", True), ("世帯の所得証明書", True)],
        steps=[
            step("student", "学生", *person("student", "学生", me=False), q("school", "text", "学校の名前"), q("grade", "text", "学年", max=20),
                 q("amount", "radios", "希望する月額", options=[("20000", "2万円"), ("30000", "3万円"), ("40000", "4万円")])),
            step("reason", "申請の理由", q("reason", "textarea", "奨学金が必要な理由", max=1000), q("documents", "file", "在学証明書・所得証明書（まとめたPDF）", size_mb=20)),
            step("parent", "保護者と振込先", *applicant("保護者"), bank(), agree()),
        ]),
    template(
        "sports-shounendan", "スポーツ少年団・スポーツ教室の参加申込", "すぽーつ きょうしつ の さんか もうしこみ", "教育・文化", "sports-shinko",
        "市が開くスポーツ教室（水泳、ダンス、ニュースポーツなど）の参加を申し込めます。定員を超えたときは抽選です。",
        "教室ごとに定める対象の方", identity="none", fee={"type": "computed", "description": "教室ごとの参加費（保険料を含む）"}, days=7,
        steps=[
            step("class", "教室", q("class", "select", "教室", options=[("swim", "水泳教室"), ("dance", "キッズダンス"), ("newsports", "ニュースポーツ体験"), ("walking", "ウォーキング教室")]),
                 q("participants", "repeat", "参加する人", item="参加者", max_items=4, min_items=1, fields=[
                     q("name", "name", "氏名"), q("kana", "kana", "フリガナ"), q("birthDate", "date", "生年月日", past=True)])),
            step("contact", "連絡先", q("contact.name", "name", "申込者の氏名"), q("contact.phone", "phone", "電話番号"), q("contact.email", "email", "メールアドレス"),
                 agree("けがなどに備える保険の加入に同意します")),
        ]),
]
