using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Builder;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// The field editor's edits (issue 20, increment 2) on a definition, and the rules that refuse an impossible form: a
/// question shown by its own answer, a loop of conditions, a condition on a later question or on a value it cannot
/// have, a key used twice, a pattern that does not compile, a question removed while another depends on it.
/// </summary>
public sealed class FormDesignTests
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer T = TestLocalizer.Messages;

    private static readonly IReadOnlySet<string> Departments = new HashSet<string> { "kankyo-taisaku", "shimin" };

    [Fact]
    public void AThreeStepFormWithARepeatedGroupAConditionAndAFee_IsBuiltByEdits_AndPassesTheCatalogsRules()
    {
        var definition = Blank();
        Assert.True(FormDesign.AddQuestion(definition, null, null, "name", "申込者の氏名", "applicantName", T).Ok);
        Assert.Equal("online-form", definition["mode"]!.GetValue<string>());
        Assert.Contains("online", definition["channels"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("入力", definition["form"]!["steps"]![0]!["title"]!.GetValue<string>());

        Assert.Equal("step-2", FormDesign.AddStep(definition, "出すもの", T).Key);
        Assert.Equal("step-3", FormDesign.AddStep(definition, "確認", T).Key);
        Assert.Equal("goods", FormDesign.AddQuestion(definition, "step-2", null, "repeat", "出す品物", "goods", T).Key);
        Assert.Equal("goods[].kind", FormDesign.AddQuestion(definition, null, "goods", "select", "品目", "kind", T).Key);
        Assert.Equal("goods[].note", FormDesign.AddQuestion(definition, null, "goods", "text", "品物の説明", "note", T).Key);
        Assert.Equal("q1", FormDesign.AddQuestion(definition, "step-3", null, "radios", "収集の場所", null, T).Key); // a key made up
        Assert.Equal("q2", FormDesign.AddQuestion(definition, "step-3", null, "text", "場所の説明", null, T).Key);
        Assert.True(FormDesign.AddQuestion(definition, "step-3", null, "checkbox", "家電リサイクル品は含まれていません", "agree", T).Ok);

        Assert.True(FormDesign.EditQuestion(definition, "goods[].kind", Settings(definition, "goods[].kind") with { Options = "家具\n自転車\nその他", Required = true }, T).Ok);
        Assert.True(FormDesign.EditQuestion(definition, "goods[].note", Settings(definition, "goods[].note") with { ConditionKey = "goods[].kind", ConditionValue = "その他", Required = true, MaxLength = "５０" }, T).Ok);
        Assert.True(FormDesign.EditQuestion(definition, "goods", Settings(definition, "goods") with { Required = true, ItemLabel = "品物", MaxItems = "5" }, T).Ok);
        Assert.True(FormDesign.EditQuestion(definition, "q1", Settings(definition, "q1") with { Options = "玄関前\nその他の場所", Required = true }, T).Ok);
        Assert.True(FormDesign.EditQuestion(definition, "q2", Settings(definition, "q2") with { ConditionKey = "q1", ConditionOperator = "in", ConditionValue = "その他の場所", Required = true }, T).Ok);
        Assert.True(FormDesign.EditQuestion(definition, "agree", Settings(definition, "agree") with { Required = true }, T).Ok);
        Assert.True(FormDesign.EditQuestion(definition, "applicantName", Settings(definition, "applicantName") with { Required = true, Prefill = "resident.name" }, T).Ok);
        definition["fee"] = new JsonObject { ["type"] = "fixed", ["amount"] = 500 };

        var (parsed, problems) = CatalogLoader.Check(CatalogLoader.LoadSchema(), definition, Departments);
        Assert.Empty(problems);
        var form = parsed!.Form!.Deserialize<FormDefinition>(ProcedureDefinition.Json)!;
        Assert.Equal(["入力", "出すもの", "確認"], form.Steps.Select(s => s.Title));
        var note = form.Steps[1].Fields[0].Fields![1];
        Assert.Equal("kind", note.VisibleWhen!.Path);
        Assert.Equal(["家具", "自転車", "その他"], form.Steps[1].Fields[0].Fields![0].Options!.Select(o => o.Label));
        Assert.Equal("その他", note.VisibleWhen.EqualTo!.GetValue<string>());
        Assert.Equal(["その他の場所"], form.Steps[2].Fields[1].VisibleWhen!.In!);
        Assert.Equal(50, AnswerPaths.SchemaAt(form.Schema, "goods[0].note")!["maxLength"]!.GetValue<int>());
        Assert.True(AnswerPaths.SchemaAt(form.Schema, "agree")!["const"]!.GetValue<bool>());
        Assert.Equal(1, form.Steps[1].Fields[0].MinItems);
        Assert.Equal("resident.name", form.Steps[0].Fields[0].Prefill);

        // As the resident's answers are checked: the note is asked only for 「その他」, the place only for the other place.
        var validator = FormEngineTests.NewValidator();
        var answers = JsonNode.Parse("""{"applicantName":"五所川原 花子","goods":[{"kind":"家具"},{"kind":"その他"}],"q1":"その他の場所","agree":true}""")!.AsObject();
        var found = validator.Validate(form, answers);
        Assert.Equal(["goods[1].note", "q2"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("品物の説明", found["goods[1].note"]);
    }

    [Fact]
    public void AnImpossibleForm_IsRefusedAtTheFieldThatWouldMakeIt()
    {
        var definition = Blank();
        FormDesign.AddQuestion(definition, null, null, "radios", "窓口に来られますか", "canCome", T);
        FormDesign.AddQuestion(definition, null, null, "text", "来られない理由", "reason", T);
        FormDesign.AddQuestion(definition, null, null, "checkbox", "同意します", "agree", T);

        var self = FormDesign.EditQuestion(definition, "reason", Settings(definition, "reason") with { ConditionKey = "reason", ConditionValue = "x", Required = true }, T);
        Assert.Contains("自分の答えで表示が決まる", self.Errors[nameof(QuestionSettings.ConditionKey)]);

        Assert.True(FormDesign.EditQuestion(definition, "reason", Settings(definition, "reason") with { ConditionKey = "canCome", ConditionValue = "いいえ" }, T).Ok);
        var loop = FormDesign.EditQuestion(definition, "canCome", Settings(definition, "canCome") with { ConditionKey = "reason", ConditionValue = "遠い" }, T);
        Assert.Contains("条件が輪になっています", loop.Errors[nameof(QuestionSettings.ConditionKey)]);
        Assert.Contains("来られない理由", loop.Errors[nameof(QuestionSettings.ConditionKey)]); // named by the label, not the key

        var later = FormDesign.EditQuestion(definition, "canCome", Settings(definition, "canCome") with { ConditionKey = "agree", ConditionValue = "チェックあり" }, T);
        Assert.Contains("後で聞く質問", later.Errors[nameof(QuestionSettings.ConditionKey)]);

        var notAChoice = FormDesign.EditQuestion(definition, "reason", Settings(definition, "reason") with { ConditionKey = "canCome", ConditionValue = "たぶん" }, T);
        Assert.Contains("はい、いいえ", notAChoice.Errors[nameof(QuestionSettings.ConditionValue)]);

        var pattern = FormDesign.EditQuestion(definition, "reason", Settings(definition, "reason") with { Pattern = "([0-9", ErrorMessage = "数字で" }, T);
        Assert.Contains("正規表現", pattern.Errors[nameof(QuestionSettings.Pattern)]);
        var noMessage = FormDesign.EditQuestion(definition, "reason", Settings(definition, "reason") with { Pattern = "^[0-9]+$" }, T);
        Assert.Contains("形に合わないとき", noMessage.Errors[nameof(QuestionSettings.ErrorMessage)]);

        var twice = FormDesign.AddQuestion(definition, null, null, "text", "もう一つ", "reason", T);
        Assert.Contains("もう使われています", twice.Errors["NewKey"]);
        Assert.Contains("半角英字で始まる", FormDesign.AddQuestion(definition, null, null, "text", "名前", "1st", T).Errors["NewKey"]);
        Assert.Contains("画面の仕組みで使う", FormDesign.AddQuestion(definition, null, null, "text", "名前", "action", T).Errors["NewKey"]);
        Assert.Contains("同じ選択肢", FormDesign.EditQuestion(definition, "canCome", Settings(definition, "canCome") with { Options = "はい\nはい" }, T).Errors[nameof(QuestionSettings.Options)]);

        var inUse = FormDesign.RemoveQuestion(definition, "canCome", T);
        Assert.Contains("「来られない理由」で使われている", inUse.Errors[string.Empty]);

        // Refused edits left nothing behind: the form is as it was after the last accepted one.
        var (_, problems) = CatalogLoader.Check(CatalogLoader.LoadSchema(), definition, Departments);
        Assert.Empty(problems);
        Assert.Null(definition["form"]!["schema"]!["properties"]!["reason"]!["pattern"]);
    }

    [Fact]
    public void AFileWithAnImpossibleForm_IsListedWithItsProblems()
    {
        var definition = Blank();
        FormDesign.AddQuestion(definition, null, null, "radios", "種類", "kind", T);
        FormDesign.AddQuestion(definition, null, null, "text", "説明", "note", T);
        var fields = definition["form"]!["steps"]![0]!["fields"]!.AsArray();
        fields[0]!["visibleWhen"] = new JsonObject { ["path"] = "note", ["equalTo"] = "a" };
        fields[1]!["visibleWhen"] = new JsonObject { ["path"] = "kind", ["equalTo"] = "yes" };
        fields.Add(new JsonObject { ["path"] = "note", ["widget"] = "text", ["label"] = "二つめの説明" });
        definition["form"]!["schema"]!["properties"]!["note"]!["pattern"] = "(unclosed";

        var (_, problems) = CatalogLoader.Check(CatalogLoader.LoadSchema(), definition, Departments);
        var codes = problems.Select(p => p.Code).ToHashSet();
        Assert.Contains("condition-loop", codes);
        Assert.Contains("field-duplicate", codes);
        Assert.Contains("pattern-invalid", codes);
        Assert.Contains("種類", FormDesign.Describe(definition, problems.First(p => p.Code == "condition-loop"), T));
    }

    [Fact]
    public void QuestionsMove_WithinAStep_AndPastItsEndIntoTheNext_AndAnEmptyLastStepMakesItGuidanceAgain()
    {
        var definition = Blank();
        FormDesign.AddQuestion(definition, null, null, "text", "一", "one", T);
        FormDesign.AddQuestion(definition, null, null, "text", "二", "two", T);
        FormDesign.AddStep(definition, "次", T);
        FormDesign.MoveQuestion(definition, "two", -1, T);
        Assert.Equal(["二", "一"], FormDesign.Steps(definition)[0].Questions.Select(q => q.Label));
        FormDesign.MoveQuestion(definition, "one", 1, T);
        Assert.Equal(["一"], FormDesign.Steps(definition)[1].Questions.Select(q => q.Label));
        FormDesign.MoveStep(definition, "step-2", -1, T);
        Assert.Equal(["次", "入力"], FormDesign.Steps(definition).Select(s => s.Title));

        Assert.Contains("質問があります", FormDesign.RemoveStep(definition, "step-1", T).Errors[string.Empty]);
        Assert.True(FormDesign.RemoveQuestion(definition, "one", T).Ok);
        Assert.True(FormDesign.RemoveQuestion(definition, "two", T).Ok);
        Assert.Empty(definition["form"]!["schema"]!["properties"]!.AsObject());
        Assert.True(FormDesign.RemoveStep(definition, "step-1", T).Ok);
        Assert.True(FormDesign.RemoveStep(definition, "step-2", T).Ok);
        Assert.Null(definition["form"]);
        Assert.Equal("guidance", definition["mode"]!.GetValue<string>());
        Assert.DoesNotContain("online", definition["channels"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public void APatternThatTakesTooLong_IsAnsweredInJapaneseAtItsQuestion()
    {
        var definition = Blank();
        FormDesign.AddQuestion(definition, null, null, "text", "受付番号", "number", T);
        Assert.True(FormDesign.EditQuestion(definition, "number", Settings(definition, "number") with { Pattern = "^(a+)+$", ErrorMessage = "aだけで書いてください" }, T).Ok);
        var form = definition["form"]!.Deserialize<FormDefinition>(ProcedureDefinition.Json)!;
        var validator = FormEngineTests.NewValidator();

        var slow = validator.Validate(form, new JsonObject { ["number"] = new string('a', 40) + "!" });
        Assert.Contains("確かめられませんでした", slow["number"]);
        Assert.Equal("aだけで書いてください", validator.Validate(form, new JsonObject { ["number"] = "b" })["number"]);
        Assert.Empty(validator.Validate(form, new JsonObject { ["number"] = "aaa" }));
    }

    private static QuestionSettings Settings(JsonObject definition, string key) => FormDesign.SettingsOf(definition, key, T)!;

    private static JsonObject Blank() => new()
    {
        ["id"] = "test-procedure", ["name"] = "テストの届出", ["yomi"] = "てすと の とどけで", ["category"] = "くらし", ["department"] = "kankyo-taisaku",
        ["description"] = "テストのための届出です。内容を確かめます。", ["whoMayApply"] = new JsonObject { ["self"] = "市民" }, ["identityLevel"] = "account",
        ["fee"] = new JsonObject { ["type"] = "none" }, ["channels"] = new JsonArray("counter"), ["mode"] = "guidance",
    };
}
