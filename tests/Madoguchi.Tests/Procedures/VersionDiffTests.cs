using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Builder;
using Madoguchi.Features.Procedures.Builder.Versions;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// What a new version changes, in residents' words (issue 20, increment 4): the guidance and the questions, each change
/// said once — a renamed question is renamed, not removed and added; one question moved is that one, not every question
/// it passed.
/// </summary>
public sealed class VersionDiffTests
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer T = TestLocalizer.Messages;

    private static string Department(string? id) => id switch { "doboku" => "土木課", "kikaku" => "企画課", _ => id ?? string.Empty };

    [Fact]
    public void TheSameDefinition_ChangesNothing_AndOneWithoutAPredecessor_IsNew()
    {
        var definition = RoadDamage();
        Assert.Empty(VersionDiff.Between(RoadDamage(), definition, Department, T));
        Assert.Equal(["新しい手続きです（これより前の版はありません）。"], VersionDiff.Between(null, definition, Department, T).Select(c => c.Text));
    }

    [Fact]
    public void TheGuidance_IsComparedFieldByField_InResidentsWords()
    {
        var before = RoadDamage();
        var after = RoadDamage();
        after["name"] = "道路や側溝の損傷の通報";
        after["department"] = "kikaku";
        after["description"] = after["description"]!.GetValue<string>() + "夜間は警察にも連絡してください。";
        after["fee"] = new JsonObject { ["type"] = "per-copy", ["amount"] = 300 };
        after["attachments"] = new JsonArray(new JsonObject { ["name"] = "現地の地図", ["required"] = false });
        after["channels"] = new JsonArray("online");
        after["standardProcessingDays"] = 5;

        var changes = VersionDiff.Between(before, after, Department, T);
        Assert.All(changes, c => Assert.Equal(VersionDiff.About, c.Area));
        Assert.Equal(
            [
                "手続きの名前：道路・側溝などの損傷の通報 → 道路や側溝の損傷の通報",
                "担当課：土木課 → 企画課",
                "説明を書き換えました。",
                "手数料：なし → 1通300円",
                "添付書類に「現地の地図（任意）」を加えました。",
                "標準処理期間：開庁日で10日 → 開庁日で5日",
                "受付の方法から「窓口」を除きました。",
            ],
            changes.Select(c => c.Text));
    }

    [Fact]
    public void Questions_AreMatchedByKey_SoRenamesMovesAndSettingsAreSaidOnce()
    {
        var before = RoadDamage();
        var after = RoadDamage();
        Assert.True(FormDesign.RemoveQuestion(after, "landmark", T).Ok);
        Assert.True(FormDesign.AddQuestion(after, "place", null, "text", "車道か歩道か", "lane", T).Ok);
        var photo = FormDesign.SettingsOf(after, "photo", T)!;
        Assert.True(FormDesign.EditQuestion(after, "photo", photo with { Label = "現地の写真（1枚以上）", Required = true }, T).Ok);
        var kind = FormDesign.SettingsOf(after, "kind", T)!;
        Assert.True(FormDesign.EditQuestion(after, "kind", kind with { Options = kind.Options + "\n街灯の故障" }, T).Ok);
        // The check moves from the first step to the last: said as moved; nothing else it passed is said to have moved.
        for (var i = 0; i < 10 && FormDesign.Steps(after)[0].Questions.Any(q => q.Key == "dangerous"); i++)
        {
            Assert.True(FormDesign.MoveQuestion(after, "dangerous", 1, T).Ok);
        }

        var changes = VersionDiff.Between(before, after, Department, T).Select(c => c.Text).ToList();
        Assert.Contains("質問「車道か歩道か」を加えました（手順「場所と状況」、任意）。", changes);
        Assert.Contains("質問「近くの目印」を除きました（これまでの申請の答えは、そのまま読めます）。", changes);
        Assert.Contains("質問「現地の写真」を「現地の写真（1枚以上）」に変えました。", changes);
        Assert.Contains("質問「現地の写真（1枚以上）」を必須にしました。", changes);
        Assert.Contains("質問「損傷の種類」の選択肢に「街灯の故障」を加えました。", changes);
        Assert.Single(changes, c => c.StartsWith("質問「車や歩行者に危険がある」を手順", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, c => c.Contains("の位置を変えました", StringComparison.Ordinal));
        Assert.Equal(6, changes.Count);
    }

    [Fact]
    public void AQuestionMovedWithinItsStep_IsTheOnlyOneSaidToHaveMoved_AndConditionsAndStepsAreSaid()
    {
        var before = RoadDamage();
        var after = RoadDamage();
        var first = FormDesign.Steps(after)[0];
        var last = first.Questions[^1].Key;
        for (var i = 0; i < first.Questions.Count - 1; i++)
        {
            Assert.True(FormDesign.MoveQuestion(after, last, -1, T).Ok);
        }

        var landmark = FormDesign.SettingsOf(after, "landmark", T)!;
        Assert.True(FormDesign.EditQuestion(after, "landmark", landmark with { ConditionKey = "kind", ConditionValue = FormDesign.SettingsOf(after, "kind", T)!.Options!.Split('\n')[0] }, T).Ok);
        Assert.True(FormDesign.EditStep(after, first.Id, "どこで、何が", null, T).Ok);
        Assert.Equal("step-3", FormDesign.AddStep(after, "連絡先の確認", T).Key);

        var changes = VersionDiff.Between(before, after, Department, T).Select(c => c.Text).ToList();
        Assert.Equal([$"質問「{first.Questions[^1].Label}」の位置を変えました。"], changes.Where(c => c.Contains("位置", StringComparison.Ordinal)));
        Assert.Contains($"手順「{first.Title}」の名前を「どこで、何が」に変えました。", changes);
        Assert.Contains("手順「連絡先の確認」を加えました。", changes);
        Assert.Contains(changes, c => c.StartsWith("質問「近くの目印」を、「損傷の種類」の答えが「", StringComparison.Ordinal));
    }

    private static JsonObject RoadDamage() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "catalog", "procedures", "douro-sonshou-tsuuhou.json")))!;
}
