using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Tests.Procedures;

/// <summary>Binding what a browser posts, and validating it against a frozen form, in Japanese.</summary>
public sealed class FormEngineTests
{
    /// <summary>Today is 2026-12-07 (a Monday) in Japan.</summary>
    private static readonly TimeProvider Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));

    /// <summary>A validator as the app makes one, for other tests of forms.</summary>
    public static FormValidator NewValidator() => Validator;

    private static readonly FormValidator Validator = new(
        new StringLocalizer<Messages>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)),
        Clock,
        new Madoguchi.Platform.Time.BusinessCalendar(Madoguchi.Platform.Time.ClosedDays.From(new Madoguchi.Platform.Time.BusinessCalendarOptions())));

    private static readonly FormDefinition Form = JsonSerializer.Deserialize<FormDefinition>("""
        {
          "schema": {
            "type": "object",
            "required": ["applicant", "hasSpouse", "children", "account", "agree"],
            "properties": {
              "applicant": {
                "type": "object",
                "required": ["name", "kana", "birthDate", "postalCode"],
                "properties": {
                  "name": { "type": "string", "maxLength": 30 },
                  "kana": { "type": "string", "format": "katakana", "maxLength": 60 },
                  "birthDate": { "type": "string", "format": "date" },
                  "postalCode": { "type": "string", "format": "jp-postal-code" },
                  "phone": { "type": "string", "format": "jp-phone" },
                  "myNumber": { "type": "string", "format": "my-number" }
                }
              },
              "hasSpouse": { "enum": ["yes", "no"] },
              "spouse": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } },
              "children": {
                "type": "array", "minItems": 1, "maxItems": 10,
                "items": { "type": "object", "required": ["name", "birthDate"], "properties": { "name": { "type": "string" }, "birthDate": { "type": "string", "format": "date" }, "livesApart": { "type": "boolean" }, "address": { "type": "string" } } }
              },
              "account": {
                "type": "object",
                "required": ["bankCode", "branchCode", "type", "number", "holderKana"],
                "properties": {
                  "bankCode": { "type": "string", "format": "jp-bank-code" },
                  "branchCode": { "type": "string", "format": "jp-branch-code" },
                  "type": { "enum": ["ordinary", "current"] },
                  "number": { "type": "string", "format": "jp-account-number" },
                  "holderKana": { "type": "string", "format": "katakana" }
                }
              },
              "agree": { "const": true }
            }
          },
          "steps": [
            { "id": "applicant", "title": "請求者", "fields": [
              { "path": "applicant.name", "widget": "name", "label": "氏名" },
              { "path": "applicant.kana", "widget": "kana", "label": "フリガナ" },
              { "path": "applicant.birthDate", "widget": "date", "label": "生年月日" },
              { "path": "applicant.postalCode", "widget": "postal-code", "label": "郵便番号" },
              { "path": "applicant.phone", "widget": "phone", "label": "電話番号" },
              { "path": "applicant.myNumber", "widget": "my-number", "label": "個人番号" },
              { "path": "hasSpouse", "widget": "radios", "label": "配偶者の有無", "options": [{ "value": "yes", "label": "いる" }, { "value": "no", "label": "いない" }] },
              { "path": "spouse.name", "widget": "name", "label": "配偶者の氏名", "visibleWhen": { "path": "hasSpouse", "equalTo": "yes" } }
            ] },
            { "id": "children", "title": "子ども", "fields": [
              { "path": "children", "widget": "repeat", "label": "子ども", "itemLabel": "子ども", "maxItems": 10, "fields": [
                { "path": "name", "widget": "name", "label": "子どもの氏名" },
                { "path": "birthDate", "widget": "date", "label": "子どもの生年月日" },
                { "path": "livesApart", "widget": "checkbox", "label": "別に住んでいる" },
                { "path": "address", "widget": "text", "label": "子どもの住所", "visibleWhen": { "path": "livesApart", "equalTo": true } }
              ] }
            ] },
            { "id": "account", "title": "振込先", "fields": [
              { "path": "account", "widget": "bank-account", "label": "振込先口座" },
              { "path": "agree", "widget": "checkbox", "label": "記載内容に誤りがないこと" }
            ] }
          ]
        }
        """, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static Dictionary<string, StringValues> Posted(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => new StringValues(v.Value));

    [Fact]
    public void Binder_NormalisesWhatPeopleType()
    {
        var answers = new JsonObject();

        var errors = AnswerBinder.Bind(Form.Steps[0], Posted(
            ("applicant.name", "五所川原　花子 "), ("applicant.kana", "ごしょがわら　はなこ"),
            ("applicant.birthDate.Era", "Showa"), ("applicant.birthDate.Year", "５０"), ("applicant.birthDate.Month", "4"), ("applicant.birthDate.Day", "1"),
            ("applicant.postalCode", "〒０３７－８６８６"), ("applicant.phone", "0173-35-2111"), ("applicant.myNumber", "1234 5678 9018"),
            ("hasSpouse", "no")), answers);

        Assert.Empty(errors);
        Assert.Equal("五所川原　花子", answers["applicant"]!["name"]!.GetValue<string>());
        Assert.Equal("ゴショガワラ　ハナコ", answers["applicant"]!["kana"]!.GetValue<string>());
        Assert.Equal("1975-04-01", answers["applicant"]!["birthDate"]!.GetValue<string>());
        Assert.Equal("0378686", answers["applicant"]!["postalCode"]!.GetValue<string>());
        Assert.Equal("0173352111", answers["applicant"]!["phone"]!.GetValue<string>());
        Assert.Equal("123456789018", answers["applicant"]!["myNumber"]!.GetValue<string>());
        Assert.Empty(Validator.Validate(Form, answers, Form.Steps[0].Fields));
    }

    [Fact]
    public void Validator_ExplainsEachProblem_InTheWordsOfTheQuestion()
    {
        var answers = new JsonObject();
        var binding = AnswerBinder.Bind(Form.Steps[0], Posted(
            ("applicant.kana", "Hanako"), ("applicant.birthDate.Era", "Heisei"), ("applicant.birthDate.Year", "31"), ("applicant.birthDate.Month", "5"), ("applicant.birthDate.Day", "1"),
            ("applicant.postalCode", "037"), ("applicant.phone", "12345"), ("applicant.myNumber", "123456789012"), ("hasSpouse", "yes")), answers);

        var problems = Validator.Validate(Form, answers, Form.Steps[0].Fields, binding);

        Assert.Equal("氏名を入力してください", problems["applicant.name"]);
        Assert.Equal("フリガナはカタカナで入力してください", problems["applicant.kana"]);
        Assert.Equal("その元号にない日付です。元号と年をご確認ください", problems["applicant.birthDate"]);
        Assert.StartsWith("郵便番号は7桁の数字", problems["applicant.postalCode"]);
        Assert.StartsWith("電話番号は0から始まる", problems["applicant.phone"]);
        Assert.StartsWith("個人番号が正しくありません", problems["applicant.myNumber"]);
        Assert.Equal("配偶者の氏名を入力してください", problems["spouse.name"]);
        Assert.DoesNotContain("children", problems.Keys); // another step's questions wait for their step
    }

    [Fact]
    public void HiddenQuestions_AreNeitherRequiredNorKept()
    {
        var answers = new JsonObject();
        AnswerBinder.Bind(Form.Steps[0], Posted(("hasSpouse", "no"), ("spouse.name", "前に入力した名前")), answers);

        var problems = Validator.Validate(Form, answers, Form.Steps[0].Fields);

        Assert.DoesNotContain("spouse.name", problems.Keys);
        Assert.Null(FormValidator.VisibleAnswers(Form, answers)["spouse"]?["name"]);
    }

    [Fact]
    public void RepeatedGroups_AreValidatedPerItem_WithConditionsInsideTheItem()
    {
        var answers = new JsonObject();
        AnswerBinder.Bind(Form.Steps[1], Posted(
            ("children.count", "2"),
            ("children[0].name", "五所川原 一郎"), ("children[0].birthDate.Era", "Reiwa"), ("children[0].birthDate.Year", "元"), ("children[0].birthDate.Month", "6"), ("children[0].birthDate.Day", "1"),
            ("children[1].birthDate.Era", "Reiwa"), ("children[1].birthDate.Year", "3"), ("children[1].birthDate.Month", "2"), ("children[1].birthDate.Day", "3"),
            ("children[1].livesApart", "true")), answers);

        var problems = Validator.Validate(Form, answers, Form.Steps[1].Fields);

        Assert.Equal("2019-06-01", answers["children"]![0]!["birthDate"]!.GetValue<string>());
        Assert.Equal(["children[1].name"], problems.Keys);
        Assert.Equal("子どもの氏名を入力してください", problems["children[1].name"]);
    }

    [Fact]
    public void NoChildren_IsExplained()
    {
        var answers = new JsonObject();
        AnswerBinder.Bind(Form.Steps[1], Posted(("children.count", "0")), answers);

        var problems = Validator.Validate(Form, answers, Form.Steps[1].Fields);

        Assert.Equal("子どもを1件以上入力してください", problems["children"]);
    }

    [Fact]
    public void BankAccount_AndDeclaration_AreChecked()
    {
        var answers = new JsonObject();
        AnswerBinder.Bind(Form.Steps[2], Posted(
            ("account.bankCode", "３１２"), ("account.branchCode", "001"), ("account.type", "ordinary"), ("account.number", "1234567"), ("account.holderKana", "ｺﾞｼｮｶﾞﾜﾗ ﾊﾅｺ"),
            ("agree", "false")), answers);

        var problems = Validator.Validate(Form, answers, Form.Steps[2].Fields);

        Assert.Equal("ゴショガワラ　ハナコ", answers["account"]!["holderKana"]!.GetValue<string>());
        Assert.Equal("金融機関コードは4桁の数字で入力してください", problems["account.bankCode"]);
        Assert.Equal("記載内容に誤りがないことにチェックを入れてください", problems["agree"]);
        Assert.Equal(2, problems.Count);
    }

    [Theory]
    [InlineData("123456789018", true)]
    [InlineData("123456789012", false)]
    [InlineData("12345678901", false)]
    [InlineData("12345678901a", false)]
    public void MyNumber_CheckDigit(string value, bool valid)
    {
        Assert.Equal(valid, JapaneseFormats.IsValidMyNumber(value));
    }

    [Theory]
    [InlineData("４０.８０７６４", "140.44611", 40.80764, 140.44611)]
    [InlineData("40.8076449", "140.4461149", 40.807645, 140.446115)]
    public void APlace_IsTwoCoordinates_AsTypedOrSetByTheMap(string latitude, string longitude, double lat, double lng)
    {
        var form = RoadReportForm();
        var answers = new JsonObject();

        var errors = AnswerBinder.Bind(form.Steps[0], Posted(("position.lat", latitude), ("position.lng", longitude)), answers);

        Assert.Empty(errors);
        Assert.Equal(new Position(lat, lng), Position.Of(answers["position"]));
        Assert.DoesNotContain(Validator.Validate(form, answers, form.Steps[0].Fields).Keys, k => k.StartsWith("position", StringComparison.Ordinal));
    }

    [Fact]
    public void APlace_HalfGivenOrOutsideJapan_IsAnsweredBesideTheBoxToPutRight()
    {
        var form = RoadReportForm();
        var half = new JsonObject();
        var binding = AnswerBinder.Bind(form.Steps[0], Posted(("position.lat", "40.8"), ("position.lng", "")), half);
        Assert.Equal("Form.Error.Position", binding["position.lng"]);
        Assert.Null(half["position"]);

        var none = new JsonObject();
        Assert.Empty(AnswerBinder.Bind(form.Steps[0], Posted(("position.lat", " "), ("position.lng", "")), none));
        Assert.Null(none["position"]); // the map is optional

        var abroad = new JsonObject();
        AnswerBinder.Bind(form.Steps[0], Posted(("position.lat", "51.5"), ("position.lng", "-0.12")), abroad);
        var problems = Validator.Validate(form, abroad, form.Steps[0].Fields);
        Assert.StartsWith("日本国内の場所を示してください", problems["position.lat"]);
        Assert.StartsWith("日本国内の場所を示してください", problems["position.lng"]);
    }

    private static FormDefinition RoadReportForm() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Madoguchi.Features.Procedures.Catalog.CatalogLoader.CatalogDirectory, "procedures", "douro-sonshou-tsuuhou.json")))!["form"]
            .Deserialize<FormDefinition>(Madoguchi.Features.Procedures.Catalog.ProcedureDefinition.Json)!;
    private static readonly FormDefinition Moving = JsonSerializer.Deserialize<FormDefinition>("""
        {
          "schema": { "type": "object", "required": ["moveDate", "visitDate"], "properties": { "moveDate": { "type": "string", "format": "date" }, "visitDate": { "type": "string", "format": "date" } } },
          "steps": [ { "id": "when", "title": "日付", "fields": [
            { "path": "moveDate", "widget": "date", "label": "引越しの日", "dates": { "fromToday": -14, "toToday": 30 } },
            { "path": "visitDate", "widget": "date", "label": "来庁する日", "dates": { "fromToday": 1, "notBefore": "moveDate", "withinDaysAfter": 14, "openDay": true } }
          ] } ]
        }
        """, Madoguchi.Features.Procedures.Catalog.ProcedureDefinition.Json)!;

    [Theory]
    [InlineData("2026-12-10", "2026-12-11", null)]
    [InlineData("2026-11-23", "2026-12-07", "visitDate")] // today: a reservation is for a later day
    [InlineData("2026-11-22", "2026-12-08", "moveDate,visitDate")] // moved 15 days ago: past the 14 days, and so the visit
    [InlineData("2027-01-07", "2027-01-07", "moveDate")] // more than 30 days ahead
    [InlineData("2026-12-10", "2026-12-09", "visitDate")] // before moving in
    [InlineData("2026-12-10", "2026-12-25", "visitDate")] // more than 14 days after the move
    [InlineData("2026-12-10", "2026-12-12", "visitDate")] // a Saturday
    [InlineData("2026-12-26", "2026-12-29", "visitDate")] // the year-end closure
    public void DatesFallWithinTheirWindow_CountedFromTheDayTheFormArrives(string move, string visit, string? wrong)
    {
        var problems = Validator.Validate(Moving, new JsonObject { ["moveDate"] = move, ["visitDate"] = visit });

        Assert.Equal(wrong?.Split(',') ?? [], problems.Keys.Order().ToArray());
    }

    [Fact]
    public void DateRules_SayWhatToDo_InJapanese()
    {
        var late = Validator.Validate(Moving, new JsonObject { ["moveDate"] = "2026-11-01", ["visitDate"] = "2026-12-08" });
        Assert.Equal("引越しの日は令和8年11月23日以降の日付にしてください", late["moveDate"]);

        var before = Validator.Validate(Moving, new JsonObject { ["moveDate"] = "2026-12-10", ["visitDate"] = "2026-12-09" });
        Assert.Equal("来庁する日は引越しの日と同じ日か、それより後の日付にしてください", before["visitDate"]);

        var tooLate = Validator.Validate(Moving, new JsonObject { ["moveDate"] = "2026-12-10", ["visitDate"] = "2026-12-28" });
        Assert.Equal("来庁する日は引越しの日から14日以内の日付にしてください", tooLate["visitDate"]);

        var closed = Validator.Validate(Moving, new JsonObject { ["moveDate"] = "2026-12-10", ["visitDate"] = "2026-12-13" });
        Assert.Equal("来庁する日は市役所の開庁日（土日・祝日・年末年始を除く日）にしてください", closed["visitDate"]);

        // An intake file from a week ago is judged on the day it reached the city.
        var received = Validator.Validate(Moving, new JsonObject { ["moveDate"] = "2026-11-20", ["visitDate"] = "2026-12-01" }, receivedOn: new DateOnly(2026, 11, 30));
        Assert.Empty(received);
    }
}
